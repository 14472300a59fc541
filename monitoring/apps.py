from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Мониторинги"

    def ready(self) -> None:
        # --- mon-results: campaign deadlines as a reminder source, the roll call's notice kind ---
        from notifications.registry import register, register_notice_kind

        from .reminders import CampaignDeadlineSource
        from .rollcall import REMINDER_KIND, REMINDER_LABEL

        register(CampaignDeadlineSource())
        register_notice_kind(REMINDER_KIND, REMINDER_LABEL, email=True)
        # --- end mon-results ---
