"""The text around the table: title, kind, goal, tasks and the period of the roadmap."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..deadlines import academic_year_of, month_end
from .common import (
    _BULLET_RE,
    _MONTH_WORD,
    KIND_PLAN,
    KIND_PROGRAMME,
    KIND_ROADMAP,
    ParsedRoadmap,
    _month_of,
    _starts_lower,
    _strip_marks,
)
from .preamble import parse_order_preamble

_TITLE_RE = re.compile(r"^[«\"“„']*\s*(дорожн\w*\s+карт\w*|план\b|программ\w*)", re.I)
_GOAL_RE = re.compile(
    r"^(?:основная\s+)?цел[ьи](?:\s+(?:программы|плана|дорожной\s+карты|работы))?\s*[:\-–—]?\s*(.*)$",
    re.I | re.S,
)
_TASKS_RE = re.compile(
    r"^(?:основные\s+)?задачи(?:\s+(?:программы|плана|дорожной\s+карты|работы))?\s*[:\-–—]?\s*(.*)$",
    re.I | re.S,
)
_INLINE_LIST_RE = re.compile(r"\s+(?=\d{1,2}\.\s+[А-ЯЁ])")
_MONTH_YEAR_RE = re.compile(rf"\b({_MONTH_WORD})\s*(?:\d{{1,2}}\s*)?((?:19|20)\d{{2}})", re.I)
_YEAR_RANGE_RE = re.compile(
    r"((?:19|20)\d{2})\s*(?:г\.?\s*)?[-–—/]\s*((?:19|20)?\d{2})\b\s*(г\.?\s*г\.?|гг|год|уч|учебн)?", re.I
)
_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")
_STAGES_RE = re.compile(r"^(?:этапы|сроки|срок|период)(?:\s+и\s+этапы)?\s+реализации", re.I)


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
