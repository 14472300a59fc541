"""Export of a roadmap: JSON (the rows as in `*.rows.json`) and an Excel workbook to print or edit.

Texts that Excel would take for a formula stay text (core.xlsx). The workbook is written from rows
streamed out of the database in chunks (plain tuples, no model instances) into a file, so its memory
does not grow with the roadmap.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from openpyxl.styles import Alignment, Font, PatternFill

from core.xlsx import StreamedWorkbook, thin_border

from .models import Roadmap, RoadmapRow

HEADERS = ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат")
WIDTHS = (9, 62, 24, 36, 30)
JSON_CONTENT_TYPE = "application/json; charset=utf-8"

_BORDER = thin_border()
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADING_FILL = PatternFill("solid", fgColor="F2F2F2")
_UNSAFE_NAME_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
#: The fields of a row in the workbook, in the order `row_values` yields them.
XLSX_FIELDS = ("is_heading", "number", "activity", "deadline_text", "responsible_text", "result_text")
#: Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000


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
    book.add_header_style("rm-header", _BORDER)
    book.add_style("rm-heading", font=Font(bold=True), fill=_HEADING_FILL, border=_BORDER, alignment=_WRAP)
    book.add_style("rm-heading-rest", fill=_HEADING_FILL, border=_BORDER, alignment=_WRAP)
    book.add_style("rm-text", border=_BORDER, alignment=_WRAP)


def row_values(roadmap: Roadmap) -> Iterator[tuple]:
    """The rows' XLSX_FIELDS in document order, streamed from the database CHUNK_SIZE rows at a time."""
    return roadmap.rows.order_by("position").values_list(*XLSX_FIELDS).iterator(chunk_size=CHUNK_SIZE)


def _values_of(rows: Iterable) -> Iterator[tuple]:
    return ((*(getattr(row, name) for name in XLSX_FIELDS),) for row in rows)


def export_xlsx(roadmap: Roadmap, rows: Sequence | None = None) -> bytes:
    """The workbook of write_xlsx as bytes (for tests and small roadmaps; views stream write_xlsx)."""
    stream = io.BytesIO()
    write_xlsx(roadmap, stream, rows)
    return stream.getvalue()


def write_xlsx(roadmap: Roadmap, file: BinaryIO, rows: Iterable | None = None) -> None:
    """A workbook into `file`: title and period above a bold, frozen header; headings bold and merged.

    Written in write-only mode with shared named styles (core.xlsx.StreamedWorkbook). `rows`: objects
    with the XLSX_FIELDS as attributes (RoadmapRow, RowData); by default the roadmap's rows, streamed.
    """
    values = row_values(roadmap) if rows is None else _values_of(rows)
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

    # A heading's number and activity, then the shaded, framed empty cells under its merged range.
    heading_styles = ("rm-heading", "rm-heading", *["rm-heading-rest"] * (last_column - 2))
    heading_rest = (None,) * (last_column - 2)
    append_values, merge = sheet.append_values, sheet.merge
    for is_heading, *texts in values:
        if is_heading:
            append_values((texts[0], texts[1], *heading_rest), heading_styles)
            merge(2, last_column)
        else:
            append_values(texts, "rm-text")
    book.save(file)


def export_filename(roadmap: Roadmap, extension: str) -> str:
    """«Дорожная карта по развитию ….xlsx»: the title without characters a file name cannot hold."""
    stem = " ".join(_UNSAFE_NAME_RE.sub(" ", roadmap.title).split()).strip(" .") or "Дорожная карта"
    if len(stem) > 120:
        stem = stem[:120].rsplit(" ", 1)[0].rstrip(" .,")
    return f"{stem}.{extension}"
