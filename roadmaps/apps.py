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
        register_notice_kind("report_submitted", "отчёт отправлен")
        register_notice_kind("report_returned", "отчёт возвращён")
        register_notice_kind("report_accepted", "отчёт принят")
        register_notice_kind("report_reopened", "отчёт открыт повторно")
        navigation.register()
