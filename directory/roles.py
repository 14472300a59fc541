"""What a scoped role points at, told by the feature app that owns it.

The directory is the ground floor: it cannot know associations or contests. A role of the kinds in
`Role.SCOPED_KINDS` stores only `scope_id`; the owning app registers, in its AppConfig.ready(),
how to name those objects and which organizations they open to the role's holder:

    from directory.roles import RoleScope, register_role_scope
    register_role_scope(RoleScope(kind=Role.Kind.ASSOCIATION_HEAD, noun="объединение", ...))

Without a registered scope a role still works; it is shown with its number only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

IdsToTitles = Callable[[Collection[int]], dict[int, str]]
#: scope id -> (the organization it belongs to, whether the holder sees that organization's staff)
IdsToOrganizations = Callable[[Collection[int]], dict[int, tuple[int, bool]]]


def _nothing(ids: Collection[int]) -> dict:
    return {}


@dataclass(frozen=True)
class RoleScope:
    kind: str  # a Role.Kind value from Role.SCOPED_KINDS
    noun: str  # «объединение», «конкурс»
    titles: IdsToTitles  # scope id -> its title
    organizations: IdsToOrganizations = _nothing  # a ШМО: (its school, True); a РМО: (the office, False)
    url: Callable[[int], str] | None = None  # the scope object's page, when the app has one
    #: the objects a role can be granted in, [(id, title)], for the role form on a person's card
    choices: Callable[[], list[tuple[int, str]]] | None = None


_scopes: dict[str, RoleScope] = {}


def register_role_scope(scope: RoleScope) -> None:
    _scopes[scope.kind] = scope


def role_scope(kind: str) -> RoleScope | None:
    return _scopes.get(kind)


def scope_choices(kind: str) -> list[tuple[int, str]]:
    """The objects a role of `kind` may be granted in; empty when the owning app offers none."""
    scope = _scopes.get(kind)
    return list(scope.choices()) if scope and scope.choices else []


def scope_titles(kind: str, ids: Collection[int]) -> dict[int, str]:
    """Titles of the scope objects of `kind`; «№ N» for ids whose app has not registered."""
    scope = _scopes.get(kind)
    titles = scope.titles(ids) if scope and ids else {}
    return {pk: titles.get(pk, f"№ {pk}") for pk in ids}


def scope_organizations(kind: str, ids: Collection[int]) -> dict[int, tuple[int, bool]]:
    scope = _scopes.get(kind)
    if scope is None or not ids:
        return {}
    return scope.organizations(ids)
