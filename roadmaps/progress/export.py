"""The items × schools grid as an Excel workbook: the same rows, columns and percentages as the page.

Each cell holds the status as text («выполнено», «отправлен», «нет отчёта, просрочено» …) on the
page's colour; percentages are numbers formatted as percent, so they can be sorted and summed. The
header row and the item column are frozen.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from core.xlsx import HEADER_FILL as _HEADER_FILL
from core.xlsx import StreamedWorkbook

from ..exporters import export_filename
from .selectors import (
    DONE,
    DRAFT,
    IN_PROGRESS,
    NO_DATES,
    NONE,
    NOT_DONE,
    NOT_DUE,
    RETURNED,
    SUBMITTED,
    Grid,
)

HEADER_ROW = 4
FILLS = {
    NONE: "E9ECEF",
    DRAFT: "FFF3CD",
    IN_PROGRESS: "CFF4FC",
    SUBMITTED: "9EC5FE",
    RETURNED: "FFC078",
    DONE: "A3CFBB",
    NOT_DONE: "F1AEB5",
    NOT_DUE: "FFFFFF",
    NO_DATES: "FFFFFF",
}
_THIN = Side(style="thin", color="A0A0A0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_OVERDUE_SIDE = Side(style="medium", color="DC3545")
_OVERDUE_BORDER = Border(left=_OVERDUE_SIDE, right=_OVERDUE_SIDE, top=_OVERDUE_SIDE, bottom=_OVERDUE_SIDE)
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(wrap_text=True, vertical="top")


def cell_text(status_label: str, overdue: bool) -> str:
    return f"{status_label}, просрочено" if overdue else status_label


def _named_styles(book: StreamedWorkbook) -> None:
    """One named style per look, registered once: every cell of a 300 × 50 grid shares one of them."""

    def add(name: str, **attributes) -> None:
        attributes.setdefault("border", _BORDER)
        attributes.setdefault("alignment", _CENTER)
        book.add_style(name, **attributes)

    for status, color in FILLS.items():
        fill = PatternFill("solid", fgColor=color)
        add(f"pg-{status}", fill=fill)
        add(f"pg-{status}-overdue", fill=fill, border=_OVERDUE_BORDER, font=Font(color="9C0006"))
    add("pg-na", font=Font(color="999999"))
    add("pg-pct", number_format="0%")
    add("pg-pct-bold", number_format="0%", font=Font(bold=True))
    add("pg-pct-section", number_format="0%", font=Font(bold=True), fill=_SECTION_FILL)
    add("pg-section", font=Font(bold=True), fill=_SECTION_FILL, alignment=_TOP)
    add("pg-text", alignment=_TOP)
    add("pg-text-bold", alignment=_TOP, font=Font(bold=True))
    add("pg-header", font=Font(bold=True), fill=_HEADER_FILL)
    add(
        "pg-header-school",
        font=Font(bold=True),
        fill=_HEADER_FILL,
        alignment=Alignment(horizontal="center", vertical="bottom", wrap_text=True, text_rotation=90),
    )
    book.add_style(
        "pg-title", font=Font(bold=True, size=13), alignment=Alignment(wrap_text=True, vertical="center")
    )
    book.add_style("pg-summary", font=Font(italic=True, color="555555"))
    book.add_style("pg-figures", font=Font(color="555555"))


def export_grid_xlsx(grid: Grid, *, note: str = "") -> bytes:
    """Written in write-only mode with shared named styles (core.xlsx.StreamedWorkbook)."""
    roadmap = grid.roadmap
    book = StreamedWorkbook()
    _named_styles(book)
    n_orgs = len(grid.columns)
    last = 2 + n_orgs + 1
    sheet = book.sheet(
        "Ход выполнения",
        widths=(8, 60, *[13] * n_orgs, 12),
        freeze=f"C{HEADER_ROW + 1}",
        print_title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        fit_width=True,
    )
    cell = sheet.cell

    def percent(value: int | None, style: str = "pg-pct"):
        return cell("—" if value is None else value / 100, style)

    sheet.append([cell(f"Ход выполнения: {roadmap.title}", "pg-title")], height=34)
    sheet.merge(1, last)
    period = f"Сроки с {grid.date_from:%d.%m.%Y} по {grid.date_to:%d.%m.%Y}; на {grid.today:%d.%m.%Y}."
    sheet.append([cell(f"{period} {note}".strip(), "pg-summary")])
    sheet.merge(1, last)
    total = grid.percent
    figures = f"Выполнено {grid.done} из {grid.expected}" + (f" ({total} %)" if total is not None else "")
    sheet.append([cell(f"{figures}; просрочено: {grid.overdue}.", "pg-figures")])
    sheet.merge(1, last)

    headers = ["№", "Мероприятие", *[c.organization.short_name for c in grid.columns], "% выполнено"]
    sheet.append(
        [
            cell(text, "pg-header-school" if 2 < column < last else "pg-header")
            for column, text in enumerate(headers, start=1)
        ],
        height=110 if n_orgs else 30,
    )

    for line in grid.lines:
        row = line.row
        if line.is_heading:
            section = [cell(None, "pg-section") for _ in range(n_orgs)]
            sheet.append(
                [
                    cell(row.number, "pg-section"),
                    cell(row.activity, "pg-section"),
                    *section,
                    percent(line.percent, "pg-pct-section"),
                ]
            )
            if n_orgs:
                sheet.merge(2, 2 + n_orgs)
            continue
        cells = [cell(row.number, "pg-text"), cell(row.activity, "pg-text")]
        for item in line.cells:
            if not item.expected:
                cells.append(cell("—", "pg-na"))
                continue
            text = cell_text(item.label, item.overdue)
            if item.count > 1:
                text += f" ({item.done}/{item.count})"
            cells.append(cell(text, f"pg-{item.status}-overdue" if item.overdue else f"pg-{item.status}"))
        cells.append(percent(line.percent))
        sheet.append(cells)

    sheet.append(
        [
            cell(None, "pg-text"),
            cell("% выполнено по школе", "pg-text-bold"),
            *[percent(col.percent, "pg-pct-bold") for col in grid.columns],
            percent(grid.percent, "pg-pct-bold"),
        ]
    )
    return book.content()


def grid_filename(grid: Grid) -> str:
    return f"Ход выполнения — {export_filename(grid.roadmap, 'xlsx')}"
