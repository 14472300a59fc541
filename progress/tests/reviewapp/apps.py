from django.apps import AppConfig


class ReviewAppConfig(AppConfig):
    """A tiny feature app, installed only in the test settings, to exercise progress on real tables."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "progress.tests.reviewapp"
    label = "progress_reviewapp"

    def ready(self):
        from notifications.registry import register_notice_kind

        for action in ("submit", "return", "accept", "reopen"):
            register_notice_kind(f"paper_{action}", f"тестовая работа: {action}")
