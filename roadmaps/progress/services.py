"""Writes of school progress reports: assignment of items to schools, reports, review, evidence.

The review workflow itself (states, locking, versions, history, evidence) is progress.services; this
module adds what is particular to a school's report: who must report on what, the report's fields, the
rule that an empty report is not sent, and whom to tell (`report_notice`, registered with
progress.registry in RoadmapsConfig.ready). Every change is a compare-and-set on the report's `version`
(a stale form is refused with StaleReportError and nothing is written) and leaves a ReportEvent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from core import filetypes
from directory.models import Organization
from directory.recipients import directors_of, methodists
from progress import services as review
from progress import workflow
from progress.notices import ReviewNotice

from ..models import Occurrence, ProgressReport, ReportEvidence, Roadmap, RoadmapRow, RowChange

Scope = RoadmapRow.ReportScope
Progress = ProgressReport.Progress


# The workflow's refusals under the names the report views know.
StaleReportError = review.StaleSubmissionError
ReportLocked = review.SubmissionLocked


# --- Assignment ------------------------------------------------------------------------------------


def reporting_schools() -> QuerySet[Organization]:
    """Organizations that report on items assigned to «все школы»."""
    return Organization.objects.filter(kind=Organization.Kind.SCHOOL)


def _subtree(row: RoadmapRow) -> list[RoadmapRow]:
    """The row itself, or for a heading every row nested under it."""
    if not row.is_heading:
        return [row]
    result = []
    for following in row.roadmap.rows.filter(position__gt=row.position).order_by("position"):
        if following.level <= row.level:
            break
        result.append(following)
    return result


@transaction.atomic
def row_assign(
    *, user, row: RoadmapRow, scope: str, schools: Iterable[Organization] = ()
) -> list[RoadmapRow]:
    """Assign an item (or every item under a heading) to all schools, chosen schools or none."""
    if scope not in Scope.values:
        raise ValidationError("Неизвестный вариант назначения.")
    schools = list(schools)
    if scope == Scope.SELECTED and not schools:
        raise ValidationError("Выберите хотя бы одну школу.")
    if any(org.is_district_body for org in schools):
        raise ValidationError("Отчитываются школы и другие образовательные организации, а не управление.")
    items = [r for r in _subtree(row) if not r.is_heading]
    if not items:
        raise ValidationError("В этом разделе нет мероприятий.")
    before = {str(r.pk): r.report_scope for r in items}
    RoadmapRow.objects.filter(pk__in=[r.pk for r in items]).update(
        report_scope=scope, version=F("version") + 1
    )
    through = RoadmapRow.report_schools.through
    through.objects.filter(roadmaprow_id__in=[r.pk for r in items]).delete()
    if scope == Scope.SELECTED:
        through.objects.bulk_create(
            [through(roadmaprow_id=r.pk, organization_id=school.pk) for r in items for school in schools]
        )
    RowChange.objects.create(
        roadmap=row.roadmap,
        row=row,
        user=user,
        action=RowChange.Action.UPDATE,
        before={"report_scope": before},
        after={"report_scope": scope, "schools": [s.short_name for s in schools], "rows": len(items)},
    )
    for item in items:
        item.report_scope = scope
    return items


def expected_organization_ids(
    row: RoadmapRow,
    *,
    all_school_ids: Sequence[int] | None = None,
    chosen_ids: Iterable[int] | None = None,
) -> list[int]:
    """Who must report on the row's occurrences. For lists, pass what was read once for all rows:
    all_school_ids, and chosen_ids (the row's report_schools) or prefetch `row.report_schools`."""
    if row.report_scope == Scope.ALL:
        return (
            list(all_school_ids)
            if all_school_ids is not None
            else list(reporting_schools().values_list("pk", flat=True))
        )
    if row.report_scope == Scope.SELECTED:
        if chosen_ids is not None:
            return list(chosen_ids)
        return [school.pk for school in row.report_schools.all()]
    return [row.roadmap.organization_id]


def is_expected(row: RoadmapRow, organization: Organization) -> bool:
    if row.report_scope == Scope.ALL:
        return organization.kind == Organization.Kind.SCHOOL
    if row.report_scope == Scope.SELECTED:
        return row.report_schools.filter(pk=organization.pk).exists()
    return organization.pk == row.roadmap.organization_id


# --- Reports -----------------------------------------------------------------------------------------


def _check_open_for_school(occurrence: Occurrence, organization: Organization) -> None:
    row = occurrence.row
    if row.roadmap.status != Roadmap.Status.APPROVED:
        raise PermissionDenied("Отчитываться можно только по утверждённой дорожной карте.")
    if not occurrence.is_active or row.is_heading or not is_expected(row, organization):
        raise PermissionDenied("Это мероприятие не назначено вашей организации.")


def _clean_fields(data: dict, today: dt.date) -> dict:
    progress = data.get("progress", Progress.NOT_STARTED)
    if progress not in Progress.values:
        raise ValidationError({"progress": "Выберите ход выполнения."})
    reason = (data.get("reason") or "").strip()
    comment = (data.get("comment") or "").strip()
    done_on = data.get("done_on")
    errors = {}
    if progress == Progress.NOT_DONE and not reason:
        errors["reason"] = "Укажите причину, по которой мероприятие не выполнено."
    if done_on and done_on > today:
        errors["done_on"] = "Дата выполнения не может быть в будущем."
    if done_on and progress != Progress.DONE:
        errors["done_on"] = "Дата выполнения указывается только для выполненного мероприятия."
    if errors:
        raise ValidationError(errors)
    if progress == Progress.DONE and not done_on:
        done_on = today
    return {
        "progress": progress,
        "reason": reason if progress == Progress.NOT_DONE else "",
        "comment": comment,
        "done_on": done_on,
    }


@transaction.atomic
def report_save(
    *,
    user,
    occurrence: Occurrence,
    organization: Organization,
    data: dict,
    version: int | None,
    today: dt.date | None = None,
) -> ProgressReport:
    """Create or change the organization's draft report. `version` is what the user saw (None: new)."""
    today = today or timezone.localdate()
    _check_open_for_school(occurrence, organization)
    fields = _clean_fields(data, today)
    return review.submission_save(
        user=user,
        model=ProgressReport,
        lookup={"occurrence": occurrence, "organization": organization},
        fields=fields,
        version=version,
    )


def _report_url(report: ProgressReport) -> str:
    return reverse("roadmaps:report_detail", args=[report.pk])


def _directors_of(organization_id: int):
    return directors_of(organization_id)


def _methodists_for(report: ProgressReport):
    """The row's responsible methodists when linked, else every methodist of the district."""
    row = report.occurrence.row
    linked = methodists().filter(person__in=row.responsible_people.all())
    return list(linked) or list(methodists())


_TO_SCHOOL = {
    workflow.RETURN: ("report_returned", "Отчёт возвращён на доработку"),
    workflow.ACCEPT: ("report_accepted", "Отчёт принят"),
    workflow.REOPEN: ("report_reopened", "Принятый отчёт открыт повторно"),
}


def report_notice(report: ProgressReport, action: str, comment: str) -> ReviewNotice | None:
    """Whom to tell about a step: methodists of a submission, the school's director(s) of a review."""
    row = report.occurrence.row
    if action == workflow.SUBMIT:
        return ReviewNotice(
            recipients=_methodists_for(report),
            kind="report_submitted",
            title=f"{report.organization.short_name}: отчёт по «{row.activity[:120]}»",
            body=f"Срок {report.occurrence.due_date:%d.%m.%Y}, {report.get_progress_display()}.",
            url=_report_url(report),
        )
    if action not in _TO_SCHOOL:
        return None
    kind, what = _TO_SCHOOL[action]
    return ReviewNotice(
        recipients=_directors_of(report.organization_id),
        kind=kind,
        title=f"{what}: «{row.activity[:120]}»",
        # An acceptance's comment was never part of the notice; a return's and a reopening's is the point.
        body=comment if action != workflow.ACCEPT else "",
        url=_report_url(report),
    )


@transaction.atomic
def report_submit(*, user, report: ProgressReport, version: int) -> ProgressReport:
    """Send the report for review. An empty report («не начато») cannot be sent."""
    if report.progress == Progress.NOT_STARTED:
        raise ValidationError("Укажите, что сделано (ход выполнения), прежде чем отправлять отчёт.")
    return review.submission_submit(user=user, submission=report, version=version)


def report_return(*, user, report: ProgressReport, version: int, comment: str) -> ProgressReport:
    """Return the report to the school with the methodist's comment."""
    return review.submission_return(user=user, submission=report, version=version, comment=comment)


def report_accept(*, user, report: ProgressReport, version: int, comment: str = "") -> ProgressReport:
    """Accept the report; it is locked from now on."""
    return review.submission_accept(user=user, submission=report, version=version, comment=comment)


def report_reopen(*, user, report: ProgressReport, version: int, reason: str) -> ProgressReport:
    """Reopen an accepted report — an explicit, logged action with a reason."""
    return review.submission_reopen(user=user, submission=report, version=version, reason=reason)


# --- Evidence -------------------------------------------------------------------------------------


def evidence_add_file(*, user, report: ProgressReport, name: str, data: bytes) -> ReportEvidence:
    """Attach a file, checked by its content (type) and size; a disguised file is refused."""
    return review.evidence_add_file(
        user=user, submission=report, name=name, data=data, check=filetypes.check_upload
    )


def evidence_add_link(*, user, report: ProgressReport, url: str) -> ReportEvidence:
    return review.evidence_add_link(user=user, submission=report, url=url)


def evidence_remove(*, user, evidence: ReportEvidence) -> None:
    review.evidence_remove(user=user, submission=evidence.report, evidence=evidence)


def report_save_with_evidence(
    *,
    user,
    occurrence: Occurrence,
    organization: Organization,
    data: dict | None,
    version: int | None = None,
    files: Iterable[tuple[str, bytes]] = (),
    url: str = "",
    report: ProgressReport | None = None,
) -> ProgressReport:
    """One transaction: the report's fields (unless `data` is None: evidence only), each file, the link.

    Nothing of a failed request stays: neither rows nor the files already written to storage.
    """
    with review.atomic_with_files():
        if data is not None:
            report = report_save(
                user=user, occurrence=occurrence, organization=organization, data=data, version=version
            )
        review.evidence_attach(
            user=user, submission=report, files=files, url=url, check=filetypes.check_upload
        )
    report.refresh_from_db()
    return report
