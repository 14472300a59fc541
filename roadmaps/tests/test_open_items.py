"""What a person leaves open in the roadmaps, listed on their card when the login is switched off."""

import datetime as dt

import pytest
from django.urls import reverse

from directory.registry import open_items
from roadmaps.models import Roadmap
from roadmaps.progress import services as report_services

from .factories import SAMPLE_ROWS, make_roadmap
from .report_factories import approved_roadmap_for_schools, first_occurrence

TODAY = dt.date(2023, 1, 10)


@pytest.mark.django_db
def test_rows_of_live_roadmaps_are_counted_per_roadmap_and_archived_ones_left_out(methodist, district):
    teacher = district["people"]["teacher_a"]
    live = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    archived = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=SAMPLE_ROWS,
        title="Прошлогодняя карта",
        status=Roadmap.Status.ARCHIVED,
    )
    for roadmap in (live, archived):
        for row in roadmap.rows.exclude(number="")[:3]:
            row.responsible_people.add(teacher)

    items = open_items(teacher)

    assert [(i.label, i.count, i.url) for i in items] == [
        (
            f"Строки дорожной карты «{live.title}», где сотрудник указан ответственным",
            3,
            reverse("roadmaps:detail", args=[live.pk]),
        )
    ]


@pytest.mark.django_db
def test_report_drafts_the_person_last_edited_are_listed(methodist, director_a, director_b, district):
    roadmap = approved_roadmap_for_schools(user=methodist, district=district)
    report_services.report_save(
        user=director_a,
        occurrence=first_occurrence(roadmap, "1.1."),
        organization=district["school_a"],
        data={"progress": "in_progress"},
        version=None,
        today=TODAY,
    )

    items = open_items(district["people"]["director_a"])

    assert [(i.label, i.count) for i in items] == [
        ("Неотправленные отчёты о выполнении, которые он заполнял", 1)
    ]
    assert open_items(district["people"]["director_b"]) == []
