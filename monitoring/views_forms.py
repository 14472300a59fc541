"""«Формы мониторинга»: the list by year, a form's page, the builder and the copy to the next year.

Only a методист (access.can_manage) sees these pages; anyone else gets 404, as does a section or an
indicator asked for under another form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from . import builder
from .access import can_manage
from .forms_builder import IndicatorForm, MonitoringFormForm, SectionForm
from .models import Indicator, MonitoringForm, Section

NAV = "monitoring"


def _require_manager(request) -> None:
    if not can_manage(request.user):
        raise Http404


def _form(request, pk) -> MonitoringForm:
    _require_manager(request)
    return get_object_or_404(MonitoringForm, pk=pk)


def _form_url(form: MonitoringForm, anchor: str = "") -> str:
    return reverse("monitoring:form_detail", args=[form.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def form_list(request):
    _require_manager(request)
    forms = MonitoringForm.objects.annotate(
        n_indicators=Count("indicators", distinct=True), n_campaigns=Count("campaigns", distinct=True)
    ).order_by("-year", "title")
    years: list[dict] = []
    for form in forms:
        if not years or years[-1]["year"] != form.year:
            years.append({"year": form.year, "label": form.year_label, "forms": []})
        years[-1]["forms"].append(form)
    return render(request, "monitoring/form_list.html", {"years": years, "active_nav": NAV})


@login_required
def form_create(request):
    _require_manager(request)
    form = MonitoringFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = builder.form_create(
            user=request.user, title=form.cleaned_data["title"], year=form.cleaned_data["year"]
        )
        messages.success(request, "Форма создана. Добавьте разделы и показатели.")
        return redirect("monitoring:form_detail", created.pk)
    return render(
        request,
        "monitoring/form_edit.html",
        {
            "form": form,
            "title": "Новая форма мониторинга",
            "cancel_url": reverse("monitoring:form_list"),
            "submit": "Создать форму",
            "active_nav": NAV,
        },
    )


@login_required
def form_detail(request, pk):
    monitoring_form = _form(request, pk)
    outline = builder.form_outline(monitoring_form)
    answered = set(
        Indicator.objects.filter(form=monitoring_form, answers__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    next_copy = builder.existing_copy(monitoring_form)
    return render(
        request,
        "monitoring/form_detail.html",
        {
            "mform": monitoring_form,
            "outline": outline,
            "answered": answered,
            "has_answers": bool(answered),
            "campaigns": monitoring_form.campaigns.order_by("-created_at", "-pk"),
            "copies": monitoring_form.copies.order_by("year", "pk"),
            "next_copy": next_copy,
            "next_year_label": f"{monitoring_form.year + 1}-{monitoring_form.year + 2}",
            "active_nav": NAV,
        },
    )


@login_required
@require_POST
def form_copy(request, pk):
    monitoring_form = _form(request, pk)
    try:
        copy = builder.form_copy(user=request.user, form=monitoring_form)
    except ValidationError as exc:
        existing = builder.existing_copy(monitoring_form)
        if existing is not None:
            messages.error(
                request,
                format_html('{} <a href="{}">Открыть её</a>.', exc.messages[0], _form_url(existing)),
            )
        else:
            messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:form_detail", monitoring_form.pk)
    messages.success(request, f"Форма скопирована на {copy.year_label} учебный год: коды показателей те же.")
    return redirect("monitoring:form_detail", copy.pk)


# --- Sections ------------------------------------------------------------------------------------------


def _section(monitoring_form, section_pk) -> Section:
    return get_object_or_404(Section, pk=section_pk, form=monitoring_form)


@login_required
def section_edit(request, pk, section_pk=None):
    monitoring_form = _form(request, pk)
    section = _section(monitoring_form, section_pk) if section_pk else None
    form = SectionForm(request.POST or None, initial={"title": section.title} if section else None)
    if request.method == "POST" and form.is_valid():
        saved = builder.section_save(
            user=request.user, form=monitoring_form, title=form.cleaned_data["title"], section=section
        )
        messages.success(request, "Раздел сохранён.")
        return redirect(_form_url(monitoring_form, f"section-{saved.pk}"))
    return render(
        request,
        "monitoring/form_edit.html",
        {
            "form": form,
            "mform": monitoring_form,
            "title": "Раздел формы" if section else "Новый раздел",
            "cancel_url": _form_url(monitoring_form),
            "submit": "Сохранить",
            "active_nav": NAV,
        },
    )


@login_required
def section_delete(request, pk, section_pk):
    monitoring_form = _form(request, pk)
    section = _section(monitoring_form, section_pk)
    if request.method == "POST":
        moved = builder.section_delete(user=request.user, section=section)
        text = "Раздел удалён."
        if moved:
            text += f" Его показатели ({moved}) остались в форме без раздела, ответы на них сохранены."
        messages.success(request, text)
        return redirect(_form_url(monitoring_form))
    return render(
        request,
        "monitoring/form_confirm.html",
        {
            "mform": monitoring_form,
            "title": f"Удалить раздел «{section.title}»?",
            "text": "Показатели раздела останутся в форме без раздела; ответы на них сохранятся.",
            "cancel_url": _form_url(monitoring_form, f"section-{section.pk}"),
            "active_nav": NAV,
        },
    )


@login_required
@require_POST
def section_move(request, pk, section_pk, direction):
    monitoring_form = _form(request, pk)
    section = _section(monitoring_form, section_pk)
    if direction not in ("up", "down"):
        raise Http404
    builder.section_move(user=request.user, section=section, direction=direction)
    return redirect(_form_url(monitoring_form, f"section-{section.pk}"))


# --- Indicators ----------------------------------------------------------------------------------------


def _indicator(monitoring_form, indicator_pk) -> Indicator:
    return get_object_or_404(Indicator, pk=indicator_pk, form=monitoring_form)


@login_required
def indicator_edit(request, pk, indicator_pk=None):
    monitoring_form = _form(request, pk)
    indicator = _indicator(monitoring_form, indicator_pk) if indicator_pk else None
    initial = None
    if indicator is None and request.GET.get("section"):
        initial = {"section": monitoring_form.sections.filter(pk=request.GET["section"]).first()}
    form = IndicatorForm(
        request.POST or None,
        monitoring_form=monitoring_form,
        instance=indicator,
        **({"initial": initial} if initial else {}),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = builder.indicator_save(
                    user=request.user, form=monitoring_form, values=form.values(), indicator=indicator
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"Показатель «{saved.code}» сохранён.")
                return redirect(_form_url(monitoring_form, f"indicator-{saved.pk}"))
        status = 422
    has_answers = indicator is not None and indicator.answers.exists()
    return render(
        request,
        "monitoring/form_indicator.html",
        {
            "form": form,
            "mform": monitoring_form,
            "indicator": indicator,
            "has_answers": has_answers,
            "cancel_url": _form_url(monitoring_form, f"indicator-{indicator.pk}" if indicator else ""),
            "active_nav": NAV,
        },
        status=status,
    )


@login_required
def indicator_delete(request, pk, indicator_pk):
    monitoring_form = _form(request, pk)
    indicator = _indicator(monitoring_form, indicator_pk)
    problems = builder.check_delete(indicator)
    if request.method == "POST":
        try:
            builder.indicator_delete(user=request.user, indicator=indicator)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(_form_url(monitoring_form, f"indicator-{indicator.pk}"))
        messages.success(request, f"Показатель «{indicator.code}» удалён.")
        return redirect(_form_url(monitoring_form))
    return render(
        request,
        "monitoring/form_confirm.html",
        {
            "mform": monitoring_form,
            "title": f"Удалить показатель «{indicator.code}. {indicator.name}»?",
            "text": "Показатель исчезнет из формы.",
            "problems": problems,
            "cancel_url": _form_url(monitoring_form, f"indicator-{indicator.pk}"),
            "active_nav": NAV,
        },
    )


@login_required
@require_POST
def indicator_move(request, pk, indicator_pk, direction):
    monitoring_form = _form(request, pk)
    indicator = _indicator(monitoring_form, indicator_pk)
    if direction not in ("up", "down"):
        raise Http404
    if not builder.indicator_move(user=request.user, indicator=indicator, direction=direction):
        messages.info(
            request,
            "Показатель уже первый в своём разделе."
            if direction == "up"
            else "Показатель уже последний в своём разделе.",
        )
    return redirect(_form_url(monitoring_form, f"indicator-{indicator.pk}"))
