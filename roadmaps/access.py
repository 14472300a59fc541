"""Who may see and edit roadmaps. Outsiders get 404, read-only users 403.

District staff (методист, администратор) see every roadmap; everyone else with a role sees the
approved and archived ones, never a draft. Only a методист edits.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from associations.access import user_scope

from .models import Roadmap, RoadmapRow


def roadmaps_visible_to(user) -> QuerySet[Roadmap]:
    scope = user_scope(user)
    qs = Roadmap.objects.all()
    if scope.district_wide:
        return qs
    if not scope.kinds:
        return qs.none()
    return qs.exclude(status=Roadmap.Status.DRAFT)


def can_edit_roadmap(user, roadmap: Roadmap | None = None) -> bool:
    return user_scope(user).is_methodist and (roadmap is None or roadmap.status != Roadmap.Status.ARCHIVED)


def get_roadmap_for_user(user, pk, *, for_update: bool = False) -> Roadmap:
    roadmap = roadmaps_visible_to(user).select_related("organization").filter(pk=pk).first()
    if roadmap is None:
        raise Http404("Дорожная карта не найдена.")
    if for_update and not can_edit_roadmap(user, roadmap):
        if roadmap.status == Roadmap.Status.ARCHIVED and user_scope(user).is_methodist:
            raise PermissionDenied("Дорожная карта в архиве; её нельзя изменять.")
        raise PermissionDenied("Изменять дорожные карты может только методист.")
    return roadmap


def get_row_for_user(user, roadmap_pk, row_pk, *, for_update: bool = False) -> RoadmapRow:
    roadmap = get_roadmap_for_user(user, roadmap_pk, for_update=for_update)
    row = RoadmapRow.objects.filter(roadmap=roadmap, pk=row_pk).first()
    if row is None:
        raise Http404("Строка не найдена.")
    row.roadmap = roadmap
    return row
