"""What the monitoring app adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from django.urls import reverse

from core.navigation import (
    WORK,
    Card,
    NavEntry,
    register_nav_entry,
    register_nav_group,
    register_start_cards,
)
from directory.models import Role


def _open_submission_cards(scope, kind: str) -> list[Card]:
    """A director's card per open campaign whose school answers are not sent yet (one query)."""
    if kind != Role.Kind.DIRECTOR or not scope.school_ids:
        return []
    from .models import Campaign, Submission

    waiting = (
        Submission.objects.filter(
            organization_id__in=scope.school_ids,
            campaign__status=Campaign.Status.OPEN,
            state__in=[Submission.State.DRAFT, Submission.State.RETURNED],
        )
        .select_related("campaign", "organization")
        .order_by("campaign__deadline", "pk")
    )
    cards = []
    for submission in waiting:
        deadline = submission.campaign.deadline
        until = f" до {deadline:%d.%m.%Y}" if deadline else ""
        returned = " Ответы возвращены на доработку." if submission.state == Submission.State.RETURNED else ""
        cards.append(
            Card(
                f"Мониторинг: заполните форму{until}",
                f"«{submission.campaign.title}», {submission.organization.short_name}.{returned}",
                reverse("monitoring:submission", args=[submission.pk]),
            )
        )
    return cards


def _sees(scope) -> bool:
    from .access import sees_monitoring

    return sees_monitoring(scope)


def register() -> None:
    register_nav_group(WORK)
    register_nav_entry(
        NavEntry(
            name="monitoring",
            label="Мониторинги",
            url_name="monitoring:list",
            visible=_sees,
            order=38,
            group=WORK.name,
        )
    )
    register_start_cards("monitoring.open", _open_submission_cards, order=4)
