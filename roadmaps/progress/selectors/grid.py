"""The items × schools grid of one roadmap (statuses per cell, totals per line and column)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from directory.models import Organization

from ...models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from ..services import expected_organization_ids
from .common import (
    NO_DATES,
    NONE,
    NOT_DUE,
    OVERDUE,
    STATUS_LABELS,
    Rep,
    _occurrence_map,
    _report_map,
    _rows_with_schools,
    _schools,
    _Totals,
    organization_order,
    percent,
)

Scope = RoadmapRow.ReportScope


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
