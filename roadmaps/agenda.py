"""The agenda («Календарь сроков»): due dates of the roadmaps a user sees, overdue and upcoming.

Reads only. `today` is always passed in (views give `timezone.localdate()`), so every grouping can be
tested on a fixed day. Each function runs one query whatever the number of roadmaps, rows or dates:
rows and roadmaps come with the occurrences through select_related.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from core.russian import month_name
from directory.access import user_scope

from .access import roadmaps_visible_to
from .models import Occurrence, Roadmap, RoadmapRow

WEEKS_BACK = 8
HORIZON_DAYS = 90
CELL_LIMIT = 4  # occurrences shown in one day of the month grid; the rest behind a link

WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
WEEKDAYS_HEADER = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")


# --- Scope ------------------------------------------------------------------------------------------


def roadmaps_for_agenda(user) -> QuerySet[Roadmap]:
    """District staff: every roadmap they see (drafts too); everyone else: approved roadmaps only."""
    roadmaps = roadmaps_visible_to(user)
    if not user_scope(user).district_wide:
        roadmaps = roadmaps.filter(status=Roadmap.Status.APPROVED)
    return roadmaps


def occurrences_for_user(user) -> QuerySet[Occurrence]:
    return Occurrence.objects.filter(
        row__roadmap__in=roadmaps_for_agenda(user), row__is_heading=False, is_active=True
    )


# What a line shows; the long texts of a roadmap (goal, tasks) and of a row (result) stay in the database.
_LINE_FIELDS = (
    "due_date",
    "row__number",
    "row__activity",
    "row__responsible_text",
    "row__position",
    "row__roadmap__title",
    "row__roadmap__status",
)


def _ordered(occurrences: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    return (
        occurrences.select_related("row__roadmap")
        .only(*_LINE_FIELDS)
        .order_by("due_date", "row__roadmap__title", "row__roadmap_id", "row__position")
    )


# --- One line -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One due date as a line shows it; plain attributes, so a long agenda renders fast."""

    occurrence: Occurrence
    row: RoadmapRow
    roadmap: Roadmap
    due_date: dt.date
    overdue: bool
    url: str

    @property
    def weekday(self) -> str:
        return WEEKDAYS_SHORT[self.due_date.weekday()]


def _items(occurrences: QuerySet[Occurrence], today: dt.date):
    """AgendaItems in date order; each roadmap's URL is built once."""
    urls: dict[int, str] = {}
    for occurrence in _ordered(occurrences):
        row = occurrence.row
        roadmap = row.roadmap
        base = urls.get(roadmap.pk)
        if base is None:
            base = urls[roadmap.pk] = roadmap.get_absolute_url()
        due = occurrence.due_date
        yield AgendaItem(occurrence, row, roadmap, due, due < today, f"{base}#row-{row.pk}")


# --- The list, grouped --------------------------------------------------------------------------------


@dataclass
class AgendaGroup:
    key: str  # overdue | week | month | later
    title: str
    start: dt.date
    end: dt.date
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def is_empty_span(self) -> bool:
        """No day of the window falls into this group (e.g. «В этом месяце» on the month's last Sunday)."""
        return self.start > self.end


@dataclass
class Agenda:
    today: dt.date
    start: dt.date
    end: dt.date
    groups: list[AgendaGroup]

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def overdue(self) -> AgendaGroup:
        return self.groups[0]


def default_window(
    today: dt.date, *, weeks_back: int = WEEKS_BACK, horizon_days: int = HORIZON_DAYS
) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(weeks=weeks_back), today + dt.timedelta(days=horizon_days)


def build_agenda(
    occurrences: QuerySet[Occurrence],
    *,
    today: dt.date,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    weeks_back: int = WEEKS_BACK,
    horizon_days: int = HORIZON_DAYS,
) -> Agenda:
    """Occurrences from `date_from` (default: `weeks_back` weeks ago) to `date_to` (default: `horizon_days`
    ahead), as «Просрочено», «На этой неделе», «В этом месяце», «Позже». One query."""
    default_start, default_end = default_window(today, weeks_back=weeks_back, horizon_days=horizon_days)
    start, end = date_from or default_start, date_to or default_end
    week_end = today + dt.timedelta(days=6 - today.weekday())
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    yesterday = today - dt.timedelta(days=1)
    spans = [
        ("overdue", "Просрочено", start, yesterday),
        ("week", "На этой неделе", today, week_end),
        ("month", "В этом месяце", week_end + dt.timedelta(days=1), month_end),
        ("later", "Позже", max(week_end, month_end) + dt.timedelta(days=1), end),
    ]
    groups = [AgendaGroup(key, title, max(lo, start), min(hi, end)) for key, title, lo, hi in spans]
    for item in _items(occurrences.filter(due_date__gte=start, due_date__lte=end), today):
        due = item.due_date
        if due < today:
            group = groups[0]
        elif due <= week_end:
            group = groups[1]
        elif due <= month_end:
            group = groups[2]
        else:
            group = groups[3]
        group.items.append(item)
    return Agenda(today=today, start=start, end=end, groups=groups)


# --- The month grid -------------------------------------------------------------------------------------


@dataclass
class DayCell:
    day: dt.date
    in_month: bool
    is_today: bool
    items: list[AgendaItem] = field(default_factory=list)

    @property
    def shown(self) -> list[AgendaItem]:
        return self.items[:CELL_LIMIT]

    @property
    def hidden(self) -> int:
        return max(0, len(self.items) - CELL_LIMIT)

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


@dataclass
class MonthCalendar:
    month: dt.date  # the first day
    weeks: list[list[DayCell]]
    weekdays: tuple[str, ...] = WEEKDAYS_HEADER

    @property
    def title(self) -> str:
        return month_name(self.month.year, self.month.month)

    @property
    def prev_month(self) -> dt.date:
        return (self.month - dt.timedelta(days=1)).replace(day=1)

    @property
    def next_month(self) -> dt.date:
        return (self.month + dt.timedelta(days=32)).replace(day=1)

    @property
    def param(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def prev_param(self) -> str:
        return f"{self.prev_month:%Y-%m}"

    @property
    def next_param(self) -> str:
        return f"{self.next_month:%Y-%m}"

    @property
    def total(self) -> int:
        return sum(len(c.items) for week in self.weeks for c in week if c.in_month)


def parse_month(value: str | None, default: dt.date) -> dt.date:
    """«2026-11» -> 01.11.2026; anything unreadable -> the first day of `default`'s month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return default.replace(day=1)


def build_month(occurrences: QuerySet[Occurrence], *, month: dt.date, today: dt.date) -> MonthCalendar:
    """A Monday-to-Sunday grid of whole weeks around `month`, each day with its occurrences. One query."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    grid_start = first - dt.timedelta(days=first.weekday())
    grid_end = last + dt.timedelta(days=6 - last.weekday())
    cells: dict[dt.date, DayCell] = {}
    weeks: list[list[DayCell]] = []
    day = grid_start
    while day <= grid_end:
        week = []
        for _ in range(7):
            cell = DayCell(day=day, in_month=day.month == first.month, is_today=day == today)
            cells[day] = cell
            week.append(cell)
            day += dt.timedelta(days=1)
        weeks.append(week)
    for item in _items(occurrences.filter(due_date__gte=grid_start, due_date__lte=grid_end), today):
        cells[item.due_date].items.append(item)
    return MonthCalendar(month=first, weeks=weeks)
