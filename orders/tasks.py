"""Thin Celery tasks: take ids, call a service, safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def render_order_pdf_task(order_id: int) -> None:
    """Render a large draft's PDF in the background and store it as the draft's preview."""
    services.order_preview_render(order_id=order_id)
