"""Roadmaps as appendices of orders (see orders.registry): the printed table, the form's choices, and
what signing or withdrawing the approving order does to the roadmap.

The printed content keeps the shape orders wrote before the registry existed ("source": "roadmap",
rows with number/activity/deadline/responsible/result), so orders signed back then print and hash as
they did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count

from orders.document import Appendix
from orders.registry import SourceChoice, SourceInfo
from orders.wording import appendix_title, approval_word_for

from .models import Roadmap
from .order_table import to_appendix

KIND = "roadmaps.roadmap"
#: Roadmap.Kind value → the kind as a noun phrase (nominative), used when the title has no such noun.
KIND_PHRASES = {
    "roadmap": "дорожная карта",
    "plan": "план",
    "programme": "программа",
    "association_plan": "план",
}


def kind_phrase(roadmap: Roadmap) -> str:
    return KIND_PHRASES.get(roadmap.kind, "дорожная карта")


def content(roadmap: Roadmap, *, approves: bool, position: int) -> dict[str, Any]:
    rows = [
        {
            "number": row.number,
            "activity": row.activity,
            "deadline": row.deadline_text,
            "responsible": row.responsible_text,
            "result": row.result_text,
            "heading": row.is_heading,
            "level": row.level,
        }
        for row in roadmap.rows.order_by("position")
    ]
    return {
        "position": position,
        "source": "roadmap",
        "roadmap_id": roadmap.pk,
        "title": appendix_title(title=roadmap.title, kind_phrase=kind_phrase(roadmap)),
        "approval_word": approval_word_for(title=roadmap.title, kind_phrase=kind_phrase(roadmap))
        if approves
        else "",
        "rows": rows,
        "with_result_column": any(r["result"] for r in rows),
        "landscape": True,
        "goal": roadmap.goal,
        "tasks": roadmap.tasks,
    }


# --- the kind -----------------------------------------------------------------------------------------


class RoadmapAppendix:
    key = KIND
    label = "дорожная карта"
    content_source = "roadmap"
    form_field = "roadmaps"
    form_label = "Приложения: дорожные карты"

    def content(self, *, source_id: int, approves: bool, position: int) -> dict[str, Any]:
        return content(Roadmap.objects.get(pk=source_id), approves=approves, position=position)

    def to_appendix(self, data: dict[str, Any]) -> Appendix:
        return to_appendix(data)

    def choices(self, *, user, attached: Sequence[int]) -> list[SourceChoice]:
        from .access import roadmaps_visible_to

        visible = roadmaps_visible_to(user)
        roadmaps = (
            visible.exclude(status=Roadmap.Status.ARCHIVED) | visible.filter(pk__in=list(attached))
        ).order_by("-period_start", "title")
        return [
            SourceChoice(
                id=r.pk, label=f"{r.title} ({r.period_label}, {r.get_status_display()})", sort_key=r.title
            )
            for r in roadmaps
        ]

    def describe(self, source_ids: Sequence[int]) -> dict[int, SourceInfo]:
        found = Roadmap.objects.filter(pk__in=list(source_ids)).annotate(rows_count=Count("rows"))
        return {
            r.pk: SourceInfo(
                title=r.title,
                url=r.get_absolute_url(),
                description=f"дорожная карта, строк: {r.rows_count}",
                approval_word=approval_word_for(title=r.title, kind_phrase=kind_phrase(r)).lower(),
            )
            for r in found
        }

    def signing_problems(self, *, source_id: int) -> list[str]:
        roadmap = Roadmap.objects.filter(pk=source_id).only("title").first()
        if roadmap is None:
            return ["Дорожная карта из приложения удалена."]
        if not roadmap.rows.exists():
            return [f"В дорожной карте «{roadmap.title}» нет мероприятий."]
        return []

    def on_signed(self, *, user, order, source_ids: Sequence[int]) -> None:
        """The approved roadmaps point at the order; a draft roadmap becomes approved."""
        from . import services

        for roadmap in Roadmap.objects.filter(pk__in=list(source_ids)).order_by("pk"):
            Roadmap.objects.filter(pk=roadmap.pk).update(approving_order=order)
            roadmap.approving_order = order
            if roadmap.status == Roadmap.Status.DRAFT:
                services.roadmap_update(user=user, roadmap=roadmap, data={"status": Roadmap.Status.APPROVED})

    def on_withdrawn(self, *, user, order) -> None:
        """A withdrawn draft no longer approves anything."""
        Roadmap.objects.filter(approving_order=order).update(approving_order=None)

    def url_patterns(self) -> list:
        from django.urls import path

        from .views.orders import create_approval_order

        # The URL and name predate the registry: /orders/from-roadmap/<id>/, «orders:create_from_roadmap».
        return [path("from-roadmap/<int:roadmap_pk>/", create_approval_order, name="create_from_roadmap")]
