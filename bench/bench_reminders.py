"""The reminder scan at 10 000 and 100 000 occurrences, beside the one-query floor.

Builds approved roadmaps of items with the usual deadlines (monthly, quarterly, weekly, a date) assigned
to every school (10 schools, each with a director who has an e-mail; the rows name «Специалисты
районного методического кабинета», so the methodist — without an address — hears of them too), until
the database holds the wanted number of occurrences. Then, for a busy day (a Friday, a month and quarter
end: weekly items overdue for 30 weeks, monthly and quarterly ones due):

- the floor: one hand-written SQL query selecting the same (person, item) pairs the scan claims
  (due today, 1 and 7 days ahead, weekly overdue collapsed to one line per item and school);
- the scan, committed (its e-mails handed to the worker after commit — here the hand-off is counted,
  nothing is sent), the median of three from nobody told, with its queries, the ratio to the floor
  and the growth of the process's peak RSS;
- a repeated scan of the same day, which has nothing new to send;
- the scan's peak memory as tracemalloc sees it (a separate run, rolled back: tracing slows Python).
Figures only, no assertions. PostgreSQL by default (see common.bootstrap).

    cd bench && DEBUG=1 ../.venv/bin/python bench_reminders.py
"""

import common

common.bootstrap("reminders")

from django.test.utils import teardown_test_environment  # noqa: E402

# As the worker runs it: templates rendered without the test framework's instrumentation (no test client
# here; the e-mails are only handed over, see Handed).
teardown_test_environment()

import datetime as dt  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from unittest import mock  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402

from directory import services as directory  # noqa: E402
from directory.models import Organization, Role  # noqa: E402
from notifications import tasks  # noqa: E402
from notifications.models import Digest, Notice, OutgoingEmail, ReminderClaim  # noqa: E402
from notifications.reminders import ITEMS_KEPT, reminders_scan  # noqa: E402
from roadmaps.models import Occurrence, ProgressReport, Roadmap, RoadmapRow  # noqa: E402

SIZES = (10_000, 100_000)
PERIOD = (dt.date(2022, 9, 1), dt.date(2023, 8, 31))  # 52 Fridays
SCHOOLS = 10
ROWS_PER_ROADMAP = 500
DEADLINES = ["Ежемесячно", "1 раз в четверть", "каждую пятницу", "до 15 ноября", "Ежемесячно", "май-июнь"]
BUSY = dt.date(2023, 3, 31)  # a Friday and a month and quarter end
DAYS_BEFORE = (7, 1)  # nobody here changed the default
OVERDUE_WEEKS = 52
SCANS = 3  # busy-day scans, each from nobody told: the median is printed


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
    """Add roadmaps (through the service: deadlines read, occurrences made) until `target` occurrences."""
    while Occurrence.objects.count() < target:
        missing = target - Occurrence.objects.count()
        rows = max(1, min(ROWS_PER_ROADMAP, missing // 20))
        roadmap = common.roadmap(user, office, rows, DEADLINES, period=PERIOD, status="approved")
        RoadmapRow.objects.filter(roadmap=roadmap).update(report_scope=RoadmapRow.ReportScope.ALL)


# The floor: the pairs the scan claims on BUSY, for this benchmark's data (every row assigned to all
# schools and naming the methodists), in one query. Directors: due and before unless the school sent its
# report, overdue (one line per item and school: the latest date and how many) until it is accepted;
# the methodists: due and before only (the schools report, not the office).
FLOOR_SQL = """
WITH occ AS (
    SELECT o.id, o.row_id, o.due_date
    FROM {occurrence} o
    JOIN {row} r ON r.id = o.row_id
    JOIN {roadmap} m ON m.id = r.roadmap_id
    WHERE o.due_date IN ({dates}) AND o.is_active AND NOT r.is_heading AND m.status = 'approved'
),
heads AS (
    SELECT ro.user_id, ro.organization_id
    FROM {role} ro
    JOIN {user} u ON u.id = ro.user_id
    JOIN {organization} g ON g.id = ro.organization_id
    WHERE ro.kind = 'director' AND g.kind = 'school' AND u.is_active
),
methodists AS (
    SELECT ro.user_id FROM {role} ro JOIN {user} u ON u.id = ro.user_id
    WHERE ro.kind = 'methodist' AND u.is_active
),
pairs AS (
    SELECT h.user_id, o.row_id, h.organization_id AS org, o.id AS occ, o.due_date
    FROM occ o CROSS JOIN heads h
    WHERE NOT EXISTS (
        SELECT 1 FROM {report} p
        WHERE p.occurrence_id = o.id AND p.organization_id = h.organization_id
          AND p.state IN ('accepted', CASE WHEN o.due_date >= %s THEN 'submitted' ELSE 'accepted' END)
    )
    UNION ALL
    SELECT m.user_id, o.row_id, 0, o.id, o.due_date
    FROM occ o CROSS JOIN methodists m
    WHERE o.due_date >= %s
)
SELECT user_id, org, MAX(occ), MAX(due_date), COUNT(*)
FROM pairs
GROUP BY user_id, row_id, org, CASE WHEN due_date < %s THEN 0 ELSE occ END
"""


def floor_dates(day: dt.date) -> list[dt.date]:
    ahead = [day + dt.timedelta(days=n) for n in DAYS_BEFORE]
    return [day, *ahead, *(day - dt.timedelta(weeks=k) for k in range(1, OVERDUE_WEEKS + 1))]


def floor(day: dt.date, runs: int = 3) -> tuple[float, int]:
    """The median time (ms) of the one-query floor and how many pairs it selects."""
    dates = floor_dates(day)
    sql = FLOOR_SQL.format(
        dates=", ".join(["%s"] * len(dates)),
        occurrence=Occurrence._meta.db_table,
        row=RoadmapRow._meta.db_table,
        roadmap=Roadmap._meta.db_table,
        role=Role._meta.db_table,
        user=get_user_model()._meta.db_table,
        organization=Organization._meta.db_table,
        report=ProgressReport._meta.db_table,
    )
    timings, pairs = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [*dates, day, day, day])
            pairs = len(cursor.fetchall())
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), pairs


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Handed:
    """Stands for the worker: counts the e-mails handed over after commit, sends nothing."""

    count = 0

    @classmethod
    def delay(cls, *args, **kwargs):
        cls.count += 1


def timed_scan(day: dt.date) -> tuple[float, int, object]:
    """One committed scan: ms, queries, result."""
    reset_queries()
    started = time.perf_counter()
    with mock.patch.object(tasks.send_outgoing_email, "delay", Handed.delay):
        result = reminders_scan(today=day)
    return (time.perf_counter() - started) * 1000, len(connection.queries), result


def traced_scan(day: dt.date) -> float:
    """The scan's peak memory (MB) as tracemalloc sees it; rolled back, nothing sent."""
    tracemalloc.start()
    try:
        with (
            mock.patch.object(tasks.send_outgoing_email, "delay", Handed.delay),
            transaction.atomic(),
        ):
            reminders_scan(today=day)
            transaction.set_rollback(True)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def forget_reminders() -> None:
    """Every size starts with nobody told."""
    ReminderClaim.objects.all().delete()
    Digest.objects.all().delete()
    Notice.objects.all().delete()
    OutgoingEmail.objects.all().delete()


def main() -> None:
    user, office = common.methodist()
    schools_with_directors()
    print(
        f"reminder scan benchmark, {common.database_label()}, {SCHOOLS} schools with a director each "
        "and a methodist without an e-mail"
    )
    for n, size in enumerate(SIZES):
        grow_to(user, office, size)
        if n == 0:
            traced_scan(BUSY)  # once per process: imports, URL resolver, templates — not the scan's work
        total = Occurrence.objects.count()
        due = Occurrence.objects.filter(due_date=BUSY).count()
        with connection.cursor() as cursor:
            # The planner's statistics, as autovacuum keeps them in a database in use (just-built rows
            # have none yet, and both the floor and the scan would be planned blind).
            cursor.execute("ANALYZE")
        floor(BUSY, runs=1)  # warm the database's caches for both
        floor_ms, pairs = floor(BUSY)
        rss_before = max_rss_mb()
        busy_runs = []
        for _ in range(SCANS):
            forget_reminders()
            busy_runs.append(timed_scan(BUSY))
        rss_growth = max_rss_mb() - rss_before
        busy_ms = statistics.median(ms for ms, _, _ in busy_runs)
        _, busy_queries, result = busy_runs[-1]
        claims = ReminderClaim.objects.count()
        counted = sum(sum(d.counts.values()) for d in Digest.objects.all())
        repeat_ms, repeat_queries, repeat = timed_scan(BUSY)
        forget_reminders()
        peak_mb = traced_scan(BUSY)
        print(f"{total:>7} occurrences ({due} due on {BUSY:%d.%m.%Y}):")
        print(f"    one-query floor      {floor_ms:8.1f} ms  ({pairs} pairs)")
        print(
            f"    busy-day scan        {busy_ms:8.1f} ms  = {busy_ms / floor_ms:4.1f}× the floor "
            f"(median of {SCANS}); {busy_queries} queries, {counted} things told in "
            f"{result.sent} digests queued, {claims} claims kept (the first {ITEMS_KEPT} of each group), "
            f"{result.skipped} skipped"
        )
        print(
            f"    peak memory          tracemalloc {peak_mb:6.1f} MB, peak RSS grew {rss_growth:6.1f} MB "
            f"(the process's peak RSS, building included: {max_rss_mb():.0f} MB)"
        )
        print(
            f"    repeat scan same day {repeat_ms:8.1f} ms  ({repeat_queries} queries, "
            f"{repeat.sent} sent, {repeat.skipped} skipped)"
        )


if __name__ == "__main__":
    main()
