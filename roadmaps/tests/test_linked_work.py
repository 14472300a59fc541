"""A roadmap row shows the work other apps linked to it (progress.links), e.g. a monitoring campaign."""

import pytest
from django.urls import reverse

from progress import links
from progress.links import LinkedWork
from roadmaps.services import RowData

from .factories import make_roadmap

pytestmark = pytest.mark.django_db
calls = []


def provider(row_ids):
    calls.append(list(row_ids))
    return {row_ids[-1]: [LinkedWork("Мониторинг: ШМО осень", "/monitoring/campaigns/7/", 3, 12)]}


@pytest.fixture
def registered():
    calls.clear()
    links.register_row_work(provider)
    yield
    links.unregister_row_work(provider)


def test_the_row_shows_the_linked_work_and_the_provider_is_asked_once(
    registered, district, methodist, methodist_client
):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[RowData(activity="Раздел", is_heading=True)]
        + [RowData(activity=f"Пункт {n}") for n in range(5)],
    )
    html = methodist_client.get(reverse("roadmaps:detail", args=[roadmap.pk])).content.decode()
    assert '<a href="/monitoring/campaigns/7/">Мониторинг: ШМО осень</a> — принято 3 из 12' in html
    assert html.count('data-testid="row-linked-work"') == 1
    assert len(calls) == 1 and len(calls[0]) == 5  # one call for the page, headings not asked


def test_without_providers_the_row_shows_nothing(district, methodist, methodist_client):
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], rows=[RowData(activity="Пункт")]
    )
    html = methodist_client.get(reverse("roadmaps:detail", args=[roadmap.pk])).content.decode()
    assert "row-linked-work" not in html
