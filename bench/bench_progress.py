"""The items × schools grid (roadmaps:grid) and its Excel export at two sizes: queries, server CPU, size.

    cd bench && DEBUG=1 ../.venv/bin/python bench_progress.py

Works on a throwaway database (PostgreSQL on 127.0.0.1:5432 by default, SQLite when it is not there;
see common.bootstrap). A methodist (through directory.services) gets an approved roadmap for the
current academic year (through roadmaps.services): 50 items for 10 schools, then 300 items for 50
schools, a heading every tenth row, varied deadlines; every section is assigned to all schools through
report_services.row_assign. Each item's first date gets a report from every school, in a mix of states
(bulk_create: the workflow itself is not what is measured). Measured with common.measure_page (as a
browser asking for gzip/br), 10 requests each: the grid as it opens (one section), one section chosen
by hand (?section=), «all sections» (?section=all, its first page) and the whole table in Excel;
beside them, as a baseline in the same run, the review queue (a paged list in the same page frame).
When the response is not compressed by the server (no compression middleware), the line also shows
the size gzip would send (level 6, as GZipMiddleware). The issue's target is printed beside the
large size. Prints figures only.
"""

from __future__ import annotations

import math

import common

common.bootstrap("progress")

from common.district import DEADLINES, gzip_size, reports_for, schools_up_to  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from roadmaps.models import Occurrence, ProgressReport, Roadmap, RoadmapRow  # noqa: E402
from roadmaps.progress import services as report_services  # noqa: E402

SIZES = ((50, 10), (300, 50))  # (items, schools)
REQUESTS = 10
TARGET_CPU_MS = 50  # issue 12, target 1: at 300 items × 50 schools
TARGET_KIB = 200


def main() -> None:
    methodist, office = common.methodist()
    client = common.client(methodist)
    print(
        f"grid benchmark, {common.database_label()}, {REQUESTS} requests each, "
        f"today {timezone.localdate():%d.%m.%Y}"
    )
    for n_items, n_schools in SIZES:
        schools = schools_up_to(n_schools)
        n_rows = n_items + math.ceil(n_items / 9)  # a heading every tenth row
        roadmap = common.roadmap(
            methodist, office, n_rows, DEADLINES, status=Roadmap.Status.APPROVED, heading_every=10
        )
        headings = list(RoadmapRow.objects.filter(roadmap=roadmap, is_heading=True).order_by("position"))
        for heading in headings:
            report_services.row_assign(user=methodist, row=heading, scope="all")
        items = RoadmapRow.objects.filter(roadmap=roadmap, is_heading=False).count()
        occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
        reports = reports_for(roadmap, schools)
        print(
            f"{items} items × {len(schools)} schools, {len(headings)} sections: {occurrences} due dates, "
            f"{reports} reports (in the database: {ProgressReport.objects.count()})"
        )
        grid = reverse("roadmaps:grid", args=[roadmap.pk])
        middle = headings[len(headings) // 2]
        pages = [
            ("grid as it opens", grid),
            (f"grid, section {middle.number}", f"{grid}?section={middle.pk}"),
            ("grid, all sections p. 1", f"{grid}?section=all"),
            ("grid.xlsx (whole table)", reverse("roadmaps:grid_export", args=[roadmap.pk])),
            ("baseline: review queue", reverse("roadmaps:review_queue")),  # a list page, same frame
        ]
        large = (n_items, n_schools) == SIZES[-1]
        for label, url in pages:
            figures = common.measure_page(client, url, REQUESTS)
            line = figures.line(label)
            page = not url.endswith(".xlsx")  # a workbook is zipped already: no target, no gzip
            if page and figures.compressed == figures.size:
                line += f" (gzip would send {gzip_size(client, url) / 1024:.0f} KiB)"
            if page and large and not label.startswith("baseline"):
                line += f"  [target ≤ {TARGET_CPU_MS} ms CPU, ≤ {TARGET_KIB} KiB sent]"
            print(line, flush=True)


if __name__ == "__main__":
    main()
