"""What the contests app adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.navigation import WORK, Card, NavEntry, register_nav_entry, register_nav_group, register_start_cards
from directory.models import Role
from directory.roles import scope_titles


def _sees_contests(scope) -> bool:
    """District staff, directors, jurors, and teachers (contests open to personal applications, their own)."""
    return (
        scope.district_wide
        or bool(scope.school_ids)
        or bool(scope.contest_ids)
        or scope.person_id is not None
    )


def _jury_cards(scope, kind: str) -> list[Card]:
    if kind != Role.Kind.JURY:
        return []
    titles = scope_titles(kind, scope.contest_ids)
    return [
        Card(
            titles[role.scope_id],
            "Конкурс, в жюри которого вы входите: допущенные заявки с материалами. Оценочные листы "
            "открытых туров — в соседних карточках.",
            reverse("contests:applications", args=[role.scope_id]),
        )
        for role in scope.roles
        if role.kind == kind
    ]


def _director_cards(scope, kind: str) -> list[Card]:
    """A director's card per contest taking applications now (one query)."""
    if kind != Role.Kind.DIRECTOR or not scope.school_ids:
        return []
    from .selectors import open_for_applications

    return [
        Card(
            f"Конкурс «{contest}»: приём заявок",
            f"Заявки принимаются до {contest.applications_close_on:%d.%m.%Y}."
            if contest.applications_close_on
            else "Заявки принимаются.",
            reverse("contests:detail", args=[contest.pk]),
        )
        for contest in open_for_applications(timezone.localdate())
    ]


def _participant_cards(scope, kind: str) -> list[Card]:
    """A teacher's card per application of theirs: its state, and the award once the results are out
    (one query)."""
    if kind != Role.Kind.TEACHER or scope.person_id is None:
        return []
    from .models import Application, Contest, RoundResult

    published = (Contest.Status.RESULTS, Contest.Status.FINISHED)
    applications = (
        Application.objects.filter(person_id=scope.person_id)
        .exclude(state=Application.State.DRAFT)
        .select_related("contest")
        .order_by("-contest__year", "contest__name", "pk")
    )
    awards = dict(RoundResult.Award.choices)
    final = {
        r.application_id: r.award
        for r in RoundResult.objects.filter(application__in=applications)
        .exclude(award="")
        .only("application_id", "award")
    }
    cards = []
    for application in applications:
        contest = application.contest
        if contest.status in published and application.pk in final:
            text = f"Итоги опубликованы: {awards[final[application.pk]]}."
        else:
            text = f"Заявка: {application.get_state_display()}."
        cards.append(
            Card(
                f"Конкурс «{contest}»",
                text,
                reverse("contests:application", args=[contest.pk, application.pk]),
            )
        )
    return cards


def register() -> None:
    register_nav_group(WORK)
    register_nav_entry(
        NavEntry(
            name="contests",
            label="Конкурсы",
            url_name="contests:list",
            visible=_sees_contests,
            order=50,
            group=WORK.name,
        )
    )
    register_start_cards("contests.jury", _jury_cards, order=10)
    register_start_cards("contests.open", _director_cards, order=12)
    register_start_cards("contests.mine", _participant_cards, order=13)
    from .reminders import sheet_cards  # the juror's unsigned sheets of open rounds

    register_start_cards("contests.sheets", sheet_cards, order=11)
