"""What mentorship adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from django.urls import reverse

from core.navigation import WORK, Card, NavEntry, register_nav_entry, register_nav_group, register_start_cards
from directory.models import Role


def _manages(scope) -> bool:
    from .access import manages_mentorship

    return manages_mentorship(scope)


def _own_only(scope) -> bool:
    """A teacher (neither a director nor district staff): «Моё наставничество»."""
    return scope.person_id is not None and not _manages(scope)


def _uncovered_cards(scope, kind: str) -> list[Card]:
    """A director's card when the school has young specialists without a mentor (one query)."""
    if kind != Role.Kind.DIRECTOR or not scope.school_ids:
        return []
    from .selectors import has_active_mentor, young_specialists

    count = (
        young_specialists().filter(organization_id__in=scope.school_ids).exclude(has_active_mentor()).count()
    )
    if not count:
        return []
    return [
        Card(
            "Наставничество: молодые специалисты без наставника",
            f"Без наставника: {count}. Сформируйте наставническую пару.",
            reverse("mentorship:bank") + "?has_mentor=no",
        )
    ]


def register() -> None:
    register_nav_group(WORK)
    register_nav_entry(
        NavEntry(
            name="mentorship",
            label="Наставничество",
            url_name="mentorship:pairs",
            visible=_manages,
            order=40,
            group=WORK.name,
        )
    )
    register_nav_entry(
        NavEntry(
            name="mentorship",
            label="Моё наставничество",
            url_name="mentorship:pairs",
            visible=_own_only,
            order=40,
            group=WORK.name,
        )
    )
    register_start_cards("mentorship.uncovered", _uncovered_cards, order=8)
