"""The district's dashboard: figures per roadmap and per school, months of the school year.

Counted in the database, not pair by pair in Python: due dates are grouped per item and month,
reports per roadmap, organization and month of completion, and an item's counts are multiplied by the
number of organizations that report on it (all schools, the chosen ones, or the roadmap's owner).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth

from directory.models import Organization

from ... import owners
from ...deadlines import academic_year_of
from ...models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from .common import _Totals, organization_order, percent, review_organizations

State = ProgressReport.State
Progress = ProgressReport.Progress
Scope = RoadmapRow.ReportScope


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
    # An association's own plan (roadmaps.owners) is not the district's: no school reports on it.
    return (
        Roadmap.objects.filter(status=Roadmap.Status.APPROVED, period_start__lte=today, period_end__gte=today)
        .exclude(kind__in=owners.owned_kinds())
        .order_by("period_start", "title", "pk")
    )


def _months(start: dt.date) -> list[tuple[int, int]]:
    return [(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1) for i in range(12)]


def _done_q() -> Q:
    return Q(state=State.ACCEPTED, progress=Progress.DONE)


def _expected_reports(in_force: QuerySet[Roadmap]) -> QuerySet[ProgressReport]:
    """Reports of expected pairs only (a report left behind by a changed assignment does not count)."""
    through = RoadmapRow.report_schools.through
    chosen = Exists(
        through.objects.filter(
            roadmaprow_id=OuterRef("occurrence__row_id"), organization_id=OuterRef("organization_id")
        )
    )
    expected = (
        Q(occurrence__row__report_scope=Scope.ALL, organization__kind=Organization.Kind.SCHOOL)
        | (Q(occurrence__row__report_scope=Scope.SELECTED) & chosen)
        | Q(
            occurrence__row__report_scope=Scope.NONE,
            organization_id=F("occurrence__row__roadmap__organization_id"),
        )
    )
    return ProgressReport.objects.filter(
        expected,
        occurrence__row__roadmap__in=in_force,
        occurrence__row__is_heading=False,
        occurrence__is_active=True,
    )


def dashboard(*, today: dt.date) -> Dashboard:
    """The roadmaps in force with their figures, the schools' figures and the months of the year.

    Set-based: the database counts due dates per (item, month) and reports per (roadmap, organization,
    month); Python multiplies the items' counts by the number of organizations expected to report.
    Six queries whatever the size."""
    year_start, year_end = academic_year_of(today)
    months = _months(year_start)
    month_index = {ym: i for i, ym in enumerate(months)}
    this_month = month_index[(today.year, today.month)]

    assigned = Q(rows__is_heading=False) & ~Q(rows__report_scope=Scope.NONE)
    roadmaps = list(
        roadmaps_in_force(today)
        .select_related("organization")
        .annotate(assigned_items=Count("rows", filter=assigned))
    )
    in_force = roadmaps_in_force(today).values("pk")
    # Every organization that may report (not the district's bodies): schools, and those chosen by name.
    organizations = {o.pk: o for o in review_organizations()}
    schools = [o for o in organizations.values() if o.kind == Organization.Kind.SCHOOL]
    chosen: dict[int, list[int]] = defaultdict(list)  # row -> the chosen organizations
    through = RoadmapRow.report_schools.through
    for row_id, org_id in through.objects.filter(
        roadmaprow__roadmap__in=in_force, roadmaprow__report_scope=Scope.SELECTED
    ).values_list("roadmaprow_id", "organization_id"):
        chosen[row_id].append(org_id)

    # Due dates per item and month: all of them, those due by today, those due before today.
    occurrences = (
        Occurrence.objects.filter(row__roadmap__in=in_force, row__is_heading=False, is_active=True)
        .annotate(month=TruncMonth("due_date"))
        .order_by()
        .values_list("row_id", "row__roadmap_id", "row__report_scope", "month")
        .annotate(
            dates=Count("pk"),
            due=Count("pk", filter=Q(due_date__lte=today)),
            past=Count("pk", filter=Q(due_date__lt=today)),
        )
    )
    figures = {r.pk: RoadmapFigures(roadmap=r, items=r.assigned_items) for r in roadmaps}
    by_id = {r.pk: r for r in roadmaps}
    expected_by_month = [0] * 12
    done_by_month = [0] * 12
    # Due (by today) and past (before today) pairs per organization; «all schools» items once for all.
    org_due: dict[int, int] = defaultdict(int)
    org_past: dict[int, int] = defaultdict(int)
    row_dates: dict[int, list[int]] = {}  # row -> [due, past] for the chosen schools' figures
    all_due = all_past = 0
    reporting: set[int] = set()  # organizations with at least one expected date
    any_all = False
    n_schools = len(schools)
    for row_id, roadmap_id, scope, month, dates, due, past in occurrences:
        if scope == Scope.ALL:
            many = n_schools
            all_due += due
            all_past += past
            any_all = True
        elif scope == Scope.SELECTED:
            many = len(chosen.get(row_id, ()))
            counts = row_dates.setdefault(row_id, [0, 0])
            counts[0] += due
            counts[1] += past
        else:
            many = 1
            owner = by_id[roadmap_id].organization_id
            org_due[owner] += due
            org_past[owner] += past
            reporting.add(owner)
        mine = figures[roadmap_id]
        mine.expected += due * many
        mine.overdue += past * many  # less the accepted ones, below
        index = month_index.get((month.year, month.month)) if month is not None else None
        if index is not None and year_start <= month <= year_end:
            expected_by_month[index] += dates * many
    for row_id, (due, past) in row_dates.items():
        for org_id in chosen[row_id]:
            org_due[org_id] += due
            org_past[org_id] += past
            reporting.add(org_id)
    if any_all:
        reporting.update(s.pk for s in schools)
        for school in schools:
            org_due[school.pk] += all_due
            org_past[school.pk] += all_past

    # Reports of expected pairs per roadmap, organization and month of completion.
    moment = Coalesce("done_on", "occurrence__due_date")
    reports = (
        _expected_reports(in_force)
        .annotate(month=TruncMonth(moment))
        .order_by()
        .values_list("occurrence__row__roadmap_id", "organization_id", "month")
        .annotate(
            done_due=Count("pk", filter=_done_q() & Q(occurrence__due_date__lte=today)),
            accepted_past=Count("pk", filter=Q(state=State.ACCEPTED, occurrence__due_date__lt=today)),
            done_in_year=Count(
                "pk",
                filter=_done_q()
                & Q(occurrence__due_date__gte=year_start, occurrence__due_date__lte=year_end),
            ),
        )
    )
    org_done: dict[int, int] = defaultdict(int)
    org_accepted: dict[int, int] = defaultdict(int)
    for roadmap_id, org_id, month, done_due, accepted_past, done_in_year in reports:
        mine = figures[roadmap_id]
        mine.done += done_due
        mine.overdue -= accepted_past
        org_done[org_id] += done_due
        org_accepted[org_id] += accepted_past
        if done_in_year:
            index = month_index.get((month.year, month.month))
            if index is None:
                index = 0 if month < year_start else this_month
            done_by_month[min(index, this_month)] += done_in_year
    waiting = ProgressReport.objects.filter(state=State.SUBMITTED).count()

    points = []
    total_expected = total_done = 0
    for i, (year, month) in enumerate(months):
        total_expected += expected_by_month[i]
        total_done += done_by_month[i]
        points.append(MonthPoint(year, month, total_expected, total_done if i <= this_month else None))
    school_figures = [
        SchoolFigures(
            organization=organizations[org_id],
            expected=org_due[org_id],
            done=org_done[org_id],
            overdue=org_past[org_id] - org_accepted[org_id],
        )
        for org_id in reporting
        if org_id in organizations
    ]
    school_list = sorted(
        school_figures,
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
