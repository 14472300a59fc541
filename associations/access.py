"""Who may see and change which association. Outsiders get 404, read-only users 403.

- методист: every association, changes all; администратор: reads all;
- руководитель МО: their association(s), changes them;
- a director: the associations of their school, manages its ШМО (creates, names the head, members);
- a member: their association, read only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from directory.access import user_scope

from .models import Association, Membership


def associations_visible_to(user) -> QuerySet[Association]:
    scope = user_scope(user)
    qs = Association.objects.all()
    if scope.district_wide:
        return qs
    condition = Q(pk__in=scope.association_ids) | Q(organization_id__in=scope.school_ids)
    if scope.person_id:
        condition |= Q(
            Exists(
                Membership.objects.filter(
                    association=OuterRef("pk"), person_id=scope.person_id, left_on__isnull=True
                )
            )
        )
    return qs.filter(condition)


def can_manage(user, association: Association) -> bool:
    scope = user_scope(user)
    return (
        scope.is_methodist
        or association.pk in scope.association_ids
        or association.organization_id in scope.school_ids
    )


def can_create(user) -> bool:
    scope = user_scope(user)
    return scope.is_methodist or bool(scope.school_ids)


def get_association_for_user(user, pk, *, for_update: bool = False) -> Association:
    association = (
        associations_visible_to(user).filter(pk=pk).select_related("organization", "head", "deputy").first()
    )
    if association is None:
        raise Http404("Объединение не найдено.")
    if for_update and not can_manage(user, association):
        raise PermissionDenied("Изменять объединение может его руководитель, директор школы или методист.")
    return association
