"""What the monitoring app adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from django.db.models import Count, Q
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
    """A director's card per open campaign whose school answers are not sent yet, and per open campaign
    whose questionnaires about the school's teachers the director answers (two queries)."""
    if kind != Role.Kind.DIRECTOR or not scope.school_ids:
        return []
    from .models import Campaign, Submission

    waiting = (
        Submission.objects.filter(
            organization_id__in=scope.school_ids,
            person__isnull=True,  # the school's own answers (questionnaires about teachers: below)
            campaign__status=Campaign.Status.OPEN,
            state__in=[Submission.State.DRAFT, Submission.State.RETURNED],
        )
        .select_related("campaign", "organization")
        .order_by("campaign__deadline", "pk")
    )
    cards = []
    # Questionnaires the director answers about the school's teachers: a card per campaign (one query).
    about = (
        Submission.objects.filter(
            organization_id__in=scope.school_ids,
            person__isnull=False,
            campaign__respondent=Campaign.Respondent.DIRECTOR,
            campaign__status=Campaign.Status.OPEN,
            state__in=[Submission.State.DRAFT, Submission.State.RETURNED],
        )
        .values("campaign_id", "campaign__title", "campaign__deadline")
        .annotate(left=Count("pk"))
        .order_by("campaign__deadline", "campaign_id")
    )
    for row in about:
        deadline = row["campaign__deadline"]
        until = f" до {deadline:%d.%m.%Y}" if deadline else ""
        cards.append(
            Card(
                f"Анкеты о педагогах: заполните{until}",
                f"«{row['campaign__title']}»: не заполнено анкет — {row['left']}, "
                "по одной о каждом педагоге.",
                reverse("monitoring:campaign", args=[row["campaign_id"]]),
            )
        )
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


def _open_survey_cards(scope, kind: str) -> list[Card]:
    """A teacher's card per open questionnaire not sent yet that the teacher answers («Мои анкеты»): their
    own, and a mentor's about each mentee (one query, and the mentors' provider when mentor pairs exist)."""
    if kind != Role.Kind.TEACHER or not scope.person_id:
        return []
    from .access import mentored_ids
    from .models import Campaign, Submission

    condition = Q(person_id=scope.person_id, campaign__respondent=Campaign.Respondent.SELF)
    user_id = next((role.user_id for role in scope.roles), None)
    if mentees := mentored_ids(user_id):
        condition |= Q(person_id__in=mentees, campaign__respondent=Campaign.Respondent.MENTOR)
    waiting = (
        Submission.objects.filter(
            condition,
            campaign__status=Campaign.Status.OPEN,
            state__in=[Submission.State.DRAFT, Submission.State.RETURNED],
        )
        .select_related("campaign", "person")
        .order_by("campaign__deadline", "pk")
    )
    cards = []
    for submission in waiting:
        deadline = submission.campaign.deadline
        until = f" до {deadline:%d.%m.%Y}" if deadline else ""
        if submission.campaign.respondent == Campaign.Respondent.MENTOR:
            cards.append(
                Card(
                    f"Анкета наставника: ответьте{until}",
                    f"«{submission.campaign.title}» — о молодом специалисте {submission.person.full_name}.",
                    reverse("monitoring:submission", args=[submission.pk]),
                )
            )
            continue
        cards.append(
            Card(
                f"Анкета: ответьте{until}",
                f"«{submission.campaign.title}». Все ваши анкеты — в разделе «Мониторинги», «Мои анкеты».",
                reverse("monitoring:submission", args=[submission.pk]),
            )
        )
    return cards


def _sees(scope) -> bool:
    from .access import sees_campaigns

    return sees_campaigns(scope)


def _sees_own_only(scope) -> bool:
    """A teacher (a person who neither heads a school nor works in the district): «Мои анкеты»."""
    from .access import sees_campaigns

    return scope.person_id is not None and not sees_campaigns(scope)


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
    register_nav_entry(
        NavEntry(
            name="monitoring_mine",
            label="Мои анкеты",
            url_name="monitoring:list",
            visible=_sees_own_only,
            order=39,
        )
    )
    register_start_cards("monitoring.open", _open_submission_cards, order=4)
    register_start_cards("monitoring.surveys", _open_survey_cards, order=5)
