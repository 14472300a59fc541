"""The district table by pages (the export keeps the whole table) and «Добавить участника» by a search."""

import io
from unittest import mock

import openpyxl
import pytest
from django.urls import reverse

from associations import bulk, services
from associations.models import Membership

from .conftest import teacher

pytestmark = pytest.mark.django_db


def _rows(page: str) -> int:
    return page.count("<tr>") - 1


def test_district_table_opens_by_pages_with_filters_kept_and_exports_everything(district, methodist_client):
    bulk.build(method_office=district["method_office"], associations=120, members=0, schools=3)
    url = reverse("associations:list")
    page = methodist_client.get(url).content.decode()
    assert _rows(page) == 50 and "Найдено: 120" in page and "Страница 1 из 3" in page
    # The kind filter (60 РМО) stays in the link to the next page.
    page = methodist_client.get(url, {"kind": "rmo"}).content.decode()
    assert "Найдено: 60" in page and "Страница 1 из 2" in page
    assert "?kind=rmo&amp;page=2" in page
    page = methodist_client.get(url, {"kind": "rmo", "page": 2}).content.decode()
    assert _rows(page) == 10 and "ШМО" not in page.split('id="associations-table"')[1]
    response = methodist_client.get(reverse("associations:export"), {"kind": "rmo", "page": 2})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("РМО ")]
    assert len(names) == 60


def test_member_search_lists_non_members_and_adds_with_a_button(district, mo, head_client):
    rmo = mo["rmo"]
    detail = reverse("associations:detail", args=[rmo.pk])
    zaitseva = teacher(district["school_b"], "Зайцева")
    teacher(district["school_a"], "Зайцев")
    services.member_add(association=rmo, person=teacher(district["school_a"], "Зайцевская"))
    page = head_client.get(detail).content.decode()
    assert 'name="q"' in page and "<select" not in page.split('id="member-add"')[1]
    page = head_client.get(detail, {"q": "зайцев"}).content.decode()
    found = page.split('id="member-candidates"')[1].split("</ul>")[0]
    assert "Зайцева Анна" in found and "Зайцев Анна" in found and "Зайцевская" not in found  # a member
    assert head_client.get(detail, {"q": "Нетакого"}).content.decode().count("Никого не найдено") == 1
    response = head_client.post(
        reverse("associations:member_add", args=[rmo.pk]), {"person": zaitseva.pk}, follow=True
    )
    assert "Зайцева Анна Петровна — в составе объединения." in response.content.decode()
    membership = rmo.memberships.get(person=zaitseva, left_on__isnull=True)
    page = response.content.decode()
    assert f'href="{reverse("associations:member_edit", args=[rmo.pk, membership.pk])}"' in page
    assert f'action="{reverse("associations:member_leave", args=[rmo.pk, membership.pk])}"' in page


def test_shmo_search_lists_only_its_schools_staff(district, mo, methodist_client):
    teacher(district["school_a"], "Смирнова")
    teacher(district["school_b"], "Смирнов")
    page = methodist_client.get(
        reverse("associations:detail", args=[mo["shmo_a"].pk]), {"q": "Смирн"}
    ).content.decode()
    found = page.split('id="member-candidates"')[1].split("</ul>")[0]
    assert "Смирнова" in found and "Смирнов Анна" not in found


def test_adding_the_same_member_at_the_same_moment_gives_a_message(district, mo, head_client):
    person = district["people"]["teacher_b"]
    services.member_add(association=mo["rmo"], person=person)
    # The other request checked a moment before this one saved: only the constraint stops it.
    real_filter = Membership.objects.filter

    def stale_filter(*args, **kwargs):
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if kwargs.get("left_on__isnull") else queryset

    with mock.patch.object(Membership.objects, "filter", side_effect=stale_filter):
        response = head_client.post(
            reverse("associations:member_add", args=[mo["rmo"].pk]), {"person": person.pk}, follow=True
        )
    assert response.status_code == 200
    assert "Кузнецов Игорь Олегович уже состоит в объединении." in response.content.decode()
    assert Membership.objects.filter(association=mo["rmo"], person=person).count() == 1
