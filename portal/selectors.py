"""Reads of the portal: the start page's sections, made of the cards the apps register."""

from __future__ import annotations

from core.navigation import start_cards
from directory.access import UserScope, user_scope
from directory.models import Role


def start_page_sections(*, user, scope: UserScope | None = None) -> list[dict]:
    """One card per thing the user can reach, grouped by role, for the start page."""
    scope = scope or user_scope(user)
    labels = dict(Role.Kind.choices)
    seen_kinds = sorted({r.kind for r in scope.roles}, key=lambda k: list(labels).index(k))
    if scope.is_superuser and not seen_kinds:
        seen_kinds = [Role.Kind.METHODIST]
    return [{"role": labels[kind], "kind": kind, "links": start_cards(scope, kind)} for kind in seen_kinds]
