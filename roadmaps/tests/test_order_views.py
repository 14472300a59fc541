"""«Подготовить приказ об утверждении» on the roadmap's page (served as «orders:create_from_roadmap»)."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
    response = methodist_client.post(reverse("orders:create_from_roadmap", args=[roadmap.pk]))
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    page = text(methodist_client.get(roadmap.get_absolute_url()))
    assert "Подготовить приказ об утверждении" not in page and order.get_absolute_url() in page
    again = methodist_client.post(reverse("orders:create_from_roadmap", args=[roadmap.pk]))
    assert again["Location"] == order.get_absolute_url() and Order.objects.count() == 1
    # a director sees approved roadmaps only, and never the orders button
    assert director_a_client.post(reverse("orders:create_from_roadmap", args=[roadmap.pk])).status_code == 404
