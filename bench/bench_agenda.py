"""The agenda page at two sizes: query count and median server time.

    DEBUG=1 .venv/bin/python bench/bench_agenda.py

Works on a throwaway SQLite database in /tmp (created, migrated, deleted). For each size a methodist
gets one approved roadmap of the current academic year with that many rows of monthly and quarterly
deadlines (built through roadmaps.services), then the agenda (list and month views) is requested
10 times with django.test.Client. Prints figures only.
"""

from __future__ import annotations

import common

common.bootstrap("agenda")

from django.utils import timezone  # noqa: E402

from roadmaps.models import Occurrence, Roadmap  # noqa: E402

SIZES = (50, 500)
REQUESTS = 10
DEADLINES = ("Ежемесячно", "1 раз в четверть", "до 25 числа ежемесячно", "ежеквартально")


def main() -> None:
    user, office = common.methodist()
    client = common.client(user)
    today = timezone.localdate()
    print(f"agenda benchmark, SQLite, {REQUESTS} requests each, today {today:%d.%m.%Y}")
    for n_rows in SIZES:
        Roadmap.objects.all().delete()
        roadmap = common.roadmap(user, office, n_rows, DEADLINES, status=Roadmap.Status.APPROVED)
        occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
        for label, url in (
            ("list ", "/roadmaps/agenda/"),
            ("month", f"/roadmaps/agenda/?view=month&month={today:%Y-%m}"),
        ):
            queries, median_ms, _ = common.measure(client, url, REQUESTS)
            print(common.figures(n_rows, occurrences, "occurrences", label, queries, median_ms))


if __name__ == "__main__":
    main()
