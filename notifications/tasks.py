"""Thin Celery tasks: take ids, call a service, safe to run twice."""

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_outgoing_email(self, email_id: int) -> bool:
    try:
        return services.email_send(email_id=email_id)
    except Exception as exc:
        raise self.retry(exc=exc) from exc
