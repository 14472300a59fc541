"""Reading a roadmap out of the documents people bring: Word (.docx), Excel (.xlsx), pasted text.

Pure: python-docx, openpyxl and the standard library only, no database. Every reader ends in the
same `ParsedRoadmap`: the rows of the roadmap table (keys as in `*.rows.json` and
RoadmapRow.as_export()) and what could be recovered from the text around it: title, kind, goal,
tasks, period, and the details of the order that approves it.

How a table row becomes a roadmap row (the same rules for all three sources):
- the table is found by its column headings («Мероприятие», «Сроки», «Ответственные», optional
  «Ожидаемый результат» and «№»), in any order;
- a row that is one cell spread over the columns (merged), or a row with nothing but a title, is a
  heading; a number at its start («1. Информационная поддержка») goes to the number;
- a number and a title in one cell («1.1. Информирование …») are split;
- a row without a number whose texts continue the row above (a row broken by a page break) is
  merged into it; the column-number row «1 2 3 4» is skipped;
- the paragraphs (or lines) of a cell are joined with a single space.

The readers: `docx`, `xlsx` and `text`; what they share: `common` (vocabulary, the parsed roadmap),
`rows` (table rows to roadmap rows), `intro` (title, goal, tasks, period) and `preamble` (the order
in front of the roadmap). This package re-exports their public names; it picks the reader by file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from .common import (
    COLUMN_KEYS,
    COLUMN_LABELS,
    CONTENT_KEYS,
    EMPTY_TEXT_MESSAGE,
    HEADER_SEARCH_ROWS,
    KIND_PLAN,
    KIND_PROGRAMME,
    KIND_ROADMAP,
    MAX_NUMBER_LENGTH,
    MAX_ROWS,
    NO_ROWS_MESSAGE,
    NO_TABLE_MESSAGE,
    NOT_DOCX_MESSAGE,
    NOT_XLSX_MESSAGE,
    REQUIRED_KEYS,
    TOO_MANY_ROWS_MESSAGE,
    ImportedRow,
    NotARoadmap,
    ParsedRoadmap,
    clean,
    column_key,
    match_header,
    missing_columns,
    no_table_message,
    split_number,
)
from .docx import (
    parse_docx,
)
from .intro import (
    detect_period,
    kind_of,
    period_from_deadlines,
    period_from_stages,
    period_from_title,
)
from .preamble import (
    parse_order_preamble,
)
from .rows import (
    RawRow,
    assemble_rows,
)
from .text import (
    DEFAULT_COLUMNS,
    parse_text,
    split_pasted,
)
from .xlsx import (
    parse_xlsx,
)

__all__ = [
    "COLUMN_KEYS",
    "COLUMN_LABELS",
    "CONTENT_KEYS",
    "DEFAULT_COLUMNS",
    "DOCX_EXTENSIONS",
    "EMPTY_TEXT_MESSAGE",
    "HEADER_SEARCH_ROWS",
    "KIND_PLAN",
    "KIND_PROGRAMME",
    "KIND_ROADMAP",
    "ImportedRow",
    "MAX_NUMBER_LENGTH",
    "MAX_ROWS",
    "NOT_DOCX_MESSAGE",
    "NOT_XLSX_MESSAGE",
    "NO_ROWS_MESSAGE",
    "NO_TABLE_MESSAGE",
    "NotARoadmap",
    "ParsedRoadmap",
    "REQUIRED_KEYS",
    "RawRow",
    "TEXT_EXTENSIONS",
    "TOO_MANY_ROWS_MESSAGE",
    "XLSX_EXTENSIONS",
    "assemble_rows",
    "clean",
    "column_key",
    "decode_text",
    "detect_period",
    "kind_of",
    "match_header",
    "missing_columns",
    "no_table_message",
    "parse_docx",
    "parse_file",
    "parse_order_preamble",
    "parse_text",
    "parse_xlsx",
    "period_from_deadlines",
    "period_from_stages",
    "period_from_title",
    "source_of",
    "split_number",
    "split_pasted",
    "unsupported_message",
]

# --- Dispatch -----------------------------------------------------------------------------------------

DOCX_EXTENSIONS = (".docx", ".docm")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
TEXT_EXTENSIONS = (".txt", ".tsv")


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] not in (b"\xff\xfe", b"\xfe\xff") else ("utf-16",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1251", errors="replace")


def source_of(name: str) -> str:
    lower = name.lower()
    if lower.endswith(DOCX_EXTENSIONS):
        return "docx"
    if lower.endswith(XLSX_EXTENSIONS):
        return "xlsx"
    if lower.endswith(TEXT_EXTENSIONS):
        return "text"
    return ""


def unsupported_message(name: str) -> str:
    if name.lower().endswith(".doc"):
        return (
            f"Файл «{name}» — документ Word старого формата (.doc). Откройте его в Word или LibreOffice "
            "и сохраните как «Документ Word (.docx)»."
        )
    if name.lower().endswith(".xls"):
        return (
            f"Файл «{name}» — книга Excel старого формата (.xls). Откройте её в Excel или LibreOffice "
            "и сохраните как «Книга Excel (.xlsx)»."
        )
    return f"Файл «{name}» — не документ Word (.docx) и не книга Excel (.xlsx)."


def parse_file(name: str, data: bytes, *, today: dt.date | None = None) -> ParsedRoadmap:
    """Parse by the file's extension; a .docx that is really a workbook (or back) is read as what it is."""
    source = source_of(name)
    if not source:
        raise NotARoadmap(unsupported_message(name))
    if source == "text":
        return parse_text(decode_text(data), today=today)
    names = _zip_names(data)
    if "word/document.xml" in names:
        return parse_docx(data, today=today)
    if "xl/workbook.xml" in names:
        return parse_xlsx(data, today=today)
    raise NotARoadmap(NOT_DOCX_MESSAGE if source == "docx" else NOT_XLSX_MESSAGE)
