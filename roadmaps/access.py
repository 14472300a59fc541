"""Who may see and edit roadmaps. Outsiders get 404, read-only users 403.

District staff (методист, администратор) see every roadmap; everyone else with a role sees the
approved and archived ones, never a draft. Only a методист edits. A roadmap of a kind another app owns
(owners.py: «план работы МО») is seen and edited as that app tells, besides district staff.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from directory.access import user_scope
from directory.models import Organization

from . import owners
from .models import Occurrence, ProgressReport, Roadmap, RoadmapRow


def roadmaps_visible_to(user) -> QuerySet[Roadmap]:
    scope = user_scope(user)
    qs = Roadmap.objects.all()
    if scope.district_wide:
        return qs
    condition = Q(pk__in=[])
    if scope.kinds:
        condition = ~Q(status=Roadmap.Status.DRAFT) & ~Q(kind__in=owners.owned_kinds())
    for owner in owners.owners():
        condition |= Q(kind=owner.kind) & owner.visible(user)
    return qs.filter(condition)


def can_change_roadmap(user, roadmap: Roadmap) -> bool:
    """Who changes this roadmap (its owner's rule for an owned kind), whatever its status."""
    owner = owners.owner_of(roadmap)
    if owner is not None:
        return owner.can_edit(user, roadmap)
    return user_scope(user).is_methodist


def can_edit_roadmap(user, roadmap: Roadmap | None = None) -> bool:
    if roadmap is None:
        return user_scope(user).is_methodist
    return roadmap.status != Roadmap.Status.ARCHIVED and can_change_roadmap(user, roadmap)


def get_roadmap_for_user(user, pk, *, for_update: bool = False) -> Roadmap:
    roadmap = (
        roadmaps_visible_to(user).select_related("organization", "approving_order").filter(pk=pk).first()
    )
    if roadmap is None:
        raise Http404("Дорожная карта не найдена.")
    if for_update and not can_edit_roadmap(user, roadmap):
        if roadmap.status == Roadmap.Status.ARCHIVED and can_change_roadmap(user, roadmap):
            raise PermissionDenied("Дорожная карта в архиве; её нельзя изменять.")
        if owners.owner_of(roadmap) is not None:
            raise PermissionDenied(
                "Изменять план может руководитель объединения, директор школы или методист."
            )
        raise PermissionDenied("Изменять дорожные карты может только методист.")
    return roadmap


def get_row_for_user(user, roadmap_pk, row_pk, *, for_update: bool = False) -> RoadmapRow:
    roadmap = get_roadmap_for_user(user, roadmap_pk, for_update=for_update)
    row = RoadmapRow.objects.filter(roadmap=roadmap, pk=row_pk).first()
    if row is None:
        raise Http404("Строка не найдена.")
    row.roadmap = roadmap
    return row


# --- Progress reports --------------------------------------------------------------------------------


def reporting_organizations_for(user) -> QuerySet[Organization]:
    """Organizations the user reports for: a director's schools; a methodist also for the office itself."""
    scope = user_scope(user)
    ids = set(scope.school_ids)
    qs = Organization.objects.filter(pk__in=ids)
    if scope.is_methodist:
        qs = Organization.objects.filter(Q(pk__in=ids) | Q(kind__in=Organization.DISTRICT_KINDS))
    return qs


def can_review_reports(user) -> bool:
    return user_scope(user).is_methodist


def get_occurrence_for_reporting(user, occurrence_pk, organization_pk) -> tuple[Occurrence, Organization]:
    """An occurrence the user may report on for that organization, or 404."""
    organization = reporting_organizations_for(user).filter(pk=organization_pk).first()
    occurrence = (
        Occurrence.objects.select_related("row__roadmap__organization")
        .filter(pk=occurrence_pk, is_active=True, row__is_heading=False)
        .first()
    )
    if organization is None or occurrence is None:
        raise Http404("Мероприятие не найдено.")
    from .progress.services import is_expected

    row = occurrence.row
    if row.roadmap.status != Roadmap.Status.APPROVED or not is_expected(row, organization):
        raise Http404("Мероприятие не назначено вашей организации.")
    return occurrence, organization


def get_report_for_user(user, pk, *, for_update: bool = False, for_review: bool = False) -> ProgressReport:
    """A report: district staff see all; a director only their school's (others get 404).

    for_update: the school's own edit (its director, or a methodist for the office's reports);
    for_review: accept/return/reopen (methodists only). Read-only users get 403.
    """
    scope = user_scope(user)
    qs = ProgressReport.objects.select_related("occurrence__row__roadmap__organization", "organization")
    report = qs.filter(pk=pk).first()
    if report is None:
        raise Http404("Отчёт не найден.")
    own = report.organization_id in scope.school_ids or (
        scope.is_methodist and report.organization.is_district_body
    )
    if not (scope.district_wide or own):
        raise Http404("Отчёт не найден.")
    if report.occurrence.row.roadmap.status == Roadmap.Status.DRAFT and not scope.district_wide:
        raise Http404("Отчёт не найден.")
    if for_update and not own:
        raise PermissionDenied("Изменять отчёт может только сама организация.")
    if for_review and not can_review_reports(user):
        raise PermissionDenied("Проверять отчёты может только методист.")
    return report
