"""«Кому напоминать» on a row of the roadmap page: the методист corrects who the reminders reach."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.web import is_htmx

from .. import services
from ..access import get_row_for_user
from ..forms import RowRemindersForm
from ..models import RoadmapRow
from ..reminder_recipients import row_groups
from .editor import _row_response, page_context


@login_required
@require_http_methods(["GET", "POST"])
def row_reminders(request, pk, row_pk):
    """GET: the form (inline with htmx, else a page). POST: save the choice, or «reset» to the text."""
    row = get_row_for_user(request.user, pk, row_pk, for_update=True)
    roadmap = row.roadmap
    page_url = f"{reverse('roadmaps:detail', args=[roadmap.pk])}#row-{row.pk}"
    auto_id = f"remind{row.pk}_%s"
    status = 200
    if row.is_heading:
        messages.error(request, "У заголовка раздела нет напоминаний.")
        return redirect(page_url)
    if request.method == "POST":
        form = RowRemindersForm(request.POST, row=row, auto_id=auto_id)
        if "reset" in request.POST:
            services.row_reminders_reset(user=request.user, row=row)
            return _saved(
                request, roadmap, row, "Получатели напоминаний снова берутся из текста «Ответственные»."
            )
        if form.is_valid():
            try:
                services.row_reminders_set(
                    user=request.user,
                    row=row,
                    groups=form.cleaned_data["groups"],
                    people=form.chosen_people(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _saved(request, roadmap, row, "Получатели напоминаний сохранены.")
        status = 422
    else:
        form = RowRemindersForm(
            initial={"groups": row_groups(row), "people": list(row.responsible_people.all())},
            row=row,
            auto_id=auto_id,
        )
    context = page_context(
        request,
        roadmap,
        row=row,
        form=form,
        action=reverse("roadmaps:row_reminders", args=[roadmap.pk, row.pk]),
        cancel_url=reverse("roadmaps:row_view", args=[roadmap.pk, row.pk]),
        assigned=row.report_scope != RoadmapRow.ReportScope.NONE,
        active_nav="roadmaps",
    )
    template = "reminders_form.html" if is_htmx(request) else "reminders_page.html"
    return render(request, f"roadmaps/rows/{template}", context, status=status)


def _saved(request, roadmap, row, text: str):
    if not is_htmx(request):
        messages.success(request, text)
        return redirect(f"{reverse('roadmaps:detail', args=[roadmap.pk])}#row-{row.pk}")
    return _row_response(request, roadmap, row.pk, say=text)
