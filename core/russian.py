"""Russian words: plural forms, month names, date formats and the typography of printed documents.

Pure functions, no Django. The non-breaking spaces keep together what ГОСТ Р 7.0.97 and office habit do
not allow to be split across lines: «№» and its number, initials and the surname, the parts of a verbal
date («5 сентября 2025 г.»), a single-letter preposition or conjunction and the next word.
"""

from __future__ import annotations

import datetime as dt
import re

NBSP = "\u00a0"

MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

_MONTHS = "|".join(MONTHS_GENITIVE)
_UPPER = "А-ЯЁ"
_LOWER = "а-яё"

# «5 сентября 2025 г.», «05 сентября 2025 года», «5 сентября» — the whole date is bound together.
_VERBAL_DATE = re.compile(
    rf"\b(\d{{1,2}})\s+({_MONTHS})(?:\s+(\d{{4}})(?:\s*(г\.|года|году)(?![{_LOWER}]))?)?",
    re.IGNORECASE,
)
# «2025 г.», «2022 года» outside a full verbal date.
_YEAR_ABBR = re.compile(rf"\b(\d{{4}})\s+(г\.|гг\.|года|году)(?![{_LOWER}])")
# «№ 344», «№344», «№ 128-од»; also «№№ 1, 2».
_NUMBER_SIGN = re.compile(r"(№№?)\s*(?=\S)")
# Initials then surname: «А.В. Орлов», «А. В. Орлов», «А. Орлов».
_INITIALS_SURNAME = re.compile(rf"\b([{_UPPER}])\.(?:(\s*)([{_UPPER}])\.)?\s+(?=[{_UPPER}][{_LOWER}])")
# Surname then initials: «Волкову Е.В.», «Волкову Е. В.».
_SURNAME_INITIALS = re.compile(rf"([{_UPPER}][{_LOWER}-]+)\s+([{_UPPER}])\.(?:(\s*)([{_UPPER}])\.)?")
# A one-letter word (preposition or conjunction) and the following word.
_SHORT_WORD = re.compile(r"(?<![\w.\-])([вксоуиаВКСОУИА])\s+(?=[\w«(\"„])")
# A dash inside a sentence stays at the end of the line, not at the start of the next one.
_DASH = re.compile(r"\s+([—–])\s")


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian form for `n`: 1 строка, 2 строки, 5 строк, 11 строк, 21 строка."""
    n = abs(n) % 100
    if 11 <= n <= 14:
        return many
    n %= 10
    if n == 1:
        return one
    if 2 <= n <= 4:
        return few
    return many


def month_name(year: int, month: int) -> str:
    """«Ноябрь 2026»: a month as a calendar or a chart names it."""
    return f"{MONTHS[month - 1].capitalize()} {year}"


def date_numeric(value: dt.date) -> str:
    """05.09.2025 — the ГОСТ Р 7.0.97 form of the document's date."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def date_verbal(value: dt.date) -> str:
    """«5 сентября 2025 г.» with non-breaking spaces, so the date never splits across lines."""
    return f"{value.day}{NBSP}{MONTHS_GENITIVE[value.month - 1]}{NBSP}{value.year}{NBSP}г."


def format_date(value: dt.date, style: str = "numeric") -> str:
    """The date in the order's form: style "numeric" (05.09.2025) or "verbal" (5 сентября 2025 г.)."""
    if style == "verbal":
        return date_verbal(value)
    if style != "numeric":
        raise ValueError(f"unknown date format: {style!r}")
    return date_numeric(value)


def number_with_sign(number: str) -> str:
    """«№ 344» with a non-breaking space: «№» never ends a line."""
    return f"№{NBSP}{number.strip()}"


def typograph(text: str) -> str:
    """The text with the non-breaking spaces that Russian office documents need.

    Idempotent; leaves line breaks («\\n») alone.
    """
    if not text:
        return ""

    def verbal(match: re.Match) -> str:
        day, month, year, suffix = match.groups()
        out = f"{day}{NBSP}{month}"
        if year:
            out += f"{NBSP}{year}"
            if suffix:
                out += f"{NBSP}{suffix}"
        return out

    def initials(first: str, gap: str | None, second: str | None) -> str:
        # the spacing between the initials is kept as written («Е.В.» or «Е. В.»), made non-breaking
        return f"{first}.{NBSP if gap else ''}{second}." if second else f"{first}."

    def initials_surname(match: re.Match) -> str:
        return initials(*match.groups()) + NBSP

    def surname_initials(match: re.Match) -> str:
        surname, *rest = match.groups()
        return f"{surname}{NBSP}{initials(*rest)}"

    text = _VERBAL_DATE.sub(verbal, text)
    text = _YEAR_ABBR.sub(lambda m: f"{m.group(1)}{NBSP}{m.group(2)}", text)
    text = _NUMBER_SIGN.sub(lambda m: f"{m.group(1)}{NBSP}", text)
    text = _SURNAME_INITIALS.sub(surname_initials, text)
    text = _INITIALS_SURNAME.sub(initials_surname, text)
    text = _SHORT_WORD.sub(lambda m: f"{m.group(1)}{NBSP}", text)
    text = _DASH.sub(lambda m: f"{NBSP}{m.group(1)} ", text)
    return text


def bind_short_tail(text: str, max_letters: int = 4) -> str:
    """A short last word («год», «РАЙОН») is not left alone on the last line of a centred block."""
    head, sep, tail = text.rstrip().rpartition(" ")
    if sep and head and len(tail.strip(".,;:»)")) <= max_letters and not head.endswith(NBSP):
        return f"{head}{NBSP}{tail}"
    return text


# Abbreviations whose dot is part of the word, not a full stop: «2022–2023 уч. г.», «2023 г.», «гг.»,
# «т. д.», «т. п.», «и др.», «им.», «ул.», «н. э.».
_FINAL_ABBREVIATION = re.compile(
    r"(?:^|[\s\d(«\u00a0])(?:уч\.[\s\u00a0]?г|уч\.[\s\u00a0]?гг|г|гг|т\.[\s\u00a0]?[дп]|др|им|ул|н\.[\s\u00a0]?э|вкл|мес|чел|руб)\.$",
    re.IGNORECASE,
)


def ends_with_abbreviation(text: str) -> bool:
    """Whether the final «.» of `text` belongs to an abbreviation («уч. г.», «г.», «т.д.»)."""
    return bool(_FINAL_ABBREVIATION.search(text.rstrip()))


def strip_final_stop(text: str) -> str:
    """A heading has no final full stop (ГОСТ Р 7.0.97); the dot of «уч. г.», «г.», «т.д.» or an
    ellipsis is not a full stop and stays."""
    text = " ".join(text.split())
    if text.endswith(".") and not text.endswith("..") and not ends_with_abbreviation(text):
        text = text[:-1].rstrip()
    return text


def short_name(full_name: str) -> str:
    """«Богинский Юрий Николаевич» → «Ю.Н. Богинский» (initials before the surname, non-breaking)."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name.strip()
    surname, *names = parts
    initials = "".join(f"{name[0].upper()}." for name in names[:2])
    return f"{initials}{NBSP}{surname}"
