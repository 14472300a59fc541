"""Roadmaps for tests, built through the real services."""

import datetime as dt

from roadmaps import services
from roadmaps.services import RowData

YEAR = (dt.date(2022, 9, 1), dt.date(2023, 8, 31))


def make_roadmap(
    *, user, organization, rows=(), title="Дорожная карта по развитию ШМО", period=YEAR, **extra
):
    return services.roadmap_create(
        user=user,
        data={
            "title": title,
            "period_start": period[0],
            "period_end": period[1],
            "organization": organization,
            **extra,
        },
        rows=[r if isinstance(r, RowData) else RowData(**r) for r in rows],
    )


SAMPLE_ROWS = [
    RowData(activity="Нормативно-правовая деятельность", is_heading=True),
    RowData(
        number="1",
        activity="Обновление положений о ШМО",
        deadline_text="2022-2023 уч.г.",
        responsible_text="РМК",
    ),
    RowData(number="2", activity="Семинары для руководителей ШМО", deadline_text="1 раз в четверть"),
    RowData(number="3", activity="Консультации", deadline_text="По запросу"),
    RowData(activity="Аналитическая работа", is_heading=True),
    RowData(number="4", activity="Анализ компетентности", deadline_text="Май 2023 г."),
]
