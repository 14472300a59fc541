"""Pages of the jury's оценочные листы: a juror's own sheet (htmx autosave per cell, signing), the sheets of a
round for the методист, the secretary and the chair (states only until the round is closed), a sheet read
after the round is closed, and the chair's reopening."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.web import posted_version
from directory.access import user_scope

from . import access, scoring, sheets
from .models import Round, ScoreSheet

NAV = "contests"
TEXT_STALE_FORM = (
    "Оценочный лист изменён в другом окне или вкладке — баллы не сохранены. Ниже они такие, как вы их ввели: "
    "проверьте и сохраните ещё раз."
)


def _round(request, pk, rid) -> Round:
    contest = access.get_contest_for_user(request.user, pk)
    return get_object_or_404(Round.objects.select_related("contest"), contest=contest, pk=rid)


def _seat(request, round: Round):
    seat = sheets.seat_of(request.user, round)
    if seat is None:
        raise Http404("Вы не оцениваете этот тур.")
    return seat


def _own_sheet(request, pk, rid) -> tuple[Round, ScoreSheet]:
    round = _round(request, pk, rid)
    return round, get_object_or_404(ScoreSheet, round=round, juror=_seat(request, round))


def sees_states(user, round: Round) -> bool:
    """The sheets' states (signed, cells filled): the district, the secretary, the chair."""
    return (
        user_scope(user).district_wide
        or access.is_secretary(user, round.contest)
        or sheets.is_chair(user, round)
    )


def _act(request, action, success: str) -> None:
    """Run a write; its refusal (or the stale sheet) as error messages, else the success message."""
    try:
        action()
    except sheets.StaleSheet as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)


@login_required
@require_GET
def sheet(request, pk, rid):
    """The juror's own sheet of the round."""
    round = _round(request, pk, rid)
    seat = _seat(request, round)
    if round.status == Round.Status.OPEN:
        own = sheets.sheet_open(user=request.user, seat=seat, round=round)
    else:
        own = ScoreSheet.objects.filter(round=round, juror=seat).first()
        if own is None:
            raise Http404("Оценочного листа в этом туре у вас нет.")
    return _render_sheet(request, round, seat, own, own=True)


def _render_sheet(request, round: Round, seat, sheet: ScoreSheet, *, own: bool, entered=None, errors=None):
    """entered, errors: the sheet's form refused — what was typed in each cell, and what was wrong."""
    grid = sheets.grid(user=request.user, seat=seat, round=round, sheet=sheet, entered=entered, errors=errors)
    context = {
        "active_nav": NAV,
        "contest": round.contest,
        "round": round,
        "grid": grid,
        "own": own,
        "sees_states": sees_states(request.user, round),
        "events": list(sheet.events.all()),
    }
    return render(request, "contests/sheet.html", context)


@login_required
@require_POST
def sheet_cell(request, pk, rid):
    """The htmx autosave of one cell: the message next to the cell, the participant's total, the version."""
    round, own = _own_sheet(request, pk, rid)
    application_id, criterion_id = request.POST.get("application"), request.POST.get("criterion")
    context = {"application_id": application_id, "criterion_id": criterion_id, "version": own.version}
    try:
        saved = sheets.cell_save(
            user=request.user,
            sheet=own,
            application_id=application_id,
            criterion_id=criterion_id,
            value=request.POST.get(sheets.cell_key(application_id, criterion_id), ""),
            version=posted_version(request),
        )
    except sheets.StaleSheet as error:
        context.update(error=error.message, stale=True)
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
    else:
        context.update(
            saved=True,
            version=saved.sheet.version,
            total=scoring.fmt(saved.total),
            at=timezone.localtime(),
            filled=own.scores.count(),  # «Заполнено ячеек: N из M» follows each save
        )
    return render(request, "contests/sheet_cell.html", context)


@login_required
@require_POST
def sheet_save(request, pk, rid):
    """The whole sheet sent as a form: «Сохранить баллы», or every save without JavaScript. Refused (a bad
    cell, the sheet changed in another tab): the sheet again with what was typed and what was wrong."""
    round, own = _own_sheet(request, pk, rid)
    entered = {key: value for key, value in request.POST.items() if key.startswith("c-")}
    try:
        version = posted_version(request)
        changed = sheets.save_all(user=request.user, sheet=own, values=entered, version=version)
    except sheets.StaleSheet:
        messages.error(request, TEXT_STALE_FORM)
        return _render_sheet(request, round, own.juror, own, own=True, entered=entered)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # signed or closed meanwhile: nothing to keep
            for text in error.messages:
                messages.error(request, text)
            return redirect("contests:sheet", round.contest_id, round.pk)
        errors = {key: list(value) for key, value in error.message_dict.items()}
        messages.error(request, f"Баллы не сохранены: ошибок в ячейках — {len(errors)}. Исправьте их ниже.")
        return _render_sheet(request, round, own.juror, own, own=True, entered=entered, errors=errors)
    messages.success(
        request, f"Баллы сохранены (изменено ячеек: {changed})." if changed else "Все баллы уже сохранены."
    )
    return redirect("contests:sheet", round.contest_id, round.pk)


@login_required
@require_POST
def sheet_sign(request, pk, rid):
    round, own = _own_sheet(request, pk, rid)
    _act(
        request,
        lambda: sheets.sign(user=request.user, sheet=own, version=posted_version(request)),
        "Оценочный лист подписан. Изменить его теперь может только председатель жюри, открыв лист повторно.",
    )
    return redirect("contests:sheet", round.contest_id, round.pk)


@login_required
@require_GET
def sheet_list(request, pk, rid):
    """The sheets of a round with their states; a juror who only scores goes to their own sheet."""
    round = _round(request, pk, rid)
    if not sees_states(request.user, round):
        _seat(request, round)
        return redirect("contests:sheet", round.contest_id, round.pk)
    participants, states = sheets.overview(round)
    context = {
        "active_nav": NAV,
        "contest": round.contest,
        "round": round,
        "participants": participants,
        "states": states,
        "closed": round.status == Round.Status.CLOSED,
        "is_chair": sheets.is_chair(request.user, round),
        "own_seat": sheets.seat_of(request.user, round),
    }
    return render(request, "contests/sheet_list.html", context)


@login_required
@require_GET
def sheet_detail(request, pk, rid, sid):
    """Someone's sheet with its points: only after the round is closed (before: 404, privacy)."""
    round = _round(request, pk, rid)
    other = get_object_or_404(ScoreSheet.objects.select_related("juror__person"), round=round, pk=sid)
    seat = sheets.seat_of(request.user, round)
    if seat is not None and seat.pk == other.juror_id:
        return redirect("contests:sheet", round.contest_id, round.pk)
    if round.status != Round.Status.CLOSED:
        raise Http404("Оценочный лист не найден.")
    if not (sees_states(request.user, round) or access.is_juror(request.user, round.contest)):
        raise Http404("Оценочный лист не найден.")
    return _render_sheet(request, round, other.juror, other, own=False)


@login_required
@require_POST
def sheet_reopen(request, pk, rid, sid):
    round = _round(request, pk, rid)
    seat = sheets.seat_of(request.user, round)
    target = get_object_or_404(ScoreSheet.objects.select_related("juror__person"), round=round, pk=sid)
    own = seat is not None and seat.pk == target.juror_id
    if not (own or sees_states(request.user, round)):
        raise Http404("Оценочный лист не найден.")
    _act(
        request,
        lambda: sheets.reopen(
            user=request.user,
            sheet=target,
            reason=request.POST.get("reason", ""),
            version=posted_version(request),
        ),
        f"Оценочный лист ({target.juror.person.short_name}) открыт повторно; член жюри уведомлён.",
    )
    if sees_states(request.user, round):
        return redirect("contests:sheets", round.contest_id, round.pk)
    return redirect("contests:sheet", round.contest_id, round.pk)


@login_required
@require_POST
def conflict_record(request, pk, rid):
    """«Не оценивает»: a conflict of interest recorded by hand on the round's sheets page."""
    round = _round(request, pk, rid)
    if not sees_states(request.user, round):
        raise Http404("Оценочные листы не найдены.")
    _act(
        request,
        lambda: sheets.conflict_record(
            user=request.user,
            round=round,
            seat_id=request.POST.get("juror"),
            application_id=request.POST.get("application"),
            reason=request.POST.get("reason", ""),
        ),
        "Записано: член жюри не оценивает этого участника. Его баллы этому участнику, если были, удалены.",
    )
    return redirect("contests:sheets", round.contest_id, round.pk)
