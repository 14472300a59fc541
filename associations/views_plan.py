"""Part 2: the association's year plan — create, import into, copy to the next year, the approval block,
approve, PDF. The plan's rows are edited in the roadmap editor (roadmaps:detail); see plans.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.academic_year import academic_year_label, academic_year_start
from core.imports import ImportRejected, max_upload_label, upload_name
from core.russian import plural
from core.web import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, XLSX_CONTENT_TYPE, file_response, posted_version
from roadmaps.exporters import export_filename

from . import plans
from .access import get_association_for_user
from .models import AssociationPlan

_ACCEPT = f".docx,.xlsx,{DOCX_CONTENT_TYPE},{XLSX_CONTENT_TYPE}"
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanDetailsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AssociationPlan
        fields = plans.APPROVAL_FIELDS
        widgets = {
            "directions": forms.Textarea(attrs={"rows": 4}),
            "reviewed_on": _DATE,
            "agreed_on": _DATE,
            "approved_order_date": _DATE,
        }
        help_texts = {"directions": "По одному направлению в строке."}


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="План в Word (.docx) или Excel (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
        error_messages={"required": "Выберите файл с планом."},
    )


def _editor(plan: AssociationPlan):
    return redirect("roadmaps:detail", pk=plan.roadmap_id)


@login_required
@require_POST
def plan_create(request, pk):
    association = get_association_for_user(request.user, pk)
    if not plans.can_edit_plan(request.user, association):
        raise PermissionDenied("Составлять план может руководитель объединения, директор школы или методист.")
    year = academic_year_start(timezone.localdate())
    try:
        plan = plans.plan_create(user=request.user, association=association, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(association.get_absolute_url() + "#section-plan")
    messages.success(
        request,
        f"План работы на {academic_year_label(year)} учебный год создан. Добавьте мероприятия "
        "или загрузите их из Word/Excel.",
    )
    return _editor(plan)


@login_required
def plan_details(request, pk, plan_pk):
    plan = plans.get_plan_for_user(request.user, pk, plan_pk, for_update=True)
    form = PlanDetailsForm(request.POST or None, instance=plan, initial={"version": plan.version})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plans.plan_details_save(plan=plan, data=form.cleaned_data, version=posted_version(request))
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, "Направления работы и гриф утверждения сохранены.")
                return redirect(plan.association.get_absolute_url() + "#section-plan")
        status = 400
    context = {"active_nav": "associations", "plan": plan, "association": plan.association, "form": form}
    return render(request, "associations/plan_details.html", context, status=status)


@login_required
def plan_import(request, pk, plan_pk):
    plan = plans.get_plan_for_user(request.user, pk, plan_pk, for_update=True)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = plans.plan_import(
                user=request.user, plan=plan, name=upload_name(upload), data=upload.read()
            )
        except ImportRejected as exc:
            problems = exc.problems
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request, f"Загружено {added} {plural(added, 'строка', 'строки', 'строк')} плана."
            )
            return _editor(plan)
    context = {
        "active_nav": "associations",
        "plan": plan,
        "association": plan.association,
        "form": form,
        "problems": problems,
        "max_size": max_upload_label(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "associations/plan_import.html", context, status=status)


@login_required
def plan_copy(request, pk, plan_pk):
    # Not for_update of the roadmap: last year's (archived) plan is what gets copied.
    plan = plans.get_plan_for_user(request.user, pk, plan_pk, for_update=True)
    next_year = plan.year + 1
    error = ""
    if request.method == "POST":
        try:
            new = plans.plan_copy(user=request.user, plan=plan)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                f"Создан план на {academic_year_label(next_year)} учебный год (черновик); сроки перечитаны "
                "для нового года.",
            )
            return _editor(new)
    context = {
        "active_nav": "associations",
        "plan": plan,
        "association": plan.association,
        "next_label": academic_year_label(next_year),
        "error": error,
    }
    return render(request, "associations/plan_copy.html", context, status=400 if error else 200)


@login_required
@require_POST
def plan_approve(request, pk, plan_pk):
    plan = plans.get_plan_for_user(request.user, pk, plan_pk, for_update=True)
    try:
        plans.plan_approve(user=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "План утверждён: по срокам мероприятий придут напоминания.")
    return redirect(plan.association.get_absolute_url() + "#section-plan")


@login_required
def plan_pdf(request, pk, plan_pk):
    plan = plans.get_plan_for_user(request.user, pk, plan_pk)
    return file_response(
        plans.plan_pdf(plan), content_type=PDF_CONTENT_TYPE, filename=export_filename(plan.roadmap, "pdf")
    )
