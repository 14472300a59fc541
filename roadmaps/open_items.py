"""What a person leaves open in the roadmaps, for their card when their login is switched off.

Registered with `directory.registry.register_open_items` in RoadmapsConfig.ready().
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from directory.registry import OpenItem

from .models import ProgressReport, Roadmap


def person_open_items(person) -> list[OpenItem]:
    """Rows of live roadmaps the person is responsible for, per roadmap; report drafts they last edited."""
    rows = (
        Roadmap.objects.exclude(status=Roadmap.Status.ARCHIVED)
        .filter(rows__responsible_people=person)
        .annotate(row_count=Count("rows"))
        .order_by("-period_start", "title")
        .values_list("pk", "title", "row_count")
    )
    items = [
        OpenItem(
            f"Строки дорожной карты «{title}», где сотрудник указан ответственным",
            count,
            reverse("roadmaps:detail", args=[pk]),
        )
        for pk, title, count in rows
    ]
    if person.user_id:
        drafts = ProgressReport.objects.filter(
            updated_by_id=person.user_id,
            state__in=[ProgressReport.State.DRAFT, ProgressReport.State.RETURNED],
        ).count()
        if drafts:
            items.append(
                OpenItem(
                    "Неотправленные отчёты о выполнении, которые он заполнял",
                    drafts,
                    reverse("roadmaps:school_progress", args=[person.organization_id]),
                )
            )
    return items
