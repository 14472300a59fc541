"""Demo roadmaps for «Демонстрационный район»: one approved for the current academic year, one draft."""

from __future__ import annotations

import datetime as dt

from directory.models import Organization

from . import services
from .deadlines import academic_year_of
from .models import Roadmap
from .progress import services as report_services
from .services import RowData

H = "heading"
APPROVED_ROWS = [
    (H, "", "Нормативно-правовая деятельность", "", ""),
    ("", "1", "Обновление муниципальных положений о школьных и районных методических объединениях",
     "до 30 сентября", "Специалисты районного методического кабинета"),
    ("", "2", "Экспертиза планов работы школьных методических объединений", "Октябрь",
     "Специалисты районного методического кабинета, руководители ШМО"),
    (H, "", "Организационно-методическая деятельность", "", ""),
    ("", "3", "Семинары для руководителей школьных методических объединений", "1 раз в четверть",
     "Специалисты районного методического кабинета, руководители РМО"),
    ("", "4", "Заседания районных методических объединений", "Ежемесячно", "Руководители РМО"),
    ("", "5", "Отчёт школ о работе ШМО", "Декабрь, май", "Руководители ОО"),
    ("", "5.1", "Заполнение школами мониторинга деятельности ШМО", "до 30 ноября", "Руководители ОО"),
    ("", "5.2", "Сводный отчёт по мониторингу ШМО", "до 15 декабря", "Попова Н.И., методист РМК"),
    ("", "6", "Консультации по вопросам методической работы", "По запросу",
     "Специалисты районного методического кабинета"),
    (H, "", "Аналитическая работа", "", ""),
    ("", "7", "Мониторинг деятельности школьных методических объединений", "Май",
     "Специалисты районного методического кабинета"),
    ("", "8", "Анализ результативных практик образовательных организаций района", "Июнь",
     "Специалисты районного методического кабинета, руководители ШМО"),
    ("", "9", "Обобщение и презентация опыта работы педагогов", "В течение года", "Руководители РМО и ШМО"),
]  # fmt: skip

DRAFT_ROWS = [
    (H, "1.", "Поддержка молодых педагогов", "", ""),
    ("", "1.1.", "Мониторинг адаптации молодых педагогов", "Январь", "Методисты РМК"),
    ("", "1.2.", "Муниципальный конкурс «Педагогический дебют»", "Март-апрель", "Методисты РМК"),
    ("", "1.3.", "Закрепление наставников за молодыми специалистами", "до 15 сентября", "Руководители ОО"),
]


def _rows(spec) -> list[RowData]:
    return [
        RowData(is_heading=kind == H, number=number, activity=activity, deadline_text=deadline,
                responsible_text=responsible)
        for kind, number, activity, deadline, responsible in spec
    ]  # fmt: skip


def seed_roadmaps(*, user, today: dt.date) -> list[Roadmap]:
    """Create the demo roadmaps unless they exist (matched by title)."""
    start, end = academic_year_of(today)
    years = f"{start.year}-{end.year}"
    office = Organization.objects.filter(kind=Organization.Kind.METHOD_OFFICE).first()
    specs = [
        (
            "Дорожная карта по развитию и сопровождению школьных методических объединений "
            f"на {years} учебный год",
            Roadmap.Status.APPROVED,
            APPROVED_ROWS,
            "Повышение эффективности деятельности школьных методических объединений.",
        ),
        (
            f"План поддержки молодых педагогов на {years} учебный год",
            Roadmap.Status.DRAFT,
            DRAFT_ROWS,
            "Создание условий для профессионального роста молодых педагогов.",
        ),
    ]
    result = []
    for title, status, rows, goal in specs:
        roadmap = Roadmap.objects.filter(title=title).first()
        if roadmap is None:
            roadmap = services.roadmap_create(
                user=user,
                data={
                    "title": title,
                    "kind": Roadmap.Kind.PLAN if title.startswith("План") else Roadmap.Kind.ROADMAP,
                    "period_start": start,
                    "period_end": end,
                    "goal": goal,
                    "status": status,
                    "organization": office,
                },
                rows=_rows(rows),
            )
            # The items for «Руководители ОО» are reported on by every school.
            for row in roadmap.rows.filter(responsible_text="Руководители ОО"):
                report_services.row_assign(user=user, row=row, scope="all")
        result.append(roadmap)
    return result
