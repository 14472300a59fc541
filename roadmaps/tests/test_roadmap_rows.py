"""The rows of the roadmap page come from the cache when they did not change (templatetags/roadmap_rows)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import services as directory
from roadmaps import services
from roadmaps.progress import services as report_services
from roadmaps.services import RowData
from roadmaps.templatetags import roadmap_rows

from .factories import SAMPLE_ROWS, make_roadmap

HTMX = {"HX-Request": "true"}
ROW_TEMPLATE = "roadmaps/rows/row.html"


@pytest.fixture
def roadmap(district, methodist):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    heading = roadmap.rows.filter(is_heading=True).order_by("position").first()
    report_services.row_assign(user=methodist, row=heading, scope="all")
    return roadmap


def detail(roadmap) -> str:
    return reverse("roadmaps:detail", args=[roadmap.pk])


def page(client, roadmap):
    response = client.get(detail(roadmap))
    assert response.status_code == 200
    return response


def rendered_rows(response) -> int:
    """How many times rows/row.html was rendered for the response."""
    return sum(1 for t in response.templates if t.name == ROW_TEMPLATE)


def row_html(html: str, row) -> str:
    """The <tr> of the row in a page or a fragment."""
    return re.search(rf'<tr id="row-{row.pk}".*?</tr>', html, re.S).group(0)


def without_tokens(html: str) -> str:
    return re.sub(r'(X-CSRFToken": "|csrfmiddlewaretoken" value=")\w+', r"\1…", html)


def rows_of(roadmap):
    return list(roadmap.rows.order_by("position"))


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 120])
def test_unchanged_rows_are_not_rendered_again_and_the_page_is_the_same(
    district, methodist, methodist_client, size
):
    rows = [
        RowData(activity=f"Мероприятие {i}", number=str(i), deadline_text="Ежемесячно") for i in range(size)
    ]
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=rows)
    with CaptureQueriesContext(connection) as cold_queries:
        cold = page(methodist_client, roadmap)
    with CaptureQueriesContext(connection) as warm_queries:
        warm = page(methodist_client, roadmap)
    assert rendered_rows(cold) == size
    assert rendered_rows(warm) == 0
    assert without_tokens(warm.content.decode()) == without_tokens(cold.content.decode())
    assert len(warm_queries) == len(cold_queries)  # the same queries whether rows come from the cache or not


@pytest.mark.django_db
def test_a_row_changed_by_someone_else_shows_its_new_text_and_only_it_is_rendered(
    roadmap, methodist, methodist_client, administrator_client
):
    page(methodist_client, roadmap)
    row = rows_of(roadmap)[1]
    services.row_update(
        user=methodist, row=row, data={"activity": "Обновление положений о ШМО и РМО"}, version=row.version
    )
    response = page(methodist_client, roadmap)
    assert "Обновление положений о ШМО и РМО" in row_html(response.content.decode(), row)
    assert rendered_rows(response) == 1


@pytest.mark.django_db
def test_a_new_director_is_counted_in_the_reminder_line_of_rows_that_did_not_change(
    roadmap, methodist_client, request
):
    item = rows_of(roadmap)[1]
    before = row_html(page(methodist_client, roadmap).content.decode(), item)
    assert "руководители ОО (0)" in before
    request.getfixturevalue("director_a")  # the director of school A gets a login and the role
    after = row_html(page(methodist_client, roadmap).content.decode(), item)
    assert "руководители ОО (1)" in after


@pytest.mark.django_db
def test_a_renamed_school_shows_on_the_badge_of_rows_that_did_not_change(
    roadmap, district, methodist, methodist_client
):
    item = rows_of(roadmap)[1]
    report_services.row_assign(user=methodist, row=item, scope="selected", schools=[district["school_b"]])
    assert "СОШ № 2" in row_html(page(methodist_client, roadmap).content.decode(), item)
    directory.organization_save(data={"short_name": "Гимназия № 2"}, organization=district["school_b"])
    html = row_html(page(methodist_client, roadmap).content.decode(), item)
    assert "Гимназия № 2" in html and "СОШ № 2" not in html


@pytest.mark.django_db
def test_a_read_only_viewer_never_gets_the_rows_rendered_for_the_methodist(
    roadmap, methodist_client, administrator_client, director_a_client, methodist
):
    page(methodist_client, roadmap)
    assert "Изменить строку" in page(methodist_client, roadmap).content.decode()
    assert "Изменить строку" not in page(administrator_client, roadmap).content.decode()
    services.roadmap_update(user=methodist, roadmap=roadmap, data={"status": "approved"})
    html = page(director_a_client, roadmap).content.decode()
    assert "Изменить строку" not in html and "Напоминания получат" not in html


@pytest.mark.django_db
def test_the_row_an_htmx_edit_returns_is_the_row_the_page_shows(roadmap, methodist_client):
    page(methodist_client, roadmap)
    cached = page(methodist_client, roadmap).content.decode()
    for row in rows_of(roadmap):
        fragment = methodist_client.get(
            reverse("roadmaps:row_view", args=[roadmap.pk, row.pk]), headers=HTMX
        ).content.decode()
        assert row_html(fragment, row) == row_html(cached, row)


@pytest.mark.django_db
def test_the_page_opens_with_every_row_when_the_cache_fails(roadmap, methodist_client, monkeypatch):
    class Broken:
        def get(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

        set = get

    monkeypatch.setattr(roadmap_rows, "django_cache", Broken())
    html = page(methodist_client, roadmap).content.decode()
    assert html.count('class="rm-row') == len(SAMPLE_ROWS)
