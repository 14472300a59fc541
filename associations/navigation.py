"""What the associations app adds to the start page (see core.navigation)."""

from __future__ import annotations

from django.urls import reverse

from core.navigation import Card, register_start_cards
from directory.models import Role
from directory.roles import scope_titles


def _association_cards(scope, kind: str) -> list[Card]:
    if kind != Role.Kind.ASSOCIATION_HEAD:
        return []
    titles = scope_titles(kind, scope.association_ids)
    return [
        Card(
            titles[role.scope_id],
            "Объединение, которым вы руководите. Планы и заседания появятся здесь.",
            reverse("directory:person_list"),
        )
        for role in scope.roles
        if role.kind == kind
    ]


def register() -> None:
    register_start_cards("associations.headed", _association_cards, order=10)
