"""Writes of the notifications app: queue an email, send a queued email exactly once."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def email_enqueue(*, to: str, subject: str, text: str, html: str = "") -> OutgoingEmail:
    """Store the email and hand it to the worker once the surrounding transaction commits."""
    from .tasks import send_outgoing_email

    email = OutgoingEmail.objects.create(to=to, subject=subject[:300], text=text, html=html)
    transaction.on_commit(lambda: send_outgoing_email.delay(email.pk))
    return email


def email_send(*, email_id: int) -> bool:
    """Send one queued email. Returns False when another worker has it or it is already sent.

    The status change QUEUED/FAILED -> SENDING is a compare-and-set: only one caller wins it.
    On an SMTP error the row goes to FAILED and the exception propagates, so the task retries.
    """
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED]
    ).update(status=OutgoingEmail.Status.SENDING)
    if claimed != 1:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED, attempts=email.attempts + 1, last_error=str(exc)[:2000]
        )
        logger.warning("Email %s to %s failed: %s", email_id, email.to, exc)
        raise
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, attempts=email.attempts + 1, sent_at=timezone.now(), last_error=""
    )
    return True


def notices_create(*, recipients, kind: str, title: str, url: str = "", body: str = "") -> int:
    """One in-app notice per recipient (users; duplicates and None are dropped). Returns how many."""
    from .models import Notice

    users = {user.pk: user for user in recipients if user is not None}
    Notice.objects.bulk_create(
        [Notice(recipient_id=pk, kind=kind, title=title[:300], url=url, body=body) for pk in users]
    )
    return len(users)


def notices_mark_read(*, user, notice_ids=None) -> int:
    """Mark the user's notices (all unread, or the given ones) as read."""
    from .models import Notice

    qs = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=notice_ids)
    return qs.update(read_at=timezone.now())
