"""What the associations app adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from core.academic_year import academic_year_label, academic_year_start
from core.navigation import (
    WORK,
    Card,
    NavEntry,
    register_nav_entry,
    register_nav_group,
    register_start_cards,
)
from directory.models import Role


def _association_cards(scope, kind: str) -> list[Card]:
    """The head's associations with where their year stands: plan, meetings, the next one, the analysis.

    One query for all of them (the district table's annotations and the next planned meeting's date).
    """
    if kind != Role.Kind.ASSOCIATION_HEAD:
        return []
    ids = [role.scope_id for role in scope.roles if role.kind == kind]
    if not ids:
        return []
    from .models import Association, Meeting
    from .selectors import ANALYSIS_STATES, PLAN_STATES, analysis_year, district_queryset

    today = timezone.localdate()
    year = academic_year_start(today)
    rows = (
        district_queryset(Association.objects.filter(pk__in=ids), year)
        .prefetch_related(None)
        .annotate(
            next_meeting=Subquery(
                Meeting.objects.filter(
                    association=OuterRef("pk"), status=Meeting.Status.PLANNED, date__gte=today
                )
                .order_by("date")
                .values("date")[:1]
            )
        )
        .order_by("name")
    )
    cards = []
    for association in rows:
        parts = [
            f"План работы: {PLAN_STATES.get(association.plan_status, 'нет')}",
            f"заседаний проведено {association.meetings_held} из {association.meetings_planned}",
        ]
        if association.next_meeting:
            parts.append(f"следующее {association.next_meeting:%d.%m.%Y}")
        analysis = ANALYSIS_STATES.get(association.analysis_state, "не начат")
        last = analysis_year(year, today)
        parts.append(f"анализ за {last}-{last + 1}: {analysis}")
        cards.append(
            Card(
                association.name,
                "; ".join(parts) + ".",
                reverse("associations:detail", args=[association.pk]),
            )
        )
    return cards


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
    register_nav_group(WORK)
    register_nav_entry(
        NavEntry(
            name="associations",
            label="Объединения МО",
            url_name="associations:list",
            visible=_sees_associations,
            order=35,
            group=WORK.name,
        )
    )
    register_start_cards("associations.headed", _association_cards, order=10)
    register_start_cards("associations.analysis_review", _analysis_cards, order=5)
