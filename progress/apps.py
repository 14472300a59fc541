from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"
    verbose_name = "Проверка отчётов"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
