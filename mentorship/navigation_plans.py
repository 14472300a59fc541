"""What individual plans add to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from django.urls import reverse

from core.navigation import WORK, Card, NavEntry, register_nav_entry, register_nav_group, register_start_cards
from directory.models import Role


def _sees_list(scope) -> bool:
    return scope.district_wide or bool(scope.school_ids)


def _own_plan_cards(scope, kind: str) -> list[Card]:
    """A teacher's card: their route (items left, the nearest date) or an invitation to make one."""
    if kind != Role.Kind.TEACHER or not scope.person_id:
        return []
    from .models import IndividualPlan, PlanItem

    plan = (
        IndividualPlan.objects.filter(person_id=scope.person_id)
        .exclude(status=IndividualPlan.Status.FINISHED)
        .order_by("-year", "-pk")
        .first()
    )
    if plan is None:
        return [
            Card(
                "Индивидуальный маршрут",
                "Составьте индивидуальный образовательный маршрут: пункты подскажут дефициты из диагностики.",
                reverse("mentorship_plans:mine"),
            )
        ]
    left = plan.items.filter(status=PlanItem.Status.PLANNED)
    nearest = (
        left.filter(due_until__isnull=False).order_by("due_until").values_list("due_until", flat=True).first()
    )
    text = f"Осталось выполнить пунктов: {left.count()}."
    if nearest:
        text += f" Ближайший срок — {nearest:%d.%m.%Y}."
    return [Card("Мой маршрут", text, reverse("mentorship_plans:detail", args=[plan.pk]))]


def register() -> None:
    register_nav_group(WORK)
    register_nav_entry(
        NavEntry(
            name="plans",
            label="Индивидуальные маршруты",
            url_name="mentorship_plans:list",
            visible=_sees_list,
            order=41,
            group=WORK.name,
        )
    )
    register_nav_entry(
        NavEntry(
            name="plans_mine",
            label="Мой маршрут",
            url_name="mentorship_plans:mine",
            visible=lambda scope: scope.person_id is not None and not _sees_list(scope),
            order=40,
        )
    )
    register_start_cards("mentorship.plans", _own_plan_cards, order=6)
