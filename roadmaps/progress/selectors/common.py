"""What the district's views of school reports share (the grid, the review queue, one school's page and
the dashboard, each in its own module here): the statuses of a cell, totals, ordering, the lookups.

Each read runs a fixed number of queries whatever the size of the roadmap or the district (rows,
their assigned schools, occurrences, reports, schools), fetched as plain values; statuses,
percentages and overdue counts are then computed in Python. `today` is always passed in, so every
figure can be tested on a fixed day.

Words used below:
- an *expected pair* is an (occurrence, organization) that must be reported on: an active occurrence
  of an item and an organization the item is assigned to (`services.expected_organization_ids`;
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
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet

from directory.models import Organization

from ...models import Occurrence, ProgressReport, RoadmapRow
from ..services import reporting_schools

State = ProgressReport.State
Progress = ProgressReport.Progress


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


def review_organizations() -> QuerySet[Organization]:
    """The organizations the review queue can be narrowed to."""
    return Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS).only(*_ORG_FIELDS)


def sorted_organizations(organizations: Iterable[Organization]) -> list[Organization]:
    return sorted(organizations, key=organization_order)
