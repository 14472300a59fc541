"""Pages of the annual analysis: the page (facts + the head's sections), sending, the review, PDF and DOCX."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.academic_year import academic_year_label, academic_year_start
from core.web import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, add_service_errors, file_response
from orders.docx_export import render_order_docx
from orders.pdf import render_order_pdf
from progress import selectors as review_selectors
from progress import workflow

from . import analysis_review as services
from .access import get_association_for_user
from .analysis import AnalysisFacts, analysis_facts
from .analysis_document import analysis_document
from .models import AnnualAnalysis, Association

#: The oldest academic year an analysis may be written for.
FIRST_YEAR = 2000


class AnalysisForm(forms.Form):
    achievements = forms.CharField(
        label="Достижения", required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    problems = forms.CharField(
        label="Проблемы", required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )
    next_year_tasks = forms.CharField(
        label="Задачи на следующий учебный год",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )
    conclusions = forms.CharField(
        label="Выводы", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (workflow.ACCEPT, "принять"),
            (workflow.RETURN, "вернуть"),
            (workflow.REOPEN, "открыть повторно"),
        ]
    )
    comment = forms.CharField(label="Комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= academic_year_start(timezone.localdate()):
        raise Http404("Нет такого учебного года.")
    return year


def _analysis(association: Association, year: int) -> AnnualAnalysis | None:
    return AnnualAnalysis.objects.filter(association=association, year=year).first()


def _facts(association: Association, year: int, analysis: AnnualAnalysis | None) -> AnalysisFacts:
    """A sent or accepted analysis shows what it was sent with; a draft, what is known now."""
    if analysis is not None and analysis.facts is not None and not analysis.is_editable_by_author:
        return AnalysisFacts.from_json(analysis.facts)
    return analysis_facts(association, year)


def _who(user) -> str:
    if user is None:
        return "—"
    person = getattr(user, "person", None)
    return person.short_name if person else user.get_username()


def _page(request, association, year, analysis, *, form=None, review_form=None, status=200):
    writer = services.can_write(request.user, association)
    reviewer = services.can_review(request.user, association)
    editable = analysis is None or analysis.is_editable_by_author
    if form is None and writer and editable:
        initial = {name: getattr(analysis, name) for name in services.SECTION_FIELDS} if analysis else {}
        form = AnalysisForm(initial={**initial, "version": analysis.version if analysis else 0})
    state = analysis.state if analysis else None
    context = {
        "active_nav": "associations",
        "association": association,
        "year": year,
        "year_label": academic_year_label(year),
        "analysis": analysis,
        "facts": _facts(association, year, analysis),
        "sections": [
            (title, getattr(analysis, name) if analysis else "") for name, title in AnnualAnalysis.SECTIONS
        ],
        # A refused form (stale, or the analysis was sent meanwhile) comes back with the author's text.
        "form": form if writer and (editable or (form is not None and form.is_bound)) else None,
        "can_submit": writer and analysis is not None and workflow.can(workflow.SUBMIT, state),
        "can_review": reviewer and analysis is not None and state == AnnualAnalysis.State.SUBMITTED,
        "can_reopen": reviewer and analysis is not None and state == AnnualAnalysis.State.ACCEPTED,
        "review_form": review_form,
        "reviewer_word": services.reviewer_word(association),
        "history": review_selectors.history(analysis, who=_who) if analysis else [],
    }
    return render(request, "associations/analysis.html", context, status=status)


@login_required
def analysis_page(request, pk, year):
    association = get_association_for_user(request.user, pk)
    year = _year(year)
    analysis = _analysis(association, year)
    if request.method != "POST":
        return _page(request, association, year, analysis)
    if not services.can_write(request.user, association):
        raise PermissionDenied("Анализ работы пишет руководитель объединения.")
    form = AnalysisForm(request.POST)
    if not form.is_valid():
        return _page(request, association, year, analysis, form=form, status=422)
    try:
        analysis = services.analysis_save(
            user=request.user,
            association=association,
            year=year,
            data=form.cleaned_data,
            version=form.cleaned_data["version"],
        )
    except services.StaleAnalysisError:
        form.add_error(None, AnnualAnalysis.text_stale)
        return _page(request, association, year, _analysis(association, year), form=form, status=409)
    except services.AnalysisLocked as locked:
        form.add_error(None, " ".join(locked.messages))
        return _page(request, association, year, analysis, form=form, status=409)
    except ValidationError as error:
        add_service_errors(form, error)
        return _page(request, association, year, analysis, form=form, status=422)
    if "submit" not in request.POST:
        messages.success(request, "Черновик анализа сохранён.")
        return redirect(analysis)
    try:
        services.analysis_submit(user=request.user, analysis=analysis, version=analysis.version)
    except (ValidationError, services.StaleAnalysisError) as error:
        messages.warning(request, "Черновик сохранён, но не отправлен: " + " ".join(_texts(error)))
    else:
        messages.success(
            request,
            f"Анализ отправлен на проверку; {services.reviewer_word(association)} получил уведомление.",
        )
    return redirect(analysis)


def _texts(error: Exception) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])


def _existing(request, pk, year) -> tuple[Association, AnnualAnalysis]:
    association = get_association_for_user(request.user, pk)
    analysis = _analysis(association, _year(year))
    if analysis is None:
        raise Http404("Анализ за этот учебный год ещё не начат.")
    return association, analysis


_DONE = {
    workflow.ACCEPT: "Анализ принят.",
    workflow.RETURN: "Анализ возвращён на доработку; руководитель МО получил уведомление с комментарием.",
    workflow.REOPEN: "Анализ открыт повторно; руководитель МО может его исправить.",
}


@login_required
@require_POST
def analysis_review(request, pk, year):
    association, analysis = _existing(request, pk, year)
    if not services.can_review(request.user, association):
        raise PermissionDenied(
            f"Анализ работы этого объединения проверяет {services.reviewer_word(association)}."
        )
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _page(request, association, analysis.year, analysis, review_form=form, status=422)
    data = form.cleaned_data
    action = data["action"]
    try:
        if action == workflow.ACCEPT:
            services.analysis_accept(
                user=request.user, analysis=analysis, version=data["version"], comment=data["comment"]
            )
        elif action == workflow.RETURN:
            services.analysis_return(
                user=request.user, analysis=analysis, version=data["version"], comment=data["comment"]
            )
        else:
            services.analysis_reopen(
                user=request.user, analysis=analysis, version=data["version"], reason=data["comment"]
            )
    except services.StaleAnalysisError:
        messages.warning(request, "Анализ изменился, пока страница была открыта. Проверьте его снова.")
    except services.AnalysisLocked as locked:
        messages.warning(request, " ".join(locked.messages))
    except ValidationError as error:
        for text in _texts(error):
            form.add_error("comment", text)
        return _page(request, association, analysis.year, analysis, review_form=form, status=422)
    else:
        messages.success(request, _DONE[action])
    return redirect(analysis)


def _document(request, pk, year):
    association = get_association_for_user(request.user, pk)
    year = _year(year)
    analysis = _analysis(association, year)
    return analysis_document(association, year, analysis, _facts(association, year, analysis))


def _filename(request, pk, year, ext: str) -> str:
    return f"Анализ работы МО за {academic_year_label(year)} учебный год.{ext}"


@login_required
@require_GET
def analysis_pdf(request, pk, year):
    data = render_order_pdf(_document(request, pk, year))
    return file_response(
        data, content_type=PDF_CONTENT_TYPE, filename=_filename(request, pk, year, "pdf"), inline=True
    )


@login_required
@require_GET
def analysis_docx(request, pk, year):
    data = render_order_docx(_document(request, pk, year))
    return file_response(data, content_type=DOCX_CONTENT_TYPE, filename=_filename(request, pk, year, "docx"))
