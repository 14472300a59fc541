"""The roadmap page and in-place row editing with htmx.

An htmx request gets a fragment back: one row (`rows/row.html`), its inline form (`rows/row_form.html`),
the dates form, the «строка удалена» bar, or the whole table body (`rows/tbody.html`) when other rows
move too (move, indent, renumber). A plain POST (no htmx) redirects back to the page with a message;
a form with errors or a conflict comes back inside the whole page instead, so nothing typed is lost.

Status codes of fragments: 200 done; 422 the form again with its errors; 409 the row changed or was
deleted meanwhile (the conflict form, or the row with a notice). static/js/app.js tells htmx to
swap 409 and 422 responses too.

A fragment that ends an edit (a saved or cancelled form, a move, a deletion) also says what happened
and where the focus goes (core.web.htmx_announce): back to the row's ✎ after a form, to its «⋯» after
an action of that menu. A row's own markup (rows/row.html, cached by templatetags/roadmap_rows.py)
carries nothing of this: it is in the response's header.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.web import add_service_errors, htmx_announce, is_htmx, posted_version

from .. import owners, selectors, services
from ..access import can_change_roadmap, can_edit_roadmap, get_roadmap_for_user
from ..forms import ManualDatesForm, RowForm, RowInsertForm
from ..models import Roadmap, RoadmapRow, RowChange
from ..services import RowData, StaleRowError

ROW_URL_NAMES = ("row_edit", "row_dates", "row_delete", "row_move", "row_indent")
_ROW_FORM = "roadmaps/rows/row_form.html"
_DATES_FORM = "roadmaps/rows/dates_form.html"
_SENTINEL = 987654321  # a row id no real row has; replaced by each row's id (one reverse per page)

# --- Helpers ------------------------------------------------------------------------------------------


def _page_url(roadmap: Roadmap, row_pk: int | None = None, query: str = "") -> str:
    url = reverse("roadmaps:detail", args=[roadmap.pk])
    if query:
        url += f"?{query}"
    if row_pk:
        url += f"#row-{row_pk}"
    return url


def _back(request, roadmap: Roadmap, row_pk: int | None = None, *, text: str = "", level=messages.SUCCESS):
    """The answer to a plain POST: back to the roadmap page, at the row, with a message."""
    if text:
        messages.add_message(request, level, text)
    return redirect(_page_url(roadmap, row_pk))


def _row_urls(roadmap: Roadmap) -> dict[str, str]:
    return {name: reverse(f"roadmaps:{name}", args=[roadmap.pk, _SENTINEL]) for name in ROW_URL_NAMES}


def _attach_urls(roadmap: Roadmap, rows) -> None:
    templates = _row_urls(roadmap)
    sentinel = f"/{_SENTINEL}/"
    for row in rows:
        own = f"/{row.pk}/"
        row.urls = {name[4:]: url.replace(sentinel, own) for name, url in templates.items()}


def page_context(request, roadmap: Roadmap, **extra) -> dict:
    """What every template of the roadmap page needs (also used by the assignment view in progress.py)."""
    can_edit = can_edit_roadmap(request.user, roadmap)
    owner = owners.owner_of(roadmap)
    return {
        "roadmap": roadmap,
        "can_edit": can_edit,
        "can_change": can_change_roadmap(request.user, roadmap),
        "owner_link": owner.back_link(roadmap) if owner is not None else None,
        "ncols": 7 if can_edit else 6,
        "insert_url": reverse("roadmaps:row_insert", args=[roadmap.pk]),
        **extra,
    }


def _row_or_none(roadmap: Roadmap, row_pk: int) -> RoadmapRow | None:
    row = RoadmapRow.objects.filter(roadmap=roadmap, pk=row_pk).first()
    if row is not None:
        row.roadmap = roadmap
    return row


def _changed_by(row: RoadmapRow) -> str:
    """«Волкова Елена Викторовна в 14:05» from the row's latest change."""
    change = selectors.row_last_change(row=row)
    if change is None:
        return f"другой пользователь {selectors.time_label(row.updated_at)}"
    return f"{selectors.user_label(change.user)} {selectors.time_label(change.at)}"


def _label(row: RoadmapRow) -> str:
    text = f"{row.number} {row.activity}".strip()
    return text if len(text) <= 80 else text[:79] + "…"


def _stale_notice(row: RoadmapRow) -> str:
    return f"Строку «{_label(row)}» уже изменил(а) {_changed_by(row)}. Проверьте её и повторите действие."


GONE = "Эту строку уже удалили. Обновите страницу, чтобы увидеть карту такой, какая она сейчас."
CANCELLED = "Изменения отменены"


def _row_name(row: RoadmapRow) -> str:
    """«Строка 3» / «Раздел 1.» / «Строка «Совещание руководителей…»» — the row in an announcement."""
    noun = "Раздел" if row.is_heading else "Строка"
    if row.number:
        return f"{noun} {row.number}"
    text = row.activity if len(row.activity) <= 40 else row.activity[:39] + "…"
    return f"{noun} «{text}»"


# What was done to a row (feminine: «строка») → the same of a heading (masculine: «раздел»).
_MASCULINE = {
    "сохранена": "сохранён",
    "добавлена": "добавлен",
    "удалена": "удалён",
    "восстановлена": "восстановлен",
    "перемещена": "перемещён",
    "сдвинута": "сдвинут",
}


def _done(row: RoadmapRow, verb: str) -> str:
    """«Строка 3 сохранена», «Раздел 1. сохранён» (`verb`: a key of _MASCULINE)."""
    return f"{_row_name(row)} {_MASCULINE[verb] if row.is_heading else verb}"


def _focus_row(row_pk, control: str = "edit") -> list[str]:
    """Where the focus goes after a row changed: its ✎ (`edit`) or its «⋯» (`menu`), else the row."""
    return [f"#row-{row_pk} .rm-{control}", f"#row-{row_pk}"]


# --- Fragments ----------------------------------------------------------------------------------------


def _row_response(
    request,
    roadmap: Roadmap,
    row_pk: int,
    *,
    notice: str = "",
    status: int = 200,
    say: str | Callable[[RoadmapRow], str] = "",
    focus: str = "edit",
):
    """The row as the table shows it. `say`: what to announce — a text, or a function of the row
    (`_done`); the focus goes to the row's `focus` control (see _focus_row)."""
    row = selectors.roadmap_row(roadmap=roadmap, row_pk=row_pk)
    if row is None:
        return _gone_response(request, roadmap, row_pk)
    _attach_urls(roadmap, [row])
    context = page_context(request, roadmap, row=row, row_notice=notice)
    response = render(request, "roadmaps/rows/row.html", context, status=status)
    text = say(row) if callable(say) else say
    return htmx_announce(response, text or notice, focus=_focus_row(row_pk, focus))


def tbody_response(
    request,
    roadmap: Roadmap,
    *,
    notice: str = "",
    level: str = "info",
    status: int = 200,
    say: str = "",
    focus_pk: int | None = None,
    focus: Sequence[str] = (),
):
    """The whole table body again, after a change that moves or renumbers rows (also after assignment).
    `say` (else the notice) is announced; the focus goes to the «⋯» of the row `focus_pk`, or `focus`."""
    rows = selectors.roadmap_rows(roadmap=roadmap)
    _attach_urls(roadmap, rows)
    context = page_context(request, roadmap, rows=rows, notice=notice, notice_level=level)
    response = render(request, "roadmaps/rows/tbody.html", context, status=status)
    return htmx_announce(response, say or notice, focus=_focus_row(focus_pk, "menu") if focus_pk else focus)


def _gone_response(request, roadmap: Roadmap, row_pk: int, *, message: str = GONE, status: int = 200):
    context = page_context(request, roadmap, row_pk=row_pk, message=message)
    response = render(request, "roadmaps/rows/deleted.html", context, status=status)
    return htmx_announce(response, message, focus=[f"#row-{row_pk}"])


def _form_context(
    request,
    roadmap: Roadmap,
    form,
    *,
    row: RoadmapRow | None = None,
    mode: str = "edit",
    insert: dict | None = None,
    **extra,
) -> dict:
    """The inline form of a row: `edit`, `conflict` (changed meanwhile), `new`, `deleted` (gone meanwhile)."""
    if row is not None:
        action = reverse("roadmaps:row_edit", args=[roadmap.pk, row.pk])
        cancel = reverse("roadmaps:row_view", args=[roadmap.pk, row.pk])
        dom_id = f"row-{row.pk}"
    else:
        action = reverse("roadmaps:row_insert", args=[roadmap.pk])
        cancel = ""
        dom_id = f"row-new-{uuid.uuid4().hex[:8]}"
    return page_context(
        request,
        roadmap,
        form=form,
        row=row,
        mode=mode,
        insert=insert or {},
        action=action,
        cancel_url=cancel,
        dom_id=dom_id,
        heading=form.heading,
        **extra,
    )


def _row_form(row: RoadmapRow, data=None) -> RowForm:
    initial = {name: getattr(row, name) for name in ("number", "activity", "deadline_text")}
    initial.update(responsible_text=row.responsible_text, result_text=row.result_text, version=row.version)
    return RowForm(data, initial=initial, heading=row.is_heading, auto_id=f"row{row.pk}_%s")


def _insert_form(data=None, *, heading: bool, initial=None) -> RowInsertForm:
    return RowInsertForm(data, initial=initial, heading=heading, auto_id=f"new{uuid.uuid4().hex[:6]}_%s")


def _render_form(request, context: dict, status: int = 200):
    return render(request, _ROW_FORM, context, status=status)


# --- The page and its history -------------------------------------------------------------------------


def _query_int(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _forms_in_place(request, roadmap: Roadmap, rows: list[RoadmapRow]) -> dict:
    """Forms opened through the page's address (the links behind ✎ and «Указать даты» without htmx)."""
    found = {}
    by_pk = {row.pk: row for row in rows}
    edit_row = by_pk.get(_query_int(request, "edit"))
    if edit_row is not None:
        context = _form_context(request, roadmap, _row_form(edit_row), row=edit_row)
        found.update(edit_pk=edit_row.pk, edit_html=render_to_string(_ROW_FORM, context, request))
    dates_row = by_pk.get(_query_int(request, "dates"))
    if dates_row is not None and not dates_row.is_heading:
        context = _dates_context(request, roadmap, dates_row)
        found.update(dates_pk=dates_row.pk, dates_html=render_to_string(_DATES_FORM, context, request))
    if "insert" in request.GET:
        anchor = by_pk.get(_query_int(request, "insert"))
        insert = {
            "anchor": anchor.pk if anchor else None,
            "where": "above" if request.GET.get("where") == "above" else "below",
            "is_heading": request.GET.get("heading") == "1",
        }
        form = _insert_form(heading=insert["is_heading"], initial=insert)
        context = _form_context(request, roadmap, form, mode="new", insert=insert)
        context["dom_id"] = "row-new"
        found["insert"] = {**insert, "html": render_to_string(_ROW_FORM, context, request)}
    return found


def _page(request, roadmap: Roadmap, *, in_place: dict | None = None, status: int = 200):
    """The whole roadmap page. `in_place`: a rendered form to show where it belongs (see tbody.html)."""
    rows = selectors.roadmap_rows(roadmap=roadmap)
    _attach_urls(roadmap, rows)
    context = page_context(request, roadmap, rows=rows, active_nav="roadmaps")
    context["menu"] = {name[4:]: url for name, url in _row_urls(roadmap).items()} | {"sentinel": _SENTINEL}
    context["past_period"] = selectors.past_period(roadmap=roadmap, today=timezone.localdate(), rows=rows)
    if context["can_edit"]:
        context.update(in_place if in_place is not None else _forms_in_place(request, roadmap, rows))
    return render(request, "roadmaps/detail.html", context, status=status)


def _form_on_page(request, roadmap: Roadmap, context: dict, status: int):
    """Without htmx, a form with errors or a conflict comes back inside the whole page, typed values kept."""
    if context.get("row") is not None and context["mode"] in ("edit", "conflict"):
        in_place = {"edit_pk": context["row"].pk, "edit_html": render_to_string(_ROW_FORM, context, request)}
    else:
        context["dom_id"] = "row-new"
        insert = context["insert"]
        in_place = {"insert": {**insert, "html": render_to_string(_ROW_FORM, context, request)}}
    return _page(request, roadmap, in_place=in_place, status=status)


@login_required
def detail(request, pk):
    """The roadmap with its rows. `?edit=`, `?dates=` and `?insert=` open a form in place (without htmx)."""
    return _page(request, get_roadmap_for_user(request.user, pk))


@login_required
def history(request, pk):
    roadmap = get_roadmap_for_user(request.user, pk)
    page = Paginator(selectors.roadmap_changes(roadmap=roadmap), selectors.HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "roadmap": roadmap,
        "page": page,
        "changes": selectors.describe_changes(list(page.object_list)),
        "active_nav": "roadmaps",
    }
    return render(request, "roadmaps/history.html", context)


@login_required
@require_POST
def renumber(request, pk):
    """Numbers from the outline («1.», «1.1.», …), only when the methodist asks (the button confirms)."""
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    try:
        changed = services.roadmap_renumber(
            user=request.user,
            roadmap=roadmap,
            confirm_depth_changes=request.POST.get("confirm_depth_changes") == "1",
        )
    except services.RenumberNeedsConfirmation as exc:
        # Nothing changed: show which numbers would move to another depth and ask again.
        if not is_htmx(request):
            context = page_context(request, roadmap, renumber_changes=exc.changes, active_nav="roadmaps")
            return render(request, "roadmaps/renumber_confirm.html", context)
        rows = selectors.roadmap_rows(roadmap=roadmap)
        _attach_urls(roadmap, rows)
        context = page_context(request, roadmap, rows=rows, renumber_changes=exc.changes)
        return render(request, "roadmaps/rows/tbody.html", context)
    if changed:
        text = f"Строки перенумерованы по структуре карты; изменено номеров: {changed}."
    else:
        text = "Номера уже идут по порядку — ничего не изменилось."
    if not is_htmx(request):
        return _back(request, roadmap, text=text)
    # The confirmed warning («Всё равно перенумеровать») was in the table body: back to the toolbar's button.
    return tbody_response(request, roadmap, notice=text, level="success", focus=["#rm-renumber"])


# --- One row ------------------------------------------------------------------------------------------


@login_required
def row_view(request, pk, row_pk):
    """The row as shown in the table (the «Отмена» of an inline form)."""
    roadmap = get_roadmap_for_user(request.user, pk)
    if not is_htmx(request):
        if not RoadmapRow.objects.filter(roadmap=roadmap, pk=row_pk).exists():
            raise Http404("Строка не найдена.")
        return redirect(_page_url(roadmap, row_pk))
    return _row_response(request, roadmap, row_pk, say=CANCELLED)


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(request, pk, row_pk):
    """GET: the inline form. POST: save it, unless someone else saved the row since (then: conflict)."""
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    row = _row_or_none(roadmap, row_pk)
    if request.method == "GET":
        if row is None:
            if is_htmx(request):
                return _gone_response(request, roadmap, row_pk)
            raise Http404("Строка не найдена.")
        if not is_htmx(request):
            return redirect(_page_url(roadmap, row.pk, f"edit={row.pk}"))
        return _render_form(request, _form_context(request, roadmap, _row_form(row), row=row))

    if row is None:
        return _deleted_conflict(request, roadmap, row_pk)
    form = _row_form(row, request.POST)
    if form.is_valid() and form.cleaned_data["version"] is None:
        form.add_error(None, "Не передана версия строки. Обновите страницу и повторите.")
    if not form.is_valid():
        return _invalid_row_form(request, roadmap, form, row=row)
    data = form.row_data()
    if all(getattr(row, name) == value.strip() for name, value in data.items()):
        # Nothing changed: no write, no history entry, whatever version the form had.
        if not is_htmx(request):
            return _back(request, roadmap, row.pk, text="Изменений нет.", level=messages.INFO)
        return _row_response(request, roadmap, row.pk, say="Изменений нет")
    try:
        services.row_update(user=request.user, row=row, data=data, version=form.cleaned_data["version"])
    except StaleRowError as stale:
        if stale.current is None:
            return _deleted_conflict(request, roadmap, row_pk)
        return _edit_conflict(request, roadmap, stale.current, form)
    except ValidationError as error:
        add_service_errors(form, error)
        return _invalid_row_form(request, roadmap, form, row=row)
    if not is_htmx(request):
        return _back(request, roadmap, row.pk, text="Строка сохранена.")
    return _row_response(request, roadmap, row.pk, say=lambda saved: _done(saved, "сохранена"))


def _invalid_row_form(request, roadmap, form, *, row=None, insert=None):
    mode = "edit" if row is not None else "new"
    context = _form_context(request, roadmap, form, row=row, mode=mode, insert=insert)
    if not is_htmx(request):
        return _form_on_page(request, roadmap, context, 422)
    return _render_form(request, context, 422)


def _edit_conflict(request, roadmap: Roadmap, current: RoadmapRow, form: RowForm):
    """The other person's saved version beside the user's own typed values, with the new version number."""
    current.roadmap = roadmap
    message = (
        f"Эту строку уже изменил(а) {_changed_by(current)}. Ниже — сохранённая версия; ваши правки не "
        "потеряны: они остались в полях формы. Сравните и сохраните ещё раз, если они по-прежнему нужны."
    )
    typed = form.typed()
    saved = selectors.roadmap_row(roadmap=roadmap, row_pk=current.pk) or current
    data = {**typed, "version": str(current.version)}
    fresh = RowForm(data, heading=current.is_heading, auto_id=f"row{current.pk}_%s")
    saved_fields = [
        {
            "label": fresh.fields[name].label,
            "value": getattr(saved, name),
            "differs": getattr(saved, name).strip() != typed.get(name, "").strip(),
        }
        for name in fresh.text_fields
    ]
    context = _form_context(
        request,
        roadmap,
        fresh,
        row=current,
        mode="conflict",
        message=message,
        saved=saved,
        saved_fields=saved_fields,
    )
    if not is_htmx(request):
        return _form_on_page(request, roadmap, context, 409)
    return _render_form(request, context, 409)


def _deleted_conflict(request, roadmap: Roadmap, row_pk: int):
    """The row is gone: keep the typed text and offer to add it as a new row at the end."""
    heading = request.POST.get("is_heading") in ("1", "True", "true", "on")
    message = (
        "Эту строку уже удалили, пока вы её редактировали. Ваш текст не потерян: он ниже, и его можно "
        "добавить в конец карты как новую строку."
    )
    typed = {name: request.POST.get(name, "") for name in RowForm(heading=heading).text_fields}
    form = _insert_form({**typed, "is_heading": heading}, heading=heading)
    insert = {"anchor": None, "where": "below", "is_heading": heading}
    context = _form_context(request, roadmap, form, mode="deleted", insert=insert, message=message)
    if not is_htmx(request):
        return _form_on_page(request, roadmap, context, 409)
    context["dom_id"] = f"row-{row_pk}"
    return _render_form(request, context, 409)


@login_required
@require_POST
def row_insert(request, pk):
    """Without `save`: a blank inline form at the place. With `save`: insert the row there."""
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    heading = request.POST.get("is_heading") in ("1", "True", "true", "on")
    where = "above" if request.POST.get("where") == "above" else "below"
    anchor_pk = request.POST.get("anchor", "")
    anchor = _row_or_none(roadmap, int(anchor_pk)) if anchor_pk.isdigit() else None
    insert = {"anchor": anchor.pk if anchor else None, "where": where, "is_heading": heading}

    if "save" not in request.POST:
        if not is_htmx(request):
            query = f"insert={anchor.pk if anchor else 'end'}&where={where}&heading={int(heading)}"
            return redirect(_page_url(roadmap, query=query) + "#row-new")
        form = _insert_form(heading=heading, initial=insert)
        return _render_form(request, _form_context(request, roadmap, form, mode="new", insert=insert))

    form = _insert_form(request.POST, heading=heading)
    if not form.is_valid():
        return _invalid_row_form(request, roadmap, form, insert=insert)
    text = form.cleaned_data
    data = RowData(
        activity=text["activity"],
        number=text["number"],
        is_heading=heading,
        deadline_text=text.get("deadline_text", ""),
        responsible_text=text.get("responsible_text", ""),
        result_text=text.get("result_text", ""),
        level=selectors.insert_level(roadmap=roadmap, anchor=anchor, where=where, is_heading=heading),
    )
    try:
        row = services.row_insert(user=request.user, roadmap=roadmap, data=data, anchor=anchor, where=where)
    except ValidationError as error:
        add_service_errors(form, error)
        return _invalid_row_form(request, roadmap, form, insert=insert)
    if not is_htmx(request):
        return _back(request, roadmap, row.pk, text="Строка добавлена.")
    return _row_response(request, roadmap, row.pk, say=lambda added: _done(added, "добавлена"))


@login_required
@require_POST
def row_delete(request, pk, row_pk):
    """Delete; the row turns into a «Строка удалена. Отменить» bar."""
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    row = _row_or_none(roadmap, row_pk)
    if row is None:
        if not is_htmx(request):
            return _back(request, roadmap, text=GONE, level=messages.WARNING)
        return _gone_response(request, roadmap, row_pk)
    try:
        change = services.row_delete(user=request.user, row=row, version=posted_version(request))
    except StaleRowError as stale:
        if stale.current is None:
            return _gone_response(request, roadmap, row_pk)
        notice = _stale_notice(stale.current)
        if not is_htmx(request):
            return _back(request, roadmap, row_pk, text=notice, level=messages.WARNING)
        return _row_response(request, roadmap, row_pk, notice=notice, status=409, focus="menu")
    label = f"{row.number} {row.activity}".strip()
    if not is_htmx(request):
        return _back(request, roadmap, text=f"Строка «{label}» удалена.")
    context = page_context(request, roadmap, row_pk=row_pk, change=change, label=label)
    response = render(request, "roadmaps/rows/deleted.html", context)
    return htmx_announce(response, _done(row, "удалена"), focus=[f"#row-{row_pk}"])


@login_required
@require_POST
def row_restore(request, pk, change_pk):
    """Undo a deletion: the row comes back at its old place."""
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    change = RowChange.objects.filter(roadmap=roadmap, pk=change_pk).first()
    if change is None:
        raise Http404("Изменение не найдено.")
    change.roadmap = roadmap
    try:
        row = services.row_restore(user=request.user, change=change)
    except ValidationError as error:
        text = " ".join(error.messages)
        if not is_htmx(request):
            return _back(request, roadmap, text=text, level=messages.ERROR)
        before = change.before or {}
        label = f"{before.get('number', '')} {before.get('activity', '')}".strip()
        context = page_context(
            request, roadmap, row_pk=f"restore-{change.pk}", change=change, label=label, error=text
        )
        response = render(request, "roadmaps/rows/deleted.html", context, status=422)
        return htmx_announce(response, text, focus=[f"#row-restore-{change.pk}"])
    if not is_htmx(request):
        return _back(request, roadmap, row.pk, text="Строка восстановлена.")
    return _row_response(
        request, roadmap, row.pk, say=lambda back: _done(back, "восстановлена"), focus="menu"
    )


def _reorder(request, roadmap: Roadmap, row_pk: int, action, *, done: str):
    """Move or indent: the whole table body comes back, since neighbours change too; the focus stays on
    the row's «⋯», so that the next move is one more Enter away."""
    row = _row_or_none(roadmap, row_pk)
    if row is None:
        if not is_htmx(request):
            return _back(request, roadmap, text=GONE, level=messages.WARNING)
        return tbody_response(request, roadmap, notice=GONE, level="warning", status=409)
    try:
        action(row)
    except StaleRowError as stale:
        notice = _stale_notice(stale.current) if stale.current else GONE
        if not is_htmx(request):
            return _back(request, roadmap, row_pk, text=notice, level=messages.WARNING)
        return tbody_response(request, roadmap, notice=notice, level="warning", status=409, focus_pk=row_pk)
    except ValidationError as error:
        text = " ".join(error.messages)
        if not is_htmx(request):
            return _back(request, roadmap, row_pk, text=text, level=messages.ERROR)
        return tbody_response(request, roadmap, notice=text, level="warning", status=422, focus_pk=row_pk)
    if not is_htmx(request):
        return _back(request, roadmap, row_pk, text="Строка перемещена.")
    return tbody_response(request, roadmap, say=_done(row, done), focus_pk=row_pk)


@login_required
@require_POST
def row_move(request, pk, row_pk):
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    direction = request.POST.get("direction")
    version = posted_version(request)

    def move(row):
        if direction not in ("up", "down"):
            raise ValidationError("Не указано, куда перемещать строку.")
        services.row_move(user=request.user, row=row, direction=direction, version=version)

    return _reorder(request, roadmap, row_pk, move, done="перемещена")


@login_required
@require_POST
def row_indent(request, pk, row_pk):
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    delta = {"1": 1, "+1": 1, "-1": -1}.get(request.POST.get("delta", ""))
    version = posted_version(request)

    def indent(row):
        if delta is None:
            raise ValidationError("Не указано, куда сдвигать строку.")
        services.row_indent(user=request.user, row=row, delta=delta, version=version)

    return _reorder(request, roadmap, row_pk, indent, done="сдвинута")


def _dates_context(request, roadmap: Roadmap, row: RoadmapRow, form: ManualDatesForm | None = None) -> dict:
    if form is None:
        dates = "\n".join(row.due_labels) if row.manual_dates else ""
        form = ManualDatesForm(initial={"dates": dates}, auto_id=f"dates{row.pk}_%s")
    return page_context(
        request,
        roadmap,
        row=row,
        form=form,
        action=reverse("roadmaps:row_dates", args=[roadmap.pk, row.pk]),
        cancel_url=reverse("roadmaps:row_view", args=[roadmap.pk, row.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def row_dates(request, pk, row_pk):
    """Due dates by hand for a deadline the parser cannot read; the deadline text itself stays."""
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    row = selectors.roadmap_row(roadmap=roadmap, row_pk=row_pk)
    if row is None:
        if is_htmx(request):
            return _gone_response(request, roadmap, row_pk)
        raise Http404("Строка не найдена.")
    if row.is_heading:
        text = "У заголовка раздела нет сроков."
        if not is_htmx(request):
            return _back(request, roadmap, row.pk, text=text, level=messages.ERROR)
        return _row_response(request, roadmap, row.pk, notice=text, status=422, focus="menu")
    if request.method == "GET":
        if not is_htmx(request):
            return redirect(_page_url(roadmap, row.pk, f"dates={row.pk}"))
        return render(request, _DATES_FORM, _dates_context(request, roadmap, row))

    form = ManualDatesForm(request.POST, auto_id=f"dates{row.pk}_%s")
    if form.is_valid():
        try:
            services.row_set_manual_dates(user=request.user, row=row, dates=form.cleaned_data["dates"])
        except ValidationError as error:
            form.add_error("dates", error)
    if not form.is_valid():
        context = _dates_context(request, roadmap, row, form)
        if not is_htmx(request):
            html = render_to_string(_DATES_FORM, context, request)
            return _page(request, roadmap, in_place={"dates_pk": row.pk, "dates_html": html}, status=422)
        return render(request, _DATES_FORM, context, status=422)
    text = "Даты сохранены." if form.cleaned_data["dates"] else "Даты снова берутся из текста срока."
    if not is_htmx(request):
        return _back(request, roadmap, row.pk, text=text)
    return _row_response(request, roadmap, row.pk, say=text)
