"""Writes of school progress reports: assignment of items to schools, reports, review, evidence.

Every change of a report is a compare-and-set on its `version` (a stale form is refused with
StaleReportError and nothing is written) and leaves a ReportEvent. Notices go to the people who
must act: methodists on a submission, the school's director(s) on a return/accept/reopen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from associations.models import Organization, Role
from notifications.models import Notice
from notifications.services import notices_create

from . import filetypes
from .models import Occurrence, ProgressReport, ReportEvent, ReportEvidence, Roadmap, RoadmapRow, RowChange

User = get_user_model()
Scope = RoadmapRow.ReportScope
State = ProgressReport.State
Progress = ProgressReport.Progress


class StaleReportError(Exception):
    """The report changed since the user loaded it."""

    def __init__(self, current: ProgressReport | None):
        self.current = current
        super().__init__("Отчёт уже изменил другой пользователь. Обновите страницу: ваши данные ниже.")


class ReportLocked(ValidationError):
    """The report is accepted (or submitted and waiting for review) and cannot be changed now."""


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


def expected_organization_ids(row: RoadmapRow, *, all_school_ids: Sequence[int] | None = None) -> list[int]:
    """Who must report on the row's occurrences. `row.report_schools` should be prefetched for lists."""
    if row.report_scope == Scope.ALL:
        return (
            list(all_school_ids)
            if all_school_ids is not None
            else list(reporting_schools().values_list("pk", flat=True))
        )
    if row.report_scope == Scope.SELECTED:
        return [school.pk for school in row.report_schools.all()]
    return [row.roadmap.organization_id]


def is_expected(row: RoadmapRow, organization: Organization) -> bool:
    if row.report_scope == Scope.ALL:
        return organization.kind == Organization.Kind.SCHOOL
    if row.report_scope == Scope.SELECTED:
        return row.report_schools.filter(pk=organization.pk).exists()
    return organization.pk == row.roadmap.organization_id


# --- Reports -----------------------------------------------------------------------------------------


def _snapshot(report: ProgressReport) -> dict:
    return {
        "progress": report.progress,
        "reason": report.reason,
        "comment": report.comment,
        "done_on": report.done_on.isoformat() if report.done_on else None,
        "state": report.state,
    }


def _event(report: ProgressReport, user, action: str, *, comment: str = "", before=None, after=None) -> None:
    ReportEvent.objects.create(
        report=report, user=user, action=action, comment=comment, before=before, after=after
    )


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
    report = (
        ProgressReport.objects.select_for_update()
        .filter(occurrence=occurrence, organization=organization)
        .first()
    )
    if report is None:
        if version not in (None, 0):
            raise StaleReportError(None)
        report = ProgressReport.objects.create(
            occurrence=occurrence, organization=organization, updated_by=user, **fields
        )
        _event(report, user, ReportEvent.Action.SAVE, after=_snapshot(report))
        return report
    if version is None or report.version != version:
        raise StaleReportError(report)
    if not report.is_editable_by_school:
        raise ReportLocked(
            "Отчёт принят и закрыт для изменений."
            if report.is_locked
            else "Отчёт отправлен и ждёт проверки методиста."
        )
    before = _snapshot(report)
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report.updated_by = user
    report.save()
    _event(report, user, ReportEvent.Action.SAVE, before=before, after=_snapshot(report))
    return report


def _transition(
    report: ProgressReport, version: int, allowed: Sequence[str], target: str, **fields
) -> ProgressReport:
    updated = ProgressReport.objects.filter(pk=report.pk, version=version, state__in=allowed).update(
        state=target, version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        current = ProgressReport.objects.filter(pk=report.pk).first()
        if current is not None and current.version == version:
            raise ReportLocked(f"Из состояния «{current.get_state_display()}» это действие невозможно.")
        raise StaleReportError(current)
    report.refresh_from_db()
    return report


def _report_url(report: ProgressReport) -> str:
    return reverse("roadmaps:report_detail", args=[report.pk])


def _tell_school(report: ProgressReport, kind: str, what: str, *, body: str = "") -> None:
    """A notice to the director(s) of the reporting school about their report."""
    notices_create(
        recipients=_directors_of(report.organization_id),
        kind=kind,
        title=f"{what}: «{report.occurrence.row.activity[:120]}»",
        body=body,
        url=_report_url(report),
    )


def _directors_of(organization_id: int):
    return User.objects.filter(
        roles__kind=Role.Kind.DIRECTOR, roles__organization_id=organization_id, is_active=True
    )


def _methodists_for(report: ProgressReport):
    """The row's responsible methodists when linked, else every methodist of the district."""
    row = report.occurrence.row
    linked = User.objects.filter(
        roles__kind=Role.Kind.METHODIST, person__in=row.responsible_people.all(), is_active=True
    )
    return list(linked) or list(User.objects.filter(roles__kind=Role.Kind.METHODIST, is_active=True))


@transaction.atomic
def report_submit(*, user, report: ProgressReport, version: int) -> ProgressReport:
    """Send the report for review. An empty report («не начато») cannot be sent."""
    if report.progress == Progress.NOT_STARTED:
        raise ValidationError("Укажите, что сделано (ход выполнения), прежде чем отправлять отчёт.")
    report = _transition(
        report,
        version,
        [State.DRAFT, State.RETURNED],
        State.SUBMITTED,
        submitted_at=timezone.now(),
        updated_by=user,
    )
    _event(report, user, ReportEvent.Action.SUBMIT, after=_snapshot(report))
    row = report.occurrence.row
    notices_create(
        recipients=_methodists_for(report),
        kind=Notice.Kind.REPORT_SUBMITTED,
        title=f"{report.organization.short_name}: отчёт по «{row.activity[:120]}»",
        body=f"Срок {report.occurrence.due_date:%d.%m.%Y}, {report.get_progress_display()}.",
        url=_report_url(report),
    )
    return report


@transaction.atomic
def report_return(*, user, report: ProgressReport, version: int, comment: str) -> ProgressReport:
    """Return the report to the school with the methodist's comment."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Напишите, что нужно исправить: школа увидит этот комментарий."})
    report = _transition(
        report,
        version,
        [State.SUBMITTED],
        State.RETURNED,
        review_comment=comment,
        reviewed_at=timezone.now(),
        reviewed_by=user,
        updated_by=user,
    )
    _event(report, user, ReportEvent.Action.RETURN, comment=comment)
    _tell_school(report, Notice.Kind.REPORT_RETURNED, "Отчёт возвращён на доработку", body=comment)
    return report


@transaction.atomic
def report_accept(*, user, report: ProgressReport, version: int, comment: str = "") -> ProgressReport:
    """Accept the report; it is locked from now on."""
    report = _transition(
        report,
        version,
        [State.SUBMITTED],
        State.ACCEPTED,
        review_comment=(comment or "").strip(),
        reviewed_at=timezone.now(),
        reviewed_by=user,
        updated_by=user,
    )
    _event(report, user, ReportEvent.Action.ACCEPT, comment=comment or "")
    _tell_school(report, Notice.Kind.REPORT_ACCEPTED, "Отчёт принят")
    return report


@transaction.atomic
def report_reopen(*, user, report: ProgressReport, version: int, reason: str) -> ProgressReport:
    """Reopen an accepted report — an explicit, logged action with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Укажите, почему принятый отчёт открывается повторно."})
    report = _transition(
        report,
        version,
        [State.ACCEPTED],
        State.RETURNED,
        review_comment=reason,
        reviewed_by=user,
        reviewed_at=timezone.now(),
        updated_by=user,
    )
    _event(report, user, ReportEvent.Action.REOPEN, comment=reason)
    _tell_school(report, Notice.Kind.REPORT_REOPENED, "Принятый отчёт открыт повторно", body=reason)
    return report


# --- Evidence -------------------------------------------------------------------------------------


def _check_evidence_open(report: ProgressReport) -> None:
    """Lock the report row and read its state now: a file cannot slip onto a report sent a moment ago."""
    current = ProgressReport.objects.select_for_update().only("state").get(pk=report.pk)
    report.state = current.state
    if not report.is_editable_by_school:
        raise ReportLocked(
            "Отчёт принят и закрыт для изменений."
            if report.is_locked
            else "Отчёт отправлен и ждёт проверки методиста."
        )


@transaction.atomic
def evidence_add_file(*, user, report: ProgressReport, name: str, data: bytes) -> ReportEvidence:
    """Attach a file, checked by its content (type) and size; a disguised file is refused."""
    _check_evidence_open(report)
    try:
        kind = filetypes.check_upload(name=name, data=data, max_bytes=settings.REPORT_FILE_MAX_BYTES)
    except filetypes.FileRejected as exc:
        raise ValidationError({"file": str(exc)}) from exc
    evidence = ReportEvidence(
        report=report,
        original_name=name[:255],
        size=len(data),
        content_type=kind.content_type,
        uploaded_by=user,
    )
    evidence.file.save(name, ContentFile(data), save=False)
    evidence.save()
    ProgressReport.objects.filter(pk=report.pk).update(version=F("version") + 1)
    report.refresh_from_db(fields=["version"])
    _event(report, user, ReportEvent.Action.EVIDENCE_ADD, after={"file": name, "size": len(data)})
    return evidence


@transaction.atomic
def evidence_add_link(*, user, report: ProgressReport, url: str) -> ReportEvidence:
    _check_evidence_open(report)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError(
            {"url": "Ссылка должна начинаться с http:// или https:// и вести на страницу."}
        ) from exc
    evidence = ReportEvidence.objects.create(report=report, url=url, uploaded_by=user)
    ProgressReport.objects.filter(pk=report.pk).update(version=F("version") + 1)
    report.refresh_from_db(fields=["version"])
    _event(report, user, ReportEvent.Action.EVIDENCE_ADD, after={"url": url})
    return evidence


@transaction.atomic
def evidence_remove(*, user, evidence: ReportEvidence) -> None:
    report = evidence.report
    _check_evidence_open(report)
    label = evidence.original_name or evidence.url
    stored = evidence.file.name if evidence.file else ""
    evidence.delete()
    if stored:  # the file goes only once the deletion is committed
        storage = evidence.file.storage
        transaction.on_commit(lambda: storage.delete(stored))
    ProgressReport.objects.filter(pk=report.pk).update(version=F("version") + 1)
    _event(report, user, ReportEvent.Action.EVIDENCE_REMOVE, before={"evidence": label})
