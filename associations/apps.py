from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "associations"
    verbose_name = "Справочник района и объединения"

    def ready(self):
        from . import navigation

        navigation.register()
