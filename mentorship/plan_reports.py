"""Final reports on a plan (the mentee's, the mentor's) through progress's review workflow."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from directory.access import user_scope
from directory.person_facts import mentors_of
from directory.recipients import directors_of
from progress import workflow
from progress.notices import ReviewNotice
from progress.registry import QueueItem

from .models import Pair, PairMember, PlanReport

NOTICE_KINDS = {
    "plan_report_submitted": "отчёт по маршруту ждёт проверки",
    "plan_report_returned": "отчёт по маршруту возвращён",
    "plan_report_accepted": "отчёт по маршруту принят",
}


def report_url(report: PlanReport) -> str:
    return reverse("mentorship_plans:detail", args=[report.plan_id]) + "#reports"


def _curators(report: PlanReport):
    """The users of the куратор of the mentee's active pairs (a director is told anyway)."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            person__curated_mentorship_pairs__status=Pair.Status.ACTIVE,
            person__curated_mentorship_pairs__members__person_id=report.plan.person_id,
            person__curated_mentorship_pairs__members__role=PairMember.Role.MENTEE,
        )
        .distinct()
    )


def _authors(report: PlanReport):
    plan = report.plan
    if report.author_kind == PlanReport.Author.MENTEE:
        return [plan.person.user] if plan.person.user_id else []
    users = mentors_of([plan.person_id]).get(plan.person_id, set())
    return list(get_user_model().objects.filter(pk__in=users, is_active=True))


def report_notice(report: PlanReport, action: str, comment: str) -> ReviewNotice | None:
    plan = report.plan
    who = plan.person.short_name
    if action == workflow.SUBMIT:
        return ReviewNotice(
            recipients=[*directors_of(plan.organization_id), *_curators(report)],
            kind="plan_report_submitted",
            title=f"{report.get_author_kind_display().capitalize()} по маршруту ({who}) ждёт проверки",
            url=report_url(report),
        )
    if action == workflow.RETURN:
        kind, what = "plan_report_returned", "возвращён на доработку"
    elif action == workflow.ACCEPT:
        kind, what = "plan_report_accepted", "принят"
    else:
        return None
    return ReviewNotice(
        recipients=_authors(report),
        kind=kind,
        title=f"{report.get_author_kind_display().capitalize()} по маршруту ({who}) {what}",
        body=comment if action == workflow.RETURN else "",
        url=report_url(report),
    )


def report_queue(user) -> list[QueueItem]:
    scope = user_scope(user)
    if not (scope.is_methodist or scope.school_ids or scope.person_id):
        return []
    reports = PlanReport.objects.filter(state=PlanReport.State.SUBMITTED).select_related("plan__person")
    if not scope.is_methodist:
        curated = Q(
            plan__person__mentorship_memberships__role=PairMember.Role.MENTEE,
            plan__person__mentorship_memberships__pair__status=Pair.Status.ACTIVE,
            plan__person__mentorship_memberships__pair__curator_id=scope.person_id or 0,
        )
        reports = reports.filter(Q(plan__organization_id__in=scope.school_ids) | curated).distinct()
    return [
        QueueItem(
            kind="Индивидуальные маршруты",
            title=f"{report.get_author_kind_display().capitalize()}: {report.plan.title}",
            author=report.plan.person.short_name,
            submitted_at=report.submitted_at,
            url=report_url(report),
        )
        for report in reports.order_by("submitted_at", "pk")
    ]
