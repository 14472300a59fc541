"""Reads for one organization's reports: «Мои задачи». Constant query counts.

«Мои задачи» reuses the agenda's date grouping (agenda.build_agenda): the organization's occurrences
are filtered first (an occurrence already accepted and past its date is done, not overdue; a returned
report goes to its own block on top), then grouped as «Просрочено», «На этой неделе», «В этом месяце»,
«Позже». The organization's report of each line comes with one prefetch query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from directory.models import Organization

from ...agenda import HORIZON_DAYS, AgendaItem, build_agenda
from ...models import Occurrence, ProgressReport, Roadmap, RoadmapRow

Scope = RoadmapRow.ReportScope
State = ProgressReport.State

# An overdue item stays overdue until it is reported and accepted, however old (the roadmap is still
# approved); «показать всё» lifts the horizon of the future ones.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2999, 12, 31)
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

    @property
    def detail_url(self) -> str:
        return reverse("roadmaps:report_detail", args=[self.report.pk]) if self.report is not None else ""


class _EditUrls:
    """report_edit URLs for many lines from one reverse()."""

    def __init__(self):
        self.template = reverse("roadmaps:report_edit", args=[_SENTINEL, _SENTINEL - 1])

    def __call__(self, occurrence_pk: int, organization_pk: int) -> str:
        return self.template.replace(f"/{_SENTINEL}/", f"/{occurrence_pk}/").replace(
            f"/{_SENTINEL - 1}/", f"/{organization_pk}/"
        )


def _lines(items, organization: Organization, today: dt.date, urls: _EditUrls) -> list[TaskLine]:
    lines = []
    for item in items:
        reports = getattr(item.occurrence, "own_reports", None) or [None]
        lines.append(
            TaskLine(item, organization, reports[0], today, urls(item.occurrence.pk, organization.pk))
        )
    return lines


def task_line(*, occurrence: Occurrence, organization: Organization, today: dt.date) -> TaskLine:
    """The line of one occurrence as it is now (for an htmx answer): two queries."""
    fresh = (
        Occurrence.objects.filter(pk=occurrence.pk)
        .select_related("row__roadmap")
        .prefetch_related(_own_reports(organization))
        .get()
    )
    row = fresh.row
    roadmap = row.roadmap
    item = AgendaItem(
        fresh,
        row,
        roadmap,
        fresh.due_date,
        fresh.due_date < today,
        f"{roadmap.get_absolute_url()}#row-{row.pk}",
    )
    return _lines([item], organization, today, _EditUrls())[0]


# --- «Мои задачи» -----------------------------------------------------------------------------------------


@dataclass
class TaskGroup:
    key: str  # overdue | week | month | later
    title: str
    start: dt.date
    end: dt.date
    lines: list[TaskLine] = field(default_factory=list)


@dataclass
class Tasks:
    organization: Organization
    today: dt.date
    end: dt.date
    show_all: bool
    returned: list[TaskLine]
    groups: list[TaskGroup]

    @property
    def total(self) -> int:
        return len(self.returned) + sum(len(group.lines) for group in self.groups)


def build_tasks(*, organization: Organization, today: dt.date, show_all: bool = False) -> Tasks:
    """The organization's lines: returned reports on top, then the agenda's groups. Four queries."""
    base = occurrences_to_report(organization).prefetch_related(_own_reports(organization))
    returned = _report_in(organization, State.RETURNED)
    done = Q(due_date__lt=today) & _report_in(organization, State.ACCEPTED)
    date_to = LATEST if show_all else today + dt.timedelta(days=HORIZON_DAYS)
    agenda = build_agenda(
        base.exclude(returned).exclude(done), today=today, date_from=EARLIEST, date_to=date_to
    )
    returned_agenda = build_agenda(base.filter(returned), today=today, date_from=EARLIEST, date_to=LATEST)
    urls = _EditUrls()
    returned_lines = _lines(
        (item for group in returned_agenda.groups for item in group.items), organization, today, urls
    )
    groups = [
        TaskGroup(
            group.key, group.title, group.start, group.end, _lines(group.items, organization, today, urls)
        )
        for group in agenda.groups
    ]
    return Tasks(organization, today, agenda.end, show_all, returned_lines, groups)
