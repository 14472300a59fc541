"""Thin Celery tasks: take ids, call a service, safe to run twice."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(bind=True, max_retries=5)
def send_outgoing_email(self, email_id: int) -> bool:
    try:
        return services.email_send(email_id=email_id)
    except Exception as exc:
        # The delay is a setting so that tests with a real worker can retry within a second.
        raise self.retry(exc=exc, countdown=settings.EMAIL_RETRY_DELAY_SECONDS) from exc
