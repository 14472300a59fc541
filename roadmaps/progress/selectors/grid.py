"""The items × schools grid of one roadmap (statuses per cell, totals per line and column)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Paginator

from directory.models import Organization

from ...models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from ..services import expected_organization_ids
from .common import (
    _ORG_FIELDS,
    DONE,
    NO_DATES,
    NONE,
    NOT_DUE,
    OVERDUE,
    STATUS_LABELS,
    State,
    _occurrence_map,
    _schools,
    _Totals,
    organization_order,
    percent,
    status_of,
)

Scope = RoadmapRow.ReportScope


# --- The grid: items × schools ----------------------------------------------------------------------------


ALL = "all"  # the grid's section parameter for the whole table (paged on the page)
PAGE_SIZE = 50  # items per page of the grid


@dataclass
class GridData:
    """Everything the grid of one roadmap is computed from (five queries).

    load_grid_data() reads the rows, their chosen schools, the schools and the occurrences (enough to
    choose a section); load_grid_reports() then reads the reports of the part that is shown only.
    """

    roadmap: Roadmap
    rows: list[RoadmapRow]
    organizations: list[Organization]  # every organization some item is assigned to, in column order
    expected: dict[int, frozenset[int]]  # item pk -> organization ids
    occurrences: dict[int, list[tuple[int, dt.date]]]
    reports: dict[tuple[int, int], GridReport] = field(default_factory=dict)

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

    def heading(self, pk: int | None) -> RoadmapRow | None:
        return next((row for row in self.rows if row.pk == pk and row.is_heading), None)

    def section_rows(self, section: int | None) -> list[RoadmapRow]:
        """The heading `section` and every row nested under it; every row when section is None."""
        if section is None:
            return self.rows
        for index, row in enumerate(self.rows):
            if row.pk == section:
                end = index + 1
                while end < len(self.rows) and self.rows[end].level > row.level:
                    end += 1
                return self.rows[index:end]
        return []


_ROW_FIELDS = ("id", "roadmap_id", "position", "level", "is_heading", "number", "activity")
_ROW_FIELDS += ("deadline_text", "report_scope")


def load_grid_data(roadmap: Roadmap) -> GridData:
    """Rows, chosen schools, schools and occurrences (four queries); no reports yet.

    The chosen schools come as (row, organization) pairs from the link table in one query, rather
    than a prefetch: a manager per row costs more than the whole page on a 300-row roadmap.
    """
    rows = list(roadmap.rows.only(*_ROW_FIELDS).order_by("position"))
    chosen: dict[int, set[int]] = defaultdict(set)
    schools = _schools()
    by_id = {school.pk: school for school in schools}
    by_id[roadmap.organization_id] = roadmap.organization
    links = RoadmapRow.report_schools.through.objects.filter(roadmaprow__roadmap=roadmap)
    for row_id, *org in links.values_list("roadmaprow_id", *(f"organization__{f}" for f in _ORG_FIELDS)):
        chosen[row_id].add(org[0])
        if org[0] not in by_id:
            by_id[org[0]] = Organization(**dict(zip(_ORG_FIELDS, org, strict=True)))
    school_ids = [school.pk for school in schools]
    all_schools = frozenset(school_ids)  # one set shared by every row assigned to all schools
    expected: dict[int, frozenset[int]] = {}
    used: set[int] = set()
    for row in rows:  # row.roadmap is this roadmap already (the related manager's queryset)
        if row.is_heading:
            continue
        if row.report_scope == Scope.ALL:
            ids = all_schools
        else:
            ids = frozenset(
                expected_organization_ids(row, all_school_ids=school_ids, chosen_ids=chosen.get(row.pk, ()))
            )
        expected[row.pk] = ids
        used |= ids
    organizations = sorted((by_id[pk] for pk in used if pk in by_id), key=organization_order)
    return GridData(
        roadmap=roadmap,
        rows=rows,
        organizations=organizations,
        expected=expected,
        occurrences=_occurrence_map(Occurrence.objects.filter(row__roadmap=roadmap)),
    )


# A report as the grid needs it: (pk, status, accepted, done) — a plain tuple, tens of thousands a page.
GridReport = tuple[int, str, bool, bool]


@functools.cache
def _report_look(state: str, progress: str) -> tuple[str, bool, bool]:
    """(status, accepted, done) of a report: a handful of combinations, computed once each."""
    status = status_of(state, progress)
    return status, state == State.ACCEPTED, status == DONE


def load_grid_reports(data: GridData, *, section: int | None = None) -> None:
    """Read the reports of the section's items (of every item when section is None): one query."""
    reports = ProgressReport.objects.filter(occurrence__row__roadmap=data.roadmap, occurrence__is_active=True)
    if section is not None:
        rows = data.section_rows(section)
        if not rows:
            data.reports = {}
            return
        reports = reports.filter(
            occurrence__row__position__gte=rows[0].position,
            occurrence__row__position__lte=rows[-1].position,
        )
    values = reports.order_by().values_list("occurrence_id", "organization_id", "pk", "state", "progress")
    look = _report_look
    data.reports = {(occ, org): (pk, *look(state, progress)) for occ, org, pk, state, progress in values}


def due_now(data: GridData, today: dt.date) -> tuple[int | None, int | None]:
    """(section, item) holding what is due now: the item with the nearest date from today on (the
    first such in the roadmap's order) and its outermost heading; after the last date, the item of the
    last date; with no dates at all, the first item. The section is None for an item under no heading.
    """
    best: tuple[dt.date, int] | None = None
    latest: tuple[dt.date, int] | None = None
    order = {row.pk: index for index, row in enumerate(data.rows)}
    for row_pk, dates in data.occurrences.items():
        if row_pk not in order:
            continue
        ahead = next((due for _pk, due in dates if due >= today), None)
        if ahead is not None and (best is None or (ahead, order[row_pk]) < best):
            best = (ahead, order[row_pk])
        last = dates[-1][1] if dates else None
        if last is not None and (latest is None or (last, -order[row_pk]) > latest):
            latest = (last, -order[row_pk])
    if best is not None:
        index = best[1]
    elif latest is not None:
        index = -latest[1]
    else:
        index = next((i for i, row in enumerate(data.rows) if not row.is_heading), None)
        if index is None:
            return None, None
    item = data.rows[index]
    outer, level = None, item.level
    for row in reversed(data.rows[:index]):  # up the ancestors: the nearest shallower row each time
        if level == 0:
            break
        if row.level < level:
            level = row.level
            if row.is_heading:
                outer = row
    return (outer.pk if outer else None), item.pk


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
    done: int = 0
    expected: int = 0
    overdue: int = 0
    items: int = 0  # for a heading: items shown under it
    due: dt.date | None = None  # for an item: the date its cells show
    parents: list[GridLine] = field(default_factory=list)  # the headings above it, outermost first
    # The cells, made when first asked for: a page of «Все разделы» shows 50 of 300 items, but the
    # totals count them all (build_grid counts them without making their cells).
    _cells: list[Cell] | None = field(default=None, repr=False)
    _make_cells: Callable[[], list[Cell]] | None = field(default=None, repr=False)

    @property
    def cells(self) -> list[Cell]:
        if self._cells is None:
            self._cells = self._make_cells() if self._make_cells is not None else []
            self._make_cells = None
        return self._cells

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
    section: RoadmapRow | None = None  # the heading shown with everything under it; None: every row

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
    rows = data.section_rows(section)
    used: set[int] = set()
    for row in rows:
        used |= data.expected.get(row.pk, frozenset())
    organizations = [o for o in data.organizations if o.pk in used]  # the section's columns only
    if school is not None:
        organizations = [o for o in organizations if o.pk == school]
    columns = [Column(o) for o in organizations]
    column_ids = [o.pk for o in organizations]
    filtered = bool(section or status or school or explicit)
    reports = data.reports

    lines: list[GridLine] = []
    stack: list[GridLine] = []
    reports_of = _reports_by_occurrence(reports) if not status else {}
    shown_of: dict[int, frozenset[int]] = {}  # id(expected set) -> its organizations among the columns
    shown_by: dict[int, frozenset[int]] = {}  # the same, kept by id for the columns' totals
    tallies: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # org -> done, overdue; set -> …
    for row in rows:
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
        line = GridLine(row, parents=list(stack))
        counted = [(pk, due) for pk, due in window if due <= today]  # a window reaching ahead: not yet
        occurrence = current or upcoming
        line.due = occurrence[1] if occurrence else None
        if status:  # the status filter needs every cell's status: made now, totals from them
            cells, matched = _line_cells(
                columns, column_ids, expected, counted, occurrence, reports, today, status
            )
            if not matched:
                continue
            line._cells = cells
            for column, cell in zip(columns, cells, strict=True):
                if cell.expected:
                    line.done += cell.done
                    line.expected += cell.count
                    line.overdue += cell.overdue_count
                    column.done += cell.done
                    column.expected += cell.count
                    column.overdue += cell.overdue_count
        else:  # every line shows: counted from the reports, its cells made only if it is shown
            line._make_cells = functools.partial(
                _cells_of, columns, column_ids, expected, counted, occurrence, reports, today
            )
            shown = shown_of.get(id(expected))
            if shown is None:
                shown = shown_of[id(expected)] = frozenset(expected).intersection(column_ids)
            _count_line(line, shown, counted, reports_of, today, tallies, shown_by)
        lines.append(line)
        for heading in stack:
            heading.done += line.done
            heading.expected += line.expected
            heading.overdue += line.overdue
            heading.items += 1
    if not status:
        _count_columns(columns, column_ids, tallies, shown_by)
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
        section=data.heading(section),
    )


def _line_cells(columns, column_ids, expected, counted, occurrence, reports, today, status):
    """An item's cells, one per column, and whether one of them matches the status filter."""
    cells: list[Cell] = []
    matched = not status
    for column, org_id in zip(columns, column_ids, strict=True):
        if org_id not in expected:
            cells.append(Cell(column.organization, expected=False))
            continue
        cell = Cell(column.organization, expected=True, count=len(counted))
        for pk, due in counted:
            report = reports.get((pk, org_id))
            if report is None:
                if due < today:
                    cell.overdue_count += 1
                continue
            _pk, _status, accepted, done = report
            if done:
                cell.done += 1
            if due < today and not accepted:
                cell.overdue_count += 1
        if occurrence is None:
            cell.status = NO_DATES
        else:
            cell.due = occurrence[1]
            report = reports.get((occurrence[0], org_id))
            if report is not None:
                cell.report_pk, cell.status, accepted, _done = report
            else:
                cell.status, accepted = (NONE if cell.due <= today else NOT_DUE), False
            cell.overdue = cell.due < today and not accepted
        if status:
            hit = cell.overdue if status == OVERDUE else cell.status == status
            cell.dim = not hit
            matched = matched or hit
        cells.append(cell)
    return cells, matched


def _cells_of(columns, column_ids, expected, counted, occurrence, reports, today) -> list[Cell]:
    """An item's cells when no status is filtered (made when the page shows the item)."""
    return _line_cells(columns, column_ids, expected, counted, occurrence, reports, today, "")[0]


def _reports_by_occurrence(reports: dict) -> dict[int, list[tuple[int, bool, bool]]]:
    """occurrence pk -> [(organization pk, done, accepted)] of its reports."""
    result: dict[int, list[tuple[int, bool, bool]]] = defaultdict(list)
    for (occurrence, organization), (_pk, _status, accepted, done) in reports.items():
        result[occurrence].append((organization, done, accepted))
    return result


def _count_line(line: GridLine, shown, counted, reports_of, today, tallies, shown_by) -> None:
    """The figures of an item as its cells would sum them (see _line_cells), without making them.

    A cell counts each date due by today; done when its report says so; overdue when the date has
    passed and the report is not accepted (or there is none). Per column, done and accepted reports
    are tallied by organization, the dates by the set of organizations expected (one shared set for
    items of every school), so nothing runs once per cell."""
    if not shown:
        return
    width = len(shown)
    done = accepted_late = past = 0
    for pk, due in counted:
        late = due < today
        past += late
        for organization, is_done, accepted in reports_of.get(pk, ()):
            if organization in shown:
                if is_done:
                    done += 1
                    tallies[organization][0] += 1
                if late and accepted:
                    accepted_late += 1
                    tallies[organization][1] -= 1
    line.done = done
    line.expected = len(counted) * width
    line.overdue = past * width - accepted_late
    key = -1 - id(shown)  # the set's own tally (negative: never an organization's pk)
    shown_by[key] = shown
    tallies[key][2] += len(counted)
    tallies[key][3] += past


def _count_columns(columns: list[Column], column_ids: list[int], tallies, shown_by) -> None:
    """Each column's figures from the tallies of _count_line."""
    index = {org_id: column for column, org_id in zip(columns, column_ids, strict=True)}
    for key, shown in shown_by.items():
        _done, _late, dates, past = tallies[key]
        for organization in shown:
            column = index[organization]
            column.expected += dates
            column.overdue += past
    for organization, column in index.items():
        if organization in tallies:
            done, late, _dates, _past = tallies[organization]
            column.done += done
            column.overdue += late


@dataclass
class GridPage:
    """One page of the grid's items with the headings above them (repeated when a section goes on)."""

    number: int
    count: int  # pages
    lines: list[GridLine]
    first: int  # the first item's place among the grid's items, from 1 (0 when there are none)
    last: int
    total: int  # items in the grid

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def page_holding(grid: Grid, item: int | None, *, per_page: int = PAGE_SIZE) -> int:
    """The page number of the item (by row pk) among the grid's items; 1 when it is not shown."""
    for index, line in enumerate(grid.items):
        if line.row.pk == item:
            return index // per_page + 1
    return 1


def grid_page(grid: Grid, number: int | str | None, *, per_page: int = PAGE_SIZE) -> GridPage:
    """The page `number` (as Paginator.get_page: not a number → the first, past the end → the last)."""
    items = grid.items
    page = Paginator(items, per_page).get_page(number)
    lines: list[GridLine] = []
    shown: set[int] = set()
    for line in page.object_list:
        for heading in line.parents:
            if id(heading) not in shown:
                shown.add(id(heading))
                lines.append(heading)
        lines.append(line)
    if not items:  # headings only (an empty section): show them as they are
        lines = list(grid.lines)
    return GridPage(
        number=page.number,
        count=page.paginator.num_pages,
        lines=lines,
        first=page.start_index(),
        last=page.end_index(),
        total=len(items),
    )
