"""Promises of the delivery path that a user (or a mail server) would notice.

- A reminder letter keeps one Message-ID over its retries, so a mail server that got the first attempt
  drops the repeat instead of showing the director two letters.
- The beat schedule names real tasks, and the scheduled reminder scan runs.
"""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from notifications import services
from notifications.models import OutgoingEmail
from notifications.reminders import reminders_scan
from roadmaps.tests.report_factories import approved_roadmap_for_schools

DUE = dt.date(2023, 5, 31)  # two school items are due on this day (see report_factories)


class FlakyOnceBackend(LocmemBackend):
    """The first attempt for each address reaches the server and then the connection drops (a temporary
    failure: the server may well have the letter); the next attempt is delivered (locmem outbox)."""

    attempts: list[tuple[str, str]] = []  # (address, Message-ID) of every attempt, delivered or not

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            first = all(a != address for a, _ in self.attempts)
            self.attempts.append((address, message.message()["Message-ID"]))
            if first:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def with_addresses(director_a, director_b):
    for user, address in ((director_a, "a@example.ru"), (director_b, "b@example.ru")):
        user.email = address
        user.save(update_fields=["email"])


@pytest.mark.django_db
def test_a_retried_reminder_letter_keeps_its_message_id(
    district, methodist, with_addresses, settings, django_capture_on_commit_callbacks, mailoutbox
):
    approved_roadmap_for_schools(user=methodist, district=district)
    settings.EMAIL_BACKEND = f"{__name__}.FlakyOnceBackend"
    settings.EMAIL_MESSAGE_ID_DOMAIN = "rmk.example.ru"
    FlakyOnceBackend.attempts = []
    with django_capture_on_commit_callbacks(execute=False):  # the queued tasks are run by hand below
        assert reminders_scan(today=DUE).sent == 2
    # What the worker does: the task sends; a temporary failure is retried later by the same task.
    for email in OutgoingEmail.objects.all():
        with pytest.raises(smtplib.SMTPServerDisconnected):
            services.email_send(email_id=email.pk)
        assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.FAILED
        assert services.email_send(email_id=email.pk)
    by_address: dict[str, list[str]] = {}
    for address, message_id in FlakyOnceBackend.attempts:
        by_address.setdefault(address, []).append(message_id)
    assert sorted(by_address) == ["a@example.ru", "b@example.ru"]
    for address, ids in by_address.items():
        email = OutgoingEmail.objects.get(to=address)
        assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)
        # Both attempts carry the same identifier, made from the stored letter, in the site's domain.
        assert ids == [f"<outgoing-{email.pk}@rmk.example.ru>"] * 2
        [delivered] = [m for m in mailoutbox if m.to == [address]]
        assert delivered.message()["Message-ID"] == ids[0]
    assert by_address["a@example.ru"][0] != by_address["b@example.ru"][0]  # one per letter


@pytest.mark.django_db
def test_sending_a_letter_again_repeats_its_message_id(mailoutbox):
    email = services.email_enqueue(to="povtor@example.ru", subject="Сроки", text="Текст")
    assert services.email_send(email_id=email.pk)
    # As after a lost acknowledgement: the worker sends the same stored letter again.
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED)
    assert services.email_send(email_id=email.pk)
    first, second = (m.message()["Message-ID"] for m in mailoutbox)
    assert first == second == f"<outgoing-{email.pk}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def test_every_scheduled_task_is_a_registered_task():
    from config.celery import app

    app.loader.import_default_modules()  # what a worker and beat do at start: autodiscover tasks.py
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule, "beat has nothing to run"
    for name, entry in schedule.items():
        assert entry["task"] in app.tasks, f"{name}: {entry['task']} is not a task the worker knows"
    assert schedule["reminder-scan"]["task"] == "notifications.tasks.scan_reminders"


def test_the_reminder_scan_is_scheduled_hourly_in_the_working_day():
    entry = settings.CELERY_BEAT_SCHEDULE["reminder-scan"]["schedule"]
    assert entry.minute == {5}
    assert entry.hour == set(range(4, 17))  # 07:00–19:00 Moscow


@pytest.mark.django_db
def test_the_scheduled_task_runs_the_scan_and_sends_the_digests(
    district, methodist, with_addresses, django_capture_on_commit_callbacks, mailoutbox
):
    """What beat sends — the scheduled task by its name, with its arguments — runs the scan."""
    from config.celery import app

    approved_roadmap_for_schools(user=methodist, district=district)
    entry = settings.CELERY_BEAT_SCHEDULE["reminder-scan"]
    task = app.tasks[entry["task"]]
    with django_capture_on_commit_callbacks(execute=True):
        result = task.apply(args=[*entry.get("args", ()), DUE.isoformat()], kwargs=entry.get("kwargs", {}))
    assert result.get() == {"sent": 2, "skipped": 0}
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.ru", "b@example.ru"]
    assert all(m.subject == "Методкабинет: сроки на 31.05.2023 (2)" for m in mailoutbox)
