"""Roadmaps owned by another app: a kind of roadmap whose access and «руководители МО» that app tells.

A feature app above roadmaps (associations: «план работы МО») claims a Roadmap.Kind in its
`AppConfig.ready()` with `register_owner(RoadmapOwner(...))`; roadmaps never imports it. For a
roadmap of an owned kind:
- `visible(user)` is a Q over Roadmap: the owned roadmaps a user outside the district staff sees
  (district staff see every roadmap anyway); other users see none of that kind, draft or not;
- `can_edit(user, roadmap)`: who edits it in the roadmap editor, import, export and copy views
  (an archived roadmap is never edited, as any other);
- `heads(roadmap_ids)`: roadmap id -> user ids the group «руководители МО» means for its rows (the
  reminders and the line «Напоминания получат»): the heads of the owning association, not every head;
- `copy_url(roadmap)`: where «Копировать на новый период» goes (the owner keeps its own record);
- `back_link(roadmap)`: (label, url) of the owner's page, shown above the editor.
The owned kinds stay out of the district's «Дорожные карты» list unless that kind is filtered for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.db.models import Q

_OWNERS: dict[str, RoadmapOwner] = {}


@dataclass(frozen=True)
class RoadmapOwner:
    kind: str
    visible: Callable[[object], Q]
    can_edit: Callable[[object, object], bool]
    heads: Callable[[Collection[int]], dict[int, set[int]]]
    copy_url: Callable[[object], str | None] = lambda roadmap: None
    back_link: Callable[[object], tuple[str, str] | None] = lambda roadmap: None


def register_owner(owner: RoadmapOwner) -> None:
    _OWNERS[owner.kind] = owner


def owner_of(roadmap) -> RoadmapOwner | None:
    return _OWNERS.get(getattr(roadmap, "kind", None))


def owned_kinds() -> list[str]:
    return sorted(_OWNERS)


def owners() -> list[RoadmapOwner]:
    return [_OWNERS[kind] for kind in owned_kinds()]


def heads_of(kind_by_roadmap: dict[int, str]) -> dict[int, set[int]]:
    """Roadmap id -> its «руководители МО», for the owned ones of `kind_by_roadmap` (one call per owner)."""
    result: dict[int, set[int]] = {}
    for owner in owners():
        ids = [pk for pk, kind in kind_by_roadmap.items() if kind == owner.kind]
        if ids:
            found = owner.heads(ids)
            result.update({pk: set(found.get(pk, ())) for pk in ids})
    return result
