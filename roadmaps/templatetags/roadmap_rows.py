"""The rows of the roadmap page (rows/tbody.html), each rendered from rows/row.html once and then cached.

    {% load roadmap_rows %}{% roadmap_rows %}

rows/row.html stays the one source of a row's markup (an htmx edit returns it for one row). Django's
template engine spends about a quarter of a millisecond on a row, 75 ms on a roadmap of 300 rows, so a
row whose markup cannot have changed is not rendered again: its HTML comes from the cache.

A row's key is a digest of everything its markup is made of — every column of the row, its due dates,
the work other apps linked to it (progress.links: «Мониторинг: … — принято N из M»),
what the viewer may do (can_edit, district-wide), the chosen schools' names, the linked people, the
members of the groups reminded (for the line «Напоминания получат») — plus the source of the templates
and of the roadmaps app, so a change of data or of code gives a new key and nothing stale is shown.
The inputs are read through the same per-page loaders as the row's tags, under the same conditions, so
the page runs the same queries whether its rows come from the cache or not.

One cache entry per roadmap and kind of viewer holds the HTML of all its rows (one read and at most one
write per table body); entries of rows that were not shown are dropped when it is written again. When
the cache fails, the rows are rendered as without it.
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from pathlib import Path

import django
from django import template
from django.core.cache import cache as django_cache
from django.utils.safestring import mark_safe

from ..models import RoadmapRow
from .progress_tags import chosen_schools
from .reminder_tags import row_members, row_people

register = template.Library()
logger = logging.getLogger(__name__)

ROW_TEMPLATE = "roadmaps/rows/row.html"
TEMPLATES = (ROW_TEMPLATE, "roadmaps/rows/reminder_line.html")  # the markup of one row
TIMEOUT = 7 * 24 * 3600
Scope = RoadmapRow.ReportScope
_FIELDS = tuple(field.attname for field in RoadmapRow._meta.concrete_fields)
_SEPARATOR = "\x1f"  # the ASCII unit separator, not typed in a row's text


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


@cache
def _code_digest() -> str:
    """The roadmaps app's code (the tags, the recipients, the URLs, the decoration of rows) and Django's
    version: a release that changes them starts with an empty set of rows."""
    package = Path(__file__).resolve().parents[1]
    hasher = hashlib.blake2b(django.get_version().encode(), digest_size=16)
    for path in sorted(package.rglob("*.py")):
        if "tests" not in path.relative_to(package).parts:
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _template_digest(engine) -> str:
    """The source of the row's templates, kept on the loaded template (a reloaded one is read again)."""
    parts = []
    for name in TEMPLATES:
        loaded = engine.get_template(name)
        digest = getattr(loaded, "_roadmap_rows_digest", None)
        if digest is None:
            digest = loaded._roadmap_rows_digest = _digest(loaded.source)
        parts.append(digest)
    return "".join(parts)


def _members_digest(row: RoadmapRow) -> str:
    """The members of the groups reminded (as reminder_tags reads them), digested once per page."""
    members = row_members(row)
    digest = getattr(members, "_digest", None)
    if digest is None:
        canonical = {}
        for name, value in vars(members).items():
            if value is None:  # owner_heads of a roadmap no app owns
                canonical[name] = None
            elif isinstance(value, dict):
                canonical[name] = sorted((k, sorted(v)) for k, v in value.items())
            else:
                canonical[name] = sorted(value)
        digest = members._digest = _digest(canonical)
    return digest


class RowFragments:
    """The cached HTML of the rows of one roadmap for one kind of viewer, read once, written once."""

    def __init__(self, context) -> None:
        roadmap = context["roadmap"]
        self.can_edit = bool(context.get("can_edit"))
        self.district_wide = bool(getattr(context.get("user_scope"), "district_wide", False))
        engine = context.template.engine
        self.template = engine.get_template(ROW_TEMPLATE)
        version = _digest((_code_digest(), _template_digest(engine)))
        self.key = f"roadmaps:rows:{version}:{roadmap.pk}:{int(self.can_edit)}{int(self.district_wide)}"
        self.stored: dict[str, str] = {}
        self.shown: dict[str, str] = {}
        self.missed = False
        try:
            self.stored = django_cache.get(self.key) or {}
        except Exception:  # the cache is a help, not a need: render every row instead
            logger.warning("Rows of the roadmap page: the cache cannot be read", exc_info=True)

    def row_key(self, row: RoadmapRow) -> str:
        parts = [row.due_labels, sorted(getattr(row, "urls", {}).items()), getattr(row, "linked_work", [])]
        if not row.is_heading:
            if row.report_scope == Scope.SELECTED:
                parts.append(chosen_schools(row))
            if self.district_wide:
                parts += [_members_digest(row), row_people(row)]
        hasher = hashlib.blake2b(repr(parts).encode(), digest_size=16)
        # The row's own columns, long texts among them: joined and encoded, faster than repr().
        hasher.update(_SEPARATOR.join([str(getattr(row, name)) for name in _FIELDS]).encode())
        return hasher.hexdigest()

    def render(self, row: RoadmapRow, context) -> str:
        key = self.row_key(row)
        html = self.stored.get(key)
        if html is None:
            with context.push(row=row):
                html = self.template.render(context)
            self.missed = True
        self.shown[key] = html
        return mark_safe(html)  # rendered by the template engine, escaped there

    def save(self) -> None:
        if not self.missed and len(self.shown) == len(self.stored):
            return
        try:
            django_cache.set(self.key, {key: str(html) for key, html in self.shown.items()}, TIMEOUT)
        except Exception:  # as in __init__
            logger.warning("Rows of the roadmap page: the cache cannot be written", exc_info=True)


@register.simple_tag(takes_context=True)
def roadmap_rows(context) -> str:
    """Each row of `rows` as rows/row.html renders it (from the cache when it did not change), with the
    forms opened in place (see views.editor._forms_in_place): `edit_html` or `dates_html` instead of
    the row `edit_pk` or `dates_pk`, `insert.html` above or below the row `insert.anchor`.
    A loop in Python: the same loop in the template costs more than the cached rows themselves."""
    rows = context.get("rows") or []
    if not rows:
        return ""
    insert = context.get("insert") or {}
    anchor, where = insert.get("anchor"), insert.get("where")
    edit_pk, dates_pk = context.get("edit_pk"), context.get("dates_pk")
    fragments = RowFragments(context)
    parts = []
    for row in rows:
        if row.pk == anchor and where == "above":
            parts.append(insert["html"])
        if row.pk == edit_pk:
            parts.append(context["edit_html"])
        elif row.pk == dates_pk:
            parts.append(context["dates_html"])
        else:
            parts.append(fragments.render(row, context))
        if row.pk == anchor and where == "below":
            parts.append(insert["html"])
    fragments.save()
    return mark_safe("\n".join(parts))  # each part rendered by the template engine
