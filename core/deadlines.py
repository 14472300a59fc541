"""Russian deadline text -> schedule inside a period (a roadmap's, a plan's year). Pure Python, no Django.

    parse_deadline("Ежемесячно", date(2022, 9, 1), date(2023, 8, 31))
    -> Schedule(kind="recurring", due=(2022-09-30, 2022-10-31, ...))

Kinds:
- ``once``: one due date («Май 2023 г.», «до 30 сентября» in a one-year roadmap);
- ``recurring``: many («Ежемесячно», «1 раз в четверть», «Апрель 2021, далее ежегодно»);
- ``continuous``: through a span, due at its end («В течение года», «Постоянно», «2022-2023 уч.г.»);
- ``on_request``: no dates («По запросу», «по мере необходимости», «по графику …»);
- ``unparsed``: nothing recognised, or every date falls outside the period; the methodist sets dates.

Rules (see docs/deadlines.md for the full list with examples):
- The academic year runs September–August; school quarters end in October, December, March and May;
  academic half-years end in December and May.
- A window («май-июнь», «Май 2023 г.», «2021», «I квартал») is due at its last day, clipped to the
  period's end when it runs past it.
- A month or a day without a year means every such month/day inside the period: in a one-year
  roadmap that is one date, in a multi-year programme one per year.
- «далее ежегодно» repeats the dates already named every year until the period ends.
- Due dates are always sorted, unique and inside the period.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.academic_year import academic_year_start

ONCE = "once"
RECURRING = "recurring"
CONTINUOUS = "continuous"
ON_REQUEST = "on_request"
UNPARSED = "unparsed"
KINDS = (ONCE, RECURRING, CONTINUOUS, ON_REQUEST, UNPARSED)


@dataclass(frozen=True)
class Schedule:
    kind: str
    due: tuple[date, ...] = ()
    note: str = ""  # why it is unparsed, in Russian, for the methodist

    def as_json(self) -> dict:
        return {"kind": self.kind, "due": [d.isoformat() for d in self.due]}


# --- Vocabulary ------------------------------------------------------------------------------------

MONTH_STEMS = [
    (1, r"январ[ьяеюё]\w*|янв"),
    (2, r"феврал[ьяеюё]\w*|фев"),
    (3, r"март[ауе]?\w*|мар"),
    (4, r"апрел[ьяеюё]\w*|апр"),
    (5, r"ма[йяею]"),
    (6, r"июн[ьяеюё]\w*|июн"),
    (7, r"июл[ьяеюё]\w*|июл"),
    (8, r"август[ауе]?\w*|авг"),
    (9, r"сентябр[ьяеюё]\w*|сент?"),
    (10, r"октябр[ьяеюё]\w*|окт"),
    (11, r"ноябр[ьяеюё]\w*|нояб?"),
    (12, r"декабр[ьяеюё]\w*|дек"),
]
MONTH_RE = r"\b(?:" + "|".join(f"(?:{stem})" for _, stem in MONTH_STEMS) + r")\b\.?"
_MONTH_MATCHERS = [(num, re.compile(rf"^(?:{stem})\.?$")) for num, stem in MONTH_STEMS]

WEEKDAYS = [
    (0, r"понедельн\w*"),
    (1, r"вторни\w*"),
    (2, r"сред[уаы]|сред(?:ам)"),
    (3, r"четверг\w*"),
    (4, r"пятниц\w*"),
    (5, r"суббот\w*"),
]

# School holidays as (first month, last month, first day, last day): осенние, зимние, весенние, летние.
SCHOOL_HOLIDAYS = ((10, 11, 25, 6), (12, 1, 28, 8), (3, 3, 20, 31), (6, 8, 1, 0))

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
ORDINAL_WORDS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}

YEAR = r"(?:19|20)\d{2}"
YEAR_SUFFIX = r"(?:\s*(?:годы|годов|году|года|год|г\.?\s*г\.?|гг\.?|г\.?)(?![а-я]))?"
ACADEMIC_MARK = r"(?:\s*(?:уч\.?\s*г(?:од|ода)?\.?|уч\.?\s*год\w*|учебн\w*\s*год\w*|у\.\s*г\.?))"

# Texts that mean "no dates: when asked / when needed / by someone else's schedule".
ON_REQUEST_RE = re.compile(
    r"по\s+запрос\w*|по\s+мере\s+(?:необходимост\w*|поступлени\w*|потребност\w*|готовност\w*)"
    r"|по\s+необходимост\w*|при\s+необходимост\w*|по\s+требовани\w*|по\s+заявк\w*"
    r"|по\s+(?:отдельному\s+)?график\w*|в\s+соответствии\s+с\s+график\w*|согласно\s+график\w*"
    r"|по\s+(?:отдельному\s+)?план\w*|в\s+соответствии\s+с\s+план\w*|согласно\s+план\w*"
    r"|по\s+согласовани\w*|по\s+приглашени\w*|по\s+факту|по\s+мере\s+\w+|в\s+случае\s+\w+"
    r"|по\s+срокам\s+\w+|в\s+сроки,?\s+установленн\w*|в\s+установленн\w+\s+срок\w*"
)
CONTINUOUS_RE = re.compile(
    r"в\s+течени[еи]|постоянно|на\s+протяжении|систематически|ежедневно|повседневно"
    r"|весь\s+период|всего\s+периода|в\s+период\s+реализации|текущ\w+\s+год\w*|в\s+постоянном\s+режиме"
    r"|регулярно|круглогодично|бессрочно"
)


def _month_number(token: str) -> int | None:
    token = token.strip().rstrip(".")
    for num, matcher in _MONTH_MATCHERS:
        if matcher.match(token):
            return num
    return None


# --- Small date helpers ----------------------------------------------------------------------------


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _years(start: date, end: date) -> range:
    return range(start.year, end.year + 1)


@dataclass
class _Found:
    """What the scanner recognised in one text."""

    windows: list[tuple[date, date]] = field(default_factory=list)  # due at their end
    yearless: list[tuple[date, date]] = field(default_factory=list)  # the same, repeated every year
    year_windows: int = 0  # how many of the windows are whole years («2021»)
    days: list[date] = field(default_factory=list)  # exact dates
    span: tuple[date, date] | None = None  # a range restricting everything else
    span_is_explicit_continuous: bool = False
    recurring: list[str] = field(default_factory=list)
    weekday: int | None = None
    monthly_days: list[int] = field(default_factory=list)
    yearly: bool = False
    yearly_after: bool = False  # «далее ежегодно»
    bound_year: int | None = None  # «(до 2026 года)»: the year a series ends with
    after_report: str = ""  # «до 10 числа месяца, следующего за отчётным кварталом»: "month", "quarter"…
    continuous: bool = False
    on_request: bool = False


class _Scanner:
    """Consumes the text piece by piece; each recognised piece is blanked so nothing is read twice."""

    def __init__(self, text: str, start: date, end: date):
        self.text = text
        self.start = start
        self.end = end
        self.found = _Found()

    def take(self, pattern: str | re.Pattern, handler) -> None:
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
        while True:
            match = regex.search(self.text)
            if not match:
                return
            handler(match)
            self.text = (
                self.text[: match.start()] + " " * (match.end() - match.start()) + self.text[match.end() :]
            )

    # Windows given without a year repeat for each year that the period (or span) touches.
    def add_yearless_window(
        self, first_month: int, last_month: int, first_day: int = 1, last_day: int = 0
    ) -> None:
        lo, hi = self.found.span or (self.start, self.end)
        for year in range(lo.year - 1, hi.year + 2):
            end_year = year
            start_year = year - 1 if first_month > last_month else year
            w_end = (
                _safe_date(end_year, last_month, last_day) if last_day else month_end(end_year, last_month)
            ) or month_end(end_year, last_month)
            w_start = _safe_date(start_year, first_month, first_day) or date(start_year, first_month, 1)
            self.found.yearless.append((w_start, w_end))


def _normalise(text: str) -> str:
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)  # dashes
    text = re.sub(r"[«»\"“”()\[\];]", " , ", text)
    text = text.replace("\u00a0", " ")
    text = re.sub(rf"({YEAR})(?=[а-я])", r"\1 ", text)  # «2022г.» -> «2022 г.»
    text = re.sub(r"\s+", " ", text)
    return f" {text.strip()} "


def _scan(text: str, start: date, end: date) -> _Found:
    s = _Scanner(_normalise(text), start, end)
    f = s.found

    # 1. Academic years and year ranges: «2022-2023 уч.г.», «(2021-2024 г.г.)», «2020-2021».
    def year_range(m: re.Match) -> None:
        y1, y2 = int(m.group(1)), int(m.group(2))
        if y2 < y1:
            return
        academic = bool(m.group(3)) or (y2 == y1 + 1 and not m.group(4))
        span = (date(y1, 9, 1), date(y2, 8, 31)) if academic else (date(y1, 1, 1), date(y2, 12, 31))
        f.span = span

    s.take(
        rf"({YEAR})\s*(?:-|/|—|по)\s*({YEAR})(?:({ACADEMIC_MARK})|(\s*(?:г\.?\s*г\.?|гг\.?|годы|годов|г\.|года?)))?",
        year_range,
    )

    # 2. Full dates «30.09.2022», date ranges «01.09.2022 - 15.09.2022» (the last one counts).
    def full_date(m: re.Match) -> None:
        d = _safe_date(_full_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            f.days.append(d)

    full = r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])" + YEAR_SUFFIX

    def full_date_range(m: re.Match) -> None:
        first = _safe_date(_full_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        last = _safe_date(_full_year(m.group(6)), int(m.group(5)), int(m.group(4)))
        if first and last and first <= last:
            f.windows.append((first, last))

    s.take(rf"(?<![\d.]){full}\s*(?:-|по|до)\s*{full}", full_date_range)
    s.take(r"(?<![\d.])" + full, full_date)

    # «03.2023»: a month of a year.
    def month_dot_year(m: re.Match) -> None:
        month, year = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            f.windows.append((date(year, month, 1), month_end(year, month)))

    s.take(rf"(?<![\d.])(\d{{1,2}})\.({YEAR})(?![\d.])" + YEAR_SUFFIX, month_dot_year)

    # 3. «до 5 числа (каждого месяца)», «ежемесячно до 25 числа».
    def day_of_month(m: re.Match) -> None:
        f.monthly_days.append(int(m.group(1)))

    s.take(r"(\d{1,2})\s*-?\s*(?:го|е)?\s+числ\w*(?:\s+каждого\s+месяца)?", day_of_month)

    # 3a. «(до 10 числа) месяца, следующего за отчётным кварталом»: due in the month after each
    # reporting period, not at its end.
    def after_report(m: re.Match) -> None:
        f.after_report = (m.group(1) or "period")[:5]

    s.take(
        r"(?:месяц\w*\s*,?\s*)?следующ\w*\s+за\s+отчетн\w*(?:\s+(квартал|месяц|полугоди|период|четверт)\w*)?",
        after_report,
    )

    # 4. Day and month: «до 30 сентября 2022 года», «с 1 по 15 октября», «10-20 марта», «30 мая».
    def day_month(m: re.Match) -> None:
        day = int(m.group(1))
        month = _month_number(m.group(2))
        if not month:
            return
        if m.group(3):
            d = _safe_date(int(m.group(3)), month, day)
            if d:
                f.days.append(d)
        else:
            s.add_yearless_window(month, month, day, day)

    s.take(
        rf"(?:(?:с|от)\s+)?(?:\d{{1,2}}\s*(?:-|по|до)\s*)?(\d{{1,2}})\s+({MONTH_RE})(?:\s*({YEAR}){YEAR_SUFFIX})?",
        day_month,
    )

    # 5. «30.09», «до 01.10» (day.month without a year).
    def day_dot_month(m: re.Match) -> None:
        day, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and _safe_date(2024, month, day):
            s.add_yearless_window(month, month, day, day)

    s.take(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?![\d.])", day_dot_month)

    # 6a. Parts of the school year and holidays, seasons: «в конце учебного года», «осенние каникулы».
    def school_window(first: int, last: int, first_day: int = 1, last_day: int = 0):
        def handler(m: re.Match) -> None:
            year = m.group(1) if m.groups() else None
            if year:
                end_year = int(year)
                start_year = end_year - 1 if first > last else end_year
                end = _safe_date(end_year, last, last_day) if last_day else month_end(end_year, last)
                f.windows.append((date(start_year, first, first_day), end or month_end(end_year, last)))
            else:
                s.add_yearless_window(first, last, first_day, last_day)

        return handler

    year_opt = rf"(?:\s*({YEAR}){YEAR_SUFFIX})?"
    s.take(r"(?:в\s+)?начал\w*\s+(?:нового\s+)?учебного\s+года", school_window(9, 9))
    s.take(
        r"(?:в\s+)?(?:конц\w*|окончани\w*|завершени\w*|итог\w*)\s+(?:текущего\s+)?учебного\s+года",
        school_window(5, 5),
    )
    s.take(
        r"(?:в\s+)?(?:конц\w*|окончани\w*)\s+(?:календарного\s+)?года|по\s+итогам\s+года",
        school_window(12, 12),
    )
    autumn, winter, spring, summer = SCHOOL_HOLIDAYS
    s.take(rf"осенн\w*\s+каникул\w*{year_opt}", school_window(*autumn))
    s.take(rf"зимн\w*\s+каникул\w*{year_opt}", school_window(*winter))
    s.take(rf"весенн\w*\s+каникул\w*{year_opt}", school_window(*spring))
    s.take(rf"летн\w*\s+(?:каникул\w*|период\w*){year_opt}", school_window(6, 8))

    # «В каникулярное время», «в период каникул»: every school holiday above, each year.
    def all_holidays(_m: re.Match) -> None:
        for first, last, first_day, last_day in SCHOOL_HOLIDAYS:
            s.add_yearless_window(first, last, first_day, last_day)
        f.recurring.append("holidays")

    s.take(
        r"(?:в\s+)?(?:(?:период\w*|дни|время)\s+)?(?:школьн\w*\s+)?каникул\w*(?:\s+(?:время|период\w*))?",
        all_holidays,
    )
    s.take(rf"\bосен\w*{year_opt}", school_window(9, 11))
    s.take(rf"\bзим(?:а|ой|у|ы|ний|него|нем|ние)\b{year_opt}", school_window(12, 2))
    s.take(rf"\b(?:весн\w*|весен\w*){year_opt}", school_window(3, 5))
    s.take(rf"\bлет(?:о|ом|а|ний|него|нем|ние)\b{year_opt}", school_window(6, 8))

    # 6b. «с сентября 2022 г.», «начиная с октября»: from then on, through the period.
    def from_month(_m: re.Match) -> None:
        f.continuous = True

    s.take(rf"(?:начиная\s+)?\bс\s+{MONTH_RE}(?:\s*{YEAR}{YEAR_SUFFIX})?(?!\s*(?:-|по|до)\s)", from_month)

    # 6. Month windows: «сентябрь 2022 - май 2023», «март-апрель 2021», «июль-август», «май 2023 г.».
    def month_window(m: re.Match) -> None:
        m1 = _month_number(m.group(1))
        y1 = int(m.group(2)) if m.group(2) else None
        m2 = _month_number(m.group(3)) if m.group(3) else None
        y2 = int(m.group(4)) if m.group(4) else None
        if not m1:
            return
        last_month = m2 or m1
        last_year = y2 or y1
        if last_year is None:
            s.add_yearless_window(m1, last_month)
            return
        first_year = y1 or (last_year - 1 if m1 > last_month else last_year)
        f.windows.append((date(first_year, m1, 1), month_end(last_year, last_month)))

    s.take(
        rf"({MONTH_RE})(?:\s*({YEAR}){YEAR_SUFFIX})?"
        rf"(?:\s*(?:-|по|—|–|до)\s*({MONTH_RE})(?:\s*({YEAR}){YEAR_SUFFIX})?)?",
        month_window,
    )

    # 7. Quarters and half-years: «I квартал 2021», «2 полугодие», «в I четверти».
    def period_part(m: re.Match) -> None:
        number = ROMAN.get(m.group(1)) if m.group(1) else None
        if number is None and m.group(2):
            number = next((v for k, v in ORDINAL_WORDS.items() if m.group(2).startswith(k)), None)
        unit = m.group(3)
        year = int(m.group(4)) if m.group(4) else None
        if number is None:
            return
        if unit.startswith("кварт") and number <= 4:
            last = number * 3
            if year:
                f.windows.append((date(year, last - 2, 1), month_end(year, last)))
            else:
                s.add_yearless_window(last - 2, last)
        elif unit.startswith("полугод") and number <= 2:
            if year:  # a calendar half-year of a named year
                last = 6 if number == 1 else 12
                f.windows.append((date(year, last - 5, 1), month_end(year, last)))
            else:  # an academic half-year
                first, last = ((9, 12), (1, 5))[number - 1]
                s.add_yearless_window(first, last)
        elif unit.startswith("четверт") and number <= 4:
            first, last = ((9, 10), (11, 12), (1, 3), (4, 5))[number - 1]
            if year:
                f.windows.append((date(year, first, 1), month_end(year, last)))
            else:
                s.add_yearless_window(first, last)
        elif unit.startswith("тримест") and number <= 3:
            first, last = ((9, 11), (12, 2), (3, 5))[number - 1]
            s.add_yearless_window(first, last)

    s.take(
        rf"(?:\b(iv|iii|ii|i|[1-4])\s*-?\s*(?:ое|ой|я|й|е)?|\b(перв\w*|втор\w*|трет\w*|четв[её]рт\w*))\s+"
        rf"(кварт\w*|полугод\w*|четверт\w*|тримест\w*)(?:\s*({YEAR}){YEAR_SUFFIX})?",
        period_part,
    )

    # 8. Recurrence words.
    def mark(kind: str):
        def handler(_m: re.Match) -> None:
            f.recurring.append(kind)

        return handler

    s.take(
        r"далее\s+ежегодно|далее\s+кажд\w+\s+год|далее\s+1?\s*раза?\s+в\s+год",
        lambda m: _set(f, "yearly_after"),
    )
    s.take(r"(?:2|два)\s+раза?\s+в\s+месяц", mark("twice_monthly"))
    s.take(
        r"ежемесячн\w*|кажд\w+\s+месяц\w*|(?:1|один)\s+раза?\s+в\s+месяц|раза?\s+в\s+месяц", mark("monthly")
    )
    s.take(r"(?:1|один)?\s*раза?\s+в\s+(?:2|два)\s+месяц\w*|раза?\s+в\s+два\s+месяца", mark("bimonthly"))
    s.take(
        r"ежеквартальн\w*|кажд\w+\s+квартал\w*|(?:1\s+)?раза?\s+в\s+квартал|по\s+квартал\w*",
        mark("quarterly"),
    )
    s.take(
        r"(?:1|один)?\s*раза?\s+в\s+четверть|ежечетвертн\w*|кажд\w+\s+четверт\w*|по\s+четверт\w*"
        r"|по\s+(?:итогам|окончании|завершении)\s+(?:кажд\w+\s+)?четверт\w*|в\s+конце\s+(?:кажд\w+\s+)?четверт\w*"
        r"|(?:4|четыре)\s+раза?\s+в\s+год",
        mark("school_quarterly"),
    )
    s.take(
        r"(?:2|два)\s+раза?\s+в\s+(?:учебн\w+\s+)?год|(?:1|один)?\s*раза?\s+в\s+полугоди\w*|кажд\w+\s+полугоди\w*"
        r"|по\s+полугоди\w*|по\s+(?:итогам|окончании)\s+(?:кажд\w+\s+)?полугоди\w*",
        mark("half_yearly"),
    )
    s.take(r"(?:3|три)\s+раза?\s+в\s+(?:учебн\w+\s+)?год|по\s+триместр\w*", mark("trimesterly"))
    s.take(r"еженедельн\w*|кажд\w+\s+недел\w*|(?:1|один)?\s*раза?\s+в\s+неделю", mark("weekly"))
    for weekday, stem in WEEKDAYS:

        def weekday_handler(_m: re.Match, weekday=weekday) -> None:
            f.weekday = weekday
            f.recurring.append("weekday")

        s.take(rf"(?:кажд\w+|по|еженедельно\s+по|во?)\s+(?:{stem})", weekday_handler)
    s.take(
        r"ежегодн\w*|кажд\w+\s+год\w*|(?:1|один)?\s*раза?\s+в\s+год",
        lambda m: _set(f, "yearly"),
    )

    # 8a. «(до 2026 года)», «до 2025 г.»: where a series ends (a lone «до 2026 года» is read as that
    # year's window in parse_deadline).
    def bound(m: re.Match) -> None:
        f.bound_year = int(m.group(1))

    s.take(rf"\bдо\s+({YEAR})(?![\d.]){YEAR_SUFFIX}", bound)

    # 9. A lone year: «2021», «в 2021 году».
    def lone_year(m: re.Match) -> None:
        year = int(m.group(1))
        f.windows.append((date(year, 1, 1), date(year, 12, 31)))
        f.year_windows += 1

    s.take(rf"(?<![\d.])({YEAR})(?![\d.]){YEAR_SUFFIX}", lone_year)

    # 10. Words without dates.
    if ON_REQUEST_RE.search(s.text):
        f.on_request = True
    if CONTINUOUS_RE.search(s.text):
        f.continuous = True
    if f.span and not (f.windows or f.days or f.recurring or f.monthly_days or f.yearly):
        f.span_is_explicit_continuous = True
    f.leftover = s.text  # type: ignore[attr-defined]
    return f


def _set(found: _Found, name: str) -> None:
    setattr(found, name, True)


# --- Recurrence expansion --------------------------------------------------------------------------

_RECURRING_MONTHS = {
    "school_quarterly": (10, 12, 3, 5),
    "half_yearly": (12, 5),
    "trimesterly": (11, 2, 5),
    "quarterly": (3, 6, 9, 12),
}


def _month_ends(lo: date, hi: date, months: tuple[int, ...] | None = None, step: int = 1) -> list[date]:
    result = []
    year, month = lo.year, lo.month
    index = 0
    while date(year, month, 1) <= hi:
        if (months is None or month in months) and index % step == 0:
            result.append(month_end(year, month))
        index += 1
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return result


def _after_reports(ends: list[date], days: list[int], hi: date) -> list[date]:
    """Due in the month after each reporting period's end: on `days`, or at that month's end."""
    result = []
    for end in ends:
        following = month_end(end.year + end.month // 12, end.month % 12 + 1)
        for day in days or [following.day]:
            due = following.replace(day=min(day, following.day))
            if due <= hi:
                result.append(due)
    return result


def _expand(kind: str, lo: date, hi: date, found: _Found) -> list[date]:
    if found.after_report and (kind in _RECURRING_MONTHS or kind == "monthly"):
        # The reporting periods that end inside the period; each is due in the month after it.
        return _after_reports(_month_ends(lo, hi, _RECURRING_MONTHS.get(kind)), found.monthly_days, hi)
    if kind in _RECURRING_MONTHS:
        return _month_ends(lo, hi, _RECURRING_MONTHS[kind])
    if kind == "monthly":
        if found.monthly_days:
            return _monthly_days(lo, hi, found.monthly_days)
        return _month_ends(lo, hi)
    if kind == "bimonthly":
        return _month_ends(lo, hi, step=2)
    if kind == "twice_monthly":
        return _monthly_days(lo, hi, [15]) + _month_ends(lo, hi)
    if kind in ("weekly", "weekday"):
        weekday = found.weekday if found.weekday is not None else 4  # Friday by default
        first = lo + timedelta(days=(weekday - lo.weekday()) % 7)
        return [first + timedelta(weeks=i) for i in range((hi - first).days // 7 + 1)] if first <= hi else []
    return []


def _monthly_days(lo: date, hi: date, days: list[int]) -> list[date]:
    result = []
    for end in _month_ends(lo, hi):
        for day in days:
            result.append(date(end.year, end.month, min(day, end.day)))
    return result


def _clip_window(w_start: date, w_end: date, lo: date, hi: date) -> date | None:
    """The due date of a window inside [lo, hi]: its last day, or hi when it runs past the end."""
    if w_end < lo or w_start > hi:
        return None
    return min(w_end, hi)


def _anniversaries(anchor: date, lo: date, hi: date) -> list[date]:
    result = []
    for year in _years(lo, hi):
        d = _safe_date(year, anchor.month, anchor.day) or month_end(year, anchor.month)
        if lo <= d <= hi:
            result.append(d)
    return result


# --- Public API ------------------------------------------------------------------------------------


def parse_deadline(text: str, period_start: date, period_end: date) -> Schedule:
    """Read one deadline text within the roadmap period [period_start, period_end]."""
    if period_end < period_start:
        raise ValueError("period_end is before period_start")
    if not text or not text.strip():
        return Schedule(UNPARSED, (), "Срок не указан.")
    found = _scan(text, period_start, period_end)

    lo, hi = period_start, period_end
    if found.span:
        lo, hi = max(lo, found.span[0]), min(hi, found.span[1])
        if lo > hi:
            return Schedule(UNPARSED, (), "Указанные годы не попадают в период дорожной карты.")
    if found.after_report == "кварт" and not found.recurring:
        found.recurring.append("quarterly")
    annual_anchor = hi  # «ежегодно» alone: the period's end (its month and day) every year
    if found.bound_year is not None:
        if found.recurring or found.yearly or found.yearly_after or found.monthly_days:
            # «Ежегодно в марте (до 2026 года)»: the series ends with that year; the bound adds no date.
            hi = min(hi, date(found.bound_year, 12, 31))
            if lo > hi:
                return Schedule(UNPARSED, (), "Указанные годы не попадают в период дорожной карты.")
        else:  # «до 2026 года» alone: by the end of that year
            found.windows.append((date(found.bound_year, 1, 1), date(found.bound_year, 12, 31)))
            found.year_windows += 1

    dates: set[date] = set()
    named_outside = False
    # A window without a year counts where it ends inside the span; clipped only when none does.
    inside = [(a, b) for a, b in found.yearless if lo <= b <= hi]
    windows = found.windows + (inside or found.yearless)
    for w_start, w_end in windows:
        due = _clip_window(w_start, w_end, lo, hi)
        if due:
            dates.add(due)
        else:
            named_outside = True
    for day in found.days:
        if lo <= day <= hi:
            dates.add(day)
        else:
            named_outside = True
    # Windows without a year were added for neighbouring years too; those outside are expected.
    named_outside = named_outside and not dates

    recurring = bool(found.recurring)
    for kind in found.recurring:
        dates.update(_expand(kind, lo, hi, found))
    if found.monthly_days and not found.recurring:
        if found.after_report:
            dates.update(_after_reports(_month_ends(lo, hi), found.monthly_days, hi))
        else:
            dates.update(_monthly_days(lo, hi, found.monthly_days))
        recurring = True
    if found.yearly_after or (found.yearly and dates):
        if dates:
            first = min(dates)
            for anchor in sorted(dates):
                dates.update(d for d in _anniversaries(anchor, lo, hi) if d >= first)
            recurring = True
    elif found.yearly and not found.on_request:
        # Once a year on the period's end date (the end of each academic year of an academic
        # programme), up to a bound when one is given; a bound before the first such date: the bound.
        dates.update(_anniversaries(annual_anchor, lo, hi) or [hi])
        recurring = True

    due = tuple(sorted(d for d in dates if period_start <= d <= period_end))
    only_years = found.year_windows == len(found.windows) and not found.yearless and not found.days
    if due and found.continuous and only_years and not recurring:
        # «в течение 2021 года»: through that year, due at its end.
        return Schedule(CONTINUOUS, (due[-1],))
    if due:
        return Schedule(RECURRING if recurring or len(due) > 1 else ONCE, due)
    if named_outside:
        return Schedule(UNPARSED, (), "Срок не попадает в период дорожной карты.")
    if recurring:
        return Schedule(RECURRING, ())
    if found.on_request:
        return Schedule(ON_REQUEST, ())
    if found.continuous or found.span_is_explicit_continuous:
        return Schedule(CONTINUOUS, (hi,))
    return Schedule(UNPARSED, (), "Не удалось распознать срок; укажите даты вручную.")


SUMMER_MONTHS = (7, 8)


def skip_summer(schedule: Schedule) -> Schedule:
    """A recurring schedule without its July and August dates (the district's summer setting)."""
    if schedule.kind != RECURRING:
        return schedule
    return Schedule(
        schedule.kind, tuple(d for d in schedule.due if d.month not in SUMMER_MONTHS), schedule.note
    )


# Non-working public holidays (Labour Code of the Russian Federation, art. 112), as (month, day).
PUBLIC_HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}


def day_off(day: date) -> str:
    """Why `day` is no working day, in Russian («выходной день, суббота» …), or "" for a working day.

    Weekends and the fixed public holidays only: a date moved by the government's yearly calendar is
    not known here."""
    if (day.month, day.day) in PUBLIC_HOLIDAYS:
        return "нерабочий праздничный день"
    if day.weekday() == 5:
        return "выходной день, суббота"
    if day.weekday() == 6:
        return "выходной день, воскресенье"
    return ""


def academic_year_of(day: date) -> tuple[date, date]:
    """The academic year (1 September – 31 August) that contains `day`."""
    first = academic_year_start(day)
    return date(first, 9, 1), date(first + 1, 8, 31)
