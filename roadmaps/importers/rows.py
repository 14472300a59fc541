"""Table rows to roadmap rows: one algorithm for every source (headings, split numbers, broken rows)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import numbering
from .common import (
    COLUMN_KEYS,
    CONTENT_KEYS,
    HEADER_SEARCH_ROWS,
    MAX_NUMBER_LENGTH,
    MAX_ROWS,
    NO_ROWS_MESSAGE,
    TOO_MANY_ROWS_MESSAGE,
    ImportedRow,
    NotARoadmap,
    _is_column_number_row,
    _starts_lower,
    _starts_upper,
    clean,
    match_header,
    split_number,
)


@dataclass
class RawRow:
    """One table row (or pasted line) with its texts by column key, before classification."""

    cells: dict[str, str]
    spanning: str | None = None  # the text of one cell merged across the columns (a heading)
    continued: frozenset[str] = frozenset()  # keys whose cell continues a vertical merge from above
    leading_blank: bool = False  # pasted text: the line starts with a tab
    single: bool = False  # pasted text: the line has no tabs at all


def _heading_row(number: str, text: str) -> ImportedRow:
    own_number, rest = split_number(text)
    if own_number and (not number or numbering.NUMBER_RE.match(number)):
        number = number or own_number
        text = rest
    return ImportedRow(number=number, heading=True, activity=text)


def _append(row: ImportedRow, key: str, text: str) -> None:
    if text:
        setattr(row, key, f"{getattr(row, key)} {text}".strip())


def assemble_rows(
    raw_rows: list[RawRow], *, pasted: bool = False, header: list[str] = ()
) -> list[ImportedRow]:
    """Classify raw rows into headings, items and continuations; see the module docstring."""
    rows: list[ImportedRow] = []
    header_texts = {clean(t) for t in header if clean(t)}
    for raw in raw_rows:
        cells = {k: clean(raw.cells.get(k, "")) for k in COLUMN_KEYS}
        texts = [cells[k] for k in COLUMN_KEYS]
        if not any(texts) and not raw.spanning:
            continue
        if _is_column_number_row(texts):
            continue
        filled = {t for t in texts if t}
        if len(filled) >= 2 and filled <= header_texts:
            continue  # the header repeated after a page break
        if raw.spanning:
            number = cells["number"] if cells["number"] != clean(raw.spanning) else ""
            rows.append(_heading_row(number, clean(raw.spanning)))
            continue
        if (
            cells["number"]
            and not numbering.is_number(cells["number"])
            and not any(cells[k] for k in CONTENT_KEYS)
            and not _starts_lower(cells["number"])
        ):
            # A merged heading copied out of Word or Excel: its text sits in the first cell alone.
            rows.append(_heading_row("", cells["number"]))
            continue

        number, activity = cells["number"], cells["activity"]
        if number and not numbering.is_number(number):
            own, rest = split_number(number)
            if own:  # «1.1. Информирование …» in the number column
                number, activity = own, f"{rest} {activity}".strip()
        elif not number and activity:
            number, activity = split_number(activity)
        others = [cells[k] for k in CONTENT_KEYS[1:]]
        title_only = bool(activity) and not any(others)
        prev = rows[-1] if rows else None

        if pasted and raw.single:
            rows.append(_heading_row("", f"{number} {activity}".strip()))
            continue
        if not number and prev is not None:
            own_cells = {k: v for k, v in cells.items() if k not in raw.continued}
            if prev.heading:
                continues = title_only and _starts_lower(activity)
            elif pasted:
                continues = raw.leading_blank and not (title_only and _starts_upper(activity))
            else:
                continues = (
                    not own_cells.get("activity")
                    or _starts_lower(activity)
                    or (bool(prev.number) and not cells["deadline"] and not title_only)
                )
            if continues:
                for key in CONTENT_KEYS:
                    if key not in raw.continued:
                        _append(prev, key, cells[key] if key != "activity" else activity)
                continue
        if title_only and (number or _starts_upper(activity) or not rows):
            rows.append(_heading_row(number, activity))
            continue
        if not activity and not number:
            continue
        rows.append(
            ImportedRow(
                number=number,
                activity=activity,
                deadline=cells["deadline"],
                responsible=cells["responsible"],
                result=cells["result"],
            )
        )
    return rows


def _finish_rows(rows: list[ImportedRow]) -> list[ImportedRow]:
    rows = [r for r in rows if r.activity or r.number]
    if len(rows) > MAX_ROWS:
        raise NotARoadmap(TOO_MANY_ROWS_MESSAGE)
    if not any(not r.heading for r in rows):
        raise NotARoadmap(NO_ROWS_MESSAGE)
    for row in rows:
        if not row.activity or len(row.number) > MAX_NUMBER_LENGTH:
            # A number alone, or text in the number column that is no number: it is the activity.
            row.activity = f"{row.number} {row.activity}".strip()
            row.number = ""
    return rows


def _header_in(texts: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, cells in enumerate(texts[:HEADER_SEARCH_ROWS]):
        columns = match_header(cells)
        if columns:
            # A second header row right below («1 2 3 4» or sub-headings) is skipped by assemble_rows.
            return index, columns
    return None


def _row_line(cells: list[str]) -> str:
    unique: list[str] = []
    for text in cells:
        if text and (not unique or unique[-1] != text):
            unique.append(text)
    return " ".join(unique)
