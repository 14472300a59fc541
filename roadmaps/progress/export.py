"""The items × schools grid as an Excel workbook: the same rows, columns and percentages as the page.

Each cell holds the status as text («выполнено», «отправлен», «нет отчёта, просрочено» …) on the
page's colour; percentages are numbers formatted as percent, so they can be sorted and summed. The
header row and the item column are frozen.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.xlsx import HEADER_FILL as _HEADER_FILL
from core.xlsx import fit_to_page_width, workbook_bytes
from core.xlsx import text_cell as _write

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


def _named_styles(workbook: Workbook) -> None:
    """One named style per look: a cell then takes one assignment, not four (a 300 × 50 grid)."""

    def add(name: str, **attributes) -> None:
        attributes.setdefault("border", _BORDER)
        attributes.setdefault("alignment", _CENTER)
        workbook.add_named_style(NamedStyle(name=name, **attributes))

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
    add("pg-header", font=Font(bold=True), fill=_HEADER_FILL)
    add(
        "pg-header-school",
        font=Font(bold=True),
        fill=_HEADER_FILL,
        alignment=Alignment(horizontal="center", vertical="bottom", wrap_text=True, text_rotation=90),
    )


def _percent(ws, row: int, column: int, value: int | None, style: str = "pg-pct"):
    cell = ws.cell(row=row, column=column, value="—" if value is None else value / 100)
    cell.style = style
    return cell


def export_grid_xlsx(grid: Grid, *, note: str = "") -> bytes:
    roadmap = grid.roadmap
    workbook = Workbook()
    _named_styles(workbook)
    ws = workbook.active
    ws.title = "Ход выполнения"
    n_orgs = len(grid.columns)
    last = 2 + n_orgs + 1
    last_letter = get_column_letter(last)

    title = _write(ws, 1, 1, f"Ход выполнения: {roadmap.title}")
    title.font = Font(bold=True, size=13)
    title.alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A1:{last_letter}1")
    ws.row_dimensions[1].height = 34
    period = f"Сроки с {grid.date_from:%d.%m.%Y} по {grid.date_to:%d.%m.%Y}; на {grid.today:%d.%m.%Y}."
    summary = _write(ws, 2, 1, f"{period} {note}".strip())
    summary.font = Font(italic=True, color="555555")
    ws.merge_cells(f"A2:{last_letter}2")
    total = grid.percent
    figures = f"Выполнено {grid.done} из {grid.expected}" + (f" ({total} %)" if total is not None else "")
    _write(ws, 3, 1, f"{figures}; просрочено: {grid.overdue}.").font = Font(color="555555")
    ws.merge_cells(f"A3:{last_letter}3")

    headers = ["№", "Мероприятие", *[c.organization.short_name for c in grid.columns], "% выполнено"]
    for column, text in enumerate(headers, start=1):
        _write(ws, HEADER_ROW, column, text, "pg-header-school" if 2 < column < last else "pg-header")
    ws.row_dimensions[HEADER_ROW].height = 110 if n_orgs else 30
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 60
    for column in range(3, last):
        ws.column_dimensions[get_column_letter(column)].width = 13
    ws.column_dimensions[last_letter].width = 12
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)

    r = HEADER_ROW
    for line in grid.lines:
        r += 1
        row = line.row
        if line.is_heading:
            for column in range(3, last):
                ws.cell(row=r, column=column).style = "pg-section"
            _write(ws, r, 1, row.number, "pg-section")
            _write(ws, r, 2, row.activity, "pg-section")
            if n_orgs:
                ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=2 + n_orgs)
            _percent(ws, r, last, line.percent, "pg-pct-section")
            continue
        _write(ws, r, 1, row.number, "pg-text")
        _write(ws, r, 2, row.activity, "pg-text")
        for column, item in enumerate(line.cells, start=3):
            if not item.expected:
                ws.cell(row=r, column=column, value="—").style = "pg-na"
                continue
            text = cell_text(item.label, item.overdue)
            if item.count > 1:
                text += f" ({item.done}/{item.count})"
            style = f"pg-{item.status}-overdue" if item.overdue else f"pg-{item.status}"
            ws.cell(row=r, column=column, value=text).style = style
        _percent(ws, r, last, line.percent)

    r += 1
    ws.cell(row=r, column=1).style = "pg-text"
    _write(ws, r, 2, "% выполнено по школе", "pg-text").font = Font(bold=True)
    for column, col in enumerate(grid.columns, start=3):
        _percent(ws, r, column, col.percent, "pg-pct-bold")
    _percent(ws, r, last, grid.percent, "pg-pct-bold")

    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    fit_to_page_width(ws)
    return workbook_bytes(workbook)


def grid_filename(grid: Grid) -> str:
    return f"Ход выполнения — {export_filename(grid.roadmap, 'xlsx')}"
