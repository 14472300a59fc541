"""Reads for the district's view of school reports: the items × schools grid, the review queue, one
school's page and the dashboard.

Each read runs a fixed number of queries whatever the size of the roadmap or the district (rows,
their assigned schools, occurrences, reports, schools), fetched as plain values; statuses,
percentages and overdue counts are then computed in Python. `today` is always passed in, so every
figure can be tested on a fixed day.

Words used below:
- an *expected pair* is an (occurrence, organization) that must be reported on: an active occurrence
  of an item and an organization the item is assigned to (`report_services.expected_organization_ids`;
  an item not assigned to schools is the office's own work, so the roadmap's organization reports);
- *due* means due on or before the end of the window (by default: today);
- *done* means the pair's report is accepted with progress «выполнено»;
- *overdue* means due before today and not accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from associations.models import Organization

from .deadlines import academic_year_of
from .models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from .report_services import expected_organization_ids, reporting_schools

State = ProgressReport.State
Progress = ProgressReport.Progress
Scope = RoadmapRow.ReportScope

# --- Statuses of a cell -----------------------------------------------------------------------------------

NONE = "none"
DRAFT = "draft"
IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
RETURNED = "returned"
DONE = "done"
NOT_DONE = "not_done"
NOT_DUE = "not_due"  # the next date is still ahead and nothing is reported yet
NO_DATES = "no_dates"  # the item has no dates (on request, unreadable deadline)
OVERDUE = "overdue"  # a filter, not a status: shown as a red border over any status

STATUS_LABELS = {
    NONE: "нет отчёта",
    DRAFT: "черновик",
    IN_PROGRESS: "в работе",
    SUBMITTED: "отправлен",
    RETURNED: "возвращён",
    DONE: "выполнено",
    NOT_DONE: "не выполнено",
    NOT_DUE: "срок не наступил",
    NO_DATES: "нет сроков",
}
# What the status filter offers, in the order of the workflow.
FILTER_STATUSES = [
    (NONE, "нет отчёта"),
    (DRAFT, "черновик"),
    (IN_PROGRESS, "в работе"),
    (SUBMITTED, "отправлен"),
    (RETURNED, "возвращён"),
    (DONE, "принят: выполнено"),
    (NOT_DONE, "принят: не выполнено"),
    (OVERDUE, "просрочено"),
]


def status_of(state: str, progress: str) -> str:
    """The colour of a report: accepted ones by their progress, the others by their state."""
    if state == State.ACCEPTED:
        if progress == Progress.DONE:
            return DONE
        if progress == Progress.NOT_DONE:
            return NOT_DONE
        return IN_PROGRESS
    if state == State.SUBMITTED:
        return SUBMITTED
    if state == State.RETURNED:
        return RETURNED
    return IN_PROGRESS if progress == Progress.IN_PROGRESS else DRAFT


def percent(done: int, expected: int) -> int | None:
    """Whole percent, rounded down (100 only when everything is done); None when nothing is expected."""
    if not expected:
        return None
    return 100 if done >= expected else (100 * done) // expected


class _Totals:
    """done/expected/overdue as sums over the parts (`_parts()`: columns, items, roadmaps), and percent."""

    def _parts(self) -> list:
        raise NotImplementedError

    @property
    def done(self) -> int:
        return sum(part.done for part in self._parts())

    @property
    def expected(self) -> int:
        return sum(part.expected for part in self._parts())

    @property
    def overdue(self) -> int:
        return sum(part.overdue for part in self._parts())

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.expected)


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """«СОШ № 2» before «СОШ № 10»."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(text))


_KIND_ORDER = {kind: index for index, kind in enumerate(Organization.Kind.values)}


def organization_order(organization: Organization) -> tuple:
    """Schools first, then kindergartens, other organizations, the district bodies last."""
    district = organization.kind in Organization.DISTRICT_KINDS
    return (district, _KIND_ORDER.get(organization.kind, 99), natural_key(organization.short_name))


class Rep(NamedTuple):
    """A report as the figures need it (a tuple: tens of thousands are made per page)."""

    pk: int
    state: str
    progress: str
    done_on: dt.date | None

    @property
    def accepted(self) -> bool:
        return self.state == State.ACCEPTED

    @property
    def done(self) -> bool:
        return self.state == State.ACCEPTED and self.progress == Progress.DONE

    @property
    def status(self) -> str:
        return status_of(self.state, self.progress)


_ORG_FIELDS = ("id", "name", "short_name", "kind")


def _report_map(reports: QuerySet[ProgressReport]) -> dict[tuple[int, int], Rep]:
    values = reports.order_by().values_list(
        "pk", "occurrence_id", "organization_id", "state", "progress", "done_on"
    )
    return {(occ, org): Rep(pk, state, progress, done) for pk, occ, org, state, progress, done in values}


def _occurrence_map(occurrences: QuerySet[Occurrence]) -> dict[int, list[tuple[int, dt.date]]]:
    """Active occurrences by row, in date order: {row_id: [(occurrence_id, due_date), …]}."""
    result: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for pk, row_id, due in (
        occurrences.filter(is_active=True).order_by("due_date", "pk").values_list("pk", "row_id", "due_date")
    ):
        result[row_id].append((pk, due))
    return result


def _rows_with_schools(rows: QuerySet[RoadmapRow]) -> QuerySet[RoadmapRow]:
    schools = Organization.objects.only(*_ORG_FIELDS)
    return rows.prefetch_related(Prefetch("report_schools", queryset=schools))


def _schools() -> list[Organization]:
    return list(reporting_schools().only(*_ORG_FIELDS))


# --- The grid: items × schools ----------------------------------------------------------------------------


@dataclass
class GridData:
    """Everything the grid of one roadmap is computed from (five queries)."""

    roadmap: Roadmap
    rows: list[RoadmapRow]
    organizations: list[Organization]  # every organization some item is assigned to, in column order
    expected: dict[int, frozenset[int]]  # item pk -> organization ids
    occurrences: dict[int, list[tuple[int, dt.date]]]
    reports: dict[tuple[int, int], Rep]

    @property
    def sections(self) -> list[tuple[int, str]]:
        return [
            (row.pk, f"{chr(0xA0) * 3 * row.level}{row.number} {row.activity}".rstrip()[:120])
            for row in self.rows
            if row.is_heading
        ]

    @property
    def assigned_to_schools(self) -> bool:
        return any(row.report_scope != Scope.NONE for row in self.rows if not row.is_heading)


def load_grid_data(roadmap: Roadmap) -> GridData:
    rows = list(_rows_with_schools(roadmap.rows.order_by("position")))
    schools = _schools()
    school_ids = [school.pk for school in schools]
    by_id = {school.pk: school for school in schools}
    by_id[roadmap.organization_id] = roadmap.organization
    expected: dict[int, frozenset[int]] = {}
    used: set[int] = set()
    for row in rows:
        row.roadmap = roadmap
        if row.is_heading:
            continue
        for school in row.report_schools.all():
            by_id.setdefault(school.pk, school)
        ids = frozenset(expected_organization_ids(row, all_school_ids=school_ids))
        expected[row.pk] = ids
        used |= ids
    organizations = sorted((by_id[pk] for pk in used if pk in by_id), key=organization_order)
    return GridData(
        roadmap=roadmap,
        rows=rows,
        organizations=organizations,
        expected=expected,
        occurrences=_occurrence_map(Occurrence.objects.filter(row__roadmap=roadmap)),
        reports=_report_map(
            ProgressReport.objects.filter(occurrence__row__roadmap=roadmap, occurrence__is_active=True)
        ),
    )


@dataclass(slots=True)
class Cell:
    organization: Organization
    expected: bool
    status: str = ""
    overdue: bool = False
    due: dt.date | None = None
    report_pk: int | None = None
    done: int = 0  # done pairs of this item and organization in the window
    count: int = 0  # due pairs of this item and organization in the window
    overdue_count: int = 0  # overdue pairs of this item and organization in the window
    dim: bool = False  # does not match the status filter

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, "")


@dataclass
class Column:
    organization: Organization
    done: int = 0
    expected: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.expected)

    @property
    def is_office(self) -> bool:
        return self.organization.kind in Organization.DISTRICT_KINDS


@dataclass
class GridLine:
    row: RoadmapRow
    cells: list[Cell] = field(default_factory=list)
    done: int = 0
    expected: int = 0
    overdue: int = 0
    items: int = 0  # for a heading: items shown under it

    @property
    def is_heading(self) -> bool:
        return self.row.is_heading

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.expected)


@dataclass
class Grid(_Totals):
    roadmap: Roadmap
    today: dt.date
    date_from: dt.date
    date_to: dt.date
    explicit_period: bool
    columns: list[Column]
    lines: list[GridLine]
    filtered: bool
    assigned_to_schools: bool

    @property
    def items(self) -> list[GridLine]:
        return [line for line in self.lines if not line.is_heading]

    def _parts(self) -> list:
        return self.columns

    @property
    def single_date(self) -> bool:
        return self.explicit_period and self.date_from == self.date_to


def default_window(roadmap: Roadmap, today: dt.date) -> tuple[dt.date, dt.date]:
    """From the roadmap's start to today (kept inside the roadmap's period)."""
    end = min(max(today, roadmap.period_start), roadmap.period_end)
    return roadmap.period_start, end


def build_grid(
    data: GridData,
    *,
    today: dt.date,
    section: int | None = None,
    status: str = "",
    school: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Grid:
    """The grid, filtered. No queries.

    A cell shows the latest occurrence due in the window [date_from, date_to] (by default: from the
    roadmap's start to today); with no date due in it yet, the next date ahead («срок не наступил»,
    or an early report). With an explicit period, items without a date in it are left out; a period of
    one day shows that day's occurrence. Percentages count every pair in the window due by today.
    """
    roadmap = data.roadmap
    start, end = default_window(roadmap, today)
    explicit = date_from is not None or date_to is not None
    date_from = date_from or (start if date_to is None or date_to >= start else date_to)
    if date_to is None:  # up to today, or to the roadmap's end when looking ahead
        date_to = end if end >= date_from else max(date_from, roadmap.period_end)
    organizations = data.organizations
    if school is not None:
        organizations = [o for o in organizations if o.pk == school]
    columns = [Column(o) for o in organizations]
    filtered = bool(section or status or school or explicit)
    reports = data.reports

    lines: list[GridLine] = []
    stack: list[GridLine] = []
    inside = section is None
    section_level = 0
    for row in data.rows:
        if section is not None:
            if row.pk == section:
                inside, section_level = True, row.level
            elif inside and row.level <= section_level:
                break
            if not inside:
                continue
        while stack and stack[-1].row.level >= row.level:
            stack.pop()
        if row.is_heading:
            line = GridLine(row)
            lines.append(line)
            stack.append(line)
            continue
        expected = data.expected.get(row.pk, frozenset())
        if school is not None and school not in expected:
            continue
        occurrences = data.occurrences.get(row.pk, [])
        window = [(pk, due) for pk, due in occurrences if date_from <= due <= date_to]
        if explicit and not window:
            continue
        current = window[-1] if window else None
        upcoming = None
        if current is None:
            upcoming = next(((pk, due) for pk, due in occurrences if due > date_to), None)
        line = GridLine(row)
        matched = not status
        for column in columns:
            org_id = column.organization.pk
            if org_id not in expected:
                line.cells.append(Cell(column.organization, expected=False))
                continue
            cell = Cell(column.organization, expected=True)
            for pk, due in window:
                if due > today:  # a window reaching ahead: not expected yet
                    break
                cell.count += 1
                report = reports.get((pk, org_id))
                if report is not None and report.done:
                    cell.done += 1
                if due < today and (report is None or not report.accepted):
                    cell.overdue_count += 1
            occurrence = current or upcoming
            if occurrence is None:
                cell.status = NO_DATES
            else:
                cell.due = occurrence[1]
                report = reports.get((occurrence[0], org_id))
                if report is not None:
                    cell.status, cell.report_pk = report.status, report.pk
                else:
                    cell.status = NONE if cell.due <= today else NOT_DUE
                cell.overdue = cell.due < today and (report is None or not report.accepted)
            if status:
                hit = cell.overdue if status == OVERDUE else cell.status == status
                cell.dim = not hit
                matched = matched or hit
            line.cells.append(cell)
        if not matched:
            continue
        for column, cell in zip(columns, line.cells, strict=True):
            if cell.expected:
                line.done += cell.done
                line.expected += cell.count
                line.overdue += cell.overdue_count
                column.done += cell.done
                column.expected += cell.count
                column.overdue += cell.overdue_count
        lines.append(line)
        for heading in stack:
            heading.done += line.done
            heading.expected += line.expected
            heading.overdue += line.overdue
            heading.items += 1
    if filtered:
        lines = [line for line in lines if not line.is_heading or line.items]
    return Grid(
        roadmap=roadmap,
        today=today,
        date_from=date_from,
        date_to=date_to,
        explicit_period=explicit,
        columns=columns,
        lines=lines,
        filtered=filtered,
        assigned_to_schools=data.assigned_to_schools,
    )


# --- The review queue -------------------------------------------------------------------------------------


def review_queue(*, roadmap_id: int | None = None, organization_id: int | None = None):
    """Reports waiting for a methodist, the oldest submission first."""
    reports = (
        ProgressReport.objects.filter(state=State.SUBMITTED)
        .select_related("occurrence__row__roadmap", "organization")
        .only(
            "pk",
            "progress",
            "comment",
            "submitted_at",
            "version",
            "organization__short_name",
            "organization__kind",
            "occurrence__due_date",
            "occurrence__row__number",
            "occurrence__row__activity",
            "occurrence__row__roadmap__title",
            "occurrence__row__roadmap__status",
        )
        .order_by("submitted_at", "pk")
    )
    if roadmap_id:
        reports = reports.filter(occurrence__row__roadmap_id=roadmap_id)
    if organization_id:
        reports = reports.filter(organization_id=organization_id)
    return reports


def review_counts() -> list[dict]:
    """Submitted reports per roadmap: [{"roadmap_id", "title", "count"}], the largest first."""
    return list(
        ProgressReport.objects.filter(state=State.SUBMITTED)
        .values("occurrence__row__roadmap_id", "occurrence__row__roadmap__title")
        .annotate(count=Count("pk"))
        .order_by("-count", "occurrence__row__roadmap__title")
    )


# --- One school's page ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Chip:
    """One occurrence of an item for the school."""

    occurrence_pk: int
    due: dt.date
    status: str
    overdue: bool
    report_pk: int | None
    url: str = ""  # set by the view: the report, or the form to start one

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class SchoolItem:
    row: RoadmapRow
    chips: list[Chip] = field(default_factory=list)
    done: int = 0
    expected: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.expected)


@dataclass
class SchoolRoadmap(_Totals):
    roadmap: Roadmap
    items: list[SchoolItem] = field(default_factory=list)

    def _parts(self) -> list:
        return self.items


@dataclass
class SchoolProgress(_Totals):
    organization: Organization
    today: dt.date
    roadmaps: list[SchoolRoadmap]

    def _parts(self) -> list:
        return self.roadmaps


def items_of(organization: Organization) -> QuerySet[RoadmapRow]:
    """The items of approved roadmaps the organization reports on."""
    through = RoadmapRow.report_schools.through
    chosen = through.objects.filter(organization_id=organization.pk).values("roadmaprow_id")
    condition = Q(report_scope=Scope.SELECTED, pk__in=chosen) | Q(
        report_scope=Scope.NONE, roadmap__organization_id=organization.pk
    )
    if organization.kind == Organization.Kind.SCHOOL:
        condition |= Q(report_scope=Scope.ALL)
    return RoadmapRow.objects.filter(condition, roadmap__status=Roadmap.Status.APPROVED, is_heading=False)


def school_progress(organization: Organization, *, today: dt.date) -> SchoolProgress:
    """Every item the school reports on, by roadmap (newest period first), each date with its status."""
    rows = list(
        items_of(organization)
        .select_related("roadmap")
        .only(
            "pk",
            "number",
            "activity",
            "deadline_text",
            "position",
            "roadmap__title",
            "roadmap__period_start",
            "roadmap__period_end",
        )
        .order_by("-roadmap__period_start", "roadmap__title", "roadmap_id", "position")
    )
    row_ids = items_of(organization).values("pk")
    occurrences = _occurrence_map(Occurrence.objects.filter(row__in=row_ids))
    reports = _report_map(
        ProgressReport.objects.filter(
            organization=organization, occurrence__row__in=row_ids, occurrence__is_active=True
        )
    )
    groups: list[SchoolRoadmap] = []
    for row in rows:
        if not groups or groups[-1].roadmap.pk != row.roadmap_id:
            groups.append(SchoolRoadmap(row.roadmap))
        item = SchoolItem(row)
        for pk, due in occurrences.get(row.pk, []):
            report = reports.get((pk, organization.pk))
            status = report.status if report is not None else NONE if due <= today else NOT_DUE
            overdue = due < today and (report is None or not report.accepted)
            item.chips.append(Chip(pk, due, status, overdue, report.pk if report else None))
            if due <= today:
                item.expected += 1
                item.done += bool(report and report.done)
            item.overdue += overdue
        groups[-1].items.append(item)
    return SchoolProgress(organization=organization, today=today, roadmaps=groups)


# --- The dashboard ----------------------------------------------------------------------------------------


@dataclass
class Figures:
    done: int = 0
    expected: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.expected)


@dataclass
class RoadmapFigures(Figures):
    roadmap: Roadmap | None = None
    items: int = 0  # items assigned to schools


@dataclass
class SchoolFigures(Figures):
    organization: Organization | None = None


@dataclass
class MonthPoint:
    year: int
    month: int
    expected: int  # cumulative: pairs due by the month's end
    done: int | None  # cumulative: done pairs by the month's end; None for months ahead

    @property
    def end(self) -> dt.date:
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)


@dataclass
class Dashboard(_Totals):
    today: dt.date
    year: tuple[dt.date, dt.date]
    roadmaps: list[RoadmapFigures]
    schools: list[SchoolFigures]
    months: list[MonthPoint]
    waiting_review: int

    def _parts(self) -> list:
        return self.roadmaps


def roadmaps_in_force(today: dt.date) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(
        status=Roadmap.Status.APPROVED, period_start__lte=today, period_end__gte=today
    ).order_by("period_start", "title", "pk")


def _months(start: dt.date) -> list[tuple[int, int]]:
    return [(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1) for i in range(12)]


def dashboard(*, today: dt.date) -> Dashboard:
    """The roadmaps in force with their figures, the schools' figures and the months of the year."""
    roadmaps = list(roadmaps_in_force(today).select_related("organization"))
    by_id = {r.pk: r for r in roadmaps}
    in_force = roadmaps_in_force(today).values("pk")
    rows = list(
        _rows_with_schools(
            RoadmapRow.objects.filter(roadmap__in=in_force, is_heading=False).only(
                "pk", "roadmap_id", "report_scope", "position"
            )
        )
    )
    schools = _schools()
    school_ids = [s.pk for s in schools]
    occurrences = _occurrence_map(Occurrence.objects.filter(row__roadmap__in=in_force))
    reports = _report_map(
        ProgressReport.objects.filter(occurrence__row__roadmap__in=in_force, occurrence__is_active=True)
    )
    waiting = ProgressReport.objects.filter(state=State.SUBMITTED).count()

    year_start, year_end = academic_year_of(today)
    months = _months(year_start)
    month_index = {ym: i for i, ym in enumerate(months)}
    this_month = month_index[(today.year, today.month)]
    expected_by_month = [0] * 12
    done_by_month = [0] * 12

    figures = {r.pk: RoadmapFigures(roadmap=r) for r in roadmaps}
    organizations: dict[int, Organization] = {s.pk: s for s in schools}
    by_school: dict[int, SchoolFigures] = {}
    for row in rows:
        row.roadmap = by_id[row.roadmap_id]
        for school in row.report_schools.all():
            organizations.setdefault(school.pk, school)
        expected = expected_organization_ids(row, all_school_ids=school_ids)
        mine = figures[row.roadmap_id]
        if row.report_scope != Scope.NONE:
            mine.items += 1
        for occurrence_pk, due in occurrences.get(row.pk, []):
            in_year = year_start <= due <= year_end
            for org_id in expected:
                report = reports.get((occurrence_pk, org_id))
                done = report is not None and report.done
                organization = organizations.get(org_id)
                school = None
                if organization is not None and organization.kind not in Organization.DISTRICT_KINDS:
                    school = by_school.get(org_id) or by_school.setdefault(
                        org_id, SchoolFigures(organization=organization)
                    )
                if due <= today:
                    mine.expected += 1
                    mine.done += done
                    if school is not None:
                        school.expected += 1
                        school.done += done
                    if due < today and not (report is not None and report.accepted):
                        mine.overdue += 1
                        if school is not None:
                            school.overdue += 1
                if in_year:
                    expected_by_month[month_index[(due.year, due.month)]] += 1
                    if done:
                        moment = report.done_on or due
                        index = month_index.get((moment.year, moment.month))
                        if index is None:
                            index = 0 if moment < year_start else this_month
                        done_by_month[min(index, this_month)] += 1
    points = []
    total_expected = total_done = 0
    for i, (year, month) in enumerate(months):
        total_expected += expected_by_month[i]
        total_done += done_by_month[i]
        points.append(MonthPoint(year, month, total_expected, total_done if i <= this_month else None))
    school_list = sorted(
        by_school.values(),
        key=lambda s: (-(s.percent if s.percent is not None else -1), organization_order(s.organization)),
    )
    return Dashboard(
        today=today,
        year=(year_start, year_end),
        roadmaps=list(figures.values()),
        schools=school_list,
        months=points,
        waiting_review=waiting,
    )


def review_organizations() -> QuerySet[Organization]:
    """The organizations the review queue can be narrowed to."""
    return Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS).only(*_ORG_FIELDS)


def sorted_organizations(organizations: Iterable[Organization]) -> list[Organization]:
    return sorted(organizations, key=organization_order)
