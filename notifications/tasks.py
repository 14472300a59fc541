"""Thin Celery tasks: take ids, call a service, safe to run twice."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(bind=True, max_retries=5)
def send_outgoing_email(self, email_id: int) -> bool:
    try:
        return services.email_send(email_id=email_id)
    except services.PermanentEmailError:
        return False  # recorded as bounced; retrying would not help
    except Exception as exc:
        # The delay is a setting so that tests with a real worker can retry within a second.
        raise self.retry(exc=exc, countdown=settings.EMAIL_RETRY_DELAY_SECONDS) from exc


@shared_task
def scan_reminders(today: str | None = None) -> dict:
    """The single periodic job (beat): run the reminder scan for today (Moscow date by default)."""
    import datetime as dt

    from django.utils import timezone

    from .reminders import reminders_scan

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return reminders_scan(today=day).as_json()
