"""«Мои задачи» and the district's dashboard at two sizes: queries, server CPU, size as sent.

    DEBUG=1 .venv/bin/python bench/bench_tasks.py

A throwaway PostgreSQL database by default (common.bootstrap; SQLite when PostgreSQL is not there).
A methodist (through directory.services) gets an approved roadmap of the current academic year
(through roadmaps.services): 50 items for 10 schools, then 300 items for 50 schools, a heading every
tenth row, varied deadlines (monthly, quarterly, once, twice a year…); every section is assigned to all
schools through report_services.row_assign. Each item's first date gets a report from every school,
in a mix of states (bulk_create: the workflow itself is not what is measured), so the director of the
first school has about a year of open dates. Measured with django.test.Client as a browser
(Accept-Encoding: gzip), 15 requests each: the director's «Мои задачи» (the default view, the «Все
сроки» view and its last page) and the methodist's dashboard. The target (issue 12) is printed beside.

Before (30.11.2026, PostgreSQL 15, the large size, a director with 997 open dates; «all» was every
date on one page; the server did not compress):
    «Мои задачи» (default): 13 queries, CPU 189.6 ms, 521 KiB (gzip: 19 KiB)
    «Мои задачи» (all):     13 queries, CPU 335.8 ms, 1044 KiB (gzip: 36 KiB)
    dashboard:              15 queries, CPU  83.3 ms,  40 KiB (gzip: 6 KiB)
After (the machine shared, an empty «Мои задачи» page costing 29–39 ms CPU in the same run):
    «Мои задачи» (default):        12 queries, CPU 43.3 ms, 68 KiB (gzip: 5 KiB)
    «Мои задачи» (all, page of 50): 12 queries, CPU 34.7–38.8 ms, 50–73 KiB (gzip: 5 KiB)
    dashboard:                     14 queries, CPU 37.8 ms, 40 KiB (gzip: 6 KiB)
"""

from __future__ import annotations

import math

import common

common.bootstrap("tasks")

from common.district import DEADLINES, gzip_size, reports_for, schools_up_to  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory import services as directory  # noqa: E402
from directory.models import Organization, Role  # noqa: E402
from roadmaps.models import Occurrence, ProgressReport, Roadmap, RoadmapRow  # noqa: E402
from roadmaps.progress import selectors  # noqa: E402
from roadmaps.progress import services as report_services  # noqa: E402
from roadmaps.progress.selectors.tasks import SOON_DAYS  # noqa: E402

SIZES = ((50, 10), (300, 50))  # (items, schools)
REQUESTS = 15
TARGET_CPU_MS = 50
TARGET_SENT_KIB = 200


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


def line(label: str, figures: common.PageFigures, raw_gzip: int) -> str:
    """The page's figures, the gzip estimate when the server did not compress, and the target."""
    sent = figures.compressed if figures.compressed < figures.size else raw_gzip
    note = ""
    if figures.compressed >= figures.size:
        note = f" (not compressed by the server here: gzip would send {raw_gzip / 1024:.0f} KiB)"
    ok = figures.median_cpu_ms <= TARGET_CPU_MS and sent / 1024 <= TARGET_SENT_KIB
    return (
        f"{figures.line(label, 30)}{note}  · target ≤ {TARGET_CPU_MS} ms, ≤ {TARGET_SENT_KIB} KiB: "
        f"{'met' if ok else 'NOT met'}"
    )


def main() -> None:
    methodist, office = common.methodist()
    client = common.client(methodist)
    director_user = None
    director = None
    today = timezone.localdate()
    print(
        f"«Мои задачи» and dashboard benchmark, {common.database_label()}, {REQUESTS} requests each, "
        f"today {today:%d.%m.%Y}"
    )
    for n_items, n_schools in SIZES:
        schools = schools_up_to(n_schools)
        if director is None:
            director_user = director_of(schools[0])
            director = common.client(director_user)
        n_rows = n_items + math.ceil(n_items / 9)  # a heading every tenth row
        roadmap = common.roadmap(
            methodist, office, n_rows, DEADLINES, status=Roadmap.Status.APPROVED, heading_every=10
        )
        for heading in RoadmapRow.objects.filter(roadmap=roadmap, is_heading=True):
            report_services.row_assign(user=methodist, row=heading, scope="all")
        items = RoadmapRow.objects.filter(roadmap=roadmap, is_heading=False).count()
        occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
        reports = reports_for(roadmap, schools)
        everything = selectors.build_tasks(organization=schools[0], today=today)
        print(
            f"{items} items × {len(schools)} schools: {occurrences} due dates, {reports} reports "
            f"(in the database: {ProgressReport.objects.count()}); the director of {schools[0].short_name} "
            f"has {everything.total} open dates ({everything.overdue} overdue, {everything.soon} "
            f"within {SOON_DAYS} days, {everything.returned} returned)"
        )
        tasks = reverse("roadmaps:my_tasks")
        # The baseline, same run: the page's frame (base.html, session, user, the bell) and the counts,
        # no line — the methodist's office has no dates of its own in this district.
        baseline = common.measure_page(client, tasks, REQUESTS)
        print(f"{baseline.line('baseline: an empty «Мои задачи»', 30)}")
        pages = [
            ("«Мои задачи» (default)", tasks, director),
            ("«Мои задачи» (all, page 1)", f"{tasks}?all=1", director),
            ("«Мои задачи» (all, last page)", f"{tasks}?all=1&page=last", director),
            ("dashboard", reverse("roadmaps:dashboard"), client),
        ]
        for label, url, who in pages:
            figures = common.measure_page(who, url, REQUESTS)
            print(line(label, figures, gzip_size(who, url)))


if __name__ == "__main__":
    main()
