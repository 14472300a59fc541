"""Results of a campaign (district totals, last year, drill-down with charts) and its roll call.

Only the district (методист, администратор: user_scope().district_wide) sees them; anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from core import charts
from core.web import XLSX_CONTENT_TYPE, streamed_file_response
from directory.access import user_scope

from . import deficits, exporters, rollcall
from . import results as r
from .models import Campaign, Indicator

_BELOW = "#dc3545"
_OK = "#198754"


def _campaign(request, pk: int) -> Campaign:
    if not user_scope(request.user).district_wide:
        raise Http404
    return get_object_or_404(Campaign.objects.select_related("form"), pk=pk)


@login_required
def results_page(request, pk: int):
    campaign = _campaign(request, pk)
    if campaign.for_teachers:
        return _survey_results(request, campaign)
    found = r.results(campaign)
    # The chart under the table: one indicator's values by school (a number) or its answers' distribution
    # (a choice); the user picks which (?chart=code), the first numeric one by default.
    charted = [x for x in found.indicators if x.indicator.aggregate != Indicator.Aggregate.NONE]
    wanted = request.GET.get("chart", "")
    chart = next((x for x in charted if x.indicator.code == wanted), None)
    if chart is None:
        chart = next((x for x in charted if x.indicator.kind in Indicator.NUMBER_KINDS), None)
    chart_html = ""
    if chart is not None:
        choice = chart.indicator.kind in (
            Indicator.Kind.YESNO,
            Indicator.Kind.CHOICE,
            Indicator.Kind.MULTICHOICE,
        )
        chart_html = mark_safe(_distribution_bars(chart) if choice else _school_bars(chart))  # charts escape
    return render(
        request,
        "monitoring/results.html",
        {
            "campaign": campaign,
            "results": found,
            "charted": charted,
            "chart": chart,
            "chart_html": chart_html,
            "active_nav": "monitoring",
        },
    )


def _survey_results(request, campaign: Campaign):
    """A teachers' questionnaire: totals per indicator, shares of the options, deficits by area, and
    per school only how many answered — never a teacher's name or row."""
    areas, answered = deficits.area_counts(campaign) if deficits.has_areas(campaign) else ([], 0)
    bars = [
        charts.Bar(
            label=str(row.area).capitalize(), value=row.share or 0, note=f"{row.teachers} из {answered}"
        )
        for row in areas
    ]
    areas_chart = (
        mark_safe(
            charts.bar_list(bars=bars, title="Доля педагогов с дефицитом", max_value=100, unit="\u00a0%")
        )
        if areas
        else ""
    )  # charts escape every text
    return render(
        request,
        "monitoring/survey_results.html",
        {
            "campaign": campaign,
            "summary": r.survey_summary(campaign),
            "areas": areas,
            "areas_answered": answered,
            "areas_chart": areas_chart,
            "active_nav": "monitoring",
        },
    )


def _school_bars(result: r.IndicatorResult) -> str:
    numeric = [s for s in result.schools if r.number(s.value) is not None]
    top = max([float(s.value) for s in numeric] + [float(result.target or 0), 0.0])
    scale = charts.nice_scale(top)[0] if top else 1
    unit = "\u00a0%" if result.indicator.kind == Indicator.Kind.SHARE else ""
    bars = [
        charts.Bar(
            label=s.name,
            value=float(s.value),
            note="ниже цели" if s.below else "",
            color=_BELOW if s.below else _OK,
        )
        for s in numeric
    ]
    return charts.bar_list(bars=bars, title="Значения по школам", max_value=scale, unit=unit)


def _distribution_bars(result: r.IndicatorResult) -> str:
    counts = r.distribution(result)
    answered = len(result.schools) or 1
    bars = [
        charts.Bar(label=option, value=100 * n / answered, note=f"{n} из {len(result.schools)}")
        for option, n in counts
    ]
    return charts.bar_list(bars=bars, title="Распределение ответов", empty_message="Ответов нет")


def _trend_bars(points) -> str:
    points = [(year, r.number(v)) for year, v in points if r.number(v) is not None]
    numbers = [v for _y, v in points]
    top = max(numbers + [0.0])
    scale = charts.nice_scale(top)[0] if top else 1
    bars = [charts.Bar(label=f"{year} уч. г.", value=v, color="#0d6efd") for year, v in points]
    return charts.bar_list(bars=bars, title="Итог по району по годам", max_value=scale, unit="")


@login_required
def indicator_page(request, pk: int, code: str):
    campaign = _campaign(request, pk)
    if campaign.for_teachers:  # a questionnaire's totals are all on its results page
        return redirect(reverse("monitoring_results:results", args=[campaign.pk]) + f"#ind-{code}")
    found = r.results(campaign)
    result = next((x for x in found.indicators if x.indicator.code == code), None)
    if result is None:
        raise Http404
    kind = result.indicator.kind
    choice = kind in (Indicator.Kind.YESNO, Indicator.Kind.CHOICE, Indicator.Kind.MULTICHOICE)
    context = {
        "campaign": campaign,
        "results": found,
        "result": result,
        "choice": choice,
        # charts escape every text
        "bars_html": mark_safe(_distribution_bars(result) if choice else _school_bars(result)),
        "trend_html": mark_safe(_trend_bars(r.trend(campaign, code))) if not choice else "",
        "active_nav": "monitoring",
    }
    return render(request, "monitoring/results_indicator.html", context)


@login_required
def results_xlsx(request, pk: int):
    """The district's summary workbook of what the page counts (sent and accepted answers): rows =
    organizations, two-level headers, the «Итого по району» row."""
    campaign = _campaign(request, pk)
    if campaign.for_teachers:
        # A row per teacher would name who answered what; a teachers' survey is read as totals only.
        raise Http404
    filename = f"{campaign.title[:120]}.xlsx".replace("/", "-")
    return streamed_file_response(
        lambda file: exporters.export_xlsx(campaign, file, r.RESULT_STATES),
        content_type=XLSX_CONTENT_TYPE,
        filename=filename,
    )


@login_required
def rollcall_page(request, pk: int):
    campaign = _campaign(request, pk)
    if campaign.for_teachers:
        schools = r.school_counts(campaign)
        return render(
            request,
            "monitoring/survey_rollcall.html",
            {
                "campaign": campaign,
                "schools": schools,
                "waiting": any(school.answered < school.expected for school in schools),
                "active_nav": "monitoring",
            },
        )
    return render(
        request,
        "monitoring/rollcall.html",
        {"campaign": campaign, "call": rollcall.rollcall(campaign), "active_nav": "monitoring"},
    )


@require_POST
@login_required
def rollcall_remind(request, pk: int):
    campaign = _campaign(request, pk)
    sent = rollcall.remind_all(campaign, today=timezone.localdate())
    if sent:
        messages.success(request, f"Напоминания отправлены: {sent}.")
    elif campaign.status != Campaign.Status.OPEN:
        messages.info(request, "Сбор по этой кампании не идёт: напоминать некому.")
    elif not rollcall.anyone_waiting(campaign):
        messages.info(request, "Все уже ответили: напоминать некому.")
    else:
        messages.info(request, "Сегодня всем уже напоминали: повторно напомнить можно завтра.")
    return redirect(reverse("monitoring_results:rollcall", args=[campaign.pk]))
