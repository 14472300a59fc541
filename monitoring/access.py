"""Who sees which campaign and submission: a методист all (edits, reviews), an администратор reads,
a director only the school's submissions (another school's → 404), everybody else nothing (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from directory.access import user_scope

from .models import Campaign, Submission


def sees_monitoring(scope) -> bool:
    return scope.is_methodist or scope.is_administrator or bool(scope.school_ids)


def can_manage(user) -> bool:
    """Creates campaigns and reviews submissions."""
    return user_scope(user).is_methodist


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    scope = user_scope(user)
    if scope.is_methodist or scope.is_administrator:
        return Campaign.objects.all()
    if scope.school_ids:
        return Campaign.objects.filter(submissions__organization_id__in=scope.school_ids).distinct()
    return Campaign.objects.none()


def submissions_visible_to(user) -> QuerySet[Submission]:
    scope = user_scope(user)
    if scope.is_methodist or scope.is_administrator:
        return Submission.objects.all()
    return Submission.objects.filter(organization_id__in=scope.school_ids)


def get_campaign_for_user(user, pk) -> Campaign:
    campaign = campaigns_visible_to(user).select_related("form", "responsible").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def get_submission_for_user(user, pk) -> Submission:
    submission = (
        submissions_visible_to(user)
        .select_related("campaign__form", "campaign__responsible", "organization")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def can_fill(user, submission: Submission) -> bool:
    """The school's director fills the school's answers (a методист may correct them too)."""
    scope = user_scope(user)
    return submission.organization_id in scope.school_ids or scope.is_methodist
