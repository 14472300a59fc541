"""One organization's reports: «Мои задачи», the quick report form in place (htmx), the report page,
evidence, and the methodist's review.

Thin: check access (roadmaps/access.py), call roadmaps/progress/services.py, render. An htmx request
gets the line of «Мои задачи» back (`reports/line.html`) or its inline form (`reports/line_form.html`);
status 422 is the form again with its errors, 409 a conflict (the report changed meanwhile, or it is
sent/accepted and closed). static/js/app.js tells htmx to swap those two like 200. A plain POST
redirects with a message, or shows the whole page again with the form when something must be corrected.

A report POST is one transaction: the fields, every file and the link are saved together or not at all
(a file already written to storage is deleted again when a later step fails). «Отправить» runs after
that transaction: when the submission is refused, the draft stays saved and the message says why.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import filetypes
from core.web import add_service_errors, htmx_announce, is_htmx, posted_version
from directory.access import user_scope
from directory.models import Organization
from notifications import task_sources
from progress.views import evidence_file_response

from ...access import (
    can_review_reports,
    get_occurrence_for_reporting,
    get_report_for_user,
    reporting_organizations_for,
)
from ...models import Occurrence, ProgressReport, ReportEvidence, Roadmap
from .. import selectors as report_selectors
from .. import services as report_services
from ..forms import EvidenceForm, ReopenForm, ReportForm, ReviewForm
from ..services import ReportLocked, StaleReportError

State = ProgressReport.State
_LINE = "roadmaps/reports/line.html"
_LINE_FORM = "roadmaps/reports/line_form.html"
_SAFE_TYPES = {kind.content_type for kind in filetypes.ALLOWED}
_FILE_ALIASES = {"file": "files"}


# --- Helpers ------------------------------------------------------------------------------------------


def _detail_url(report: ProgressReport) -> str:
    return reverse("roadmaps:report_detail", args=[report.pk])


def _occurrence_for_reporting(user, occurrence_pk, organization_pk) -> tuple[Occurrence, Organization]:
    """As access.get_occurrence_for_reporting; district staff who see the item but cannot report get 403."""
    try:
        return get_occurrence_for_reporting(user, occurrence_pk, organization_pk)
    except Http404:
        scope = user_scope(user)
        organization = Organization.objects.filter(pk=organization_pk).first()
        occurrence = (
            Occurrence.objects.select_related("row__roadmap")
            .filter(pk=occurrence_pk, is_active=True, row__is_heading=False)
            .first()
        )
        if (
            scope.district_wide
            and organization is not None
            and occurrence is not None
            and occurrence.row.roadmap.status == Roadmap.Status.APPROVED
            and report_services.is_expected(occurrence.row, organization)
        ):
            raise PermissionDenied("Отчитываться может только сама организация.") from None
        raise


def _can_edit(user, report: ProgressReport) -> bool:
    """The report's own organization (its director, or a methodist for the office's reports)."""
    try:
        get_report_for_user(user, report.pk, for_update=True)
    except (PermissionDenied, Http404):
        return False
    return True


def _locked_text(report: ProgressReport) -> str:
    if report.is_locked:
        return (
            "Отчёт принят и закрыт для изменений. Если нужно что-то исправить, попросите методиста "
            "открыть его повторно."
        )
    return "Отчёт отправлен и ждёт проверки методиста; изменить его сейчас нельзя."


def _save_report_and_evidence(
    *, user, occurrence, organization, form: ReportForm | None, evidence_form: EvidenceForm, report=None
) -> ProgressReport:
    """The report's fields (when `form`), each file and the link, in one transaction (see the service)."""
    return report_services.report_save_with_evidence(
        user=user,
        occurrence=occurrence,
        organization=organization,
        data=form.report_data() if form is not None else None,
        version=form.cleaned_data.get("version") if form is not None else None,
        files=evidence_form.cleaned_data.get("files") or [],
        url=evidence_form.cleaned_data.get("url") or "",
        report=report,
    )


# --- «Мои задачи» ---------------------------------------------------------------------------------------


def _chosen_organization(request, organizations: list[Organization]) -> Organization | None:
    wanted = request.GET.get("organization") or request.POST.get("organization") or ""
    by_pk = {str(org.pk): org for org in organizations}
    if wanted in by_pk:
        return by_pk[wanted]
    if wanted:
        raise Http404("Организация не найдена.")
    own = user_scope(request.user).person_org_id
    return by_pk.get(str(own)) or (organizations[0] if organizations else None)


@login_required
@require_GET
def my_tasks(request):
    """The organization's items: returned reports on top, then overdue and what is due within four
    weeks; with ?all=1 every open date, a page at a time (?page=N)."""
    today = timezone.localdate()
    organizations = list(reporting_organizations_for(request.user).order_by("kind", "short_name"))
    organization = _chosen_organization(request, organizations)
    show_all = request.GET.get("all") == "1"
    tasks = None
    if organization is not None:
        tasks = report_selectors.build_tasks(
            organization=organization,
            today=today,
            show_all=show_all,
            page=report_selectors.parse_page(request.GET.get("page")),
        )
    context = {
        "active_nav": "tasks",
        "organizations": organizations,
        "organization": organization,
        "tasks": tasks,
        "today": today,
        "show_all": show_all,
        "can_review": can_review_reports(request.user),
        # Other apps' tasks (decisions of association meetings …): notifications.task_sources.
        "task_blocks": task_sources.task_blocks(request.user, user_scope(request.user), today),
    }
    return render(request, "roadmaps/reports/tasks.html", context)


def _line_response(
    request, occurrence, organization, *, notice: str = "", level: str = "success", status=200, say: str = ""
):
    """The line of «Мои задачи» in place of its form. `say` (else the notice) is announced to screen
    readers and the focus goes to the line's first action (core.web.htmx_announce)."""
    line = report_selectors.task_line(
        occurrence=occurrence, organization=organization, today=timezone.localdate()
    )
    context = {"lines": [line], "notice": notice, "notice_level": level}
    response = render(request, _LINE, context, status=status)
    return htmx_announce(response, say or notice, focus=[f"#{line.dom_id} .task-actions", f"#{line.dom_id}"])


# --- The report form (the line in place, or a page) ------------------------------------------------------


def _form_context(request, occurrence, organization, form, report, **extra) -> dict:
    return {
        "occurrence": occurrence,
        "row": occurrence.row,
        "roadmap": occurrence.row.roadmap,
        "organization": organization,
        "form": form,
        "report": report,
        "action": reverse("roadmaps:report_edit", args=[occurrence.pk, organization.pk]),
        "dom_id": f"task-{occurrence.pk}-{organization.pk}",
        "return_to": request.POST.get("return_to") or request.GET.get("return_to") or "",
        "mode": "edit",
        "max_file_mb": settings.REPORT_FILE_MAX_BYTES // (1024 * 1024),
        **extra,
    }


_FORM_KEYS = ("form", "action", "mode", "return_to", "message", "saved", "can_save")


def _render_form(request, context: dict, status: int = 200):
    """The form where it was opened: in its line (htmx), on the report page, or on a page of its own."""
    report = context["report"]
    if context["return_to"] == "detail" and report is not None and report.is_editable_by_school:
        extra = {key: context[key] for key in _FORM_KEYS if key in context}
        return _detail_page(request, report, status, **extra)
    if is_htmx(request) and context["return_to"] != "detail":
        return render(request, _LINE_FORM, context, status=status)
    context["active_nav"] = "tasks"
    return render(request, "roadmaps/reports/edit.html", context, status=status)


def _after_save(
    request, report: ProgressReport, occurrence, organization, *, text: str, level=messages.SUCCESS
):
    if is_htmx(request) and request.POST.get("return_to") != "detail":
        notice_level = {messages.SUCCESS: "success", messages.WARNING: "warning"}.get(level, "info")
        return _line_response(request, occurrence, organization, notice=text, level=notice_level)
    messages.add_message(request, level, text)
    return redirect(_detail_url(report))


def _conflict(request, occurrence, organization, form: ReportForm, current: ProgressReport | None, locked=""):
    """The saved version beside the user's typed values; saving again goes over the current version.

    `locked`: the report is sent or accepted (not changed meanwhile): the typed values are shown to
    copy, with no save button.
    """
    had_files = bool(request.FILES.getlist("files"))
    if current is None:
        current = ProgressReport.objects.filter(occurrence=occurrence, organization=organization).first()
    if current is None:  # cannot happen: reports are never deleted
        raise Http404("Отчёт не найден.")
    if locked:
        message = f"{locked} Ничего не изменено. Ваши данные — ниже, в полях формы: их можно скопировать."
    else:
        who = report_selectors.last_change_label(current)
        message = (
            f"Отчёт уже изменил(а) {who}. Ниже — сохранённая версия; ваши данные не потеряны: они остались "
            "в полях формы."
        )
        if not current.is_editable_by_school:
            message += " " + _locked_text(current)
        else:
            message += " Сравните и сохраните ещё раз, если они по-прежнему нужны."
    if had_files:
        message += " Выбранные файлы не сохранены — выберите их заново."
    fresh = ReportForm(
        {**form.typed(), "version": str(current.version)}, auto_id=f"r{occurrence.pk}-{organization.pk}-%s"
    )
    fresh.is_valid()  # bound, so that the typed values show (they passed the form's checks already)
    context = _form_context(
        request,
        occurrence,
        organization,
        fresh,
        current,
        mode="conflict",
        message=message,
        saved=current,
        can_save=current.is_editable_by_school,
    )
    return _render_form(request, context, 409)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, occurrence_pk, organization_pk):
    """GET: the report form (the line's form for htmx, a page otherwise). POST: save, maybe submit."""
    occurrence, organization = _occurrence_for_reporting(request.user, occurrence_pk, organization_pk)
    report = ProgressReport.objects.filter(occurrence=occurrence, organization=organization).first()

    if request.method == "GET":
        if request.GET.get("view") == "line" and is_htmx(request):
            return _line_response(request, occurrence, organization, say="Изменения отменены")
        if report is not None and not report.is_editable_by_school:
            if is_htmx(request):
                return _line_response(
                    request, occurrence, organization, notice=_locked_text(report), level="info"
                )
            return redirect(_detail_url(report))
        form = ReportForm.for_report(report, auto_id=f"r{occurrence.pk}-{organization.pk}-%s")
        return _render_form(request, _form_context(request, occurrence, organization, form, report))

    form = ReportForm(request.POST, request.FILES, auto_id=f"r{occurrence.pk}-{organization.pk}-%s")
    if not form.is_valid():
        return _render_form(request, _form_context(request, occurrence, organization, form, report), 422)
    try:
        report = _save_report_and_evidence(
            user=request.user, occurrence=occurrence, organization=organization, form=form, evidence_form=form
        )
    except StaleReportError as stale:
        return _conflict(request, occurrence, organization, form, stale.current)
    except ReportLocked as locked:
        current = ProgressReport.objects.get(occurrence=occurrence, organization=organization)
        return _conflict(request, occurrence, organization, form, current, locked=" ".join(locked.messages))
    except ValidationError as error:
        add_service_errors(form, error, _FILE_ALIASES)
        return _render_form(request, _form_context(request, occurrence, organization, form, report), 422)

    text = "Черновик отчёта сохранён."
    level = messages.SUCCESS
    if "submit" in request.POST:
        try:
            report = report_services.report_submit(user=request.user, report=report, version=report.version)
        except (ValidationError, StaleReportError) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            text = f"Черновик сохранён, но не отправлен: {reason}"
            level = messages.WARNING
        else:
            text = "Отчёт отправлен методисту на проверку."
    return _after_save(request, report, occurrence, organization, text=text, level=level)


# --- The report page --------------------------------------------------------------------------------------


def _detail_context(request, report: ProgressReport, **extra) -> dict:
    occurrence = report.occurrence
    can_edit = _can_edit(request.user, report)
    can_review = can_review_reports(request.user)
    editable = (
        can_edit
        and report.is_editable_by_school
        and occurrence.is_active
        and occurrence.row.roadmap.status == Roadmap.Status.APPROVED
    )
    context = {
        "active_nav": "tasks" if can_edit else "roadmaps",
        "report": report,
        "occurrence": occurrence,
        "row": occurrence.row,
        "roadmap": occurrence.row.roadmap,
        "organization": report.organization,
        "evidence": report_selectors.report_evidence(report),
        "history": report_selectors.report_history(report),
        "can_edit": can_edit,
        "editable": editable,
        "can_submit": editable and report.progress != ProgressReport.Progress.NOT_STARTED,
        "can_review": can_review and report.state == State.SUBMITTED,
        "can_reopen": can_review and report.state == State.ACCEPTED,
        "overdue": occurrence.due_date < timezone.localdate() and report.state != State.ACCEPTED,
    }
    if editable and "form" not in extra:
        context["form"] = ReportForm.for_report(report, auto_id="report-%s")
        context["action"] = reverse("roadmaps:report_edit", args=[occurrence.pk, report.organization_id])
        context["return_to"] = "detail"
        context["mode"] = "page"
    if editable and "evidence_form" not in extra:
        context["evidence_form"] = EvidenceForm(auto_id="evidence-%s")
    if context["can_review"] and "review_form" not in extra:
        context["review_form"] = ReviewForm(initial={"version": report.version}, auto_id="review-%s")
    if context["can_reopen"] and "reopen_form" not in extra:
        context["reopen_form"] = ReopenForm(initial={"version": report.version}, auto_id="reopen-%s")
    context.update(extra)
    return context


def _detail_page(request, report: ProgressReport, status: int = 200, **extra):
    return render(
        request, "roadmaps/reports/detail.html", _detail_context(request, report, **extra), status=status
    )


@login_required
@require_GET
def report_detail(request, pk):
    return _detail_page(request, get_report_for_user(request.user, pk))


def _back_to_report(request, report: ProgressReport, text: str, level=messages.SUCCESS):
    messages.add_message(request, level, text)
    return redirect(_detail_url(report))


@login_required
@require_POST
def report_submit(request, pk):
    """Send a draft (or a returned report) for review."""
    report = get_report_for_user(request.user, pk, for_update=True)
    try:
        report = report_services.report_submit(
            user=request.user, report=report, version=posted_version(request)
        )
    except StaleReportError:
        text = "Отчёт уже изменили, пока страница была открыта. Проверьте его и отправьте снова."
        level = messages.WARNING
    except ValidationError as error:
        text, level = " ".join(error.messages), messages.WARNING
    else:
        text, level = "Отчёт отправлен методисту на проверку.", messages.SUCCESS
    if is_htmx(request) and request.POST.get("return_to") != "detail":
        notice_level = "success" if level == messages.SUCCESS else "warning"
        status = 200 if level == messages.SUCCESS else 409
        return _line_response(
            request, report.occurrence, report.organization, notice=text, level=notice_level, status=status
        )
    return _back_to_report(request, report, text, level)


@login_required
@require_POST
def report_review(request, pk):
    """The methodist accepts the report or returns it with a comment."""
    report = get_report_for_user(request.user, pk, for_review=True)
    form = ReviewForm(request.POST, auto_id="review-%s")
    if not form.is_valid():
        return _detail_page(request, report, 422, review_form=form)
    data = form.cleaned_data
    try:
        if data["action"] == "accept":
            report_services.report_accept(
                user=request.user, report=report, version=data["version"], comment=data["comment"]
            )
            text = "Отчёт принят."
        else:
            report_services.report_return(
                user=request.user, report=report, version=data["version"], comment=data["comment"]
            )
            text = "Отчёт возвращён на доработку; школа получила уведомление с вашим комментарием."
    except StaleReportError:
        return _back_to_report(
            request,
            report,
            "Отчёт изменился, пока страница была открыта (школа или другой методист). Проверьте его снова.",
            messages.WARNING,
        )
    except ReportLocked as locked:
        return _back_to_report(request, report, " ".join(locked.messages), messages.WARNING)
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail_page(request, report, 422, review_form=form)
    return _back_to_report(request, report, text)


@login_required
@require_POST
def report_reopen(request, pk):
    """The methodist reopens an accepted report, with a reason (logged)."""
    report = get_report_for_user(request.user, pk, for_review=True)
    form = ReopenForm(request.POST, auto_id="reopen-%s")
    if not form.is_valid():
        return _detail_page(request, report, 422, reopen_form=form)
    try:
        report_services.report_reopen(
            user=request.user,
            report=report,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except StaleReportError:
        return _back_to_report(
            request,
            report,
            "Отчёт изменился, пока страница была открыта. Проверьте его снова.",
            messages.WARNING,
        )
    except ReportLocked as locked:
        return _back_to_report(request, report, " ".join(locked.messages), messages.WARNING)
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail_page(request, report, 422, reopen_form=form)
    return _back_to_report(request, report, "Отчёт открыт повторно и возвращён школе.")


# --- Evidence --------------------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_add(request, pk):
    """Files and/or a link, all or nothing."""
    report = get_report_for_user(request.user, pk, for_update=True)
    form = EvidenceForm(request.POST, request.FILES, auto_id="evidence-%s")
    if form.is_valid() and not form.has_evidence():
        form.add_error(None, "Выберите файл или укажите ссылку.")
    if not form.is_valid():
        return _detail_page(request, report, 422, evidence_form=form)
    try:
        _save_report_and_evidence(
            user=request.user,
            occurrence=report.occurrence,
            organization=report.organization,
            form=None,
            evidence_form=form,
            report=report,
        )
    except ReportLocked as locked:
        return _back_to_report(
            request, report, " ".join(locked.messages) + " Ничего не добавлено.", messages.WARNING
        )
    except ValidationError as error:
        add_service_errors(form, error, _FILE_ALIASES)
        return _detail_page(request, report, 422, evidence_form=form)
    return _back_to_report(request, report, "Подтверждение добавлено.")


def _evidence_of(report: ProgressReport, evidence_pk) -> ReportEvidence:
    evidence = ReportEvidence.objects.filter(report=report, pk=evidence_pk).first()
    if evidence is None:
        raise Http404("Файл не найден.")
    evidence.report = report
    return evidence


@login_required
@require_GET
def evidence_download(request, pk, evidence_pk):
    """The file with its original name, through the access check; never a public media URL."""
    report = get_report_for_user(request.user, pk)
    evidence = _evidence_of(report, evidence_pk)
    return evidence_file_response(evidence, safe_types=_SAFE_TYPES)


@login_required
@require_POST
def evidence_remove(request, pk, evidence_pk):
    report = get_report_for_user(request.user, pk, for_update=True)
    evidence = _evidence_of(report, evidence_pk)
    label = evidence.original_name or evidence.url
    try:
        report_services.evidence_remove(user=request.user, evidence=evidence)
    except ReportLocked as locked:
        return _back_to_report(
            request, report, " ".join(locked.messages) + " Ничего не удалено.", messages.WARNING
        )
    return _back_to_report(request, report, f"Подтверждение «{label}» удалено.")
