"""Who sees and changes which mentorship pair. Outsiders get 404, read-only users 403.

- методист: the district, changes all; администратор: reads the district;
- a director: the pairs of their school, forms and ends them;
- a teacher: only the pairs they are in (as a mentor or a mentee), read only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from directory.access import user_scope
from directory.models import Organization

from .models import Pair, PairMember


def manages_mentorship(scope) -> bool:
    """Sees the bank, the coverage and the pairs of a school or of the district."""
    return scope.district_wide or bool(scope.school_ids)


def schools_in_scope(user) -> QuerySet[Organization]:
    """The organizations whose young specialists and pairs the user sees (none for a teacher)."""
    scope = user_scope(user)
    qs = Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS)
    if scope.district_wide:
        return qs
    return qs.filter(pk__in=scope.school_ids)


def schools_to_manage(user) -> QuerySet[Organization]:
    """The organizations in which the user may form pairs."""
    scope = user_scope(user)
    qs = Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS)
    if scope.is_methodist:
        return qs
    return qs.filter(pk__in=scope.school_ids)


def pairs_visible_to(user) -> QuerySet[Pair]:
    scope = user_scope(user)
    qs = Pair.objects.all()
    if scope.district_wide:
        return qs
    condition = Q(organization_id__in=scope.school_ids)
    if scope.person_id:
        condition |= Q(Exists(PairMember.objects.filter(pair=OuterRef("pk"), person_id=scope.person_id)))
    return qs.filter(condition)


def can_manage(user, pair_or_org_id) -> bool:
    scope = user_scope(user)
    org_id = pair_or_org_id.organization_id if isinstance(pair_or_org_id, Pair) else pair_or_org_id
    return scope.is_methodist or org_id in scope.school_ids


def can_create(user) -> bool:
    scope = user_scope(user)
    return scope.is_methodist or bool(scope.school_ids)


def get_pair_for_user(user, pk, *, for_update: bool = False) -> Pair:
    pair = pairs_visible_to(user).filter(pk=pk).select_related("organization", "curator").first()
    if pair is None:
        raise Http404("Наставническая пара не найдена.")
    if for_update and not can_manage(user, pair):
        raise PermissionDenied("Изменять пару может методист или директор её школы.")
    return pair


def require_manager(user) -> None:
    if not manages_mentorship(user_scope(user)):
        raise PermissionDenied(
            "Банк молодых специалистов и охват видят методисты, администрация и директора."
        )
