"""«Скачать дипломы» through a real Celery worker on the real Redis broker (see tests/conftest.py): the
page queues the task, the worker renders the contest's diplomas and the status shows them ready."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contests.models import DiplomaBatch
from contests.tests.results_factories import build

from .conftest import wait_until

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_diplomas_rendered_by_the_worker(live_celery, district, methodist_client):
    contest, (round,), _, _ = build(district, participants=6)
    methodist_client.post(reverse("contests:round_close", args=[contest.pk, round.pk]))
    methodist_client.post(reverse("contests:results_publish", args=[contest.pk]))
    methodist_client.post(reverse("contests:diplomas", args=[contest.pk]))
    batch = DiplomaBatch.objects.get(contest=contest)
    done = wait_until(
        lambda: DiplomaBatch.objects.filter(pk=batch.pk, state=DiplomaBatch.State.DONE).first(),
        timeout=120,
        what="the worker to render the diplomas",
        worker=live_celery,
    )
    assert done.done == done.total == 6 and done.file.name.endswith(".pdf")
    status = methodist_client.get(reverse("contests:diplomas_status", args=[contest.pk, batch.pk]))
    assert "Дипломы готовы: 6" in status.content.decode()
