"""Thin Celery tasks of contests: take ids, call a service, safe to run twice."""

from celery import shared_task

from . import diploma_batches


@shared_task
def render_diplomas_task(batch_id: int) -> None:
    """All diplomas and certificates of a contest as one PDF (progress on the DiplomaBatch row)."""
    diploma_batches.batch_render(batch_id=batch_id)
