"""What the associations app adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from django.urls import reverse

from core.navigation import Card, NavEntry, register_nav_entry, register_start_cards
from directory.models import Role
from directory.roles import scope_titles


def _association_cards(scope, kind: str) -> list[Card]:
    if kind != Role.Kind.ASSOCIATION_HEAD:
        return []
    titles = scope_titles(kind, scope.association_ids)
    return [
        Card(
            titles[role.scope_id],
            "Объединение, которым вы руководите: состав, методическая тема, курсы участников.",
            reverse("associations:detail", args=[role.scope_id]),
        )
        for role in scope.roles
        if role.kind == kind and role.scope_id in titles
    ]


def _sees_associations(scope) -> bool:
    return (
        scope.district_wide or bool(scope.association_ids) or bool(scope.school_ids) or bool(scope.person_id)
    )


def register() -> None:
    register_nav_entry(
        NavEntry(
            name="associations",
            label="Объединения МО",
            url_name="associations:list",
            visible=_sees_associations,
            order=35,
        )
    )
    register_start_cards("associations.headed", _association_cards, order=10)
