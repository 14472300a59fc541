"""The vocabulary of every reader: limits, column headings, messages, the parsed roadmap, text helpers."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any

from core.safezip import ZipTooLarge, check_zip

#: Rows read from one table at most; a district roadmap has tens of rows, a programme a few hundred.
MAX_ROWS = 3000
#: A row number longer than this is text that landed in the number column.
MAX_NUMBER_LENGTH = 32
#: What a roadmap's DOCX or XLSX may unpack to, in all and one part: openpyxl scans a whole sheet when
#: it opens it and reads a workbook whole (merged cells), so less than core.safezip allows any file.
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024
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


def check_unpacking(data: bytes, *, not_message: str) -> None:
    """Refuse an archive bomb or a damaged zip before python-docx or openpyxl unpack anything."""
    try:
        check_zip(data, max_total=MAX_UNPACKED_BYTES, max_member=MAX_PART_BYTES, verify=True)
    except ZipTooLarge as exc:
        raise NotARoadmap(str(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise NotARoadmap(not_message) from exc


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


# --- Bullets and month words ------------------------------------------------------------------------

_BULLET_RE = re.compile(r"^\s*(?:[-–—•·▪●*]|\d{1,2}[.)])\s*")
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


def _month_of(word: str) -> int | None:
    word = word.lower()
    for number, stem in _MONTHS:
        if re.match(stem, word):
            return number
    return None
