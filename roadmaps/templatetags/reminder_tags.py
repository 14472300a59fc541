"""«Напоминания получат: …» under a row's «Ответственные» on the roadmap page (rows/row.html).

For the rows of one page a constant number of queries: the groups' members, the linked people and the
chosen schools are read at the first row that needs them and kept on the roadmap object the rows share.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import RoadmapRow
from ..reminder_recipients import group_members, linked_people, recipients
from .progress_tags import chosen_school_ids

register = template.Library()
Scope = RoadmapRow.ReportScope


def _cached(row: RoadmapRow, name: str, load):
    holder = row.roadmap if RoadmapRow.roadmap.is_cached(row) else None
    value = getattr(holder, name, None) if holder is not None else None
    if value is None:
        value = load()
        if holder is not None:
            setattr(holder, name, value)
    return value


@register.simple_tag(takes_context=True)
def reminder_line(context, row: RoadmapRow, can_edit: bool = False) -> str:
    """Who the reminders of this item reach, with a link to change it for the методист."""
    if row.is_heading:
        return ""
    members = _cached(row, "_rm_members", group_members)
    people = _cached(row, "_rm_people", lambda: linked_people(roadmap_id=row.roadmap_id))
    chosen = chosen_school_ids(row) if row.report_scope == Scope.SELECTED else []  # shared with the badge
    found = recipients(row, members, chosen=chosen, people=people.get(row.pk, []))
    url = reverse("roadmaps:row_reminders", args=[row.roadmap_id, row.pk]) if can_edit else ""
    return render_to_string(
        "roadmaps/rows/reminder_line.html", {"row": row, "found": found, "url": url}, context.get("request")
    )
