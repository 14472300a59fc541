"""Who sees which campaign and submission: a методист all (edits, reviews), an администратор reads,
a director only the school's submissions (another school's → 404), everybody else nothing (404).

A teacher's questionnaire (Submission.person set) is seen by the teacher, and — unless the form's
answers are personal (MonitoringForm.personal_answers) — by the school's director and the district.
Personal answers are seen by nobody but their author: the district gets totals, the director counts.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from directory.access import user_scope

from .models import Campaign, Submission


def sees_campaigns(scope) -> bool:
    """The district and the directors: the «Мониторинги» menu item."""
    return scope.is_methodist or scope.is_administrator or bool(scope.school_ids)


def sees_monitoring(scope) -> bool:
    """The campaign list: the district, the directors, and every person for «Мои анкеты»."""
    return sees_campaigns(scope) or scope.person_id is not None


def can_manage(user) -> bool:
    """Creates campaigns and reviews submissions."""
    return user_scope(user).is_methodist


def _own(scope) -> Q:
    return Q(person_id=scope.person_id) if scope.person_id else Q(pk__in=[])


#: Submissions whose answers others than the author may read.
NOT_PERSONAL = Q(person__isnull=True) | Q(campaign__form__personal_answers=False)


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    scope = user_scope(user)
    if scope.is_methodist or scope.is_administrator:
        return Campaign.objects.all()
    condition = _own(scope)
    if scope.school_ids:
        condition |= Q(organization_id__in=scope.school_ids)
    if not scope.school_ids and not scope.person_id:
        return Campaign.objects.none()
    return Campaign.objects.filter(pk__in=Submission.objects.filter(condition).values("campaign_id"))


def submissions_visible_to(user) -> QuerySet[Submission]:
    scope = user_scope(user)
    if scope.is_methodist or scope.is_administrator:
        return Submission.objects.filter(NOT_PERSONAL | _own(scope))
    return Submission.objects.filter((Q(organization_id__in=scope.school_ids) & NOT_PERSONAL) | _own(scope))


def own_submissions(user) -> QuerySet[Submission]:
    """The user's own questionnaires («Мои анкеты»)."""
    scope = user_scope(user)
    if not scope.person_id:
        return Submission.objects.none()
    return Submission.objects.filter(person_id=scope.person_id)


def get_campaign_for_user(user, pk) -> Campaign:
    campaign = campaigns_visible_to(user).select_related("form", "responsible").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def get_submission_for_user(user, pk) -> Submission:
    submission = (
        submissions_visible_to(user)
        .select_related("campaign__form", "campaign__responsible", "organization", "person")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def can_fill(user, submission: Submission) -> bool:
    """The school's director fills the school's answers (a методист may correct them too); a teacher's
    questionnaire is filled by the teacher alone."""
    scope = user_scope(user)
    if submission.person_id is not None:
        return scope.person_id == submission.person_id
    return submission.organization_id in scope.school_ids or scope.is_methodist
