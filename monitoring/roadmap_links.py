"""A campaign ordered by a roadmap item, as the item shows it: «Мониторинг: … — принято N из M».

Registered with progress.links in MonitoringConfig.ready(); roadmaps asks progress.links, never this
module (two feature apps do not import each other). One query whatever the number of rows.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from progress.links import LinkedWork

from .models import Campaign, Submission


def campaigns_of_rows(row_ids: list[int]) -> dict[int, list[LinkedWork]]:
    """Row id -> the campaigns that name it: accepted submissions out of the audience (all of them)."""
    campaigns = (
        Campaign.objects.filter(roadmap_row_id__in=row_ids)
        .annotate(
            total=Count("submissions", distinct=True),
            accepted=Count(
                "submissions", filter=Q(submissions__state=Submission.State.ACCEPTED), distinct=True
            ),
        )
        .order_by("created_at", "pk")
        .values_list("pk", "title", "roadmap_row_id", "total", "accepted")
    )
    found: dict[int, list[LinkedWork]] = {}
    for pk, title, row_id, total, accepted in campaigns:
        found.setdefault(row_id, []).append(
            LinkedWork(
                label=f"Мониторинг: {title}",
                url=reverse("monitoring:campaign", args=[pk]),
                done=accepted,
                total=total,
            )
        )
    return found
