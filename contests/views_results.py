"""Pages of a contest's results: the rounds' summaries, closing a round, the chair's tie decisions,
publishing, the jury's protocol (PDF/DOCX), the results order and the diplomas."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.web import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, file_response
from directory.access import user_scope

from . import access, results
from .models import Contest, DiplomaBatch, Round

NAV = "contests"


def _contest(request, pk) -> Contest:
    contest = access.get_contest_for_user(request.user, pk)
    if not results.sees_results(request.user, contest):
        raise Http404("Итоги конкурса не найдены.")
    return contest


def _round(request, pk, rid) -> tuple[Contest, Round]:
    contest = _contest(request, pk)
    round = get_object_or_404(Round.objects.select_related("contest__organizer"), pk=rid, contest=contest)
    return contest, round


def _say(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_GET
def results_index(request, pk):
    contest = _contest(request, pk)
    rounds = list(contest.rounds.order_by("position", "pk"))
    methodist = user_scope(request.user).is_methodist
    published = results.is_published(contest)
    context = {
        "active_nav": NAV,
        "contest": contest,
        "rounds": rounds,
        "published": published,
        "can_publish": methodist and not published,
        "can_order": methodist and published,
        "order": contest.results_order,
        "can_diplomas": published and user_scope(request.user).district_wide,
        "batch": DiplomaBatch.objects.filter(contest=contest).first() if published else None,
    }
    return render(request, "contests/results.html", context)


@login_required
@require_GET
def round_results(request, pk, rid):
    contest, round = _round(request, pk, rid)
    return _render_round(request, contest, round)


def _tie_forms(summary, posted: dict | None) -> None:
    """Each nomination's tie form: its groups with the place choices (what was posted kept on a refusal)."""
    for item in summary.nominations:
        mine = posted if posted and posted["nomination"] == item.nomination_id else {}
        places = mine.get("places", {})
        item.tie_form = {
            "groups": [
                [
                    {
                        "pid": pid,
                        "name": name,
                        "options": [(n, places.get(pid) == n) for n in range(1, len(group) + 1)],
                    }
                    for pid, name in group
                ]
                for group in item.tie_groups
            ],
            "reason": mine.get("reason", ""),
        }


def _render_round(request, contest, round, *, posted: dict | None = None):
    closed = round.status == Round.Status.CLOSED
    summary = results.round_summary(round)
    _tie_forms(summary, posted)
    chair = results.can_close(request.user, contest)
    context = {
        "active_nav": NAV,
        "contest": contest,
        "round": round,
        "closed": closed,
        "summary": summary,
        "rules_text": results.rules_text(summary),
        # A juror sees nothing of the others' sheets until the round is closed; the staff see the progress.
        "show_table": closed or user_scope(request.user).district_wide,
        "can_close": chair and not closed,
        "can_decide": chair and closed and not results.is_published(contest),
        "jury": results.round_jury(round) if chair and closed else [],
        "absent_ids": set(round.absent_jurors.values_list("pk", flat=True)) if chair and closed else set(),
    }
    return render(request, "contests/results_round.html", context, status=422 if posted else 200)


@login_required
@require_POST
def attendance(request, pk, rid):
    """«Отсутствовали на заседании»: the jurors the protocol lists as absent."""
    contest, round = _round(request, pk, rid)
    try:
        absent = results.attendance_save(
            user=request.user, round=round, absent_ids=request.POST.getlist("absent")
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(
            request,
            "Присутствие на заседании записано: "
            + (
                f"отсутствовали {', '.join(m.person.short_name for m in absent)}."
                if absent
                else "присутствовали все."
            ),
        )
    return redirect("contests:round_results", contest.pk, round.pk)


@login_required
@require_POST
def round_close(request, pk, rid):
    contest, round = _round(request, pk, rid)
    try:
        results.round_close(user=request.user, round=round)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"Тур «{round.title}» закрыт, итоги подсчитаны.")
    return redirect("contests:round_results", contest.pk, round.pk)


@login_required
@require_POST
def tie_decide(request, pk, rid):
    contest, round = _round(request, pk, rid)
    raw = request.POST.get("nomination", "")
    nomination_id = int(raw) if raw.isdigit() else None
    order = [value for value in request.POST.get("order", "").replace(" ", "").split(",") if value]
    # The page's form: a place among the tied for each participant («place-<application id>»).
    places = {
        int(key[6:]): int(value) if value.isdigit() else 0
        for key, value in request.POST.items()
        if key.startswith("place-") and key[6:].isdigit()
    }
    reason = request.POST.get("reason", "")
    try:
        results.tie_decide(
            user=request.user,
            round=round,
            nomination_id=nomination_id,
            order=order,
            places=places or None,
            reason=reason,
        )
    except ValidationError as error:
        _say(request, error)
        posted = {"nomination": nomination_id, "places": places, "reason": reason}
        return _render_round(request, contest, round, posted=posted)
    else:
        messages.success(request, "Решение председателя записано, итоги пересчитаны.")
    return redirect("contests:round_results", contest.pk, round.pk)


@login_required
@require_POST
def results_publish(request, pk):
    contest = _contest(request, pk)
    try:
        results.results_publish(user=request.user, contest=contest)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, "Итоги конкурса опубликованы: участники видят свои результаты.")
    return redirect("contests:results", contest.pk)


def _protocol_document(request, pk, rid):
    from .protocol_document import jury_protocol_document

    contest, round = _round(request, pk, rid)
    if round.status != Round.Status.CLOSED:
        raise Http404("Протокол составляется после закрытия тура.")
    summary = results.round_summary(round)
    try:
        document = jury_protocol_document(results.jury_protocol(summary))
    except ValueError as error:
        return round, None, str(error)
    return round, document, ""


def _protocol_name(round: Round) -> str:
    return f"Протокол жюри — {round.title}"


@login_required
@require_GET
def protocol_pdf(request, pk, rid):
    from orders.pdf import render_order_pdf

    round, document, error = _protocol_document(request, pk, rid)
    if document is None:
        messages.error(request, error)
        return redirect("contests:round_results", pk, rid)
    return file_response(
        render_order_pdf(document),
        content_type=PDF_CONTENT_TYPE,
        filename=f"{_protocol_name(round)}.pdf",
        inline=True,
    )


@login_required
@require_GET
def protocol_docx(request, pk, rid):
    from orders.docx_export import render_order_docx

    round, document, error = _protocol_document(request, pk, rid)
    if document is None:
        messages.error(request, error)
        return redirect("contests:round_results", pk, rid)
    return file_response(
        render_order_docx(document), content_type=DOCX_CONTENT_TYPE, filename=f"{_protocol_name(round)}.docx"
    )


def results_url(contest: Contest) -> str:
    return reverse("contests:results", args=[contest.pk])


# --- The results order and the diplomas ------------------------------------------------------------


@login_required
@require_POST
def results_order(request, pk):
    from .order_services import results_order_create

    contest = _contest(request, pk)
    try:
        order = results_order_create(user=request.user, contest=contest)
    except ValidationError as error:
        _say(request, error)
        return redirect("contests:results", contest.pk)
    messages.success(request, "Проект приказа об итогах подготовлен: проверьте и передайте на подпись.")
    return redirect(order)


@login_required
@require_POST
def diplomas(request, pk):
    from .diploma_batches import batch_request

    contest = _contest(request, pk)
    try:
        batch_request(user=request.user, contest=contest)
    except ValidationError as error:
        _say(request, error)
    return redirect(results_url(contest) + "#diplomas-title")


def _batch(request, pk, bid) -> tuple[Contest, DiplomaBatch]:
    contest = _contest(request, pk)
    if not user_scope(request.user).district_wide:
        raise Http404("Дипломы не найдены.")
    return contest, get_object_or_404(DiplomaBatch, pk=bid, contest=contest)


@login_required
@require_GET
def diplomas_status(request, pk, bid):
    contest, batch = _batch(request, pk, bid)
    return render(request, "contests/results_diplomas_status.html", {"contest": contest, "batch": batch})


@login_required
@require_GET
def diplomas_file(request, pk, bid):
    contest, batch = _batch(request, pk, bid)
    if batch.state != DiplomaBatch.State.DONE or not batch.file:
        raise Http404("Дипломы ещё не готовы.")
    with batch.file.open("rb") as handle:
        data = handle.read()
    return file_response(data, content_type=PDF_CONTENT_TYPE, filename=f"Дипломы — {contest}.pdf")
