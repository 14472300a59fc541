"""Reads of contests: the list with its counts, applications with what their pages show, the entries
other apps see through directory.person_facts. Each in a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Application, ApplicationMaterial, Contest, JuryMember


def contest_rows(contests: QuerySet[Contest]) -> QuerySet[Contest]:
    """The list: the organizer and the applications counted by state (one query)."""
    live = ~Q(applications__state=Application.State.DRAFT)
    return (
        contests.select_related("organizer")
        .annotate(
            applications_count=Count("applications", filter=live, distinct=True),
            admitted_count=Count(
                "applications", filter=Q(applications__state=Application.State.ACCEPTED), distinct=True
            ),
            jury_count=Count("jury", distinct=True),
        )
        .order_by("-year", "name")
    )


def application_rows(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Applications with the participant, the school, the nomination and the materials (two queries)."""
    return (
        applications.select_related("person", "organization", "nomination")
        .prefetch_related(
            Prefetch("evidence", queryset=ApplicationMaterial.objects.order_by("uploaded_at", "pk"))
        )
        .order_by("nomination__position", "organization__short_name", "person__last_name", "pk")
    )


def jury_of(contest: Contest) -> QuerySet[JuryMember]:
    return (
        JuryMember.objects.filter(contest=contest)
        .select_related("person__organization", "person__user", "round")
        .order_by("round__position", "role", "person__last_name", "pk")
    )


def contest_entries(person_ids) -> dict[int, list[str]]:
    """person_id -> [«Учитель года — 2026»: подана, …] for directory.person_facts (one query; drafts are
    not entries yet)."""
    found: dict[int, list[str]] = {}
    rows = (
        Application.objects.filter(person_id__in=list(person_ids))
        .exclude(state=Application.State.DRAFT)
        .select_related("contest", "nomination")
        .order_by("-contest__year", "contest__name", "pk")
    )
    for application in rows:
        where = f", номинация «{application.nomination.name}»" if application.nomination else ""
        found.setdefault(application.person_id, []).append(
            f"«{application.contest}»{where}: {application.get_state_display()}"
        )
    return found


def open_for_applications(today) -> QuerySet[Contest]:
    """Contests taking applications today."""
    return (
        Contest.objects.filter(status=Contest.Status.APPLICATIONS)
        .filter(Q(applications_open_on__isnull=True) | Q(applications_open_on__lte=today))
        .filter(Q(applications_close_on__isnull=True) | Q(applications_close_on__gte=today))
        .order_by("applications_close_on", "name")
    )
