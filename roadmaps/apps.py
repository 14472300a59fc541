from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self):
        from notifications.registry import register
        from orders import registry as order_appendices

        from .order_appendix import RoadmapAppendix
        from .reminders import OccurrenceSource

        register(OccurrenceSource())
        order_appendices.register(RoadmapAppendix())
