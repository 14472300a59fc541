"""Who sees and changes which contest and application. Outsiders get 404, read-only users 403.

- методист: every contest, sets them up, admits applications; администратор: reads every contest;
- the jury's secretary: all applications of their contest, admits them;
- a juror («член жюри» role scoped to the contest): the contest and its admitted applications (name,
  school, nomination, materials — no consent, no personal data);
- a director: contests past preparation, the applications of their school (files them);
- a teacher: contests that take personal applications, their own applications.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from directory.access import user_scope

from .models import Application, Contest, JuryMember


def can_set_up(user) -> bool:
    return user_scope(user).is_methodist


def require_setup(user) -> None:
    if not can_set_up(user):
        raise PermissionDenied("Настраивать конкурсы может методист.")


def contests_visible_to(user) -> QuerySet[Contest]:
    scope = user_scope(user)
    qs = Contest.objects.all()
    if scope.district_wide:
        return qs
    condition = Q(pk__in=scope.contest_ids)
    past_preparation = ~Q(status=Contest.Status.PREPARATION)
    if scope.school_ids:
        condition |= past_preparation
    if scope.person_id:
        own = Application.objects.filter(contest=OuterRef("pk"), person_id=scope.person_id)
        condition |= past_preparation & (Q(self_apply=True) | Q(Exists(own)))
    return qs.filter(condition)


def get_contest_for_user(user, pk, *, for_update: bool = False) -> Contest:
    contest = contests_visible_to(user).filter(pk=pk).select_related("organizer").first()
    if contest is None:
        raise Http404("Конкурс не найден.")
    if for_update:
        require_setup(user)
    return contest


def has_jury_role(user, contest_id: int, role: str, round=None) -> bool:
    """The user sits on the contest's jury in `role` (with `round`: a seat for the whole contest or for
    that round). One query; the scope check first spares it for everybody else."""
    scope = user_scope(user)
    if contest_id not in scope.contest_ids or not scope.person_id:
        return False
    seats = JuryMember.objects.filter(contest_id=contest_id, person_id=scope.person_id, role=role)
    if round is not None:
        seats = seats.filter(Q(round=round) | Q(round__isnull=True))
    return seats.exists()


def is_secretary(user, contest: Contest) -> bool:
    return has_jury_role(user, contest.pk, JuryMember.Role.SECRETARY)


def is_chair(user, contest: Contest, round=None) -> bool:
    return has_jury_role(user, contest.pk, JuryMember.Role.CHAIR, round)


def can_admit(user, contest: Contest) -> bool:
    """Technical admission of applications: the методист or the jury's secretary."""
    return user_scope(user).is_methodist or is_secretary(user, contest)


def sees_all_applications(user, contest: Contest) -> bool:
    return user_scope(user).district_wide or is_secretary(user, contest)


def is_juror(user, contest: Contest) -> bool:
    return contest.pk in user_scope(user).contest_ids


def applications_visible_to(user, contest: Contest) -> QuerySet[Application]:
    scope = user_scope(user)
    qs = Application.objects.filter(contest=contest)
    if sees_all_applications(user, contest):
        return qs
    condition = Q(pk__in=[])
    if is_juror(user, contest):
        condition |= Q(state=Application.State.ACCEPTED)
    if scope.school_ids:
        condition |= Q(organization_id__in=scope.school_ids)
    if scope.person_id:
        condition |= Q(person_id=scope.person_id)
    return qs.filter(condition)


def can_file(user, application: Application) -> bool:
    """The author's side: a director of the participant's school, the participant (if allowed), методист."""
    scope = user_scope(user)
    return (
        scope.is_methodist
        or application.organization_id in scope.school_ids
        or (application.contest.self_apply and application.person_id == scope.person_id)
    )


def sees_personal_data(user, application: Application) -> bool:
    """The consent scan and the history: not for jurors (152-ФЗ: only what they judge)."""
    scope = user_scope(user)
    return (
        sees_all_applications(user, application.contest)
        or application.organization_id in scope.school_ids
        or application.person_id == scope.person_id
    )


def get_application_for_user(user, contest: Contest, pk) -> Application:
    application = (
        applications_visible_to(user, contest)
        .filter(pk=pk)
        .select_related("contest", "nomination", "person", "organization")
        .first()
    )
    if application is None:
        raise Http404("Заявка не найдена.")
    return application
