"""«Напоминания получат: …» under a row's «Ответственные» on the roadmap page (rows/row.html).

For the rows of one page a constant number of queries: the groups' members, the linked people and the
chosen schools are read at the first row that needs them and kept on the roadmap object the rows share.
An inclusion tag: its template renders inside the page's context (no context processors run per row).
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..models import RoadmapRow
from ..reminder_recipients import GroupMembers, group_members, linked_people, recipients
from .progress_tags import chosen_school_ids

register = template.Library()
Scope = RoadmapRow.ReportScope
_SENTINEL = 987654321


def _cached(row: RoadmapRow, name: str, load):
    holder = row.roadmap if RoadmapRow.roadmap.is_cached(row) else None
    value = getattr(holder, name, None) if holder is not None else None
    if value is None:
        value = load()
        if holder is not None:
            setattr(holder, name, value)
    return value


def row_members(row: RoadmapRow) -> GroupMembers:
    """The members of the groups reminded; read once per page."""
    roadmap = row.roadmap if RoadmapRow.roadmap.is_cached(row) else None
    return _cached(row, "_rm_members", lambda: group_members(roadmap))


def row_people(row: RoadmapRow) -> list[tuple[str, bool]]:
    """The people linked to the row (short name, has an account); those of every row read once per page."""
    return _cached(row, "_rm_people", lambda: linked_people(roadmap_id=row.roadmap_id)).get(row.pk, [])


def _reminders_url(row: RoadmapRow) -> str:
    """The row's «изменить» URL; reversed once per roadmap page."""
    pattern = _cached(
        row, "_rm_reminders_url", lambda: reverse("roadmaps:row_reminders", args=[row.roadmap_id, _SENTINEL])
    )
    return pattern.replace(f"/{_SENTINEL}/", f"/{row.pk}/")


@register.inclusion_tag("roadmaps/rows/reminder_line.html")
def reminder_line(row: RoadmapRow, can_edit: bool = False) -> dict:
    """Who the reminders of this item reach, with a link to change it for the методист."""
    if row.is_heading:
        return {"hidden": True}
    chosen = chosen_school_ids(row) if row.report_scope == Scope.SELECTED else []  # shared with the badge
    found = recipients(row, row_members(row), chosen=chosen, people=row_people(row))
    return {"row": row, "found": found, "url": _reminders_url(row) if can_edit else ""}
