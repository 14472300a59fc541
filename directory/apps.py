from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Справочник района"

    def ready(self):
        from . import navigation

        navigation.register()
