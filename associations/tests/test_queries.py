"""The district table and an association page run the same number of queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations import bulk

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_district_table_queries_do_not_grow_with_associations_and_members(district, methodist_client):
    url = reverse("associations:list")
    bulk.build(method_office=district["method_office"], associations=4, members=3, schools=2, tag="a")
    small, page = _queries(methodist_client, url)
    assert page.count("<tr>") == 1 + 4
    bulk.build(method_office=district["method_office"], associations=40, members=10, schools=5, tag="b")
    large, page = _queries(methodist_client, url)
    assert page.count("<tr>") == 1 + 44
    assert small == large


def test_association_page_queries_do_not_grow_with_members(district, methodist_client):
    few, many = (
        bulk.build(method_office=district["method_office"], associations=2, members=4, schools=1)[0],
        None,
    )
    many = bulk.build(
        method_office=district["method_office"], associations=1, members=40, schools=1, tag="m"
    )[0]
    small, page = _queries(methodist_client, reverse("associations:detail", args=[few.pk]))
    large, page = _queries(methodist_client, reverse("associations:detail", args=[many.pk]))
    assert page.count("ФГОС ООО (ИРО, 72 ч.") == 40
    assert small == large
