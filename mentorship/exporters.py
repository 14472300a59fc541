"""XLSX of mentorship: the bank of young specialists and the coverage by school (core.xlsx)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

from openpyxl.styles import Alignment, Font

from core.xlsx import StreamedWorkbook, thin_border

from .selectors import BANK_COLUMNS, RETENTION_YEARS, BankRow, Coverage, Retention

_BORDER = thin_border()


def _book() -> StreamedWorkbook:
    book = StreamedWorkbook()
    book.add_style("mt-title", font=Font(bold=True, size=14), alignment=Alignment(vertical="center"))
    book.add_header_style("mt-header", _BORDER)
    book.add_style("mt-text", border=_BORDER, alignment=Alignment(wrap_text=True, vertical="top"))
    book.add_style("mt-total", font=Font(bold=True), border=_BORDER, alignment=Alignment(vertical="top"))
    return book


def _table(
    book, sheet_title: str, title: str, columns: Sequence[tuple[str, float]], rows: Iterable[Sequence]
):
    sheet = book.sheet(sheet_title, widths=[w for _l, w in columns], freeze="A3", print_title_rows="2:2")
    sheet.append([sheet.cell(title, "mt-title")], height=24)
    sheet.append([sheet.cell(label, "mt-header") for label, _w in columns])
    for row in rows:
        sheet.append_values(row, "mt-text")
    return sheet


def write_bank(file: BinaryIO, rows: Iterable[BankRow], *, title: str) -> None:
    book = _book()
    _table(book, "Молодые специалисты", title, BANK_COLUMNS, (row.cells for row in rows))
    book.save(file)


COVERAGE_COLUMNS = [
    ("Организация", 30),
    ("Молодых специалистов", 14),
    ("С наставником", 14),
    ("Доля, %", 10),
    ("Без наставника", 60),
    *((f"Закрепление {Retention(years, 0).label}", 20) for years in RETENTION_YEARS),
    ("Индивидуальных маршрутов", 14),
    ("Пунктов с датой", 12),
    ("Выполнено в срок", 12),
    ("В срок, %", 10),
    ("Просрочено", 12),
]


def _plans_cells(progress) -> list:
    return [
        progress.plans,
        progress.items,
        progress.on_time,
        round(progress.on_time_share, 1),
        progress.overdue,
    ]


def write_coverage(file: BinaryIO, data: Coverage, *, title: str) -> None:
    book = _book()
    sheet = _table(
        book,
        "Охват",
        title,
        COVERAGE_COLUMNS,
        (
            [
                s.name,
                s.young,
                s.covered,
                round(s.share, 1),
                ", ".join(p.full_name for p in s.not_covered),
                *(r.text for r in s.retention),
                *_plans_cells(s.plans),
            ]
            for s in data.schools
        ),
    )
    sheet.append_values(
        [
            "Итого",
            data.young,
            data.covered,
            round(data.share, 1),
            f"без наставника: {data.not_covered}",
            *(r.text for r in data.retention),
            *_plans_cells(data.plans),
        ],
        "mt-total",
    )
    forms = book.sheet("Формы", widths=[40, 14])
    forms.append([forms.cell("Действующие пары по формам наставничества", "mt-title")], height=24)
    forms.append([forms.cell("Форма", "mt-header"), forms.cell("Пар (групп)", "mt-header")])
    for label, count in data.forms:
        forms.append_values([label, count], "mt-text")
    forms.append_values(["Всего", data.active_pairs], "mt-total")
    _write_surveys(book, data)
    book.save(file)


def _write_surveys(book, data: Coverage) -> None:
    """The adaptation surveys of the year: a campaign's heading, then its figures (personal answers:
    only how many answered, as a school sees them on the page: a file travels further than a page)."""
    sheet = book.sheet("Адаптация", widths=[70, 24])
    sheet.append(
        [sheet.cell(f"Адаптация молодых специалистов, {data.year_label} уч. г.", "mt-title")], height=24
    )
    if not data.surveys:
        sheet.append_values(["Анкетирования об адаптации в этом учебном году не было."], "mt-text")
    for survey in data.surveys:
        sheet.append(
            [sheet.cell(f"{survey.title} ({survey.dates_label})", "mt-header"), sheet.cell("", "mt-header")]
        )
        sheet.append_values(["Ответили", f"{survey.answered} из {survey.asked}"], "mt-text")
        if not survey.personal:
            for figure in survey.figures:
                sheet.append_values([figure.name, figure.text], "mt-text")
