"""Thin Celery tasks: take ids, call a service, safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def render_order_pdf_task(order_id: int) -> None:
    """Render a large draft's PDF in the background and store it as the draft's preview."""
    services.order_preview_render(order_id=order_id)


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def finish_order_signing_task(order_id: int) -> None:
    """Render a signed order's PDF, archive it and make the order «подписан»; retried when rendering fails."""
    services.order_signing_finish(order_id=order_id)
