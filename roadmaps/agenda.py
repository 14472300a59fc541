"""The agenda («Календарь сроков»): due dates of the roadmaps a user sees, overdue and upcoming.

Reads only. `today` is always passed in (views give `timezone.localdate()`), so every grouping can be
tested on a fixed day. Each function runs one query whatever the number of roadmaps, rows or dates
(one group by pages: two, its count and its page): rows and roadmaps come with the occurrences through
select_related.

The list shows at most GROUP_SHOWN lines of each group («Просрочено»: the most recent ones, the others
the nearest) and says how many it leaves out, with a link to that group alone, PAGE_SIZE lines a page:
a district's agenda holds hundreds of dates, and a reader wants what is due now and soon.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, F, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from core.russian import month_name
from directory.access import user_scope

from . import owners
from .access import roadmaps_visible_to
from .models import Occurrence, Roadmap, RoadmapRow

WEEKS_BACK = 8
HORIZON_DAYS = 90
CELL_LIMIT = 4  # occurrences shown in one day of the month grid; the rest behind a link
GROUP_SHOWN = 40  # lines of one group in the list; the rest behind «Ещё N — показать»
PAGE_SIZE = 50  # lines a page when one group is shown alone
TITLE_CHARS = 110  # a roadmap's title under a line is cut to this; the whole title is its tooltip

WEEKDAYS_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
WEEKDAYS_HEADER = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")


# --- Scope ------------------------------------------------------------------------------------------


def roadmaps_for_agenda(user) -> QuerySet[Roadmap]:
    """District staff: every roadmap they see (drafts too) but the associations' own plans (owners.py: on
    the associations' pages); everyone else: approved roadmaps only, their association's plan among them."""
    roadmaps = roadmaps_visible_to(user)
    if not user_scope(user).district_wide:
        roadmaps = roadmaps.filter(status=Roadmap.Status.APPROVED)
    else:
        roadmaps = roadmaps.exclude(kind__in=owners.owned_kinds())
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
_ORDER = ("due_date", "row__roadmap__title", "row__roadmap_id", "row__position", "pk")


def _ordered(occurrences: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    return occurrences.select_related("row__roadmap").only(*_LINE_FIELDS).order_by(*_ORDER)


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

    # What a line of the list prints, ready made: a template lookup or filter costs more than the Python
    # that makes the string, and a list has up to a few hundred lines.

    @property
    def due_label(self) -> str:
        """«30.11.2026, пн»."""
        due = self.due_date
        return f"{due.day:02d}.{due.month:02d}.{due.year}, {WEEKDAYS_SHORT[due.weekday()]}"

    @property
    def due_css(self) -> str:
        return "text-nowrap text-danger fw-semibold col-w-9" if self.overdue else "text-nowrap col-w-9"

    @property
    def row_id(self) -> int:
        return self.row.pk

    @property
    def number(self) -> str:
        return self.row.number

    @property
    def activity(self) -> str:
        return self.row.activity

    @property
    def responsible(self) -> str:
        return self.row.responsible_text or "—"

    @property
    def roadmap_title(self) -> str:
        return self.roadmap.title

    @property
    def short_title(self) -> str:
        """The roadmap's title cut to TITLE_CHARS, as the `truncatechars` filter would."""
        title = self.roadmap.title
        return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"

    @property
    def is_draft(self) -> bool:
        return self.roadmap.status == Roadmap.Status.DRAFT


def _items(occurrences: QuerySet[Occurrence], today: dt.date):
    """AgendaItems of `occurrences` (_ordered: with their rows and roadmaps), in their order; each roadmap's
    URL is built once."""
    urls: dict[int, str] = {}
    for occurrence in occurrences:
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
    total: int = 0  # the group's dates, shown or not

    @property
    def is_empty_span(self) -> bool:
        """No day of the window falls into this group (e.g. «В этом месяце» on the month's last Sunday)."""
        return self.start > self.end

    @property
    def hidden(self) -> int:
        """Dates the list leaves out of this group (they are on the group's own pages)."""
        return max(0, self.total - len(self.items))

    @property
    def span_label(self) -> str:
        """«22.11.2026» or «23.11.2026 – 30.11.2026»."""
        if self.start == self.end:
            return f"{self.start:%d.%m.%Y}"
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"


@dataclass
class Agenda:
    today: dt.date
    start: dt.date
    end: dt.date
    groups: list[AgendaGroup]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def overdue(self) -> AgendaGroup:
        return self.groups[0]


GROUP_KEYS = ("overdue", "week", "month", "later")


def default_window(
    today: dt.date, *, weeks_back: int = WEEKS_BACK, horizon_days: int = HORIZON_DAYS
) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(weeks=weeks_back), today + dt.timedelta(days=horizon_days)


def _window(today, date_from, date_to, weeks_back, horizon_days) -> tuple[dt.date, dt.date]:
    default_start, default_end = default_window(today, weeks_back=weeks_back, horizon_days=horizon_days)
    return date_from or default_start, date_to or default_end


def _groups(today: dt.date, start: dt.date, end: dt.date) -> list[AgendaGroup]:
    """The four groups of the window from `start` to `end`, without their lines."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    spans = [
        ("overdue", "Просрочено", start, today - dt.timedelta(days=1)),
        ("week", "На этой неделе", today, week_end),
        ("month", "В этом месяце", week_end + dt.timedelta(days=1), month_end),
        ("later", "Позже", max(week_end, month_end) + dt.timedelta(days=1), end),
    ]
    return [AgendaGroup(key, title, max(lo, start), min(hi, end)) for key, title, lo, hi in spans]


def build_agenda(
    occurrences: QuerySet[Occurrence],
    *,
    today: dt.date,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    weeks_back: int = WEEKS_BACK,
    horizon_days: int = HORIZON_DAYS,
    shown: int | None = None,
) -> Agenda:
    """Occurrences from `date_from` (default: `weeks_back` weeks ago) to `date_to` (default: `horizon_days`
    ahead), as «Просрочено», «На этой неделе», «В этом месяце», «Позже»: at most `shown` lines of each
    («Просрочено»: the most recent ones, the others: the nearest), each group knowing its whole count.
    One query: every date is ranked within its group and counted by a window function."""
    shown = shown or GROUP_SHOWN
    start, end = _window(today, date_from, date_to, weeks_back, horizon_days)
    groups = _groups(today, start, end)
    week_end = today + dt.timedelta(days=6 - today.weekday())
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    group = Case(
        When(due_date__lt=today, then=Value(0)),
        When(due_date__lte=week_end, then=Value(1)),
        When(due_date__lte=month_end, then=Value(2)),
        default=Value(3),
    )
    # Overdue dates are ranked from the most recent back; the others from the nearest on.
    overdue_first = Case(When(due_date__lt=today, then=F("due_date")), default=None, output_field=DateField())
    ranked = _ordered(occurrences.filter(due_date__gte=start, due_date__lte=end)).annotate(
        group_index=group,
        place=Window(
            RowNumber(),
            partition_by=[group],
            order_by=[overdue_first.desc(nulls_last=True), *(F(name).asc() for name in _ORDER)],
        ),
        group_total=Window(Count("pk"), partition_by=[group]),
    )
    for item in _items(ranked.filter(place__lte=shown), today):
        target = groups[item.occurrence.group_index]
        target.items.append(item)
        target.total = item.occurrence.group_total
    return Agenda(today=today, start=start, end=end, groups=groups)


@dataclass
class AgendaPage:
    """One group of the list alone, PAGE_SIZE lines a page."""

    today: dt.date
    start: dt.date
    end: dt.date
    group: AgendaGroup
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def total(self) -> int:
        return self.group.total

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.group.total / self.page_size))

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def first_shown(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.group.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.page * self.page_size, self.group.total)


def parse_page(value: str | None) -> int:
    """A page number from the query string, from 1; anything unreadable is 1."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def build_group_page(
    occurrences: QuerySet[Occurrence],
    *,
    today: dt.date,
    key: str,
    page: int = 1,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    weeks_back: int = WEEKS_BACK,
    horizon_days: int = HORIZON_DAYS,
    page_size: int | None = None,
) -> AgendaPage:
    """The group `key` (one of GROUP_KEYS) of the same window as build_agenda, whole, in date order, one
    page of it; a page past the last shows the last. Two queries: the count and the page."""
    page_size = page_size or PAGE_SIZE
    start, end = _window(today, date_from, date_to, weeks_back, horizon_days)
    group = next(g for g in _groups(today, start, end) if g.key == key)
    in_group = occurrences.filter(due_date__gte=group.start, due_date__lte=group.end)
    group.total = in_group.count() if not group.is_empty_span else 0
    result = AgendaPage(today=today, start=start, end=end, group=group, page_size=page_size)
    result.page = min(page, result.pages)
    if group.total:
        offset = (result.page - 1) * page_size
        group.items = list(_items(_ordered(in_group)[offset : offset + page_size], today))
    return result


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
    for item in _items(_ordered(occurrences.filter(due_date__gte=grid_start, due_date__lte=grid_end)), today):
        cells[item.due_date].items.append(item)
    return MonthCalendar(month=first, weeks=weeks)
