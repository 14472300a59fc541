"""The district's progress views at two sizes: query count, median server time, response size.

    DEBUG=1 .venv/bin/python bench/bench_progress.py

Works on a throwaway SQLite database in /tmp (created, migrated, deleted). A methodist (through
directory.services) gets an approved roadmap for the current academic year (through
roadmaps.services): 50 items for 10 schools, then 300 items for 50 schools, a heading every tenth row,
varied deadlines; every section is assigned to all schools through report_services.row_assign. Each
item's first date gets a report from every school, in a mix of states (bulk_create: the workflow
itself is not what is measured). Measured with django.test.Client, 10 requests each: the items ×
schools grid and its Excel export, the dashboard (methodist), and «Мои задачи» of one school's
director. Prints figures only.
"""

from __future__ import annotations

import math

import common

common.bootstrap("progress")

from django.db.models import Min  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory import services as directory  # noqa: E402
from directory.models import Organization, Role  # noqa: E402
from roadmaps.models import Occurrence, ProgressReport, Roadmap, RoadmapRow  # noqa: E402
from roadmaps.progress import services as report_services  # noqa: E402

SIZES = ((50, 10), (300, 50))  # (items, schools)
REQUESTS = 10
DEADLINES = (
    "Ежемесячно",
    "1 раз в четверть",
    "до 30 сентября",
    "Май",
    "Декабрь, май",
    "По запросу",
    "В течение года",
)
STATES = (
    ("draft", "in_progress"),
    ("submitted", "done"),
    ("accepted", "done"),
    ("returned", "not_done"),
    ("accepted", "not_done"),
    (None, None),  # no report
)


def schools_up_to(count: int) -> list[Organization]:
    existing = Organization.objects.filter(kind=Organization.Kind.SCHOOL).count()
    for number in range(existing + 1, count + 1):
        directory.organization_save(
            data={
                "name": f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {number}»",
                "short_name": f"МБОУ СОШ № {number}",
                "kind": Organization.Kind.SCHOOL,
            }
        )
    return list(Organization.objects.filter(kind=Organization.Kind.SCHOOL).order_by("pk"))


def director_of(school: Organization):
    person = directory.person_save(
        data={
            "organization": school,
            "last_name": "Фёдорова",
            "first_name": "Анна",
            "patronymic": "Павловна",
            "position": "Директор",
        }
    )
    user = directory.user_ensure(username="bench-direktor", password="bench-pass-2026", person=person)
    directory.role_grant(user=user, kind=Role.Kind.DIRECTOR, organization=school)
    return user


def reports_for(roadmap: Roadmap, schools: list[Organization]) -> int:
    first_dates = (
        Occurrence.objects.filter(row__roadmap=roadmap, is_active=True)
        .values("row_id")
        .annotate(first=Min("due_date"))
    )
    firsts = {entry["row_id"]: entry["first"] for entry in first_dates}
    occurrences = Occurrence.objects.filter(row__roadmap=roadmap, is_active=True)
    first_occurrence = {o.row_id: o for o in occurrences if firsts.get(o.row_id) == o.due_date}
    now = timezone.now()
    reports = []
    for index, row_id in enumerate(sorted(first_occurrence)):
        occurrence = first_occurrence[row_id]
        for offset, school in enumerate(schools):
            state, progress = STATES[(index + offset) % len(STATES)]
            if state is None:
                continue
            reports.append(
                ProgressReport(
                    occurrence=occurrence,
                    organization=school,
                    state=state,
                    progress=progress,
                    reason="Перенесено" if progress == "not_done" else "",
                    done_on=min(occurrence.due_date, timezone.localdate()) if progress == "done" else None,
                    submitted_at=now if state != "draft" else None,
                    reviewed_at=now if state in ("accepted", "returned") else None,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    return len(reports)


def main() -> None:
    methodist, office = common.methodist()
    client = common.client(methodist)
    director = None
    print(
        f"progress views benchmark, SQLite, {REQUESTS} requests each, today {timezone.localdate():%d.%m.%Y}"
    )
    for n_items, n_schools in SIZES:
        schools = schools_up_to(n_schools)
        if director is None:
            director = common.client(director_of(schools[0]))
        n_rows = n_items + math.ceil(n_items / 9)  # a heading every tenth row
        roadmap = common.roadmap(
            methodist, office, n_rows, DEADLINES, status=Roadmap.Status.APPROVED, heading_every=10
        )
        for heading in RoadmapRow.objects.filter(roadmap=roadmap, is_heading=True):
            report_services.row_assign(user=methodist, row=heading, scope="all")
        items = RoadmapRow.objects.filter(roadmap=roadmap, is_heading=False).count()
        occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
        reports = reports_for(roadmap, schools)
        print(
            f"{items} items × {len(schools)} schools: {occurrences} due dates, {reports} reports "
            f"(in the database: {ProgressReport.objects.count()})"
        )
        pages = [
            ("grid", reverse("roadmaps:grid", args=[roadmap.pk]), client),
            ("grid.xlsx", reverse("roadmaps:grid_export", args=[roadmap.pk]), client),
            ("dashboard", reverse("roadmaps:dashboard"), client),
            ("director's «Мои задачи»", reverse("roadmaps:my_tasks"), director),
        ]
        for label, url, who in pages:
            queries, median_ms, size = common.measure(who, url, REQUESTS)
            print(f"  {label:<24}: {queries:>3} queries, median {median_ms:7.1f} ms, {size / 1024:6.0f} KiB")


if __name__ == "__main__":
    main()
