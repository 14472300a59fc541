"""Template tags of the district's progress views, used on the roadmap page (rows/row.html)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

from core.russian import plural

from ..models import RoadmapRow

register = template.Library()
Scope = RoadmapRow.ReportScope
_NAMES_SHOWN = 12


def _chosen_schools(row: RoadmapRow) -> list[str]:
    """The short names of the row's chosen schools (see chosen_schools)."""
    return [name for _, name in chosen_schools(row)]


def chosen_school_ids(row: RoadmapRow) -> list[int]:
    """The ids of the row's chosen schools (see chosen_schools); also used by reminder_tags."""
    return [pk for pk, _ in chosen_schools(row)]


def chosen_schools(row: RoadmapRow) -> list[tuple[int, str]]:
    """(id, short name) of the row's chosen schools. For the rows of one roadmap page, one query in all:
    the schools of every row of the roadmap are read at the first row that needs them and kept on the
    roadmap object the rows share. Also a part of a row's key in the cache of rows (roadmap_rows)."""
    through = RoadmapRow.report_schools.through
    holder = row.roadmap if RoadmapRow.roadmap.is_cached(row) else None
    cache = getattr(holder, "_pg_chosen_schools", None)
    if cache is None:
        if holder is not None:
            links = through.objects.filter(roadmaprow__roadmap_id=row.roadmap_id)
        else:
            links = through.objects.filter(roadmaprow_id=row.pk)
        cache = {}
        for row_id, pk, name in links.order_by("organization__short_name").values_list(
            "roadmaprow_id", "organization_id", "organization__short_name"
        ):
            cache.setdefault(row_id, []).append((pk, name))
        if holder is not None:
            holder._pg_chosen_schools = cache
    return cache.get(row.pk, [])


_SENTINEL = 987654321


def _assign_url(row: RoadmapRow) -> str:
    """The row's «Назначить школам» URL; reversed once per roadmap page (kept like the names above)."""
    holder = row.roadmap if RoadmapRow.roadmap.is_cached(row) else None
    pattern = getattr(holder, "_pg_assign_url", None)
    if pattern is None:
        pattern = reverse("roadmaps:row_assign", args=[row.roadmap_id, _SENTINEL])
        if holder is not None:
            holder._pg_assign_url = pattern
    return pattern.replace(f"/{_SENTINEL}/", f"/{row.pk}/")


@register.simple_tag
def assignment_badge(row: RoadmapRow, can_edit: bool = False) -> str:
    """«все школы» / «N школ» / «кабинет»: who reports on an item. A link to the form for the methodist."""
    if row.is_heading:
        return ""
    if row.report_scope == Scope.ALL:
        label, css, title = "все школы", "pg-assign-all", "Отчитываются все школы района"
    elif row.report_scope == Scope.SELECTED:
        names = _chosen_schools(row)
        n = len(names)
        label, css = f"{n} {plural(n, 'школа', 'школы', 'школ')}", "pg-assign-selected"
        shown = ", ".join(names[:_NAMES_SHOWN]) + (f" и ещё {n - _NAMES_SHOWN}" if n > _NAMES_SHOWN else "")
        title = f"Отчитываются: {shown}"
    else:
        label, css, title = "кабинет", "pg-assign-none", "Работа кабинета: школы не отчитываются"
    if not can_edit:
        html = '<span class="badge pg-assign {}" title="{}" data-testid="row-assignment">{}</span>'
        return format_html(html, css, title, label)
    url = _assign_url(row)
    return format_html(
        '<a class="badge pg-assign {}" href="{}" hx-get="{}" title="{} — изменить" '
        'data-testid="row-assignment">{}</a>',
        css,
        url,
        url,
        title,
        label,
    )
