"""The agenda («Календарь сроков») at the issue's large size: queries, server CPU, size and size sent
compressed.

    cd bench && DEBUG=1 ../.venv/bin/python bench_agenda.py

On a throwaway database (common.bootstrap: PostgreSQL on 127.0.0.1:5432 when it answers, else SQLite)
with bench_load.py's data: an approved roadmap of 300 items (a heading every tenth row; monthly,
quarterly and yearly deadlines) for 50 schools, every section assigned to every school. The list
(8 weeks back, 90 days ahead: some 345 dates, at most agenda.GROUP_SHOWN lines a group), one group
alone by pages («Позже», page 2: agenda.PAGE_SIZE lines) and the month are requested 10 times with
django.test.Client as a browser would (common.measure_page), by a methodist and by the director of
the first school (their school's deadlines). Prints figures only, with the issue's target (≤ 50 ms of
server CPU, ≤ 200 KiB sent) beside them.
"""

from __future__ import annotations

import common

common.bootstrap("agenda")

import bench_load  # noqa: E402
from django.utils import timezone  # noqa: E402

from roadmaps import agenda  # noqa: E402

REQUESTS = 10
TARGET_MS, TARGET_KIB = 50, 200


def target(figures: common.PageFigures) -> str:
    met = figures.median_cpu_ms <= TARGET_MS and figures.compressed <= TARGET_KIB * 1024
    return f" | target ≤ {TARGET_MS} ms, ≤ {TARGET_KIB} KiB: {'met' if met else 'NOT met'}"


def main() -> None:
    today = timezone.localdate()
    _, methodists, directors, described = bench_load.build(2)
    methodist, director = common.client(methodists[0]), common.client(directors[0])
    start, end = agenda.default_window(today)
    dates = agenda.occurrences_for_user(methodists[0]).filter(due_date__gte=start, due_date__lte=end)
    print(f"agenda benchmark, {common.database_label()}, {REQUESTS} requests each, today {today:%d.%m.%Y}")
    print(f"{described}; in the list's window: {dates.count()} dates")
    print(f"lines: at most {agenda.GROUP_SHOWN} a group in the list, {agenda.PAGE_SIZE} a page of one group")
    for label, client, url in (
        ("methodist, list", methodist, "/roadmaps/agenda/"),
        ("methodist, «Позже» p. 2", methodist, "/roadmaps/agenda/?group=later&page=2"),
        ("methodist, month", methodist, f"/roadmaps/agenda/?view=month&month={today:%Y-%m}"),
        ("director, list", director, "/roadmaps/agenda/"),
        ("director, all schools", director, "/roadmaps/agenda/?school="),
    ):
        figures = common.measure_page(client, url, REQUESTS)
        print(figures.line(label, width=23) + target(figures))


if __name__ == "__main__":
    main()
