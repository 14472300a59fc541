"""Reading a roadmap out of pasted text: a table copied from Word or Excel, tab- or line-separated."""

from __future__ import annotations

import datetime as dt

from .. import numbering
from .common import EMPTY_TEXT_MESSAGE, NotARoadmap, ParsedRoadmap, clean, match_header, split_number
from .intro import _ordered_keys, _Para, _with_intro
from .rows import RawRow, _finish_rows, _row_line, assemble_rows

DEFAULT_COLUMNS = {"number": 0, "activity": 1, "deadline": 2, "responsible": 3, "result": 4}


def split_pasted(text: str) -> list[list[str]]:
    """Tab-separated lines -> fields; Excel's quoted cells («"…\\n…"», «""» for a quote) are honoured.

    A field is taken as quoted only when it starts with «"» and its closing quote is followed by a
    tab or the end of the line; otherwise quotes are ordinary text («"Дорожная карта" реализации…»).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    records: list[list[str]] = []
    fields: list[str] = []
    pos, size = 0, len(text)
    while pos <= size:
        value = None
        if pos < size and text[pos] == '"':
            end = pos + 1
            while end < size:
                if text[end] == '"':
                    if end + 1 < size and text[end + 1] == '"':
                        end += 2
                        continue
                    break
                end += 1
            if end < size and (end + 1 == size or text[end + 1] in "\t\n"):
                value = text[pos + 1 : end].replace('""', '"')
                pos = end + 1
        if value is None:
            stop = pos
            while stop < size and text[stop] not in "\t\n":
                stop += 1
            value = text[pos:stop]
            pos = stop
        fields.append(value)
        if pos >= size:
            records.append(fields)
            break
        if text[pos] == "\t":
            pos += 1
            if pos == size:
                fields.append("")
                records.append(fields)
                break
            continue
        records.append(fields)  # newline
        fields = []
        pos += 1
    return [r for r in records if any(f.strip() for f in r)]


def parse_text(text: str, *, today: dt.date | None = None) -> ParsedRoadmap:
    if not text or not text.strip():
        raise NotARoadmap(EMPTY_TEXT_MESSAGE)
    records = split_pasted(text)
    if not records:
        raise NotARoadmap(EMPTY_TEXT_MESSAGE)
    header_at, columns = None, None
    for index, fields in enumerate(records):  # text copied with the document above the table too
        found = match_header([clean(f) for f in fields]) if len(fields) > 1 else None
        if found:
            header_at, columns = index, found
            break
    if columns is None:
        widest = max(len(r) for r in records)
        if widest < 2:
            raise NotARoadmap(
                "Во вставленном тексте нет колонок: скопируйте таблицу целиком — колонки "
                "«№», «Мероприятие», «Сроки», «Ответственные» разделяются табуляцией."
            )
        numbered = sum(1 for r in records if len(r) > 1 and numbering.is_number(clean(r[0])))
        if widest == 3 and numbered * 2 < len(records):
            columns = {"activity": 0, "deadline": 1, "responsible": 2}
        else:
            columns = {k: i for k, i in DEFAULT_COLUMNS.items() if i < max(widest, 4)}
    body = records[header_at + 1 :] if header_at is not None else records
    raw_rows = []
    for fields in body:
        cleaned = [clean(f) for f in fields]
        if len(fields) == 1:
            raw_rows.append(RawRow(cells={"activity": cleaned[0]}, single=True))
            continue
        number_index = columns.get("number")
        cells = {k: (cleaned[i] if i < len(cleaned) else "") for k, i in columns.items()}
        if number_index is not None and len(cleaned) < len(columns) and cells.get("number"):
            own, rest = split_number(cells["number"])
            if own and rest:  # «1.1. Информирование …» in one cell, the other columns shifted left
                shifted = [own, rest, *cleaned[number_index + 1 :]]
                cells = {k: (shifted[i] if i < len(shifted) else "") for k, i in columns.items()}
        first = min(columns.values())
        blank = first >= len(cleaned) or not cleaned[first]
        raw_rows.append(RawRow(cells=cells, leading_blank=blank))
    header = [clean(f) for f in records[header_at]] if header_at is not None else []
    rows = _finish_rows(assemble_rows(raw_rows, pasted=True, header=header))
    paragraphs = [_Para(_row_line([clean(f) for f in r])) for r in records[: header_at or 0]]
    return _with_intro(
        ParsedRoadmap(source="text", rows=rows, columns=_ordered_keys(columns)),
        paragraphs,
        [p.text for p in paragraphs],
        today,
    )
