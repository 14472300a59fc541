"""The order in front of the roadmap: issuer, date, number, heading, points, signatory, executor."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .common import _BOLD_MARK_RE, _BULLET_RE, _MONTH_WORD, _month_of, _starts_lower, clean

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
# «1. …», «1) …» and sub-points «3.1. …», «3.1 …»: the number is kept as written (it gives the level).
_POINT_RE = re.compile(
    r"^(\d{1,2}(?:\.\d{1,2})+)(?:\.\s*|\s+)(?=\D)(\S.*)$|^(\d{1,2})\s*[.)]\s*(\S.*)$", re.S
)
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


def _numbered_point(text: str) -> tuple[str, str] | None:
    """(«3.1.», «Обеспечить …») for «3.1. Обеспечить …» (also «3.1 …», «3)»); None without a number."""
    match = _POINT_RE.match(text)
    if not match:
        return None
    return f"{match.group(1) or match.group(3)}.", clean(match.group(2) or match.group(4))


# Requisites of a letterhead: address, contacts, codes («ОКПО 12345678», «ОГРН …», «ИНН/КПП …»).
_REQUISITE_RE = re.compile(
    r"(?:\b(?:ОКПО|ОГРН|ИНН|КПП|ОКОГУ|ОКАТО|ОКТМО|БИК|р/с|л/с|тел|факс|e-?mail|эл\.\s*почта|ул|д)\b\.?"
    r"|@|\bwww\.|https?://|^\d{6},|\bтел\.|\+7|\(\d{3,5}\))",
    re.I,
)
_HEADING_RE = re.compile(r"^(?:об?|о\s+внесении|по\s+)\s", re.I)


def _headerless_start(lines: list[str]) -> tuple[int, list[str]] | None:
    """An order whose letterhead has no «ПРИКАЗ» line: the organization's name and requisites, the date
    and the number each on a line of its own, the heading, the preamble and «ПРИКАЗЫВАЮ:».

    Returns the index of the line before the date/number block (where the «ПРИКАЗ» line would be) and
    the organization's name (the capital lines of the letterhead, requisites left out); None when the
    document does not start like that.
    """
    ordering_at = next((i for i, text in enumerate(lines[:60]) if _ORDERING_RE.search(text)), None)
    if ordering_at is None:
        return None
    heading_at = next(
        (i for i in range(ordering_at - 1, max(ordering_at - 8, -1), -1) if _HEADING_RE.match(lines[i])),
        None,
    )
    if heading_at is None:
        return None
    first = next(
        (
            i
            for i in range(heading_at)
            if lines[i]
            and (_date_in(lines[i]) or _ORDER_NUMBER_RE.search(lines[i]))
            and not _REQUISITE_RE.search(lines[i])
        ),
        None,
    )
    if first is None:
        return None
    issuer = [
        text
        for text in lines[:first]
        if text and _is_upper_line(text) and not _REQUISITE_RE.search(text) and not re.search(r"\d", text)
    ]
    return first - 1, issuer


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
    issuer_lines: list[str] | None = None
    if order_at is None:
        headerless = _headerless_start(lines)
        if headerless is None:
            return {}, 0
        order_at, issuer_lines = headerless
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
    if issuer_lines is not None:
        result["issuer"] = issuer_lines
    for raw in paragraphs[:order_at] if issuer_lines is None else ():
        for line in _BOLD_MARK_RE.sub("", raw).splitlines():
            if clean(line) and _is_upper_line(line):
                result["issuer"].append(clean(line))
    word = _ORDER_WORD_RE.match(lines[order_at]) if order_at >= 0 else None
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

    # Points «1. …», «2. …» and sub-points «2.1. …»: their texts, and their numbers as written
    # (point_numbers, which give the level); lines that continue a point are joined to it.
    index = ordering_at + 1
    points: list[str] = []
    numbers: list[str] = []
    if after:  # «… ПРИКАЗЫВАЮ: 1. Утвердить …» in one paragraph
        number, text = _numbered_point(after) or ("1.", after)
        points.append(text)
        numbers.append(number)
    while index < len(lines):
        text = lines[index]
        if not text:
            index += 1
            continue
        point = _numbered_point(text)
        if point:
            numbers.append(point[0])
            points.append(point[1])
        elif points and (_starts_lower(text) or _BULLET_RE.match(text) and not text[:1].isdigit()):
            points[-1] = f"{points[-1]} {text}"
        else:
            break
        index += 1
    result["points"] = points
    result["point_numbers"] = numbers

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
