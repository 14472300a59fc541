"""The district's view of school reports: assignment of items to schools (from the roadmap page),
the items × schools grid and its Excel export, the review queue, one school's page, the dashboard.

Access: assignment is the methodist's (an edit of the roadmap: 403 to read-only users); the grid, the
queue and the dashboard are for district staff (методист, администратор; others get 403, or 404 for
a roadmap they cannot see at all); a school's page is for district staff and that school's director
(another school's page is 404 to them).

Thin: parse, check access, call a selector or a service, render. `today` is read once per request,
through `_today()` (tests replace it).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from core import charts
from core.russian import plural
from core.web import XLSX_CONTENT_TYPE, file_response, is_htmx
from directory.access import role_required, user_scope
from directory.models import Organization, Role

from ...access import can_review_reports, get_roadmap_for_user, get_row_for_user
from ...models import Roadmap, RoadmapRow
from ...views import editor
from .. import export as progress_export
from .. import selectors as ps
from .. import services as report_services
from ..forms import AssignForm, GridFilterForm, ReviewFilterForm, assignable_organizations

Scope = RoadmapRow.ReportScope
REVIEW_PAGE_SIZE = 50
_SENTINEL = 987654321


def _today() -> dt.date:
    return timezone.localdate()


def _url_maker(name: str, *args):
    """reverse() once with a sentinel id, then a cheap replace per object (large grids)."""
    template = reverse(name, args=[*args, _SENTINEL])
    sentinel = str(_SENTINEL)
    return lambda pk: template.replace(sentinel, str(pk))


# --- Assignment of items to schools -----------------------------------------------------------------------


def _items_under(row: RoadmapRow) -> list[RoadmapRow]:
    """The item itself, or every item nested under a heading, with its chosen schools."""
    if not row.is_heading:
        return list(RoadmapRow.objects.filter(pk=row.pk).prefetch_related("report_schools"))
    following = (
        row.roadmap.rows.filter(position__gt=row.position)
        .order_by("position")
        .only("pk", "level", "is_heading", "report_scope", "position")
        .prefetch_related("report_schools")
    )
    items = []
    for candidate in following:
        if candidate.level <= row.level:
            break
        if not candidate.is_heading:
            items.append(candidate)
    return items


def _initial(items: list[RoadmapRow]) -> tuple[dict, bool]:
    """The items' common assignment as the form's initial values, and whether they differ."""
    if not items:
        return {}, False
    scopes = {item.report_scope for item in items}
    schools = {frozenset(s.pk for s in item.report_schools.all()) for item in items}
    if len(scopes) > 1 or (scopes == {Scope.SELECTED} and len(schools) > 1):
        return {}, True
    scope = scopes.pop()
    chosen = sorted(schools.pop()) if scope == Scope.SELECTED else []
    return {"scope": scope, "schools": chosen}, False


def _row_label(row: RoadmapRow) -> str:
    text = f"{row.number} {row.activity}".strip()
    return text if len(text) <= 80 else text[:79] + "…"


def _assigned_text(row: RoadmapRow, items: list[RoadmapRow], scope: str, schools: int) -> str:
    if scope == Scope.ALL:
        what = "отчитываются все школы"
    elif scope == Scope.SELECTED:
        what = f"отчитываются выбранные школы ({schools})"
    else:
        what = "работа кабинета, школы не отчитываются"
    if row.is_heading:
        n = len(items)
        items_word = plural(n, "мероприятие", "мероприятия", "мероприятий")
        return f"Раздел «{_row_label(row)}», {n} {items_word}: {what}."
    return f"«{_row_label(row)}»: {what}."


def _assigned_say(row: RoadmapRow, items: list[RoadmapRow], scope: str, schools: int) -> str:
    """The short announcement for screen readers: «Школы назначены: 5»."""
    if scope == Scope.ALL:
        text = "Назначены все школы"
    elif scope == Scope.SELECTED:
        text = f"Школы назначены: {schools}"
    else:
        text = "Школы не отчитываются: работа кабинета"
    return f"{text} (мероприятий раздела: {len(items)})" if row.is_heading else text


@login_required
@require_http_methods(["GET", "POST"])
def row_assign(request, pk, row_pk):
    """GET: the form (inline in the table with htmx, else a page). POST: assign, then the table body."""
    row = get_row_for_user(request.user, pk, row_pk, for_update=True)
    roadmap = row.roadmap
    items = _items_under(row)
    initial, mixed = _initial(items)
    organizations = assignable_organizations()
    auto_id = f"assign{row.pk}_%s"
    status = 200
    if request.method == "POST":
        form = AssignForm(request.POST, organizations=organizations, auto_id=auto_id)
        if form.is_valid():
            scope, chosen = form.cleaned_data["scope"], form.chosen
            try:
                assigned = report_services.row_assign(user=request.user, row=row, scope=scope, schools=chosen)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                text = _assigned_text(row, assigned, scope, len(chosen))
                roadmap.__dict__.pop("_pg_chosen_schools", None)  # the badges' names, read anew
                if not is_htmx(request):
                    messages.success(request, text)
                    return redirect(f"{reverse('roadmaps:detail', args=[roadmap.pk])}#row-{row.pk}")
                response = editor.tbody_response(
                    request,
                    roadmap,
                    notice=text,
                    level="success",
                    say=_assigned_say(row, assigned, scope, len(chosen)),
                    focus_pk=row.pk,
                )
                response["HX-Retarget"] = "#roadmap-rows"
                response["HX-Reswap"] = "outerHTML"
                # roadmap.js scrolls back to the row and marks the rows that changed (beside the
                # announcement and the focus that tbody_response put in the same header).
                rows = [row.pk] + [item.pk for item in assigned if item.pk != row.pk]
                events = json.loads(response["HX-Trigger-After-Settle"])
                response["HX-Trigger-After-Settle"] = json.dumps({**events, "pg-assigned": {"rows": rows}})
                return response
        status = 422
    else:
        form = AssignForm(initial=initial, organizations=organizations, auto_id=auto_id)
    context = editor.page_context(
        request,
        roadmap,
        row=row,
        form=form,
        items=items,
        mixed=mixed,
        action=reverse("roadmaps:row_assign", args=[roadmap.pk, row.pk]),
        cancel_url=reverse("roadmaps:row_view", args=[roadmap.pk, row.pk]),
        active_nav="roadmaps",
    )
    template = "assign_form.html" if is_htmx(request) else "assign_page.html"
    return render(request, f"roadmaps/progress/{template}", context, status=status)


# --- The grid ---------------------------------------------------------------------------------------------

# What a cell shows: a glyph (so that no state is told by colour alone) on a colour, by a short class —
# a large grid has 15 000 cells; static/css/app.css spells the classes out. Overdue adds «!» and a
# red frame; the details (school, date, counts) come as a tooltip from static/js/grid.js.
GLYPHS = {
    ps.NONE: "○",
    ps.DRAFT: "✎",
    ps.IN_PROGRESS: "◔",
    ps.SUBMITTED: "✉",
    ps.RETURNED: "↩",
    ps.DONE: "✓",
    ps.NOT_DONE: "✗",
    ps.NOT_DUE: "·",
    ps.NO_DATES: "–",
}
CELL_CLASSES = {
    ps.NONE: "n",
    ps.DRAFT: "dr",
    ps.IN_PROGRESS: "ip",
    ps.SUBMITTED: "sb",
    ps.RETURNED: "rt",
    ps.DONE: "d",
    ps.NOT_DONE: "nd",
    ps.NOT_DUE: "nx",
    ps.NO_DATES: "nn",
}
OVERDUE_MARK = "!"
LEGEND = [
    (ps.NONE, "нет отчёта"),
    (ps.DRAFT, "черновик"),
    (ps.IN_PROGRESS, "в работе"),
    (ps.SUBMITTED, "отправлен"),
    (ps.RETURNED, "возвращён"),
    (ps.DONE, "принят: выполнено"),
    (ps.NOT_DONE, "принят: не выполнено"),
    (ps.NOT_DUE, "срок не наступил"),
]
GRID_LEGEND = [*LEGEND, (ps.NO_DATES, "нет сроков")]


def _district_roadmap(request, pk) -> Roadmap:
    roadmap = get_roadmap_for_user(request.user, pk)
    if not user_scope(request.user).district_wide:
        raise PermissionDenied(
            "Ход выполнения по школам видят методисты и администраторы. Задачи вашей школы — в «Мои задачи»."
        )
    return roadmap


def _pct_html(value: int | None) -> str:
    """As roadmaps/progress/_pct.html, built directly for the grid's lines."""
    if value is None:
        return mark_safe('<span class="text-muted">—</span>')
    tone = "pg-p-high" if value >= 80 else "pg-p-mid" if value >= 50 else "pg-p-low"
    return mark_safe(f'<span class="pg-p {tone}">{value}&nbsp;%</span>')


CELL_LABELS = dict(GRID_LEGEND)


def _cells_html(line: ps.GridLine, report_url, names: dict[int, str]) -> str:
    """The cells of one item row, built directly and lean: a class, a glyph, a link to the report.

    A cell a school does not report on is an empty <td>. An item with several dates in the period
    carries data-n="done/due/overdue" for the tooltip. A link's glyph says nothing to a screen reader:
    the link is named «СОШ № 1 · 30.11.2026: черновик» (`names`: the columns' escaped short names by
    organization id; the date is the row's «Срок»).
    """
    parts = []
    due = f" · {line.due:%d.%m.%Y}" if line.due else ""
    for cell in line.cells:
        if not cell.expected:
            parts.append("<td></td>")
            continue
        css, glyph = CELL_CLASSES[cell.status], GLYPHS[cell.status]
        if cell.overdue:
            css, glyph = f"{css} o", glyph + OVERDUE_MARK
        if cell.dim:
            css += " x"
        counts = f' data-n="{cell.done}/{cell.count}/{cell.overdue_count}"' if cell.count > 1 else ""
        if cell.report_pk:
            name = f"{names[cell.organization.pk]}{due}: {CELL_LABELS[cell.status]}"
            if cell.overdue:
                name += ", просрочено"
            inner = f'<a href="{report_url(cell.report_pk)}" aria-label="{name}">{glyph}</a>'
        else:
            inner = glyph
        parts.append(f'<td class="{css}"{counts}>{inner}</td>')
    return "".join(parts)


@dataclass
class _GridView:
    grid: ps.Grid
    form: GridFilterForm
    values: dict  # the valid filters, section resolved: a heading's pk, or None for every section
    headings: list[RoadmapRow]
    item: int | None = None  # the item holding what is due now, when the page chose the section


def _grid_view(request, roadmap: Roadmap, *, choose_section: bool) -> _GridView:
    """Filters → the grid of one section (or of every section) with the reports of that part only.

    Without a section in the address the page (choose_section) opens on the section of what is due
    now when nothing else is filtered, else on every section; the export takes every section. A
    section that is not the roadmap's is refused with a message on the form and treated as missing.
    """
    today = _today()
    data = ps.load_grid_data(roadmap)
    form = GridFilterForm(request.GET.copy(), sections=data.sections, organizations=data.organizations)
    values = form.values()
    section = values.pop("section", None)
    item = None
    if section is None and choose_section and not any(values.values()):
        section, item = ps.due_now(data, today)
    if section == ps.ALL:
        section = None
    form.data["section"] = str(section) if section is not None else ps.ALL  # what the select shows
    ps.load_grid_reports(data, section=section)
    grid = ps.build_grid(data, today=today, section=section, **values)
    headings = [row for row in data.rows if row.is_heading]
    return _GridView(grid, form, {"section": section, **values}, headings, item)


def _filter_note(form: GridFilterForm, values: dict) -> str:
    """«Отбор: раздел …; статус …; школа …» for the export."""
    parts = []
    for name in ("section", "status", "school"):
        value = values.get(name)
        if value:
            label = dict(form.fields[name].choices).get(value, value)
            parts.append(f"{form.fields[name].label.lower()} «{str(label).strip()}»")
    return f"Отбор: {'; '.join(parts)}." if parts else ""


def _query(form: GridFilterForm, **changes) -> str:
    """The grid's address query: the form's values with `changes` (None drops a key)."""
    query = form.data.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


def _section_query(form: GridFilterForm, section: RoadmapRow | None) -> str:
    return _query(form, section=section.pk, page=None) if section else ""


def _page_numbers(number: int, count: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: every page when there are few, None for a gap."""
    if count <= 9:
        return list(range(1, count + 1))
    shown = {1, count, *range(max(1, number - 2), min(count, number + 2) + 1)}
    result: list[int | None] = []
    for n in sorted(shown):
        if result and n - (result[-1] or 0) > 1:
            result.append(None)
        result.append(n)
    return result


def _neighbour_sections(grid: ps.Grid, sections: list[RoadmapRow]) -> tuple:
    """The previous and next heading at the shown section's level (None at either end)."""
    if grid.section is None:
        return None, None
    same = [row for row in sections if row.level == grid.section.level]
    index = next(i for i, row in enumerate(same) if row.pk == grid.section.pk)
    return (same[index - 1] if index else None), (same[index + 1] if index + 1 < len(same) else None)


@login_required
def grid(request, pk):
    roadmap = _district_roadmap(request, pk)
    view = _grid_view(request, roadmap, choose_section=True)
    grid, form = view.grid, view.form
    number = request.GET.get("page") or (ps.page_holding(grid, view.item) if view.item else 1)
    page = ps.grid_page(grid, number)
    report_url = _url_maker("roadmaps:report_detail")
    school_url = _url_maker("roadmaps:school_progress")
    names = {column.organization.pk: escape(column.organization.short_name) for column in grid.columns}
    for line in page.lines:
        line.pct_html = _pct_html(line.percent)
        if not line.is_heading:
            line.html = mark_safe(_cells_html(line, report_url, names))  # names escaped, the rest numbers
    for column in grid.columns:
        column.url = school_url(column.organization.pk)
        column.pct_html = _pct_html(column.percent)
    previous_section, next_section = _neighbour_sections(grid, view.headings)
    context = {
        "roadmap": roadmap,
        "grid": grid,
        "page": page,
        "pages": [(n, _query(form, page=n) if n else "") for n in _page_numbers(page.number, page.count)],
        "previous_page_query": _query(form, page=page.previous) if page.previous else "",
        "next_page_query": _query(form, page=page.next) if page.next else "",
        "previous_section": previous_section,
        "previous_section_query": _section_query(form, previous_section),
        "next_section": next_section,
        "next_section_query": _section_query(form, next_section),
        "form": form,
        "legend": [(CELL_CLASSES[key], GLYPHS[key], label) for key, label in GRID_LEGEND],
        "overdue_mark": OVERDUE_MARK,
        "export_query": _query(form, section=None, page=None),
        "section_export_query": _query(form, page=None) if grid.section else "",
        "can_assign": user_scope(request.user).is_methodist and roadmap.status != Roadmap.Status.ARCHIVED,
        "active_nav": "roadmaps",
    }
    return render(request, "roadmaps/progress/grid.html", context)


@login_required
def grid_export(request, pk):
    roadmap = _district_roadmap(request, pk)
    view = _grid_view(request, roadmap, choose_section=False)
    content = progress_export.export_grid_xlsx(view.grid, note=_filter_note(view.form, view.values))
    filename = progress_export.grid_filename(view.grid)
    return file_response(content, content_type=XLSX_CONTENT_TYPE, filename=filename)


# --- The review queue -------------------------------------------------------------------------------------


@role_required(Role.Kind.METHODIST, Role.Kind.ADMINISTRATOR)
def review_queue(request):
    roadmaps = list(
        Roadmap.objects.exclude(status=Roadmap.Status.DRAFT)
        .order_by("-period_start", "title")
        .values_list("pk", "title")
    )
    organizations = ps.sorted_organizations(ps.review_organizations())
    form = ReviewFilterForm(request.GET or None, roadmaps=roadmaps, organizations=organizations)
    values = form.values() if form.is_bound else {}
    reports = ps.review_queue(roadmap_id=values.get("roadmap"), organization_id=values.get("school"))
    page = Paginator(reports, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = ps.review_counts()
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "total": sum(c["count"] for c in counts),
        "filtered": any(values.values()),
        "can_review": can_review_reports(request.user),
        "now": timezone.now(),
        "today": _today(),
        "active_nav": "roadmaps",
    }
    return render(request, "roadmaps/progress/review_queue.html", context)


# --- One school's page ------------------------------------------------------------------------------------


@login_required
def school_progress(request, organization_pk):
    scope = user_scope(request.user)
    organization = Organization.objects.filter(pk=organization_pk).first()
    if organization is None or not (scope.district_wide or organization.pk in scope.school_ids):
        raise Http404("Организация не найдена.")
    progress = ps.school_progress(organization, today=_today())
    can_report = organization.pk in scope.school_ids or (scope.is_methodist and organization.is_district_body)
    report_url = _url_maker("roadmaps:report_detail")
    edit_template = reverse("roadmaps:report_edit", args=[_SENTINEL, organization.pk])
    for group in progress.roadmaps:
        for item in group.items:
            for chip in item.chips:
                if chip.report_pk:
                    chip.url = report_url(chip.report_pk)
                elif can_report:
                    chip.url = edit_template.replace(str(_SENTINEL), str(chip.occurrence_pk), 1)
                else:
                    chip.url = ""
    context = {
        "organization": organization,
        "progress": progress,
        "district": scope.district_wide,
        "legend": [(key, "", label) for key, label in LEGEND],
        "active_nav": "organizations" if not scope.district_wide else "roadmaps",
    }
    return render(request, "roadmaps/progress/school.html", context)


# --- The dashboard ----------------------------------------------------------------------------------------

DONE_COLOR = "#198754"
CHART_WIDTH = 620  # about the width of a half-page column, so that 12-unit text stays 12 px
EXPECTED_COLOR = "#6c757d"


def _bar_color(value: int | None) -> str:
    if value is None:
        return "#adb5bd"
    if value >= 80:
        return "#198754"
    if value >= 50:
        return "#fd7e14"
    return "#dc3545"


def _line_svg(board: ps.Dashboard) -> str:
    months = [(p.year, p.month) for p in board.months]
    expected_tips, done_tips = [], []
    for point in board.months:
        name = charts.month_name(point.year, point.month)
        expected_tips.append(f"{name}: ожидалось к концу месяца {point.expected}")
        if point.done is None:
            done_tips.append("")
        else:
            share = ps.percent(point.done, point.expected)
            tail = f" ({share} %)" if share is not None else ""
            done_tips.append(f"{name}: выполнено и принято {point.done} из {point.expected}{tail}")
    start, end = board.year
    return charts.line_chart(
        labels=charts.month_labels(months),
        series=[
            charts.Series(
                "Ожидалось (нарастающим итогом)",
                [p.expected for p in board.months],
                EXPECTED_COLOR,
                area=True,
                tooltips=expected_tips,
            ),
            charts.Series(
                "Выполнено и принято",
                [p.done for p in board.months],
                DONE_COLOR,
                area=True,
                tooltips=done_tips,
            ),
        ],
        title=f"Выполнение по месяцам, {start.year}–{end.year} учебный год",
        width=CHART_WIDTH,
        empty_message="Сроков в этом учебном году нет",
    )


def _bars_html(board: ps.Dashboard) -> str:
    school_url = _url_maker("roadmaps:school_progress")
    bars = []
    for s in board.schools:
        name = s.organization.short_name
        if s.percent is None:
            tooltip, note = f"{name}: сроки ещё не наступили", "сроков ещё не было"
        else:
            tooltip = f"{name}: выполнено {s.done} из {s.expected} ({s.percent} %), просрочено {s.overdue}"
            note = f"{s.done} из {s.expected}"
        bars.append(
            charts.Bar(
                label=name,
                value=s.percent or 0,
                tooltip=tooltip,
                note=note,
                url=school_url(s.organization.pk),
                color=_bar_color(s.percent),
            )
        )
    return charts.bar_list(
        bars=bars,
        title="Выполнение по школам, % принятых выполненных сроков",
        empty_message="Мероприятия ещё не назначены школам",
    )


@role_required(Role.Kind.METHODIST, Role.Kind.ADMINISTRATOR)
def dashboard(request):
    board = ps.dashboard(today=_today())
    grid_url = _url_maker("roadmaps:grid")
    for figures in board.roadmaps:
        figures.grid_url = grid_url(figures.roadmap.pk)
    context = {
        "board": board,
        "line_svg": mark_safe(_line_svg(board)),  # charts escape every text
        "bars_html": mark_safe(_bars_html(board)),
        "active_nav": "roadmaps",
    }
    return render(request, "roadmaps/progress/dashboard.html", context)
