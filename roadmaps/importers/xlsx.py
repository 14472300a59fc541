"""Reading a roadmap out of an Excel workbook (.xlsx): the first sheet with a roadmap table."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import load_workbook

from .common import (
    CONTENT_KEYS,
    HEADER_SEARCH_ROWS,
    MAX_ROWS,
    NOT_XLSX_MESSAGE,
    TOO_MANY_ROWS_MESSAGE,
    NotARoadmap,
    ParsedRoadmap,
    check_unpacking,
    clean,
    no_table_message,
)
from .intro import _ordered_keys, _Para, _with_intro, kind_of, period_from_title
from .rows import RawRow, _finish_rows, _header_in, _row_line, assemble_rows


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    return clean(value)


def parse_xlsx(data: bytes, *, today: dt.date | None = None) -> ParsedRoadmap:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise NotARoadmap(NOT_XLSX_MESSAGE)
    check_unpacking(data, not_message=NOT_XLSX_MESSAGE)
    _check_row_counts(data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a zip that is not a workbook
        raise NotARoadmap(NOT_XLSX_MESSAGE) from exc
    candidates: list[list[str]] = []
    try:
        for sheet in workbook.worksheets:
            parsed = _parse_sheet(sheet, candidates, today)
            if parsed is not None:
                return parsed
    finally:
        workbook.close()
    raise NotARoadmap(no_table_message(candidates).replace("В документе", "В книге"))


def _check_row_counts(data: bytes) -> None:
    """Stream every sheet in read-only mode and stop at the row limit, before the whole workbook is
    loaded (the full load is needed for merged cells, and costs memory per cell)."""
    limit = MAX_ROWS + HEADER_SEARCH_ROWS
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a zip that is not a workbook
        raise NotARoadmap(NOT_XLSX_MESSAGE) from exc
    try:
        for sheet in workbook.worksheets:
            for count, _row in enumerate(sheet.iter_rows(max_col=30, values_only=True), start=1):
                if count > limit:
                    raise NotARoadmap(TOO_MANY_ROWS_MESSAGE)
    except NotARoadmap:
        raise
    except Exception as exc:  # a damaged part inside a valid zip shows up only while reading rows
        raise NotARoadmap(NOT_XLSX_MESSAGE) from exc
    finally:
        workbook.close()


def _parse_sheet(sheet, candidates: list[list[str]], today: dt.date | None) -> ParsedRoadmap | None:
    max_col = min(sheet.max_column or 0, 30)
    values = [
        [_xlsx_text(v) for v in row]
        for row in sheet.iter_rows(min_row=1, max_row=(sheet.max_row or 0), max_col=max_col, values_only=True)
    ]
    if len(values) > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise NotARoadmap(TOO_MANY_ROWS_MESSAGE)
    header = _header_in(values)
    if header is None:
        candidates.extend(values[:HEADER_SEARCH_ROWS])
        return None
    header_at, columns = header
    # Merged ranges: the top-left cell holds the value; horizontal spans over the activity make a
    # heading, vertical spans repeat the value in the rows below (marked as continued).
    spans: dict[int, list[tuple[int, int]]] = {}
    continued: dict[int, set[int]] = {}
    for merged in sheet.merged_cells.ranges:
        top, bottom = merged.min_row - 1, merged.max_row - 1
        left, right = merged.min_col - 1, merged.max_col - 1
        if right > left:
            for r in range(top, bottom + 1):
                spans.setdefault(r, []).append((left, right))
        if bottom > top:
            value = values[top][left] if top < len(values) and left < len(values[top]) else ""
            for r in range(top + 1, min(bottom + 1, len(values))):
                for c in range(left, min(right + 1, len(values[r]))):
                    values[r][c] = value
                    continued.setdefault(r, set()).add(c)
    content_columns = [columns[k] for k in CONTENT_KEYS if k in columns]
    raw_rows = []
    for r in range(header_at + 1, len(values)):
        row = values[r]
        cells = {k: (row[i] if i < len(row) else "") for k, i in columns.items()}
        row_continued = frozenset(k for k, i in columns.items() if i in continued.get(r, ()))
        if row_continued and all(k in row_continued for k, v in cells.items() if v):
            continue
        spanning = None
        for left, right in spans.get(r, []):
            covered = [i for i in content_columns if left <= i <= right]
            if columns["activity"] in range(left, right + 1) and len(covered) >= 2 and row[left]:
                others = [i for i in content_columns if not left <= i <= right and i < len(row) and row[i]]
                if not others:
                    spanning = row[left]
                    if "number" in columns and left <= columns["number"] <= right:
                        cells["number"] = ""
        raw_rows.append(RawRow(cells=cells, spanning=spanning, continued=row_continued))
    rows = _finish_rows(assemble_rows(raw_rows, header=values[header_at]))
    paragraphs = [_Para(_row_line(cells)) for cells in values[:header_at]]
    parsed = _with_intro(
        ParsedRoadmap(source="xlsx", rows=rows, columns=_ordered_keys(columns)),
        paragraphs,
        [p.text for p in paragraphs],
        today,
    )
    if not parsed.title:
        _title_from_sheet(parsed, sheet, values, header_at)
    return parsed


# Names a spreadsheet program gives a new sheet: no title.
_DEFAULT_SHEET_NAME_RE = re.compile(r"^(?:sheet|лист|list|tabelle|feuil)\s*\d*$", re.I)


def _title_from_sheet(parsed: ParsedRoadmap, sheet, values: list[list[str]], header_at: int) -> None:
    """A workbook's title when no «Дорожная карта …» line names it: the first merged row above the
    table (a title spread across the columns), else the sheet's own name (unless a default one)."""
    merged_rows = sorted(
        {
            m.min_row - 1
            for m in sheet.merged_cells.ranges
            if m.max_col > m.min_col and m.min_row - 1 < header_at
        }
    )
    title = next((_row_line(values[r]) for r in merged_rows if _row_line(values[r])), "")
    if not title and not _DEFAULT_SHEET_NAME_RE.match(clean(sheet.title)):
        title = clean(sheet.title)
    if not title:
        return
    parsed.title = title
    parsed.kind = kind_of(title)
    period = period_from_title(title)
    if period and parsed.period_source != "stages":
        parsed.period, parsed.period_source = period, "title"
