"""The district's dashboard: figures per roadmap and per school, months of the school year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from directory.models import Organization

from ...deadlines import academic_year_of
from ...models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from ..services import expected_organization_ids
from .common import (
    _occurrence_map,
    _report_map,
    _rows_with_schools,
    _schools,
    _Totals,
    organization_order,
    percent,
)

State = ProgressReport.State
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
