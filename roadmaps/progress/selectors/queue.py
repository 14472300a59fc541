"""The methodist's review queue: submitted reports, the oldest first."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from progress.registry import QueueItem

from ...access import can_review_reports
from ...models import ProgressReport

State = ProgressReport.State


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


def report_queue(user) -> list[QueueItem]:
    """The review queue as progress.registry lists it across apps: every submitted report for a methodist."""
    if not can_review_reports(user):
        return []
    return [
        QueueItem(
            kind="Отчёты по дорожным картам",
            title=f"{report.occurrence.row.number} {report.occurrence.row.activity}".strip(),
            author=report.organization.short_name,
            submitted_at=report.submitted_at,
            url=reverse("roadmaps:report_detail", args=[report.pk]),
        )
        for report in review_queue()
    ]
