"""Writes of the notifications app: tell people (notify), queue an email, send it exactly once."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import OutgoingEmail
from .registry import notice_kind

logger = logging.getLogger(__name__)


def email_enqueue(*, to: str, subject: str, text: str, html: str = "") -> OutgoingEmail:
    """Store the email and hand it to the worker once the surrounding transaction commits."""
    from .tasks import send_outgoing_email

    email = OutgoingEmail.objects.create(to=to, subject=subject[:300], text=text, html=html)
    transaction.on_commit(lambda: send_outgoing_email.delay(email.pk))
    return email


def email_enqueue_many(messages: Sequence[tuple[str, str, str, str]]) -> list[OutgoingEmail]:
    """email_enqueue() for many (to, subject, text, html) letters: one insert, one hand-off after commit."""
    from .tasks import send_outgoing_email

    emails = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(to=to, subject=subject[:300], text=text, html=html)
            for to, subject, text, html in messages
        ]
    )
    ids = [email.pk for email in emails]

    def hand_over() -> None:
        for email_id in ids:
            send_outgoing_email.delay(email_id)

    if ids:
        transaction.on_commit(hand_over)
    return emails


class PermanentEmailError(Exception):
    """The server refused the address for good (5xx): retrying will not help."""


def _is_permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


def _mark_digest(email_id: int, status: str) -> None:
    from .models import Digest

    Digest.objects.filter(email_id=email_id).update(status=status)


def email_send(*, email_id: int) -> bool:
    """Send one queued email. Returns False when another worker has it or it is already sent.

    Taking the email is a compare-and-set (QUEUED/FAILED -> SENDING): only one caller wins. A send
    that died mid-way (worker killed) is taken over once its lease has expired, so nothing is lost.
    A temporary SMTP error marks it FAILED and propagates, so the task retries; a permanent one
    (5xx, address refused) marks it BOUNCED and raises PermanentEmailError — shown to the методист.
    """
    now = timezone.now()
    lease_expired = now - dt.timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS)
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id)
        .filter(
            Q(status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED])
            | Q(status=OutgoingEmail.Status.SENDING, claimed_at__lt=lease_expired)
        )
        .update(status=OutgoingEmail.Status.SENDING, claimed_at=now)
    )
    if claimed != 1:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        # The same Message-ID on every attempt lets a mail server drop a duplicate after a retry.
        headers={"Message-ID": f"<outgoing-{email.pk}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        permanent = _is_permanent(exc)
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.BOUNCED if permanent else OutgoingEmail.Status.FAILED,
            attempts=email.attempts + 1,
            last_error=str(exc)[:2000],
        )
        logger.warning(
            "Email %s to %s failed (%s): %s", email_id, email.to, "permanent" if permanent else "retry", exc
        )
        if permanent:
            from .models import Digest

            _mark_digest(email_id, Digest.Status.FAILED)
            raise PermanentEmailError(str(exc)) from exc
        raise
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, attempts=email.attempts + 1, sent_at=timezone.now(), last_error=""
    )
    from .models import Digest

    _mark_digest(email_id, Digest.Status.SENT)
    return True


def email_requeue_stuck(*, older_than_seconds: int | None = None) -> int:
    """Hand to the worker again the emails whose task was lost (broker down at commit, worker killed)."""
    from .tasks import send_outgoing_email

    age = older_than_seconds if older_than_seconds is not None else settings.EMAIL_SEND_LEASE_SECONDS
    cutoff = timezone.now() - dt.timedelta(seconds=age)
    stuck = list(
        OutgoingEmail.objects.filter(
            Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=cutoff)
            | Q(status=OutgoingEmail.Status.SENDING, claimed_at__lt=cutoff)
        ).values_list("pk", flat=True)[:1000]
    )
    for email_id in stuck:
        send_outgoing_email.delay(email_id)
    return len(stuck)


def absolute_url(path: str) -> str:
    """A link for a letter: a path of this site made absolute with settings.SITE_URL."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + ("" if path.startswith("/") else "/") + path


def _recipient_users(recipients: Iterable) -> list:
    """Active users from users and/or user ids, each once, in the order given."""
    from django.contrib.auth import get_user_model

    users, ids = {}, []
    for item in recipients:
        if item is None:
            continue
        if isinstance(item, int):
            ids.append(item)
        else:
            users.setdefault(item.pk, item)
    missing = [pk for pk in ids if pk not in users]
    if missing:
        found = get_user_model().objects.in_bulk(missing)
        for pk in ids:
            if pk in found:
                users.setdefault(pk, found[pk])
    return [user for user in users.values() if user.is_active]


def directory_cards(users) -> dict[int, tuple[str, str]]:
    """user id -> («Анна Петровна», e-mail) from the person's directory card, for those who have one.

    Letters greet by name and patronymic, as official letters do; the card's address is used when
    the account has none.
    """
    from directory.models import Person

    rows = Person.objects.filter(user__in=users).values_list("user_id", "first_name", "patronymic", "email")
    return {
        user_id: (" ".join(p for p in (first, patronymic) if p), email)
        for user_id, first, patronymic, email in rows
    }


@dataclass(frozen=True)
class Notified:
    notices: int  # inbox notices created
    emails: int  # letters queued


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    url: str,
    body: str = "",
    email_subject: str | None = None,
    email_text: str | None = None,
    email_html: str | None = None,
) -> Notified:
    """Tell people something: an inbox notice for each, and a letter to those who want letters.

    `recipients`: users and/or user ids, in any mix; None, duplicates and inactive accounts are
    dropped. `kind`: a key registered with notifications.registry.register_notice_kind (an unknown
    one raises LookupError). `url`: a path of this site; the inbox keeps it as is, letters get it
    absolute (SITE_URL). A letter goes to every recipient with an e-mail address (the account's, else
    the directory card's) who has not turned letters off (preferences: «письма о событиях», on by
    default), unless the kind is inbox-only; it greets by name and patronymic. Its subject defaults
    to `title`, its text to `body`; the link to `url` is always added by the letter's template.
    Letters are queued (email_enqueue) and leave after the surrounding transaction commits; a
    rollback leaves neither notices nor letters.
    """
    from .models import Notice, ReminderPreference

    registered = notice_kind(kind)
    users = _recipient_users(recipients)
    if not users:
        return Notified(0, 0)
    Notice.objects.bulk_create(
        [Notice(recipient=user, kind=kind, title=title[:300], url=url, body=body) for user in users]
    )
    emails = 0
    if registered.email:
        muted = set(
            ReminderPreference.objects.filter(user__in=users, email_notices=False).values_list(
                "user_id", flat=True
            )
        )
        cards = directory_cards(users)
        for user in users:
            greeting, card_email = cards.get(user.pk, ("", ""))
            address = user.email or card_email
            if not address or user.pk in muted:
                continue
            context = {
                "user": user,
                "greeting": greeting or user.first_name,
                "title": title,
                "text": body if email_text is None else email_text,
                "html": email_html,
                "url": absolute_url(url),
                "preferences_url": absolute_url(reverse("notifications:preferences")),
            }
            email_enqueue(
                to=address,
                subject=email_subject or title,
                text=render_to_string("notifications/email/notice.txt", context),
                html=render_to_string("notifications/email/notice.html", context),
            )
            emails += 1
    return Notified(len(users), emails)


def notices_create(*, recipients, kind: str, title: str, url: str = "", body: str = "") -> int:
    """Inbox notices only, no letters (users; duplicates and None are dropped). Returns how many.

    Kept for the inbox-only cases; tell people through notify(), which also e-mails them.
    """
    from .models import Notice

    notice_kind(kind)
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


def reminder_preference_save(*, user, email_digest: bool, days_before: list[int], email_notices: bool = True):
    """Store the user's notification settings (days before a deadline: 1–60, unique)."""
    from .models import ReminderPreference

    days = sorted({int(d) for d in days_before if 1 <= int(d) <= 60}, reverse=True)
    preference, _ = ReminderPreference.objects.update_or_create(
        user=user,
        defaults={"email_digest": email_digest, "days_before": days, "email_notices": email_notices},
    )
    return preference
