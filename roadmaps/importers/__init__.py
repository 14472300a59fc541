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
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from . import numbering
from .deadlines import academic_year_of, month_end

#: Rows read from one table at most; a district roadmap has tens of rows, a programme a few hundred.
MAX_ROWS = 3000
#: A row number longer than this is text that landed in the number column.
MAX_NUMBER_LENGTH = 32
#: Rows of a sheet or table searched for the header row.
HEADER_SEARCH_ROWS = 12

COLUMN_KEYS = ("number", "activity", "deadline", "responsible", "result")
CONTENT_KEYS = ("activity", "deadline", "responsible", "result")
COLUMN_LABELS = {
    "number": "№",
    "activity": "Мероприятие",
    "deadline": "Сроки",
    "responsible": "Ответственные",
    "result": "Ожидаемый результат",
}
REQUIRED_KEYS = ("activity", "deadline", "responsible")

KIND_ROADMAP, KIND_PLAN, KIND_PROGRAMME = "roadmap", "plan", "programme"

NO_TABLE_MESSAGE = "В документе не найдена таблица с колонками «Мероприятие», «Сроки», «Ответственные»."
NOT_DOCX_MESSAGE = (
    "Файл не похож на документ Word (.docx). Откройте его в Word или LibreOffice и сохраните "
    "как «Документ Word (.docx)»."
)
NOT_XLSX_MESSAGE = (
    "Файл не похож на книгу Excel (.xlsx). Откройте его в Excel или LibreOffice и сохраните "
    "как «Книга Excel (.xlsx)»."
)
EMPTY_TEXT_MESSAGE = (
    "Вставленный текст пуст: скопируйте таблицу дорожной карты из Word или Excel и вставьте её в поле."
)
NO_ROWS_MESSAGE = "В таблице дорожной карты нет ни одной строки с мероприятием."
TOO_MANY_ROWS_MESSAGE = f"В таблице больше {MAX_ROWS} строк; разделите дорожную карту на несколько."


class NotARoadmap(ValueError):
    """The document holds no roadmap table; the message (Russian) says what is missing."""


@dataclass
class ImportedRow:
    number: str = ""
    heading: bool = False
    activity: str = ""
    deadline: str = ""
    responsible: str = ""
    result: str = ""

    def as_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ParsedRoadmap:
    source: str  # "docx", "xlsx" or "text"
    rows: list[ImportedRow]
    columns: list[str] = field(default_factory=list)  # keys of the table's columns, in its order
    title: str = ""
    kind: str = KIND_ROADMAP
    goal: str = ""
    tasks: str = ""
    period: tuple[dt.date, dt.date] | None = None
    period_source: str = ""  # "title", "stages", "deadlines" or "default"
    order: dict[str, Any] = field(default_factory=dict)

    @property
    def headings(self) -> int:
        return sum(1 for r in self.rows if r.heading)

    def as_payload(self) -> dict[str, Any]:
        """JSON-ready (dates as ISO strings)."""
        return {
            "source": self.source,
            "columns": list(self.columns),
            "title": self.title,
            "kind": self.kind,
            "goal": self.goal,
            "tasks": self.tasks,
            "period_start": self.period[0].isoformat() if self.period else None,
            "period_end": self.period[1].isoformat() if self.period else None,
            "period_source": self.period_source,
            "order": self.order,
            "rows": [r.as_export() for r in self.rows],
        }


# --- Text helpers ----------------------------------------------------------------------------------

_BOLD_MARK_RE = re.compile(r"\*\*")
# A row number written before the title in the same cell: «1.», «1.1.», «3.2.1» (not «2022», «1 раз»).
_NUMBER_TITLE_RE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}(?:\.\d{1,3})+)\s*(\S.*)$", re.S)


def clean(text: Any) -> str:
    """Whitespace collapsed to single spaces (paragraphs and lines of a cell joined with a space)."""
    if text is None:
        return ""
    return " ".join(str(text).split())


def _strip_marks(text: str) -> str:
    return clean(_BOLD_MARK_RE.sub("", text))


def _key(text: str) -> str:
    return clean(text).replace("ё", "е").replace("Ё", "Е").casefold()


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def _starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


def split_number(text: str) -> tuple[str, str]:
    """«1.1. Информирование …» -> («1.1.», «Информирование …»); text without a number -> («», text)."""
    match = _NUMBER_TITLE_RE.match(text or "")
    if not match:
        return "", text
    return match.group(1), match.group(2).strip()


def column_key(heading: str) -> str | None:
    """Which roadmap column a header cell names, or None."""
    text = _key(_strip_marks(heading)).strip(" :.*")
    if not text or len(text) > 80:
        return None
    compact = text.replace(" ", "")
    if compact.startswith("№") or compact in {"n", "nn", "no", "п/п", "пп", "nп/п", "номер", "#"}:
        return "number"
    if "результат" in text:
        return "result"
    if "ответствен" in text or "исполнител" in text:
        return "responsible"
    if text.startswith("срок") or text.startswith("дата") or text.startswith("период"):
        return "deadline"
    if (
        "мероприят" in text
        or text.startswith("наименование")
        or text.startswith("содержание")
        or text.startswith("направлени")
        or text in {"действия", "вид работы", "виды работ"}
    ):
        return "activity"
    return None


def match_header(cells: list[str]) -> dict[str, int] | None:
    """Column key -> index for a header row naming at least activity, deadline and responsible."""
    found: dict[str, int] = {}
    for index, text in enumerate(cells):
        key = column_key(text)
        if key and key not in found:
            found[key] = index
    if all(k in found for k in REQUIRED_KEYS):
        return found
    return None


def missing_columns(candidates: list[list[str]]) -> list[str]:
    """The required columns missing from the most roadmap-like header among `candidates`."""
    best: set[str] = set()
    for cells in candidates:
        keys = {column_key(c) for c in cells} & set(REQUIRED_KEYS)
        if len(keys) > len(best):
            best = keys
    return [k for k in REQUIRED_KEYS if k not in best]


def no_table_message(candidates: list[list[str]]) -> str:
    missing = missing_columns(candidates)
    if 0 < len(missing) < len(REQUIRED_KEYS):
        names = ", ".join(f"«{COLUMN_LABELS[k]}»" for k in missing)
        what = "колонки" if len(missing) == 1 else "колонок"
        return f"{NO_TABLE_MESSAGE[:-1]}: в самой похожей таблице нет {what} {names}."
    return NO_TABLE_MESSAGE


def _is_column_number_row(texts: list[str]) -> bool:
    """The row «1 2 3 4 5» under the header that numbers the columns."""
    filled = [t for t in texts if t]
    if len(filled) < 3 or not all(t.rstrip(".").isdigit() for t in filled):
        return False
    numbers = sorted(int(t.rstrip(".")) for t in filled)  # texts come by column key, not in table order
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] in (0, 1)


# --- Rows: one algorithm for every source ------------------------------------------------------------


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


# --- The text around the table: title, kind, goal, tasks, period --------------------------------------

_TITLE_RE = re.compile(r"^[«\"“„']*\s*(дорожн\w*\s+карт\w*|план\b|программ\w*)", re.I)
_GOAL_RE = re.compile(
    r"^(?:основная\s+)?цел[ьи](?:\s+(?:программы|плана|дорожной\s+карты|работы))?\s*[:\-–—]?\s*(.*)$",
    re.I | re.S,
)
_TASKS_RE = re.compile(
    r"^(?:основные\s+)?задачи(?:\s+(?:программы|плана|дорожной\s+карты|работы))?\s*[:\-–—]?\s*(.*)$",
    re.I | re.S,
)
_BULLET_RE = re.compile(r"^\s*(?:[-–—•·▪●*]|\d{1,2}[.)])\s*")
_INLINE_LIST_RE = re.compile(r"\s+(?=\d{1,2}\.\s+[А-ЯЁ])")
_MONTHS = [
    (1, r"январ"),
    (2, r"феврал"),
    (3, r"март"),
    (4, r"апрел"),
    (5, r"ма[йяею]"),
    (6, r"июн"),
    (7, r"июл"),
    (8, r"август"),
    (9, r"сентябр"),
    (10, r"октябр"),
    (11, r"ноябр"),
    (12, r"декабр"),
]
_MONTH_WORD = r"(?:" + "|".join(stem for _, stem in _MONTHS) + r")[а-я]*"
_MONTH_YEAR_RE = re.compile(rf"\b({_MONTH_WORD})\s*(?:\d{{1,2}}\s*)?((?:19|20)\d{{2}})", re.I)
_YEAR_RANGE_RE = re.compile(
    r"((?:19|20)\d{2})\s*(?:г\.?\s*)?[-–—/]\s*((?:19|20)?\d{2})\b\s*(г\.?\s*г\.?|гг|год|уч|учебн)?", re.I
)
_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")
_STAGES_RE = re.compile(r"^(?:этапы|сроки|срок|период)(?:\s+и\s+этапы)?\s+реализации", re.I)


def _month_of(word: str) -> int | None:
    word = word.lower()
    for number, stem in _MONTHS:
        if re.match(stem, word):
            return number
    return None


def kind_of(title: str) -> str:
    match = _TITLE_RE.match(_strip_marks(title))
    word = match.group(1).lower() if match else ""
    if word.startswith("план"):
        return KIND_PLAN
    if word.startswith("программ"):
        return KIND_PROGRAMME
    return KIND_ROADMAP


def _full_year(first: int, second: str) -> int:
    return int(second) if len(second) == 4 else first // 100 * 100 + int(second)


def period_from_title(title: str) -> tuple[dt.date, dt.date] | None:
    """«на 2022-2023 учебный год» -> 1.9.2022–31.8.2023; «на 2021-2024 годы» -> 1.1.2021–31.12.2024."""
    text = _strip_marks(title)
    match = _YEAR_RANGE_RE.search(text)
    if match:
        first = int(match.group(1))
        last = _full_year(first, match.group(2))
        mark = (match.group(3) or "").lower()
        if last < first:
            return None
        academic = mark.startswith("уч") or (last == first + 1 and not mark.startswith(("г", "год")))
        if academic and last == first + 1:
            return dt.date(first, 9, 1), dt.date(last, 8, 31)
        return dt.date(first, 1, 1), dt.date(last, 12, 31)
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if len(years) == 1:
        after = text[text.find(str(years[0])) + 4 :].lower()
        if re.match(r"\s*[-–/]?\s*(уч|учебн)", after):
            return academic_year_of(dt.date(years[0], 9, 1))
        return dt.date(years[0], 1, 1), dt.date(years[0], 12, 31)
    return None


def period_from_stages(text: str) -> tuple[dt.date, dt.date] | None:
    """«Этапы реализации … (август 2020-декабрь 2020) … (июнь 2022 - декабрь 2022)» -> 1.8.2020–31.12.2022."""
    months = []
    for word, year in _MONTH_YEAR_RE.findall(text):
        number = _month_of(word)
        if number:
            months.append((int(year), number))
    if months:
        (y0, m0), (y1, m1) = min(months), max(months)
        return dt.date(y0, m0, 1), month_end(y1, m1)
    years = sorted({int(y) for y in _YEAR_RE.findall(text)})
    if years:
        return dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    return None


def period_from_deadlines(texts: list[str]) -> tuple[dt.date, dt.date] | None:
    """The span of the years named in the deadlines: one academic year if it fits, else whole years."""
    windows: list[tuple[dt.date, dt.date]] = []
    for text in texts:
        found: list[tuple[dt.date, dt.date]] = []
        rest = text
        for match in _YEAR_RANGE_RE.finditer(text):
            first = int(match.group(1))
            last = _full_year(first, match.group(2))
            if last == first + 1 and not (match.group(3) or "").lower().startswith(("г", "год")):
                found.append((dt.date(first, 9, 1), dt.date(last, 8, 31)))
            elif last > first:
                found.append((dt.date(first, 1, 1), dt.date(last, 12, 31)))
            rest = rest.replace(match.group(0), " ")
        for match in _MONTH_YEAR_RE.finditer(rest):
            number = _month_of(match.group(1))
            if number:
                year = int(match.group(2))
                found.append((dt.date(year, number, 1), month_end(year, number)))
        named = {int(y) for y in _YEAR_RE.findall(rest)}
        dated = {w[0].year for w in found} | {w[1].year for w in found}
        found += [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in sorted(named - dated)]
        windows += found
    if not windows:
        return None
    lo, hi = min(w[0] for w in windows), max(w[1] for w in windows)
    start, end = academic_year_of(lo)
    if hi <= end:
        return start, end
    return dt.date(lo.year, 1, 1), dt.date(hi.year, 12, 31)


@dataclass
class _Intro:
    title: str = ""
    goal: str = ""
    tasks: str = ""
    stages: str = ""


@dataclass
class _Para:
    text: str
    bold: bool = False


def _read_intro(paragraphs: list[_Para]) -> _Intro:
    """Title, goal, tasks and the «Этапы реализации» text from the paragraphs above the table."""
    intro = _Intro()
    texts = [p.text for p in paragraphs]
    # The title: the nearest paragraph above the table that starts with «Дорожная карта»/«План»/….
    for index in range(len(paragraphs) - 1, -1, -1):
        raw = texts[index].strip()
        if not _TITLE_RE.match(_strip_marks(raw)) or len(raw) > 400:
            continue
        parts = [raw]
        follow = paragraphs[index + 1 : index + 6]
        if raw.startswith("**") and not raw.endswith("**"):
            for para in follow:
                parts.append(para.text)
                if para.text.rstrip().endswith("**"):
                    break
        else:
            for para in follow:
                text = _strip_marks(para.text)
                if not text or _GOAL_RE.match(text) or _TASKS_RE.match(text):
                    break
                if (paragraphs[index].bold and para.bold and len(text) < 200) or _starts_lower(text):
                    parts.append(para.text)
                else:
                    break
        intro.title = _strip_marks(" ".join(parts))
        break
    for index, para in enumerate(paragraphs):
        text = _strip_marks(para.text)
        if not text:
            continue
        if _STAGES_RE.match(text):
            intro.stages = text
        goal = _GOAL_RE.match(text)
        if goal and (goal.group(1) and (":" in text[:30] or text.lower().startswith("цель программы"))):
            intro.goal = goal.group(1).strip()
            continue
        tasks = _TASKS_RE.match(text)
        if tasks and (":" in text[:30] or text.lower().startswith("задачи программы")):
            # «Задачи программы 1. … 2. …» in one paragraph: one task a line.
            items = [t.strip() for t in _INLINE_LIST_RE.split(tasks.group(1)) if t.strip()]
            for para_after in paragraphs[index + 1 :]:
                line = _strip_marks(para_after.text)
                if not line:
                    continue
                if not _BULLET_RE.match(line):
                    break
                items.append(_BULLET_RE.sub("", line, count=1).strip())
            intro.tasks = "\n".join(i for i in items if i)
    return intro


def detect_period(
    *, title: str, stages: str, deadlines: list[str], today: dt.date | None
) -> tuple[tuple[dt.date, dt.date] | None, str]:
    """The roadmap's period and where it came from: title, stages, deadlines or default."""
    period = period_from_title(title) if title else None
    if period:
        return period, "title"
    period = period_from_stages(stages) if stages else None
    if period:
        return period, "stages"
    period = period_from_deadlines([d for d in deadlines if d])
    if period:
        return period, "deadlines"
    if today is not None:
        return academic_year_of(today), "default"
    return None, "default"


# --- The order in front of the roadmap ------------------------------------------------------------------

_ORDER_WORD_RE = re.compile(r"^п\s*р\s*и\s*к\s*а\s*з\s*(?:№.*)?$", re.I)
_ORDERING_RE = re.compile(r"п\s*р\s*и\s*к\s*а\s*з\s*ы\s*в\s*а\s*ю\s*:?", re.I)
_DATE_NUMERIC_RE = re.compile(r"(?<!\d)(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4})")
_DATE_QUOTED_RE = re.compile(
    rf"[«\"“]\s*(\d{{1,2}})\s*[»\"”]\s*(\d{{1,2}}|{_MONTH_WORD})\.?\s*(\d{{4}})", re.I
)
_DATE_WORDS_RE = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_WORD})\s+(\d{{4}})", re.I)
_ORDER_NUMBER_RE = re.compile(r"№\s*([0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё\-/.]*)")
_PLACE_RE = re.compile(
    r"^(?:г\.|гор\.|город|пгт\.?|п\.|пос\.|поселок|посёлок|с\.|село|ст\.|ст-ца|станица|рп\.?|р\.\s?п\.|х\.|хутор|"
    r"д\.|деревня|аул|м\.\s?о\.)\s*[А-ЯЁ]"
)
_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\."
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_NAME_RE = re.compile(rf"^(?:{_INITIALS}\s?{_SURNAME}|{_SURNAME}\s+{_INITIALS})$")
# A position and a name on one line: «Начальник отдела\t\tИ.И. Петров», «методист Сидорова А.А.».
_NAME_AT_END_RE = re.compile(rf"^(.*?\S)\s+({_INITIALS}\s?{_SURNAME}|{_SURNAME}\s+{_INITIALS})$")
_EXECUTOR_RE = re.compile(
    r"^(?:проект\s+(?:подготовлен|подготовил|внес)\w*|исполнител\w*|подготовил\w*)", re.I
)
_POINT_RE = re.compile(r"^(\d{1,2})\s*[.)]\s*(\S.*)$", re.S)
_STAMP_RE = re.compile(r"^(?:утвержд\w*|приложение|согласован\w*)\b", re.I)


def _date_in(text: str) -> dt.date | None:
    for regex in (_DATE_NUMERIC_RE, _DATE_QUOTED_RE, _DATE_WORDS_RE):
        match = regex.search(text)
        if not match:
            continue
        day, month_text, year = match.groups()
        month = int(month_text) if month_text.isdigit() else _month_of(month_text)
        try:
            return dt.date(int(year), month or 0, int(day))
        except ValueError:
            continue
    return None


def _is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _name_split(text: str) -> tuple[str, str] | None:
    """(position part, name) when the line is a name or ends with one after a gap; else None."""
    text = text.strip()
    if _NAME_RE.match(clean(text)):
        return "", clean(text)
    match = _NAME_AT_END_RE.match(text)
    if match:
        return clean(match.group(1)), clean(match.group(2))
    return None


def _signature(lines: list[str], start: int) -> tuple[str, str, int]:
    """Position and name of a signature block starting at `start`; returns the index after it."""
    position: list[str] = []
    for index in range(start, min(start + 6, len(lines))):
        split = _name_split(lines[index])
        if split:
            if split[0]:
                position.append(split[0])
            return clean(" ".join(position)), split[1], index + 1
        position.append(clean(lines[index]))
    return "", "", start


def parse_order_preamble(paragraphs: list[str]) -> tuple[dict[str, Any], int]:
    """The order at the start of a document (issuer, date, number, heading, points, signatory).

    Returns the details as a plain dict (empty when the document does not start with an order)
    and the index of the first paragraph after the order.
    """
    raw_lines = [
        _BOLD_MARK_RE.sub("", p).strip() for p in paragraphs
    ]  # gaps kept: «Начальник\t\tИ.И. Петров»
    lines = [clean(p) for p in raw_lines]
    # A paragraph may hold several lines (soft breaks): the issuer block often does.
    order_at = next(
        (i for i, text in enumerate(lines[:20]) if text and _ORDER_WORD_RE.match(text)),
        None,
    )
    if order_at is None:
        return {}, 0
    result: dict[str, Any] = {
        "issuer": [],
        "date": None,
        "number": "",
        "place": "",
        "heading": "",
        "preamble": "",
        "points": [],
        "signatory_position": "",
        "signatory_name": "",
        "executor_position": "",
        "executor_name": "",
        "order_id": None,
    }
    for raw in paragraphs[:order_at]:
        for line in _BOLD_MARK_RE.sub("", raw).splitlines():
            if clean(line) and _is_upper_line(line):
                result["issuer"].append(clean(line))
    word = _ORDER_WORD_RE.match(lines[order_at])
    number_in_word = _ORDER_NUMBER_RE.search(word.group(0)) if word else None
    if number_in_word:
        result["number"] = number_in_word.group(1).rstrip(".")

    index = order_at + 1
    # Date, number and place, until the heading «Об утверждении …».
    while index < len(lines):
        text = lines[index]
        if not text:
            index += 1
            continue
        if re.match(r"^(?:об?|о\s+внесении|по\s+)\s", text, re.I) and not _date_in(text):
            break
        if _ORDERING_RE.search(text) or index - order_at > 8:
            break
        date = _date_in(text)
        if date and not result["date"]:
            result["date"] = date.isoformat()
        number = _ORDER_NUMBER_RE.search(text)
        if number and not result["number"]:
            result["number"] = number.group(1).rstrip(".")
        if _PLACE_RE.match(text) and not result["place"]:
            result["place"] = text
        index += 1

    # The heading, then the preamble ending in «ПРИКАЗЫВАЮ».
    ordering_at = next(
        (i for i in range(index, min(index + 15, len(lines))) if _ORDERING_RE.search(lines[i])), None
    )
    if ordering_at is None:
        if index < len(lines):
            result["heading"] = lines[index]
        return result, index + 1
    ordering = _ORDERING_RE.search(lines[ordering_at])
    before, after = clean(lines[ordering_at][: ordering.start()]), clean(lines[ordering_at][ordering.end() :])
    if before:
        preamble_at, preamble = ordering_at, before
    else:  # «ПРИКАЗЫВАЮ:» on a line of its own: the preamble is the paragraph above it
        preamble_at = ordering_at - 1
        while preamble_at > index and not lines[preamble_at]:
            preamble_at -= 1
        preamble = lines[preamble_at] if preamble_at >= index else ""
    result["preamble"] = preamble
    result["heading"] = clean(" ".join(t for t in lines[index:preamble_at] if t))

    # Points «1. …», «2. …»; lines that continue a point are joined to it.
    index = ordering_at + 1
    points: list[str] = []
    if after:  # «… ПРИКАЗЫВАЮ: 1. Утвердить …» in one paragraph
        points.append(_POINT_RE.sub(r"\2", after))
    while index < len(lines):
        text = lines[index]
        if not text:
            index += 1
            continue
        point = _POINT_RE.match(text)
        if point:
            points.append(clean(point.group(2)))
        elif points and (_starts_lower(text) or _BULLET_RE.match(text) and not text[:1].isdigit()):
            points[-1] = f"{points[-1]} {text}"
        else:
            break
        index += 1
    result["points"] = points

    # The signatory: position lines, then «Ю.Н. Богинский».
    while index < len(lines) and not lines[index]:
        index += 1
    if index < len(lines) and not _STAMP_RE.match(lines[index]):
        position, name, after_signature = _signature(raw_lines, index)
        if name:
            result["signatory_position"], result["signatory_name"] = position, name
            index = after_signature
    # «Проект подготовлен и внесен:», then the executor's position and name.
    while index < len(lines) and not lines[index]:
        index += 1
    if index < len(lines) and _EXECUTOR_RE.match(lines[index]):
        head = lines[index]
        rest = clean(head.split(":", 1)[1]) if ":" in head else ""
        split = _name_split(rest) if rest else None
        if split:
            result["executor_position"], result["executor_name"] = split
            index += 1
        else:
            probe = [rest] if rest else []
            position, name, after_executor = _signature(probe + raw_lines[index + 1 :], 0)
            if name:
                result["executor_position"], result["executor_name"] = position, name
                index = index + 1 + after_executor - len(probe)
            else:
                index += 1
    return result, index


# --- DOCX ---------------------------------------------------------------------------------------------

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


def _open_docx(data: bytes):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise NotARoadmap(NOT_DOCX_MESSAGE)
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


def _ordered_keys(columns: dict[str, int]) -> list[str]:
    return [k for k, _ in sorted(columns.items(), key=lambda item: item[1])]


def _with_intro(
    parsed: ParsedRoadmap, paragraphs: list[_Para], raw_paragraphs: list[str], today: dt.date | None
) -> ParsedRoadmap:
    keep = [i for i, p in enumerate(paragraphs) if p.text or raw_paragraphs[i].strip()]
    order, after = parse_order_preamble([raw_paragraphs[i] for i in keep])
    parsed.order = order
    rest = [paragraphs[i] for i in keep[after:]] if order else [paragraphs[i] for i in keep]
    intro = _read_intro(rest)
    parsed.title, parsed.goal, parsed.tasks = intro.title, intro.goal, intro.tasks
    parsed.kind = kind_of(intro.title) if intro.title else KIND_ROADMAP
    parsed.period, parsed.period_source = detect_period(
        title=intro.title,
        stages=intro.stages,
        deadlines=[r.deadline for r in parsed.rows if not r.heading],
        today=today,
    )
    return parsed


# --- XLSX ---------------------------------------------------------------------------------------------


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
    return _with_intro(
        ParsedRoadmap(source="xlsx", rows=rows, columns=_ordered_keys(columns)),
        paragraphs,
        [p.text for p in paragraphs],
        today,
    )


# --- Pasted text --------------------------------------------------------------------------------------

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
