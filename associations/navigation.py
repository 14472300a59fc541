"""What the associations app adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse
from django.utils import timezone

from core.academic_year import academic_year_label
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


def _analysis_cards(scope, kind: str) -> list[Card]:
    """Sent annual analyses waiting for this reviewer (a director: the school's ШМО; a methodist: РМО)."""
    if kind not in (Role.Kind.DIRECTOR, Role.Kind.METHODIST):
        return []
    from .analysis_review import waiting_for

    if kind == Role.Kind.DIRECTOR:
        scope = replace(scope, kinds=scope.kinds - {Role.Kind.METHODIST}, is_superuser=False)
    else:
        scope = replace(scope, school_ids=frozenset())
    return [
        Card(
            f"Анализ работы на проверке: {analysis.association.name}",
            f"За {academic_year_label(analysis.year)} учебный год, отправлен "
            f"{timezone.localtime(analysis.submitted_at):%d.%m.%Y}. Примите его или верните с комментарием.",
            analysis.get_absolute_url(),
        )
        for analysis in waiting_for(scope)
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
    register_start_cards("associations.analysis_review", _analysis_cards, order=5)
