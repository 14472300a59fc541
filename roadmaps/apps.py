from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from notifications.registry import register
        from progress import registry as review_registry

        from .models import ProgressReport
        from .progress.selectors import report_queue
        from .progress.services import report_notice
        from .reminders import OccurrenceSource

        register(OccurrenceSource())
        review_registry.register(
            review_registry.ReviewKind(
                model=ProgressReport,
                label="Отчёты по дорожным картам",
                notice=report_notice,
                queue=report_queue,
            )
        )
