"""Young specialists: who counts as one on a given day, and how the people list finds them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import services
from directory.models import Person, young_specialist_since


@pytest.fixture(autouse=True)
def three_years(settings):
    settings.YOUNG_SPECIALIST_YEARS = 3


def _person(since):
    return Person(last_name="Тестова", first_name="Анна", position="Учитель", teaching_since=since)


TODAY = dt.date(2026, 11, 22)


def test_a_teacher_who_started_exactly_three_years_ago_is_no_longer_a_young_specialist():
    assert not _person(dt.date(2023, 11, 22)).is_young_specialist(today=TODAY)


def test_a_teacher_who_started_three_years_ago_minus_a_day_is_still_a_young_specialist():
    assert _person(dt.date(2023, 11, 23)).is_young_specialist(today=TODAY)


def test_a_teacher_who_started_today_is_a_young_specialist():
    assert _person(TODAY).is_young_specialist(today=TODAY)


def test_a_teacher_with_a_long_career_is_not_a_young_specialist():
    assert not _person(dt.date(2001, 9, 1)).is_young_specialist(today=TODAY)


def test_without_a_teaching_start_date_nobody_is_a_young_specialist():
    assert not _person(None).is_young_specialist(today=TODAY)


def test_on_29_february_the_three_years_count_back_to_28_february():
    leap_day = dt.date(2028, 2, 29)
    assert young_specialist_since(leap_day) == dt.date(2025, 2, 28)
    assert _person(dt.date(2025, 3, 1)).is_young_specialist(today=leap_day)
    assert not _person(dt.date(2025, 2, 28)).is_young_specialist(today=leap_day)


def test_the_number_of_years_comes_from_the_settings(settings):
    settings.YOUNG_SPECIALIST_YEARS = 5
    assert _person(dt.date(2022, 9, 1)).is_young_specialist(today=TODAY)


@pytest.mark.django_db
def test_the_young_specialists_query_agrees_with_the_card_on_both_sides_of_the_boundary(district):
    school = district["school_a"]
    dates = {
        "Граница": dt.date(2023, 11, 22),
        "Молодая": dt.date(2023, 11, 23),
        "Опытная": dt.date(2010, 9, 1),
        "Бездаты": None,
    }
    for last_name, since in dates.items():
        services.person_save(
            data={
                "organization": school,
                "last_name": last_name,
                "first_name": "Анна",
                "position": "Учитель",
                "teaching_since": since,
            }
        )
    young = set(
        Person.objects.young_specialists(today=TODAY)
        .filter(last_name__in=dates)
        .values_list("last_name", flat=True)
    )
    assert young == {"Молодая"}
    for person in Person.objects.filter(last_name__in=dates):
        assert person.is_young_specialist(today=TODAY) == (person.last_name in young)


@pytest.fixture
def teacher_a_started_last_year(district):
    """Teacher A is a young specialist whatever day the tests run on."""
    return services.person_save(
        data={"teaching_since": timezone.localdate() - dt.timedelta(days=365)},
        person=district["people"]["teacher_a"],
    )


@pytest.mark.django_db
def test_people_list_with_young_specialists_only_shows_just_them(
    methodist_client, teacher_a_started_last_year
):
    response = methodist_client.get(reverse("directory:person_list"), {"young": "on"})
    shown = [p.full_name for p in response.context["page"].object_list]
    assert shown == ["Иванова Ольга Сергеевна"]
    html = response.content.decode()
    assert "Кузнецов" not in html
    assert "молодой специалист" in html


@pytest.mark.django_db
def test_people_list_without_the_young_filter_shows_everyone(methodist_client, district):
    response = methodist_client.get(reverse("directory:person_list"))
    assert response.context["page"].paginator.count == Person.objects.count() == 6
