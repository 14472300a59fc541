"""The agenda («Календарь сроков») at two sizes: queries, server CPU, size and size sent compressed.

    cd bench && DEBUG=1 ../.venv/bin/python bench_agenda.py

On a throwaway database (common.bootstrap: PostgreSQL on 127.0.0.1:5432 when it answers, else SQLite).
For each size a methodist gets one approved roadmap of the current school year (through
roadmaps.services) of 50 rows with 10 schools, then 300 rows with 50 schools: the rows of the real
documents in tests/fixtures/roadmaps, taken in turn (common.district); the items are assigned in turn
to every school, to five and to none. The agenda — the list (8 weeks back, 90 days ahead) and the
month — is requested 10 times with django.test.Client as a browser would (common.measure_page), by the
methodist and by the director of the first school (their school's deadlines). Prints figures only,
with the issue's target (≤ 50 ms of server CPU, ≤ 200 KiB sent) beside them.
"""

from __future__ import annotations

import common

common.bootstrap("agenda")

from common import district  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from roadmaps.deadlines import academic_year_of  # noqa: E402
from roadmaps.models import Occurrence, Roadmap  # noqa: E402

SIZES = ((50, 10), (300, 50))  # (rows, schools)
REQUESTS = 10
TARGET_MS, TARGET_KIB = 50, 200


def target(figures: common.PageFigures) -> str:
    met = figures.median_cpu_ms <= TARGET_MS and figures.compressed <= TARGET_KIB * 1024
    return f" | target ≤ {TARGET_MS} ms, ≤ {TARGET_KIB} KiB: {'met' if met else 'NOT met'}"


def main() -> None:
    user, office = common.methodist()
    methodist = common.client(user)
    today = timezone.localdate()
    period = academic_year_of(today)
    print(f"agenda benchmark, {common.database_label()}, {REQUESTS} requests each, today {today:%d.%m.%Y}")
    for n_rows, n_schools in SIZES:
        Roadmap.objects.all().delete()
        schools = district.schools_with_directors(n_schools)
        director = common.client(get_user_model().objects.get(username="bench-direktor-1"))
        roadmap = district.seed_roadmap(user, office, n_rows, period, status=Roadmap.Status.APPROVED)
        district.assign_mix(user, roadmap, schools)
        occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
        print(f"{n_rows} rows × {len(schools)} schools: {occurrences} due dates")
        for label, client, url in (
            ("methodist, list", methodist, "/roadmaps/agenda/"),
            ("methodist, month", methodist, f"/roadmaps/agenda/?view=month&month={today:%Y-%m}"),
            ("director, list", director, "/roadmaps/agenda/"),
        ):
            figures = common.measure_page(client, url, REQUESTS)
            print(figures.line(label, width=17) + target(figures))


if __name__ == "__main__":
    main()
