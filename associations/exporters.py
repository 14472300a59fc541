"""XLSX exports of the associations: the district table and the «Состав МО» of one association."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from openpyxl.styles import Alignment, Font

from core.xlsx import StreamedWorkbook, thin_border

from .selectors import DISTRICT_COLUMNS, ROSTER_COLUMNS, Column

_BORDER = thin_border()
_UNSAFE_NAME_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _book() -> StreamedWorkbook:
    book = StreamedWorkbook()
    book.add_style("mo-title", font=Font(bold=True, size=14), alignment=Alignment(vertical="center"))
    book.add_header_style("mo-header", _BORDER)
    book.add_style("mo-text", border=_BORDER, alignment=Alignment(wrap_text=True, vertical="top"))
    return book


def write_table(
    file: BinaryIO, *, sheet_title: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence]
) -> None:
    """A titled table with a frozen bold header; every text stays text (core.xlsx)."""
    book = _book()
    sheet = book.sheet(
        sheet_title, widths=[column.width for column in columns], freeze="A3", print_title_rows="2:2"
    )
    sheet.append([sheet.cell(title, "mo-title")], height=24)
    sheet.append([sheet.cell(column.label, "mo-header") for column in columns])
    for row in rows:
        sheet.append_values(row, "mo-text")
    book.save(file)


def write_district(file: BinaryIO, rows, *, title: str) -> None:
    write_table(
        file, sheet_title="Объединения", title=title, columns=DISTRICT_COLUMNS, rows=(r.cells for r in rows)
    )


def write_roster(file: BinaryIO, rows: Iterable[Sequence], *, title: str) -> None:
    write_table(file, sheet_title="Состав МО", title=title, columns=ROSTER_COLUMNS, rows=rows)


def filename(stem: str) -> str:
    stem = " ".join(_UNSAFE_NAME_RE.sub(" ", stem).split()).strip(" .")[:120] or "Объединения"
    return f"{stem}.xlsx"
