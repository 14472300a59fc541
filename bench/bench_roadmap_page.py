"""The roadmap page (roadmaps:detail) at two sizes: queries, server CPU, size and size sent compressed.

    cd bench && DEBUG=1 ../.venv/bin/python bench_roadmap_page.py

On a throwaway database (common.bootstrap: PostgreSQL on 127.0.0.1:5432 when it answers, else SQLite).
A methodist (built through directory.services) gets a roadmap of 50 rows with 10 schools, then one of
300 rows with 50 schools (through roadmaps.services), for the 2022–2023 school year the seed documents
were written for: the rows are the rows of the real documents in tests/fixtures/roadmaps (numbers,
headings, texts as written, taken in turn; common.district). Each school has a director with a login;
the items are assigned in turn to every school, to five chosen schools and to none (the office's work),
through roadmaps.progress.services.row_assign, so every row shows its badge and «Напоминания получат».
Each page is requested 10 times with django.test.Client as a browser would (common.measure_page:
Accept-Encoding gzip/br), as the methodist (every edit control) and as an administrator (read-only).
Prints figures only, with the issue's target (≤ 50 ms of server CPU, ≤ 200 KiB sent) beside them;
then the methodist's first view with the cache of rows empty (after a change to every row, or a
release), when every row is rendered again.
"""

from __future__ import annotations

import datetime as dt
import statistics

import common

common.bootstrap("roadmap")

from common import district  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.urls import reverse  # noqa: E402

from directory.models import Role  # noqa: E402
from roadmaps.models import Occurrence  # noqa: E402

SIZES = ((50, 10), (300, 50))  # (rows, schools)
REQUESTS = 10
PERIOD = (dt.date(2022, 9, 1), dt.date(2023, 8, 31))  # the seed documents' school year
TARGET_MS, TARGET_KIB = 50, 200


def target(figures: common.PageFigures) -> str:
    met = figures.median_cpu_ms <= TARGET_MS and figures.compressed <= TARGET_KIB * 1024
    return f" | target ≤ {TARGET_MS} ms, ≤ {TARGET_KIB} KiB: {'met' if met else 'NOT met'}"


def main() -> None:
    methodist, office = common.methodist()
    administrator = common.staff(
        office, "bench-nachalnik", "Богинский", "Юрий", Role.Kind.ADMINISTRATOR, position="Сотрудник"
    )
    clients = {"methodist": common.client(methodist), "admin (read-only)": common.client(administrator)}
    print(f"roadmap page benchmark, {common.database_label()}, {REQUESTS} requests each")
    for n_rows, n_schools in SIZES:
        schools = district.schools_with_directors(n_schools)
        roadmap = district.seed_roadmap(methodist, office, n_rows, PERIOD)
        assigned = district.assign_mix(methodist, roadmap, schools)
        occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
        print(
            f"{n_rows} rows × {len(schools)} schools: {occurrences} due dates; items for all schools "
            f"{assigned['all']}, for five {assigned['selected']}, the office's {assigned['none']}"
        )
        url = reverse("roadmaps:detail", args=[roadmap.pk])
        for label, client in clients.items():
            figures = common.measure_page(client, url, REQUESTS)
            print(figures.line(label, width=18) + target(figures))
        # The first view after the rows changed (or after a release): every row rendered again.
        cold = []
        for _ in range(5):
            cache.clear()
            cold.append(common.measure_page(clients["methodist"], url, 1))
        print(
            f"  {'methodist, cold':<18}: every row rendered, CPU median "
            f"{statistics.median(f.median_cpu_ms for f in cold):6.1f} ms (the cache of rows empty)"
        )


if __name__ == "__main__":
    main()
