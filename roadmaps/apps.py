from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from directory.registry import register_open_items
        from notifications.registry import register, register_notice_kind
        from orders import registry as order_appendices
        from progress import registry as review_registry

        from . import navigation
        from .models import ProgressReport
        from .open_items import person_open_items
        from .order_appendix import RoadmapAppendix
        from .progress.selectors import report_queue
        from .progress.services import report_notice
        from .reminders import OccurrenceSource

        register(OccurrenceSource())
        register_open_items(person_open_items)
        order_appendices.register(RoadmapAppendix())
        # Report events reach the inbox (and the daily digest of what is due); no letter each.
        register_notice_kind("report_submitted", "отчёт отправлен", email=False)
        register_notice_kind("report_returned", "отчёт возвращён", email=False)
        register_notice_kind("report_accepted", "отчёт принят", email=False)
        register_notice_kind("report_reopened", "отчёт открыт повторно", email=False)
        navigation.register()
        review_registry.register(
            review_registry.ReviewKind(
                model=ProgressReport,
                label="Отчёты по дорожным картам",
                notice=report_notice,
                queue=report_queue,
            )
        )
