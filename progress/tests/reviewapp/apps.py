from django.apps import AppConfig


class ReviewAppConfig(AppConfig):
    """A tiny feature app, installed only in the test settings, to exercise progress on real tables."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "progress.tests.reviewapp"
    label = "progress_reviewapp"
