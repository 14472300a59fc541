"""What orders add to the start page (see core.navigation): the journal, and what waits for the user."""

from __future__ import annotations

from django.urls import reverse

from core.navigation import Card, StartCard, register_start_card, register_start_cards
from directory.models import Role

from .selectors import awaiting_decision_of

Kind = Role.Kind
DISTRICT = set(Role.DISTRICT_WIDE)


def _awaiting_cards(scope, kind: str) -> list[Card]:
    """«На подпись» for the head of the office: the projects waiting for their signature or visa."""
    if kind != Kind.ADMINISTRATOR:
        return []
    count = awaiting_decision_of(person_id=scope.person_id, signs=True).count()
    text = (
        f"Проектов приказов ждут вашей подписи или визы: {count}."
        if count
        else "Проектов приказов, ждущих вашей подписи или визы, нет."
    )
    return [Card("На подпись", text, reverse("orders:journal") + "?awaiting=on")]


def register() -> None:
    # Before the roadmaps' cards (100…): what waits for a decision comes first.
    register_start_cards("orders.awaiting", _awaiting_cards, order=40)
    register_start_card(
        StartCard(
            key="orders.journal",
            title="Приказы",
            text="Журнал регистрации приказов, проекты и подписанные приказы.",
            url_name="orders:journal",
            visible=lambda scope, kind: kind in DISTRICT or kind == Kind.DIRECTOR,
            order=160,
        )
    )
