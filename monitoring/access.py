"""Who sees which campaign and submission: a методист all (edits, reviews), an администратор reads,
a director only the school's submissions (another school's → 404), everybody else nothing (404).

A teacher's questionnaire (Submission.person set) is seen by the teacher, and — unless the form's
answers are personal (MonitoringForm.personal_answers) — by the school's director and the district.
Personal answers are seen by nobody but their author: the district gets totals, the director counts.

Who answers a teacher's questionnaire is the campaign's `respondent`: the teacher (self), the director of
the teacher's school (director: one questionnaire about each teacher) or the teacher's mentor (mentor:
the mentors come from directory.person_facts.mentors_of). The author is the one who answers; the teacher
a director's or mentor's questionnaire is about does not see it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from directory.access import user_scope
from directory.person_facts import mentors_known, mentors_of

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


Respondent = Campaign.Respondent


def mentored_ids(user_id: int | None) -> list[int]:
    """Ids of the people the user answers about as their mentor (in campaigns answered by mentors)."""
    if not mentors_known() or user_id is None:
        return []
    asked = set(
        Submission.objects.filter(campaign__respondent=Respondent.MENTOR, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    return sorted(pid for pid, users in mentors_of(asked).items() if user_id in users)


def answered_by(user, scope=None) -> Q:
    """The questionnaires the user answers: their own (respondent «self»), those about the teachers of
    the user's schools (a director, respondent «director»), those about their mentees («mentor»)."""
    scope = scope or user_scope(user)
    condition = Q(pk__in=[])
    if scope.person_id:
        condition |= Q(person_id=scope.person_id, campaign__respondent=Respondent.SELF)
    if scope.school_ids:
        condition |= Q(
            person__isnull=False,
            organization_id__in=scope.school_ids,
            campaign__respondent=Respondent.DIRECTOR,
        )
    if mentees := mentored_ids(user.pk if getattr(user, "is_authenticated", False) else None):
        condition |= Q(person_id__in=mentees, campaign__respondent=Respondent.MENTOR)
    return condition


def _own(scope, user) -> Q:
    return answered_by(user, scope)


#: Submissions whose answers others than the author may read.
NOT_PERSONAL = Q(person__isnull=True) | Q(campaign__form__personal_answers=False)


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    scope = user_scope(user)
    if scope.is_methodist or scope.is_administrator:
        return Campaign.objects.all()
    condition = _own(scope, user)
    if scope.school_ids:
        condition |= Q(organization_id__in=scope.school_ids)
    return Campaign.objects.filter(pk__in=Submission.objects.filter(condition).values("campaign_id"))


def submissions_visible_to(user) -> QuerySet[Submission]:
    scope = user_scope(user)
    if scope.is_methodist or scope.is_administrator:
        return Submission.objects.filter(NOT_PERSONAL | _own(scope, user))
    return Submission.objects.filter(
        (Q(organization_id__in=scope.school_ids) & NOT_PERSONAL) | _own(scope, user)
    )


def own_submissions(user) -> QuerySet[Submission]:
    """The questionnaires the user answers («Мои анкеты»): their own, a director's about the school's
    teachers, a mentor's about the mentees."""
    return Submission.objects.filter(answered_by(user))


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
    questionnaire is filled by its respondent alone: the teacher, the school's director or the mentor."""
    scope = user_scope(user)
    if submission.person_id is None:
        return submission.organization_id in scope.school_ids or scope.is_methodist
    respondent = submission.campaign.respondent
    if respondent == Respondent.DIRECTOR:
        return submission.organization_id in scope.school_ids
    if respondent == Respondent.MENTOR:
        return user.pk in mentors_of([submission.person_id]).get(submission.person_id, set())
    return scope.person_id is not None and scope.person_id == submission.person_id
