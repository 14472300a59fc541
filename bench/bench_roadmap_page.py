"""The roadmap page (roadmaps:detail) at two sizes: query count, median server time, response size.

    DEBUG=1 .venv/bin/python bench/bench_roadmap_page.py

Works on a throwaway SQLite database in /tmp (created, migrated, deleted). A methodist (built through
directory.services) gets a roadmap of 50 and one of 500 rows (through roadmaps.services): a heading
every tenth row, items with varied deadlines (weekly, monthly, quarterly, one date, on request,
continuous, unreadable). Each page is requested 10 times with django.test.Client, as the methodist
(with every edit control) and as an administrator (read-only). Prints figures only.
"""

from __future__ import annotations

import datetime as dt

import common

common.bootstrap("roadmap")

from django.urls import reverse  # noqa: E402

from directory.models import Role  # noqa: E402
from roadmaps.models import Occurrence  # noqa: E402

SIZES = (50, 500)
REQUESTS = 10
PERIOD = (dt.date(2022, 9, 1), dt.date(2023, 8, 31))
DEADLINES = (
    "Ежемесячно",
    "1 раз в четверть",
    "Еженедельно по пятницам",
    "Май 2023 г.",
    "до 30 сентября",
    "По запросу",
    "В течение года",
    "Ежеквартально",
    "Когда получится",
)


def main() -> None:
    methodist, office = common.methodist()
    administrator = common.staff(
        office, "bench-nachalnik", "Богинский", "Юрий", Role.Kind.ADMINISTRATOR, position="Сотрудник"
    )
    clients = {"methodist": common.client(methodist), "admin (read-only)": common.client(administrator)}
    print(f"roadmap page benchmark, SQLite, {REQUESTS} requests each")
    for n_rows in SIZES:
        roadmap = common.roadmap(
            methodist,
            office,
            n_rows,
            DEADLINES,
            PERIOD,
            heading_every=10,
            topic="семинар для руководителей методических объединений",
            result_text="Повышение профессиональной компетентности педагогов",
            goal="Повышение качества образования в районе.",
        )
        occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
        url = reverse("roadmaps:detail", args=[roadmap.pk])
        for label, client in clients.items():
            queries, median_ms, size = common.measure(client, url, REQUESTS)
            line = common.figures(n_rows, occurrences, "due dates", f"{label:<17}", queries, median_ms)
            print(f"{line}, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
