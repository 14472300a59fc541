"""What the contests app adds to the start page (see core.navigation)."""

from __future__ import annotations

from core.navigation import Card, register_start_cards
from directory.models import Role
from directory.roles import scope_titles


def _jury_cards(scope, kind: str) -> list[Card]:
    if kind != Role.Kind.JURY:
        return []
    titles = scope_titles(kind, scope.contest_ids)
    return [
        Card(titles[role.scope_id], "Конкурс, в жюри которого вы входите. Оценочные листы появятся здесь.")
        for role in scope.roles
        if role.kind == kind
    ]


def register() -> None:
    register_start_cards("contests.jury", _jury_cards, order=10)
