"""The associations as teams of a contest of ШМО/РМО (directory.person_facts.register_teams): contests
offers them on an application and checks that the applicant belongs to the team."""

from __future__ import annotations

from django.db.models import Prefetch

from directory.person_facts import Team

from .models import Association, Membership

REF_PREFIX = "associations:"


def teams(organization_ids: list[int] | None) -> list[Team]:
    """The associations of those organizations (None: all), two queries. A team's applicants: its head,
    its deputy and its current members."""
    found = Association.objects.select_related("organization").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.filter(left_on__isnull=True), to_attr="current")
    )
    if organization_ids is not None:
        found = found.filter(organization_id__in=organization_ids)
    result = []
    for association in found:
        members = {m.person_id for m in association.current} | {association.head_id, association.deputy_id}
        members.discard(None)
        result.append(
            Team(
                ref=f"{REF_PREFIX}{association.pk}",
                name=f"{association.name} ({association.organization.short_name})",
                organization_id=association.organization_id,
                member_ids=frozenset(members),
            )
        )
    return result
