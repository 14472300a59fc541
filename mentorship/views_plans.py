"""Pages of individual plans (ИОМ): «Мой маршрут», the list, a plan with its items, reports, printouts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import filetypes
from core.web import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, add_service_errors, file_response, posted_version
from directory.access import user_scope
from directory.models import Organization
from orders.docx_export import render_order_docx
from orders.pdf import render_order_pdf
from progress import services as review
from progress.views import evidence_file_response

from . import plans
from .forms_plans import (
    MarkForm,
    NewPlanForm,
    PlanEditForm,
    PlanItemForm,
    ReportForm,
    ReviewForm,
    SuggestedItemFormSet,
)
from .models import IndividualPlan, PlanItem, PlanItemEvidence, PlanReport, PlanReportEvidence
from .plan_document import plan_document, plan_mentors

SAFE_TYPES = ("application/pdf", "image/png", "image/jpeg")


def _editable(request, pk) -> IndividualPlan:
    plan = plans.get_plan_for_user(request.user, pk)
    if not plans.can_edit_plan(request.user, plan):
        raise PermissionDenied("Маршрут доступен вам только для чтения.")
    return plan


@login_required
def my_plans(request):
    """«Мой маршрут»: the teacher's own plans and those of their mentees."""
    scope = user_scope(request.user)
    visible = plans.plans_visible_to(request.user).annotate(
        total=Count("items"), done=Count("items", filter=Q(items__status=PlanItem.Status.DONE))
    )
    own = [p for p in visible if p.person_id == scope.person_id] if scope.person_id else []
    mentees = plans.mentee_ids(request.user)
    mentored = [p for p in visible if p.person_id in mentees]
    return render(
        request,
        "mentorship/plan_mine.html",
        {
            "own": own,
            "mentored": mentored,
            "can_create": scope.person_id is not None,
            "active_nav": "plans_mine",
        },
    )


@login_required
def plan_list(request):
    scope = user_scope(request.user)
    if not (scope.district_wide or scope.school_ids):
        raise PermissionDenied("Список маршрутов доступен руководителям и методистам.")
    rows = plans.plans_visible_to(request.user).annotate(
        total=Count("items"), done=Count("items", filter=Q(items__status=PlanItem.Status.DONE))
    )
    schools = Organization.objects.filter(
        pk__in=plans.plans_visible_to(request.user).values("organization_id")
    ).order_by("short_name")
    school = request.GET.get("school", "")
    status = request.GET.get("status", "")
    if school.isdigit():
        rows = rows.filter(organization_id=int(school))
    if status in IndividualPlan.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "mentorship/plan_list.html",
        {
            "rows": rows,
            "schools": schools,
            "statuses": IndividualPlan.Status.choices,
            "school": school,
            "status": status,
            "can_create": scope.is_methodist or bool(scope.school_ids),
            "active_nav": "plans",
        },
    )


@login_required
def plan_create(request):
    """Choose a teacher, then edit the items suggested from the teacher's deficits and save."""
    people = plans.people_for_new_plan(request.user)
    person_id = request.POST.get("person") or request.GET.get("person")
    scope = user_scope(request.user)
    if not person_id and scope.person_id and not (scope.is_methodist or scope.school_ids):
        person_id = str(scope.person_id)
    if not person_id:
        return render(request, "mentorship/plan_choose.html", {"people": people[:2000]})
    if not str(person_id).isdigit():
        raise Http404
    person = people.filter(pk=int(person_id)).first()
    if person is None or not plans.can_create_for(request.user, person):
        raise Http404("Педагог не найден.")
    deficits = plans.deficits_for(person)
    year = plans.current_year(timezone.localdate())
    if request.method == "POST":
        head = NewPlanForm(request.POST)
        formset = SuggestedItemFormSet(request.POST, prefix="items")
        if head.is_valid() and formset.is_valid():
            chosen = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data.get("include") and f.cleaned_data.get("activity")
            ]
            forms_by_index = [
                f for f in formset.forms if f.cleaned_data.get("include") and f.cleaned_data.get("activity")
            ]
            try:
                plan = plans.plan_create(
                    user=request.user,
                    person=person,
                    year=head.cleaned_data["year"],
                    title=head.cleaned_data["title"],
                    items=chosen,
                )
            except plans.ItemsInvalid as exc:
                for index, errors in exc.errors.items():
                    for field, texts in errors.items():
                        forms_by_index[index].add_error(field if field != "__all__" else None, texts)
                messages.error(request, str(exc) + " Маршрут не сохранён.")
            except ValidationError as exc:
                add_service_errors(head, exc)
            else:
                messages.success(request, "Маршрут создан.")
                return redirect("mentorship_plans:detail", plan.pk)
    else:
        head = NewPlanForm(initial={"year": year, "title": IndividualPlan.DEFAULT_TITLE})
        initial = [
            {
                "activity": s.activity,
                "form": s.form,
                "deadline_text": s.deadline_text,
                "expected_result": s.expected_result,
                "include": True,
            }
            for s in plans.suggestions_for([tuple(d) for d in deficits])
        ]
        initial += [{"include": False}] * 2
        formset = SuggestedItemFormSet(initial=initial, prefix="items")
    return render(
        request,
        "mentorship/plan_create.html",
        {"person": person, "deficits": deficits, "head": head, "formset": formset},
    )


def _detail_context(request, plan, **extra):
    user = request.user
    reports = {r.author_kind: r for r in plan.reports.prefetch_related("evidence")}
    scope = user_scope(user)
    is_mentee = scope.person_id == plan.person_id
    is_mentor = plans.is_mentor_of(user, plan.person_id)
    report_rows = []
    for kind, label in PlanReport.Author.choices:
        report = reports.get(kind)
        mine = (kind == PlanReport.Author.MENTEE and is_mentee) or (
            kind == PlanReport.Author.MENTOR and is_mentor
        )
        report_rows.append(
            {
                "kind": kind,
                "label": label,
                "report": report,
                "can_write": mine and (report is None or report.is_editable_by_author),
                "form": ReportForm(initial={"text": report.text if report else ""}, prefix=kind),
                "can_review": plans.can_review(user, plan)
                and report is not None
                and report.state == PlanReport.State.SUBMITTED,
            }
        )
    notes = plans.can_write_notes(user, plan)
    context = {
        "plan": plan,
        "items": plans.with_term_warnings(plan, plan.items.prefetch_related("evidence")),
        "can_edit": plans.can_edit_plan(user, plan),
        "mentors": plan_mentors(plan),
        "item_form": PlanItemForm(prefix="new"),
        "mark_form": MarkForm(),
        "edit_form": PlanEditForm(
            initial={
                "title": plan.title,
                "status": plan.status,
                "mentor_note": plan.mentor_note,
                "methodist_note": plan.methodist_note,
            }
        ),
        "notes": notes,
        "report_rows": report_rows,
        "review_form": ReviewForm(),
        "unreadable": plans.UNREADABLE,
    }
    context.update(extra)
    return context


@login_required
def plan_detail(request, pk):
    plan = plans.get_plan_for_user(request.user, pk)
    return render(request, "mentorship/plan_detail.html", _detail_context(request, plan))


@login_required
@require_POST
def plan_edit(request, pk):
    plan = _editable(request, pk)
    form = PlanEditForm(request.POST)
    if not form.is_valid():
        return render(
            request, "mentorship/plan_detail.html", _detail_context(request, plan, edit_form=form), status=400
        )
    notes = plans.can_write_notes(request.user, plan)
    fields = {"title": form.cleaned_data["title"], "status": form.cleaned_data["status"]}
    if notes["mentor"]:
        fields["mentor_note"] = form.cleaned_data["mentor_note"]
    if notes["methodist"]:
        fields["methodist_note"] = form.cleaned_data["methodist_note"]
    plans.plan_update(plan=plan, fields=fields)
    messages.success(request, "Маршрут сохранён.")
    return redirect("mentorship_plans:detail", plan.pk)


@login_required
def item_form(request, pk, item_pk=None):
    plan = _editable(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan) if item_pk else None
    prefix = "new" if item is None else "item"
    if request.method == "POST":
        form = PlanItemForm(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                saved = plans.item_save(plan=plan, item=item, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if saved.deadline_unreadable:
                    messages.warning(request, f"«{saved.deadline_text}»: {plans.UNREADABLE}.")
                if warning := plans.term_warning(saved, plans.mentorship_term(plan.person_id)):
                    messages.warning(request, f"«{saved.activity}»: {warning}.")
                messages.success(request, "Пункт маршрута сохранён.")
                return redirect(f"{plan.get_absolute_url()}#item-{saved.pk}")
        return render(
            request, "mentorship/plan_item_form.html", {"plan": plan, "item": item, "form": form}, status=400
        )
    initial = {}
    if item is not None:
        initial = {
            f: getattr(item, f)
            for f in ("activity", "form", "deadline_text", "due_on", "due_until", "expected_result")
        }
    form = PlanItemForm(initial=initial, prefix=prefix)
    return render(request, "mentorship/plan_item_form.html", {"plan": plan, "item": item, "form": form})


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    plan = _editable(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    plans.item_delete(item)
    messages.success(request, "Пункт маршрута удалён.")
    return redirect("mentorship_plans:detail", plan.pk)


@login_required
@require_POST
def item_move(request, pk, item_pk):
    plan = _editable(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    plans.item_move(item, -1 if request.POST.get("direction") == "up" else 1)
    return redirect(f"{plan.get_absolute_url()}#item-{item.pk}")


@login_required
def item_mark(request, pk, item_pk):
    plan = _editable(request, pk)
    item = get_object_or_404(PlanItem, pk=item_pk, plan=plan)
    if request.method == "POST":
        form = MarkForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
            try:
                plans.item_mark(
                    user=request.user,
                    item=item,
                    status=form.cleaned_data["status"],
                    done_on=form.cleaned_data["done_on"],
                    files=files,
                    url=form.cleaned_data["url"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Отметка о выполнении сохранена.")
                return redirect(f"{plan.get_absolute_url()}#item-{item.pk}")
        status = 400
    else:
        form = MarkForm(initial={"status": PlanItem.Status.DONE, "done_on": timezone.localdate()})
        status = 200
    return render(
        request, "mentorship/plan_item_mark.html", {"plan": plan, "item": item, "form": form}, status=status
    )


@login_required
def evidence_file(request, pk, evidence_pk):
    plan = plans.get_plan_for_user(request.user, pk)
    evidence = get_object_or_404(PlanItemEvidence, pk=evidence_pk, item__plan=plan)
    return evidence_file_response(evidence, safe_types=SAFE_TYPES)


@login_required
def report_evidence_file(request, pk, evidence_pk):
    plan = plans.get_plan_for_user(request.user, pk)
    evidence = get_object_or_404(PlanReportEvidence, pk=evidence_pk, report__plan=plan)
    return evidence_file_response(evidence, safe_types=SAFE_TYPES)


@login_required
@require_POST
def evidence_remove(request, pk, evidence_pk):
    plan = _editable(request, pk)
    evidence = get_object_or_404(PlanItemEvidence, pk=evidence_pk, item__plan=plan)
    plans.evidence_remove(evidence)
    messages.success(request, "Подтверждение удалено.")
    return redirect(f"{plan.get_absolute_url()}#item-{evidence.item_id}")


@login_required
def plan_pdf(request, pk):
    plan = plans.get_plan_for_user(request.user, pk)
    data = render_order_pdf(plan_document(plan))
    return file_response(
        data, content_type=PDF_CONTENT_TYPE, filename=f"ИОМ-{plan.person.last_name}.pdf", inline=True
    )


@login_required
def plan_docx(request, pk):
    plan = plans.get_plan_for_user(request.user, pk)
    data = render_order_docx(plan_document(plan))
    return file_response(data, content_type=DOCX_CONTENT_TYPE, filename=f"ИОМ-{plan.person.last_name}.docx")


@login_required
@require_POST
def report_save(request, pk, kind):
    plan = plans.get_plan_for_user(request.user, pk)
    scope = user_scope(request.user)
    if kind == PlanReport.Author.MENTEE:
        allowed = scope.person_id == plan.person_id
    elif kind == PlanReport.Author.MENTOR:
        allowed = plans.is_mentor_of(request.user, plan.person_id)
    else:
        raise Http404
    if not allowed:
        raise PermissionDenied("Этот отчёт пишет другой участник.")
    form = ReportForm(request.POST, request.FILES, prefix=kind)
    if not form.is_valid():
        messages.error(request, "Напишите текст отчёта.")
        return redirect(f"{plan.get_absolute_url()}#reports")
    existing = PlanReport.objects.filter(plan=plan, author_kind=kind).first()
    try:
        report = review.submission_save(
            user=request.user,
            model=PlanReport,
            lookup={"plan": plan, "author_kind": kind},
            fields={"text": form.cleaned_data["text"]},
            version=posted_version(request) if existing else None,
        )
        upload = form.cleaned_data.get("files")
        if upload is not None:
            # The text is kept as a draft even when the file is refused: the message says why.
            try:
                review.evidence_attach(
                    user=request.user,
                    submission=report,
                    files=[(upload.name, upload.read())],
                    check=filetypes.check_upload,
                )
            except ValidationError as exc:
                messages.error(request, "Черновик сохранён, но файл не приложен: " + " ".join(exc.messages))
                return redirect(f"{plan.get_absolute_url()}#reports")
            report.refresh_from_db()
        if request.POST.get("submit"):
            review.submission_submit(user=request.user, submission=report, version=report.version)
            messages.success(request, "Отчёт отправлен на проверку.")
        else:
            messages.success(request, "Черновик отчёта сохранён.")
    except review.StaleSubmissionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{plan.get_absolute_url()}#reports")


@login_required
@require_POST
def report_review(request, pk, report_pk):
    plan = plans.get_plan_for_user(request.user, pk)
    if not plans.can_review(request.user, plan):
        raise PermissionDenied("Отчёты проверяет куратор или методист.")
    report = get_object_or_404(PlanReport, pk=report_pk, plan=plan)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("action") == "return":
            review.submission_return(
                user=request.user, submission=report, version=posted_version(request), comment=comment
            )
            messages.success(request, "Отчёт возвращён на доработку.")
        else:
            review.submission_accept(
                user=request.user, submission=report, version=posted_version(request), comment=comment
            )
            messages.success(request, "Отчёт принят.")
    except review.StaleSubmissionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{plan.get_absolute_url()}#reports")
