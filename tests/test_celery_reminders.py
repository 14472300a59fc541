"""Deadline reminders through a real Celery worker on the real Redis broker (see tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Digest, OutgoingEmail
from notifications.reminders import reminders_scan
from roadmaps.tests.report_factories import approved_roadmap_for_schools

from .conftest import app_sends_to, run_celery_worker, wait_until, wait_until_drained
from .test_celery_email import flaky_smtp, outbox_messages  # noqa: F401 (fixture)

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

DUE = dt.date(2023, 5, 31)  # two school items are due on this day (see report_factories)


@pytest.fixture
def addresses(director_a, director_b):
    """Addresses unique to the test: the session worker's outbox folder is shared by all tests."""
    tag = uuid.uuid4().hex[:8]
    result = {}
    for user in (director_a, director_b):
        user.email = result[user.username] = f"{user.username}.{tag}@example.ru"
        user.save(update_fields=["email"])
    return result


@pytest.fixture
def roadmap(district, methodist, addresses):
    return approved_roadmap_for_schools(user=methodist, district=district)


def all_sent() -> bool:
    emails = OutgoingEmail.objects.all()
    return emails.exists() and not emails.exclude(status=OutgoingEmail.Status.SENT).exists()


def test_a_due_item_gives_one_digest_per_recipient_and_a_second_scan_sends_nothing(
    roadmap, addresses, live_celery
):
    assert reminders_scan(today=DUE).sent == 2
    wait_until(all_sent, what="the worker to send both digests", worker=live_celery)
    for address in addresses.values():
        [message] = outbox_messages(live_celery.outbox, address)
        assert message["Subject"].strip() == "Методкабинет: сроки на 31.05.2023 (2)"

    assert reminders_scan(today=DUE).sent == 0
    wait_until_drained(live_celery)  # a stray second email has been sent by now, if there was one
    assert [len(outbox_messages(live_celery.outbox, a)) for a in addresses.values()] == [1, 1]
    assert set(Digest.objects.values_list("status", flat=True)) == {Digest.Status.SENT}


def test_two_concurrent_scans_send_each_digest_once(roadmap, addresses, live_celery):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan():
        try:
            barrier.wait(timeout=10)
            results.append(reminders_scan(today=DUE))
        except Exception as exc:  # reported below: a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r.sent for r in results) == 2  # whichever scan claimed a person sent their digest
    wait_until(all_sent, what="the worker to send the digests", worker=live_celery)
    wait_until_drained(live_celery)
    assert [len(outbox_messages(live_celery.outbox, a)) for a in addresses.values()] == [1, 1]
    assert OutgoingEmail.objects.count() == 2


def test_a_send_that_died_mid_way_is_taken_over_and_delivered_once(roadmap, addresses, live_celery):
    with app_sends_to("nowhere-" + live_celery.queue):  # the scan's tasks are lost, as with a dead worker
        reminders_scan(today=DUE)
    stuck = OutgoingEmail.objects.get(to=addresses["direktor_a"])
    # As if a worker took it and was killed before finishing.
    OutgoingEmail.objects.filter(pk=stuck.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    OutgoingEmail.objects.exclude(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    # The next scan (the same day) sends nothing new but hands the lost emails to the worker again.
    assert reminders_scan(today=DUE).sent == 0
    wait_until(all_sent, what="the lost digests to be sent", worker=live_celery)
    assert [len(outbox_messages(live_celery.outbox, a)) for a in addresses.values()] == [1, 1]


def test_an_smtp_failure_is_retried_and_the_digest_arrives_once(roadmap, addresses, flaky_smtp, tmp_path):  # noqa: F811
    controller, handler = flaky_smtp
    with (
        run_celery_worker(
            email_url=f"smtp://{controller.hostname}:{controller.port}", log_dir=tmp_path
        ) as worker,
        app_sends_to(worker.queue),
    ):
        reminders_scan(today=DUE)
        wait_until(all_sent, what="both digests, one of them after a retry", worker=worker)
        wait_until_drained(worker)
    assert handler.refused == 1
    assert len(handler.delivered) == 2  # one per director, none twice
    assert sorted(OutgoingEmail.objects.values_list("attempts", flat=True)) == [1, 2]
