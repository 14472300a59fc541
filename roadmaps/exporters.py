"""Export of a roadmap: JSON (the rows as in `*.rows.json`) and an Excel workbook to print or edit.

Texts that Excel would take for a formula stay text (core.xlsx.text_cell).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.xlsx import HEADER_FILL, fit_to_page_width, text_cell, thin_border, workbook_bytes

from .models import Roadmap, RoadmapRow

HEADERS = ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат")
WIDTHS = (9, 62, 24, 36, 30)
JSON_CONTENT_TYPE = "application/json; charset=utf-8"

_BORDER = thin_border()
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADING_FILL = PatternFill("solid", fgColor="F2F2F2")
_UNSAFE_NAME_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def ordered_rows(roadmap: Roadmap) -> list[RoadmapRow]:
    return list(roadmap.rows.order_by("position"))


def rows_as_json(rows: Sequence[RoadmapRow]) -> list[dict]:
    return [row.as_export() for row in rows]


def export_json(roadmap: Roadmap, rows: Sequence[RoadmapRow] | None = None) -> bytes:
    """The rows in document order with the keys of `*.rows.json`, UTF-8 without escapes."""
    rows = ordered_rows(roadmap) if rows is None else rows
    return json.dumps(rows_as_json(rows), ensure_ascii=False, indent=2).encode("utf-8")


def export_xlsx(roadmap: Roadmap, rows: Sequence[RoadmapRow] | None = None) -> bytes:
    """A workbook: title and period above a bold, frozen header; headings bold and merged across."""
    rows = ordered_rows(roadmap) if rows is None else rows
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Дорожная карта"
    last_column = len(HEADERS)
    last_letter = get_column_letter(last_column)

    title = text_cell(ws, 1, 1, roadmap.title)
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.merge_cells(f"A1:{last_letter}1")
    ws.row_dimensions[1].height = max(30, 20 * (len(roadmap.title) // 110 + 1))
    period = text_cell(ws, 2, 1, f"Период: {roadmap.period_label}")
    period.alignment = Alignment(horizontal="center")
    period.font = Font(italic=True, color="555555")
    ws.merge_cells(f"A2:{last_letter}2")

    header_row = 3
    for column, (heading, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=header_row, column=column, value=heading)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)

    for offset, row in enumerate(rows, start=1):
        r = header_row + offset
        if row.is_heading:
            number = text_cell(ws, r, 1, row.number)
            text = text_cell(ws, r, 2, row.activity)
            for cell in (number, text):
                cell.font = Font(bold=True)
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=last_column)
            for column in range(1, last_column + 1):
                cell = ws.cell(row=r, column=column)
                cell.fill = _HEADING_FILL
                cell.border = _BORDER
                cell.alignment = _WRAP
            continue
        values = (row.number, row.activity, row.deadline_text, row.responsible_text, row.result_text)
        for column, value in enumerate(values, start=1):
            cell = text_cell(ws, r, column, value)
            cell.alignment = _WRAP
            cell.border = _BORDER

    ws.print_title_rows = f"{header_row}:{header_row}"
    fit_to_page_width(ws)
    return workbook_bytes(workbook)


def export_filename(roadmap: Roadmap, extension: str) -> str:
    """«Дорожная карта по развитию ….xlsx»: the title without characters a file name cannot hold."""
    stem = " ".join(_UNSAFE_NAME_RE.sub(" ", roadmap.title).split()).strip(" .") or "Дорожная карта"
    if len(stem) > 120:
        stem = stem[:120].rsplit(" ", 1)[0].rstrip(" .,")
    return f"{stem}.{extension}"
