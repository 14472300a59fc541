"""Reading a roadmap out of a Word document (.docx): its paragraphs and the roadmap table."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.oxml.ns import qn

from .common import (
    COLUMN_KEYS,
    CONTENT_KEYS,
    HEADER_SEARCH_ROWS,
    NOT_DOCX_MESSAGE,
    NotARoadmap,
    ParsedRoadmap,
    check_unpacking,
    clean,
    no_table_message,
)
from .intro import _ordered_keys, _Para, _with_intro
from .rows import RawRow, _finish_rows, _header_in, _row_line, assemble_rows

_W_P, _W_TBL, _W_SDT, _W_TC, _W_TR = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tc"), qn("w:tr")
_W_SDT_CONTENT = qn("w:sdtContent")
_TEXT_TAGS = {qn("w:t"): None, qn("w:tab"): " ", qn("w:br"): " ", qn("w:cr"): " ", qn("w:noBreakHyphen"): "-"}


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter():
        if el.tag in _TEXT_TAGS:
            parts.append(el.text or "" if _TEXT_TAGS[el.tag] is None else _TEXT_TAGS[el.tag])
    return "".join(parts)


def _paragraph_lines(p) -> str:
    """Paragraph text keeping soft line breaks as newlines (for the issuer block)."""
    parts = []
    for el in p.iter():
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
        elif el.tag == qn("w:tab"):
            parts.append("\t")
    return "".join(parts)


def _paragraph_bold(p) -> bool:
    runs = [r for r in p.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    if not runs:
        return False
    for run in runs:
        props = run.find(qn("w:rPr"))
        bold = props.find(qn("w:b")) if props is not None else None
        if bold is None or bold.get(qn("w:val"), "true") in ("0", "false", "off"):
            return False
    return True


def _children(element):
    """Block children in document order, looking through content controls (w:sdt)."""
    for child in element.iterchildren():
        if child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _children(content)
        else:
            yield child


def _cell_text(tc) -> str:
    parts = []
    for child in _children(tc):
        if child.tag == _W_P:
            parts.append(_paragraph_text(child))
        elif child.tag == _W_TBL:  # a table inside a cell: its text, row by row
            parts.extend(_paragraph_text(p) for p in child.iter(_W_P))
    return clean(" ".join(parts))


@dataclass
class _Slot:
    text: str
    cell: int  # identity of the cell (its root for vertical merges)
    continued: bool = False  # a vertical merge continuing from the row above


def _table_grid(tbl) -> list[list[_Slot]]:
    """The table as rows of layout-grid slots: a merged cell fills every slot it spans."""
    grid: list[list[_Slot]] = []
    roots: dict[int, _Slot] = {}
    for tr in (child for child in _children(tbl) if child.tag == _W_TR):
        slots: list[_Slot] = []
        before = getattr(tr, "grid_before", 0) or 0
        slots.extend(_Slot("", -1 - i) for i in range(before))
        for tc in (child for child in _children(tr) if child.tag == _W_TC):
            span = getattr(tc, "grid_span", 1) or 1
            column = len(slots)
            if getattr(tc, "vMerge", None) == "continue" and column in roots:
                root = roots[column]
                slot = _Slot(root.text, root.cell, continued=True)
            else:
                slot = _Slot(_cell_text(tc), id(tc))
            for offset in range(span):
                slots.append(slot)
                roots[column + offset] = slot if not slot.continued else roots[column]
        grid.append(slots)
    return grid


def _grid_raw_rows(grid: list[list[_Slot]], columns: dict[str, int]) -> list[RawRow]:
    raw_rows = []
    content_columns = [columns[k] for k in CONTENT_KEYS if k in columns]
    for slots in grid:

        def slot(key: str, slots=slots) -> _Slot | None:
            index = columns.get(key)
            return slots[index] if index is not None and index < len(slots) else None

        cells = {k: (s.text if (s := slot(k)) else "") for k in COLUMN_KEYS}
        continued = frozenset(k for k in COLUMN_KEYS if (s := slot(k)) and s.continued)
        if continued and all(k in continued for k, v in cells.items() if v):
            continue  # nothing of its own: every filled cell is a vertical merge from above
        spanning = None
        activity = slot("activity")
        if activity is not None and activity.text and not activity.continued:
            covered = [i for i in content_columns if i < len(slots) and slots[i].cell == activity.cell]
            others = [
                slots[i].text
                for i in content_columns
                if i < len(slots) and slots[i].cell != activity.cell and slots[i].text
            ]
            if len(covered) >= 2 and not others:
                spanning = activity.text
        number = slot("number")
        if (
            spanning is None
            and number is not None
            and number.text
            and activity is not None
            and number.cell == activity.cell
        ):
            # A heading merged from the number column across the whole row.
            covered = [i for i in content_columns if i < len(slots) and slots[i].cell == number.cell]
            if len(covered) >= 2:
                spanning = number.text
        raw_rows.append(RawRow(cells=cells, spanning=spanning, continued=continued))
    return raw_rows


def _grid_texts(grid: list[list[_Slot]]) -> list[list[str]]:
    return [[s.text for s in row] for row in grid]


def _open_docx(data: bytes):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise NotARoadmap(NOT_DOCX_MESSAGE)
    check_unpacking(data, not_message=NOT_DOCX_MESSAGE)
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds of errors on a zip that is not a document
        raise NotARoadmap(NOT_DOCX_MESSAGE) from exc


def parse_docx(data: bytes, *, today: dt.date | None = None) -> ParsedRoadmap:
    document = _open_docx(data)
    blocks = list(_children(document.element.body))
    candidates: list[list[str]] = []
    chosen = None
    for position, block in enumerate(blocks):
        if block.tag != _W_TBL:
            continue
        grid = _table_grid(block)
        texts = _grid_texts(grid)
        header = _header_in(texts)
        if header:
            chosen = (position, grid, header)
            break
        candidates.extend(texts[:HEADER_SEARCH_ROWS])
    if chosen is None:
        raise NotARoadmap(no_table_message(candidates))
    position, grid, (header_at, columns) = chosen
    raw_rows = _grid_raw_rows(grid[header_at + 1 :], columns)
    rows = _finish_rows(assemble_rows(raw_rows, header=_grid_texts(grid)[header_at]))

    # The text above the table: paragraphs, and the rows of tables above it (a programme's passport).
    paragraphs: list[_Para] = []
    raw_paragraphs: list[str] = []
    for block in blocks[:position]:
        if block.tag == _W_P:
            paragraphs.append(_Para(clean(_paragraph_text(block)), _paragraph_bold(block)))
            raw_paragraphs.append(_paragraph_lines(block))
        elif block.tag == _W_TBL:
            for cells in _grid_texts(_table_grid(block)):
                line = _row_line(cells)
                paragraphs.append(_Para(line))
                raw_paragraphs.append(line)
    return _with_intro(
        ParsedRoadmap(source="docx", rows=rows, columns=_ordered_keys(columns)),
        paragraphs,
        raw_paragraphs,
        today,
    )
