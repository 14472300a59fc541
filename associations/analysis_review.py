"""The annual analysis through the review workflow: who writes and who reviews it, its writes, its notices.

The workflow itself (states, version compare-and-set, history, locking) is progress.services; this module
adds what belongs to an analysis: the head writes it; the school's director reviews a ШМО's (and a
methodist may), a methodist reviews the district's (РМО, ГМО, groups of the methodological office).
`analysis_notice` and `analysis_queue` are registered with progress.registry in AssociationsConfig.ready.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from core.academic_year import academic_year_label
from directory.access import user_scope
from directory.models import Organization, Role
from directory.recipients import directors_of, methodists
from progress import services as review
from progress import workflow
from progress.notices import ReviewNotice
from progress.registry import QueueItem

from .analysis import analysis_facts
from .models import AnnualAnalysis, Association

StaleAnalysisError = review.StaleSubmissionError
AnalysisLocked = review.SubmissionLocked

SECTION_FIELDS = [name for name, _ in AnnualAnalysis.SECTIONS]


# --- Who may do what ---------------------------------------------------------------------------------


def reviewed_by_director(association: Association) -> bool:
    """A school's association (its ШМО) is reviewed by its director; the district's by a methodist."""
    return not association.organization.is_district_body


def can_write(user, association: Association) -> bool:
    """The association's head (the role «Руководитель МО» for it) writes and sends the analysis."""
    return association.pk in user_scope(user).association_ids


def can_review(user, association: Association) -> bool:
    scope = user_scope(user)
    if scope.is_methodist:
        return True
    return reviewed_by_director(association) and association.organization_id in scope.school_ids


def reviewer_word(association: Association) -> str:
    return "директор школы" if reviewed_by_director(association) else "методист"


# --- Writes ------------------------------------------------------------------------------------------


def _check_writer(user, association: Association) -> None:
    if not can_write(user, association):
        raise PermissionDenied("Анализ работы пишет и отправляет руководитель объединения.")


def _clean(data: dict) -> dict:
    return {name: (data.get(name) or "").strip() for name in SECTION_FIELDS}


@transaction.atomic
def analysis_save(
    *, user, association: Association, year: int, data: dict, version: int | None
) -> AnnualAnalysis:
    """Create or change the head's draft. `version` is what the form showed (None or 0: a new analysis)."""
    _check_writer(user, association)
    return review.submission_save(
        user=user,
        model=AnnualAnalysis,
        lookup={"association": association, "year": year},
        fields=_clean(data),
        version=version,
    )


@transaction.atomic
def analysis_submit(*, user, analysis: AnnualAnalysis, version: int) -> AnnualAnalysis:
    """Send the analysis for review with the facts of this moment frozen in it."""
    _check_writer(user, analysis.association)
    if not any(getattr(analysis, name).strip() for name in SECTION_FIELDS):
        raise ValidationError(
            "Напишите хотя бы один раздел анализа (достижения, проблемы, задачи), затем отправьте."
        )
    facts = analysis_facts(analysis.association, analysis.year).as_json()
    # Written under the same compare-and-set the transition makes: a stale form changes nothing.
    if AnnualAnalysis.objects.filter(pk=analysis.pk, version=version).update(facts=facts) != 1:
        current = AnnualAnalysis.objects.filter(pk=analysis.pk).first()
        if current is None or current.version != version:
            raise StaleAnalysisError(current, AnnualAnalysis.text_stale)
    return review.submission_submit(user=user, submission=analysis, version=version)


def _check_reviewer(user, analysis: AnnualAnalysis) -> None:
    if not can_review(user, analysis.association):
        raise PermissionDenied(
            f"Анализ работы этого объединения проверяет {reviewer_word(analysis.association)}."
        )


def analysis_return(*, user, analysis: AnnualAnalysis, version: int, comment: str) -> AnnualAnalysis:
    _check_reviewer(user, analysis)
    return review.submission_return(user=user, submission=analysis, version=version, comment=comment)


def analysis_accept(*, user, analysis: AnnualAnalysis, version: int, comment: str = "") -> AnnualAnalysis:
    _check_reviewer(user, analysis)
    return review.submission_accept(user=user, submission=analysis, version=version, comment=comment)


def analysis_reopen(*, user, analysis: AnnualAnalysis, version: int, reason: str) -> AnnualAnalysis:
    _check_reviewer(user, analysis)
    return review.submission_reopen(user=user, submission=analysis, version=version, reason=reason)


# --- Whom to tell ------------------------------------------------------------------------------------


def reviewers(association: Association) -> QuerySet:
    """Who is told of a sent analysis: the school's directors (methodists if none), else methodists."""
    if reviewed_by_director(association):
        directors = directors_of(association.organization_id)
        if directors.exists():
            return directors
    return methodists()


def heads(association: Association) -> QuerySet:
    """The accounts of the association's head: the head's own and anyone holding «Руководитель МО» for it."""
    roles = Role.objects.filter(kind=Role.Kind.ASSOCIATION_HEAD, scope_id=association.pk).values("user_id")
    condition = Q(pk__in=roles)
    if association.head_id:
        condition |= Q(person__pk=association.head_id)
    return get_user_model().objects.filter(is_active=True).filter(condition)


NOTICE_KINDS = {
    "analysis_submitted": "анализ работы МО отправлен",
    "analysis_returned": "анализ работы МО возвращён",
    "analysis_accepted": "анализ работы МО принят",
    "analysis_reopened": "анализ работы МО открыт повторно",
}
_TO_HEAD = {
    workflow.RETURN: ("analysis_returned", "Анализ работы возвращён на доработку"),
    workflow.ACCEPT: ("analysis_accepted", "Анализ работы принят"),
    workflow.REOPEN: ("analysis_reopened", "Принятый анализ работы открыт повторно"),
}


def analysis_notice(analysis: AnnualAnalysis, action: str, comment: str) -> ReviewNotice | None:
    association = analysis.association
    label = academic_year_label(analysis.year)
    if action == workflow.SUBMIT:
        return ReviewNotice(
            recipients=reviewers(association),
            kind="analysis_submitted",
            title=f"{association.name}: анализ работы за {label} учебный год на проверке",
            url=analysis.get_absolute_url(),
        )
    if action not in _TO_HEAD:
        return None
    kind, what = _TO_HEAD[action]
    return ReviewNotice(
        recipients=heads(association),
        kind=kind,
        title=f"{what}: {association.name}, {label} учебный год",
        body=comment if action != workflow.ACCEPT else "",
        url=analysis.get_absolute_url(),
    )


# --- What waits for a reviewer -----------------------------------------------------------------------


def waiting_for(scope) -> QuerySet[AnnualAnalysis]:
    """Sent analyses a user (their directory.access.UserScope) reviews: a director's school's ones, a
    methodist's the district's (a methodist may review a ШМО's too, but it is the director's queue)."""
    sent = AnnualAnalysis.objects.filter(state=AnnualAnalysis.State.SUBMITTED)
    district = Q(association__organization__kind__in=Organization.DISTRICT_KINDS)
    condition = Q(pk__in=[])
    if scope.is_methodist:
        condition |= district
    if scope.school_ids:
        condition |= ~district & Q(association__organization_id__in=scope.school_ids)
    return sent.filter(condition).select_related("association__organization").order_by("submitted_at", "pk")


def analysis_queue(user) -> list[QueueItem]:
    return [
        QueueItem(
            kind="Анализ работы МО",
            title=f"{analysis.association.name}: анализ за {academic_year_label(analysis.year)} учебный год",
            author=analysis.association.organization.short_name,
            submitted_at=analysis.submitted_at,
            url=reverse("associations:analysis", args=[analysis.association_id, analysis.year]),
        )
        for analysis in waiting_for(user_scope(user))
    ]


def analysis_years(association: Association, year: int) -> list[dict]:
    """The analyses of the last and this academic year for the association page (one query)."""
    found = {
        a.year: a for a in AnnualAnalysis.objects.filter(association=association, year__in=(year - 1, year))
    }
    return [{"year": y, "label": academic_year_label(y), "analysis": found.get(y)} for y in (year - 1, year)]
