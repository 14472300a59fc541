"""Export of a roadmap: JSON (the rows as in `*.rows.json`) and an Excel workbook to print or edit.

Texts that Excel would take for a formula stay text (core.xlsx.StreamedWorkbook.cell).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from openpyxl.styles import Alignment, Font, PatternFill

from core.xlsx import HEADER_FILL, StreamedWorkbook, thin_border

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


def _styles(book: StreamedWorkbook) -> None:
    """The looks of the sheet, registered once: every cell shares one of them."""
    book.add_style(
        "rm-title",
        font=Font(bold=True, size=14),
        alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    )
    book.add_style(
        "rm-period", font=Font(italic=True, color="555555"), alignment=Alignment(horizontal="center")
    )
    book.add_style(
        "rm-header",
        font=Font(bold=True),
        fill=HEADER_FILL,
        border=_BORDER,
        alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    )
    book.add_style("rm-heading", font=Font(bold=True), fill=_HEADING_FILL, border=_BORDER, alignment=_WRAP)
    book.add_style("rm-heading-rest", fill=_HEADING_FILL, border=_BORDER, alignment=_WRAP)
    book.add_style("rm-text", border=_BORDER, alignment=_WRAP)


def export_xlsx(roadmap: Roadmap, rows: Sequence[RoadmapRow] | None = None) -> bytes:
    """A workbook: title and period above a bold, frozen header; headings bold and merged across.

    Written in write-only mode with shared named styles (core.xlsx.StreamedWorkbook).
    """
    rows = ordered_rows(roadmap) if rows is None else rows
    book = StreamedWorkbook()
    _styles(book)
    header_row = 3
    last_column = len(HEADERS)
    sheet = book.sheet(
        "Дорожная карта",
        widths=WIDTHS,
        freeze=f"A{header_row + 1}",
        print_title_rows=f"{header_row}:{header_row}",
        fit_width=True,
    )
    cell = sheet.cell
    sheet.append([cell(roadmap.title, "rm-title")], height=max(30, 20 * (len(roadmap.title) // 110 + 1)))
    sheet.merge(1, last_column)
    sheet.append([cell(f"Период: {roadmap.period_label}", "rm-period")])
    sheet.merge(1, last_column)
    sheet.append([cell(heading, "rm-header") for heading in HEADERS])

    # The shaded, framed empty cells of a heading row: a row is written out as it is appended, so the
    # same cells serve every heading.
    rest = [cell(None, "rm-heading-rest") for _ in range(last_column - 2)]
    for row in rows:
        if row.is_heading:
            sheet.append([cell(row.number, "rm-heading"), cell(row.activity, "rm-heading"), *rest])
            sheet.merge(2, last_column)
            continue
        values = (row.number, row.activity, row.deadline_text, row.responsible_text, row.result_text)
        sheet.append([cell(value, "rm-text") for value in values])
    return book.content()


def export_filename(roadmap: Roadmap, extension: str) -> str:
    """«Дорожная карта по развитию ….xlsx»: the title without characters a file name cannot hold."""
    stem = " ".join(_UNSAFE_NAME_RE.sub(" ", roadmap.title).split()).strip(" .") or "Дорожная карта"
    if len(stem) > 120:
        stem = stem[:120].rsplit(" ", 1)[0].rstrip(" .,")
    return f"{stem}.{extension}"
