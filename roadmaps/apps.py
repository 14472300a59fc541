from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from notifications.registry import register, register_notice_kind

        from . import navigation
        from .reminders import OccurrenceSource

        register(OccurrenceSource())
        # Report events reach the inbox (and the daily digest of what is due); no letter each.
        register_notice_kind("report_submitted", "отчёт отправлен", email=False)
        register_notice_kind("report_returned", "отчёт возвращён", email=False)
        register_notice_kind("report_accepted", "отчёт принят", email=False)
        register_notice_kind("report_reopened", "отчёт открыт повторно", email=False)
        navigation.register()
