"""One school's page: every item it reports on, by roadmap, with its occurrences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from directory.models import Organization

from ...models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from .common import (
    NONE,
    NOT_DUE,
    STATUS_LABELS,
    _occurrence_map,
    _report_map,
    _Totals,
    percent,
)

Scope = RoadmapRow.ReportScope


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
