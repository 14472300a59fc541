"""«Подготовить приказ об утверждении» on the roadmap's page (served as «orders:create_from_roadmap»)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import Order
from orders.tests.factories import SAMPLE_ROWS, make_roadmap


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)


def text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_preparing_the_order_from_the_roadmap_page(roadmap, methodist_client, director_a_client):
    page = text(methodist_client.get(roadmap.get_absolute_url()))
    assert "Подготовить приказ об утверждении" in page
    # the 2022–2023 period has ended: confirmed past the warning (test below)
    response = methodist_client.post(
        reverse("orders:create_from_roadmap", args=[roadmap.pk]), {"past_period_confirmed": "1"}
    )
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    page = text(methodist_client.get(roadmap.get_absolute_url()))
    assert "Подготовить приказ об утверждении" not in page and order.get_absolute_url() in page
    again = methodist_client.post(reverse("orders:create_from_roadmap", args=[roadmap.pk]))
    assert again["Location"] == order.get_absolute_url() and Order.objects.count() == 1
    # a director sees approved roadmaps only, and never the orders button
    assert director_a_client.post(reverse("orders:create_from_roadmap", args=[roadmap.pk])).status_code == 404


@pytest.mark.django_db
def test_approving_a_roadmap_whose_period_has_ended_warns_and_offers_the_current_period(
    roadmap, methodist_client, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 11, 22))
    page = text(methodist_client.get(roadmap.get_absolute_url()))
    assert 'data-testid="past-period-warning"' in page and "Период этой карты закончился 31.08.2023" in page
    response = methodist_client.post(reverse("orders:create_from_roadmap", args=[roadmap.pk]))
    warning = text(response)
    assert response.status_code == 200 and not Order.objects.exists()  # nothing prepared yet
    assert "у школ сразу появятся просроченные сроки: 6" in warning
    copy_url = reverse("roadmaps:copy", args=[roadmap.pk]) + "?to=current"
    assert copy_url in warning and 'name="past_period_confirmed" value="1"' in warning
    # the copy offered: the academic year running today, not 2023–2024
    copy_page = text(methodist_client.get(copy_url))
    assert 'value="2026-09-01"' in copy_page and 'value="2027-08-31"' in copy_page
    response = methodist_client.post(
        reverse("orders:create_from_roadmap", args=[roadmap.pk]), {"past_period_confirmed": "1"}
    )
    assert response["Location"] == Order.objects.get().get_absolute_url()


@pytest.mark.django_db
def test_a_roadmap_of_the_current_period_is_prepared_without_a_warning(district, methodist, methodist_client):
    current = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=SAMPLE_ROWS,
        period=(dt.date(2026, 9, 1), dt.date(2027, 8, 31)),
    )
    assert "past-period-warning" not in text(methodist_client.get(current.get_absolute_url()))
    response = methodist_client.post(reverse("orders:create_from_roadmap", args=[current.pk]))
    assert response["Location"] == Order.objects.get().get_absolute_url()


@pytest.mark.django_db
def test_setting_approved_status_after_the_period_asks_to_confirm(roadmap, methodist_client):
    url = reverse("roadmaps:update", args=[roadmap.pk])
    data = {
        "title": roadmap.title,
        "kind": roadmap.kind,
        "period_start": "2022-09-01",
        "period_end": "2023-08-31",
        "status": "approved",
        "organization": roadmap.organization_id,
    }
    response = methodist_client.post(url, data)
    assert response.status_code == 200 and 'data-testid="past-period-warning"' in text(response)
    assert "Период карты закончился 31.08.2023" in text(response)
    roadmap.refresh_from_db()
    assert roadmap.status == "draft"
    assert methodist_client.post(url, {**data, "confirm_past_period": "on"}).status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.status == "approved"
