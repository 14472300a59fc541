"""The reminder scan at 10 000 and 100 000 occurrences: it must touch only what is due.

Builds approved roadmaps of items with the usual deadlines (monthly, quarterly, weekly, a date) assigned
to 10 schools, each with a director who has an email, until the database holds the wanted number of
occurrences; then times the scan on a busy day (a month end) and on a day with nothing due, and prints
the queries. Emails are queued, not sent (the scan's own work). Figures only, no assertions.

    DEBUG=1 .venv/bin/python bench/bench_reminders.py
"""

import common

common.bootstrap("reminders")

import datetime as dt  # noqa: E402
import time  # noqa: E402

from django.db import connection, reset_queries, transaction  # noqa: E402

from directory import services as directory  # noqa: E402
from directory.models import Role  # noqa: E402
from notifications.reminders import reminders_scan  # noqa: E402
from roadmaps.models import Occurrence, RoadmapRow  # noqa: E402

SIZES = (10_000, 100_000)
PERIOD = (dt.date(2022, 9, 1), dt.date(2023, 8, 31))  # 52 Fridays
SCHOOLS = 10
ROWS_PER_ROADMAP = 500
DEADLINES = ["Ежемесячно", "1 раз в четверть", "каждую пятницу", "до 15 ноября", "Ежемесячно", "май-июнь"]


def schools_with_directors() -> None:
    for n in range(1, SCHOOLS + 1):
        school = directory.organization_save(
            data={"name": f"Школа № {n} (бенчмарк)", "short_name": f"Школа {n}"}
        )
        person = directory.person_save(
            data={
                "organization": school,
                "last_name": f"Директор{n}",
                "first_name": "Иван",
                "position": "Директор",
            }
        )
        user = directory.user_ensure(
            username=f"direktor{n}", password=None, person=person, email=f"d{n}@example.ru"
        )
        user.email = f"d{n}@example.ru"
        user.save(update_fields=["email"])
        directory.role_grant(user=user, kind=Role.Kind.DIRECTOR, organization=school)


def grow_to(user, office, target: int) -> None:
    """Add roadmaps of weekly items until there are `target` occurrences."""
    while Occurrence.objects.count() < target:
        missing = target - Occurrence.objects.count()
        rows = max(1, min(ROWS_PER_ROADMAP, missing // 20))
        roadmap = common.roadmap(user, office, rows, DEADLINES, period=PERIOD, status="approved")
        RoadmapRow.objects.filter(roadmap=roadmap).update(report_scope=RoadmapRow.ReportScope.ALL)


def timed_scan(day: dt.date) -> tuple[float, int, object]:
    reset_queries()
    started = time.perf_counter()
    with transaction.atomic():  # emails are queued after commit: sending is not part of the scan
        result = reminders_scan(today=day)
        transaction.set_rollback(True)  # and nothing is kept, so every run starts equal
    return (time.perf_counter() - started) * 1000, len(connection.queries), result


def main() -> None:
    user, office = common.methodist()
    schools_with_directors()
    print(f"reminder scan benchmark, SQLite, {SCHOOLS} schools with a director each")
    busy = dt.date(2023, 3, 31)  # a Friday and a month and quarter end
    quiet = dt.date(2023, 3, 19)  # a Sunday: nothing due, nothing 1 or 7 days ahead, no weekly overdue
    for size in SIZES:
        grow_to(user, office, size)
        total = Occurrence.objects.count()
        due = Occurrence.objects.filter(due_date=busy).count()
        busy_ms, busy_queries, result = timed_scan(busy)
        quiet_ms, quiet_queries, _ = timed_scan(quiet)
        print(
            f"{total:>7} occurrences ({due} due on {busy:%d.%m.%Y}): "
            f"scan {busy_ms:7.1f} ms, {busy_queries} queries, {result.sent} digests; "
            f"a day with nothing due: {quiet_ms:6.1f} ms, {quiet_queries} queries"
        )


if __name__ == "__main__":
    main()
