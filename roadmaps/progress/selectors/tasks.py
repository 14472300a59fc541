"""Reads for one organization's reports: «Мои задачи». Constant query counts.

An organization's *open* dates are its occurrences still to be done: an occurrence already accepted
and past its date is done, not overdue; a returned report goes to its own block on top.

«Мои задачи» shows what is due now and soon: «Возвращены на доработку», «Просрочено» (the oldest
of them), «На этой неделе» and «В ближайшие четыре недели» (up to SOON_DAYS ahead), each block capped,
and says how many dates it leaves out, each count linking to the page of «Все сроки» where those
dates go on. «Все сроки» lists every date still to do in date order (returned ones among them),
PAGE_SIZE lines a page, overdue first, the rest by month. Either is three queries: the counts (one
aggregate), the lines (for «Мои задачи» the first few of each block at once, numbered within their
block by a window function) and the organization's reports of them (a prefetch).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from core.russian import month_name, plural
from directory.models import Organization

from ...agenda import AgendaItem
from ...models import Occurrence, ProgressReport, Roadmap, RoadmapRow

Scope = RoadmapRow.ReportScope
State = ProgressReport.State

# What «Мои задачи» shows at first: a director plans a month ahead, so four weeks; the overdue dates
# (however old: an item stays overdue until its report is accepted) and the coming ones are capped, so
# that a school that has fallen behind still gets a short page. «Все сроки» shows the rest by pages.
SOON_DAYS = 28
ACTIVITY_CHARS = 300  # a line shows the start of a long item; the roadmap page has it whole
TITLE_CHARS = 110
RETURNED_SHOWN = 10
OVERDUE_SHOWN = 15
SOON_SHOWN = 30
PAGE_SIZE = 50
_SENTINEL = 987654321  # an id no occurrence or organization has; one reverse per page, not per line

STATE_NONE = "none"
STATE_LABELS = {STATE_NONE: "нет отчёта", **dict(State.choices)}


# --- Which occurrences an organization reports on -------------------------------------------------------


def occurrences_to_report(organization: Organization) -> QuerySet[Occurrence]:
    """Active occurrences of approved roadmaps' items the organization must report on (see is_expected)."""
    through = RoadmapRow.report_schools.through
    chosen = Exists(through.objects.filter(roadmaprow_id=OuterRef("row_id"), organization_id=organization.pk))
    expected = Q(row__report_scope=Scope.NONE, row__roadmap__organization_id=organization.pk) | (
        Q(row__report_scope=Scope.SELECTED) & chosen
    )
    if organization.kind == Organization.Kind.SCHOOL:
        expected |= Q(row__report_scope=Scope.ALL)
    return Occurrence.objects.filter(
        expected, is_active=True, row__is_heading=False, row__roadmap__status=Roadmap.Status.APPROVED
    )


def _own_reports(organization: Organization) -> Prefetch:
    reports = ProgressReport.objects.filter(organization=organization).annotate(
        evidence_count=Count("evidence")
    )
    return Prefetch("reports", queryset=reports, to_attr="own_reports")


def _report_in(organization: Organization, state: str) -> Exists:
    return Exists(
        ProgressReport.objects.filter(occurrence=OuterRef("pk"), organization=organization, state=state)
    )


# --- One line ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One occurrence as a line of «Мои задачи»: the agenda's line plus the organization's report."""

    item: AgendaItem
    organization: Organization
    report: ProgressReport | None
    today: dt.date
    edit_url: str
    submit_url: str
    detail_url: str

    @property
    def occurrence(self) -> Occurrence:
        return self.item.occurrence

    @property
    def row(self) -> RoadmapRow:
        return self.item.row

    @property
    def roadmap(self) -> Roadmap:
        return self.item.roadmap

    @property
    def due_date(self) -> dt.date:
        return self.item.due_date

    @property
    def weekday(self) -> str:
        return self.item.weekday

    @property
    def dom_id(self) -> str:
        return f"task-{self.item.occurrence.pk}-{self.organization.pk}"

    @property
    def state(self) -> str:
        return self.report.state if self.report is not None else STATE_NONE

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def overdue(self) -> bool:
        return self.item.due_date < self.today and self.state != State.ACCEPTED

    @property
    def can_report(self) -> bool:
        """The school may still write: no report yet, a draft or a returned one."""
        return self.report is None or self.report.is_editable_by_school

    # What the line template prints, ready made: a long list renders many lines, and each lookup in a
    # template costs more than the Python that makes the string.

    @property
    def css(self) -> str:
        return f"task-state-{self.state} task-overdue" if self.overdue else f"task-state-{self.state}"

    @property
    def due_label(self) -> str:
        return self.item.due_label  # «30.11.2026, пн», as the agenda writes it

    @property
    def activity(self) -> str:
        text = self.item.row.activity
        return text if len(text) <= ACTIVITY_CHARS else text[: ACTIVITY_CHARS - 1].rstrip() + "…"

    @property
    def roadmap_title(self) -> str:
        title = self.item.roadmap.title
        return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"

    @property
    def action_label(self) -> str:
        """The button that opens the form: «Исправить», «Продолжить» or «Отчитаться»; "" when closed."""
        if not self.can_report:
            return ""
        if self.state == State.RETURNED:
            return "Исправить"
        return "Продолжить" if self.report is not None else "Отчитаться"

    @property
    def can_submit(self) -> bool:
        """A quick «Отправить» on the line: a report the school may still send, with some progress."""
        return (
            self.report is not None
            and self.report.is_editable_by_school
            and self.report.progress != ProgressReport.Progress.NOT_STARTED
        )

    @property
    def progress_label(self) -> str:
        return self.report.get_progress_display() if self.report is not None else ""


class _Urls:
    """The URLs of many lines from three reverse() calls (a report's form, its quick submission, its page)."""

    def __init__(self):
        self.edit = reverse("roadmaps:report_edit", args=[_SENTINEL, _SENTINEL - 1])
        self.submit = reverse("roadmaps:report_submit", args=[_SENTINEL])
        self.detail = reverse("roadmaps:report_detail", args=[_SENTINEL])
        self.roadmaps: dict[int, str] = {}

    def edit_url(self, occurrence_pk: int, organization_pk: int) -> str:
        return self.edit.replace(f"/{_SENTINEL}/", f"/{occurrence_pk}/").replace(
            f"/{_SENTINEL - 1}/", f"/{organization_pk}/"
        )

    def submit_url(self, report: ProgressReport | None) -> str:
        return self.submit.replace(f"/{_SENTINEL}/", f"/{report.pk}/") if report is not None else ""

    def detail_url(self, report: ProgressReport | None) -> str:
        return self.detail.replace(f"/{_SENTINEL}/", f"/{report.pk}/") if report is not None else ""

    def row_url(self, roadmap: Roadmap, row: RoadmapRow) -> str:
        base = self.roadmaps.get(roadmap.pk)
        if base is None:
            base = self.roadmaps[roadmap.pk] = roadmap.get_absolute_url()
        return f"{base}#row-{row.pk}"


# What a line shows; the long texts of a roadmap (goal, tasks) and of a row (result) stay in the database.
_LINE_FIELDS = (
    "due_date",
    "row__number",
    "row__activity",
    "row__position",
    "row__roadmap__title",
    "row__roadmap__status",
)
_ORDER = ("due_date", "row__roadmap__title", "row__roadmap_id", "row__position", "pk")


def _lines(
    occurrences: QuerySet[Occurrence], organization: Organization, today: dt.date, urls: _Urls
) -> list[TaskLine]:
    """The lines of `occurrences` (sliced or not), in date order: two queries."""
    lines = []
    for occurrence in occurrences:
        row = occurrence.row
        roadmap = row.roadmap
        due = occurrence.due_date
        item = AgendaItem(occurrence, row, roadmap, due, due < today, urls.row_url(roadmap, row))
        reports = getattr(occurrence, "own_reports", None) or [None]
        lines.append(
            TaskLine(
                item,
                organization,
                reports[0],
                today,
                urls.edit_url(occurrence.pk, organization.pk),
                urls.submit_url(reports[0]),
                urls.detail_url(reports[0]),
            )
        )
    return lines


def _ordered(occurrences: QuerySet[Occurrence], organization: Organization) -> QuerySet[Occurrence]:
    return (
        occurrences.select_related("row__roadmap")
        .only(*_LINE_FIELDS)
        .prefetch_related(_own_reports(organization))
        .order_by(*_ORDER)
    )


def task_line(*, occurrence: Occurrence, organization: Organization, today: dt.date) -> TaskLine:
    """The line of one occurrence as it is now (for an htmx answer): two queries."""
    fresh = Occurrence.objects.filter(pk=occurrence.pk)
    return _lines(_ordered(fresh, organization), organization, today, _Urls())[0]


# --- «Мои задачи» -----------------------------------------------------------------------------------------


def dates(n: int) -> str:
    """«1 срок», «3 срока», «312 сроков»."""
    return f"{n} {plural(n, 'срок', 'срока', 'сроков')}"


@dataclass
class TaskGroup:
    key: str  # overdue | week | soon; in «Все сроки» also month-YYYY-MM
    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    lines: list[TaskLine] = field(default_factory=list)
    total: int = 0  # the group's open dates, shown or not

    @property
    def hidden(self) -> int:
        return max(0, self.total - len(self.lines))

    @property
    def hidden_label(self) -> str:
        """«ещё 12 сроков»: what the group leaves to «Все сроки»."""
        return f"ещё {dates(self.hidden)}"


@dataclass
class Tasks:
    """«Мои задачи» (show_all=False) or one page of «Все сроки» (show_all=True)."""

    organization: Organization
    today: dt.date
    end: dt.date  # the last day of «скоро»
    show_all: bool
    returned: int  # dates whose report came back for changes
    overdue: int  # other dates before today
    soon: int  # other dates from today to `end`
    later: int  # other dates after `end`
    overdue_all: int  # dates before today, returned ones too
    by_end_all: int  # dates up to `end`, returned ones too
    returned_group: TaskGroup | None = None  # «Мои задачи» only: «Возвращены на доработку»
    groups: list[TaskGroup] = field(default_factory=list)
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def later_label(self) -> str:
        return f"ещё {dates(self.later)} позже"

    @property
    def open_label(self) -> str:
        return dates(self.open)

    @property
    def open(self) -> int:
        """Every date still to do, returned ones too: the length of «Все сроки»."""
        return self.returned + self.overdue + self.soon + self.later

    @property
    def total(self) -> int:
        return self.open

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.open / self.page_size))

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def first_shown(self) -> int:
        """The place (from 1) of the page's first line among the open dates."""
        return (self.page - 1) * self.page_size + 1 if self.open else 0

    @property
    def last_shown(self) -> int:
        return min(self.page * self.page_size, self.open)

    def page_of(self, index: int) -> int:
        """The page of «Все сроки» that holds the open date number `index` (from 0) in date order."""
        return max(1, min(index // self.page_size + 1, self.pages))

    # Where «Все сроки» (in date order, returned dates among the others) goes on from what is shown.

    @property
    def overdue_page(self) -> int:
        return self.page_of(min(OVERDUE_SHOWN, self.overdue_all - 1))

    @property
    def soon_page(self) -> int:
        return self.page_of(self.overdue_all + SOON_SHOWN)

    @property
    def later_page(self) -> int:
        """Where the dates after `end` begin."""
        return self.page_of(self.by_end_all)


def _to_do(organization: Organization, today: dt.date) -> QuerySet[Occurrence]:
    """The organization's dates still to do, each annotated with `is_returned`."""
    done = Q(due_date__lt=today) & _report_in(organization, State.ACCEPTED)
    return (
        occurrences_to_report(organization)
        .exclude(done)
        .annotate(is_returned=_report_in(organization, State.RETURNED))
    )


def parse_page(value: str | None) -> int | str:
    """A page number from the query string: a number from 1, or «last»; anything else is 1."""
    if value == "last":
        return value
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def build_tasks(
    *, organization: Organization, today: dt.date, show_all: bool = False, page: int | str = 1
) -> Tasks:
    """«Мои задачи»: returned reports on top, then what is overdue and what is due within SOON_DAYS, each
    block capped (three queries); or, with show_all, one page of every date still to do, returned ones
    among them (three queries)."""
    to_do = _to_do(organization, today)
    end = today + dt.timedelta(days=SOON_DAYS)
    fresh = Q(is_returned=False)
    counts = to_do.aggregate(
        returned=Count("pk", filter=Q(is_returned=True)),
        overdue=Count("pk", filter=fresh & Q(due_date__lt=today)),
        soon=Count("pk", filter=fresh & Q(due_date__gte=today, due_date__lte=end)),
        later=Count("pk", filter=fresh & Q(due_date__gt=end)),
        overdue_all=Count("pk", filter=Q(due_date__lt=today)),
        by_end_all=Count("pk", filter=Q(due_date__lte=end)),
    )
    tasks = Tasks(organization, today, end, show_all, **counts)
    urls = _Urls()
    if show_all:
        tasks.page = tasks.pages if page == "last" else min(int(page), tasks.pages)
        offset = (tasks.page - 1) * PAGE_SIZE
        page_lines = _lines(
            _ordered(to_do, organization)[offset : offset + PAGE_SIZE], organization, today, urls
        )
        tasks.groups = _by_month(page_lines, today)
        return tasks
    # One query for the three blocks: each date ranked within its block, the first few of each kept.
    block = Case(
        When(is_returned=True, then=Value(0)),
        When(due_date__lt=today, then=Value(1)),
        default=Value(2),
    )
    shown = _ordered(to_do.filter(Q(is_returned=True) | Q(due_date__lte=end)), organization).annotate(
        block=block,
        block_limit=Case(
            When(is_returned=True, then=Value(RETURNED_SHOWN)),
            When(due_date__lt=today, then=Value(OVERDUE_SHOWN)),
            default=Value(SOON_SHOWN),
        ),
        place=Window(RowNumber(), partition_by=[block], order_by=[F(name).asc() for name in _ORDER]),
    )
    lines = _lines(shown.filter(place__lte=F("block_limit")), organization, today, urls)
    week_end = today + dt.timedelta(days=6 - today.weekday())
    returned = TaskGroup("returned", "Возвращены на доработку", total=counts["returned"])
    overdue = TaskGroup("overdue", "Просрочено", total=counts["overdue"])
    week = TaskGroup("week", "На этой неделе", today, week_end)
    soon = TaskGroup("soon", "В ближайшие четыре недели", week_end + dt.timedelta(days=1), end)
    coming = []
    for line in lines:
        if line.occurrence.block == 0:
            returned.lines.append(line)
        elif line.occurrence.block == 1:
            overdue.lines.append(line)
        else:
            coming.append(line)
    week.lines = [line for line in coming if line.due_date <= week_end]
    soon.lines = [line for line in coming if line.due_date > week_end]
    # What is left out of the two coming groups shows under the last one.
    week.total = len(week.lines)
    soon.total = counts["soon"] - week.total
    tasks.returned_group = returned
    tasks.groups = [overdue, week, soon]
    return tasks


def _by_month(lines: list[TaskLine], today: dt.date) -> list[TaskGroup]:
    """A page of «Все сроки»: the overdue dates, then a group per month."""
    groups: list[TaskGroup] = []
    for line in lines:
        if line.due_date < today:
            key, title = "overdue", "Просрочено"
        else:
            key = f"month-{line.due_date:%Y-%m}"
            title = month_name(line.due_date.year, line.due_date.month)
        if not groups or groups[-1].key != key:
            groups.append(TaskGroup(key, title))
        groups[-1].lines.append(line)
        groups[-1].total += 1
    return groups
