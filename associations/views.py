"""Pages of the methodological associations: the district table, an association's page, its members."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from core.academic_year import academic_year_label, academic_year_start
from core.web import XLSX_CONTENT_TYPE, add_service_errors, streamed_file_response
from directory import services as directory_services
from directory.access import user_scope
from directory.models import ProfessionalCourse

from . import exporters, selectors, services
from . import selectors_meetings as meeting_selectors
from .access import associations_visible_to, can_create, can_manage, get_association_for_user
from .analysis_review import analysis_years
from .filters import AssociationFilter
from .forms import AssociationForm, CourseForm, MemberAddForm, SelfEducationForm, ThemeForm
from .models import Association, Membership

#: Rows of the district table on one page.
PAGE_SIZE = 50


def _year() -> int:
    return academic_year_start(timezone.localdate())


def _filtered(request):
    return AssociationFilter(request.GET or None, queryset=associations_visible_to(request.user))


def _district_row_html(row: selectors.DistrictRow) -> str:
    """One <tr> of the district table, built here: 50 rows × 11 cells in template tags cost the most."""
    name, *rest = row.cells
    keys = [column.key for column in selectors.DISTRICT_COLUMNS[1:]]
    # The theme is a long sentence: three lines of it, the whole in its tooltip (the XLSX has it all).
    cells = (
        (
            format_html('<span class="assoc-theme" title="{}">{}</span>', value, value)
            if key == "theme" and value
            else (value if value is not None else ""),
        )
        for key, value in zip(keys, rest, strict=True)
    )
    return format_html(
        '<tr><td><a href="{}">{}</a></td>{}</tr>',
        row.association.get_absolute_url(),
        name,
        format_html_join("", "<td>{}</td>", cells),
    )


@login_required
def association_list(request):
    year = _year()
    filterset = _filtered(request)
    # 50 rows a page (the filters stay in the page links); the XLSX export keeps the whole table.
    page = Paginator(selectors.district_queryset(filterset.qs, year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "active_nav": "associations",
        "filter": filterset,
        "page": page,
        "rows": [_district_row_html(row) for row in selectors.district_rows(page.object_list)],
        "columns": selectors.DISTRICT_COLUMNS,
        "year_label": academic_year_label(year),
        "can_create": can_create(request.user),
        "district_wide": user_scope(request.user).district_wide,
    }
    return render(request, "associations/association_list.html", context)


@login_required
def association_export(request):
    year = _year()
    rows = selectors.district_rows(selectors.district_queryset(_filtered(request).qs, year))
    title = f"Методические объединения, {academic_year_label(year)} учебный год"
    return streamed_file_response(
        partial(exporters.write_district, rows=rows, title=title),
        content_type=XLSX_CONTENT_TYPE,
        filename=exporters.filename("Методические объединения"),
    )


def _association_form_page(request, association: Association | None):
    form = AssociationForm(request.POST or None, user=request.user, association=association)
    if association is not None and not request.POST:
        form.initial = {
            "name": association.name,
            "kind": association.kind,
            "organization": association.organization_id,
            "subjects": list(association.subjects.values_list("pk", flat=True)),
            "area": association.area,
            "head": association.head_id,
            "deputy": association.deputy_id,
        }
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = services.association_save(association=association, **form.service_kwargs(association))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Объединение сохранено.")
            return redirect(saved)
    context = {"active_nav": "associations", "form": form, "association": association}
    return render(request, "associations/association_form.html", context)


@login_required
def association_create(request):
    if not can_create(request.user):
        raise PermissionDenied("Создавать объединения может методист или директор школы.")
    return _association_form_page(request, None)


@login_required
def association_edit(request, pk):
    return _association_form_page(request, get_association_for_user(request.user, pk, for_update=True))


@login_required
def association_detail(request, pk):
    association = get_association_for_user(request.user, pk)
    year = _year()
    manage = can_manage(request.user, association)
    theme = association.themes.filter(year=year).first()
    query = request.GET.get("q", "").strip() if manage else ""
    context = {
        "active_nav": "associations",
        "association": association,
        "subjects": list(association.subjects.all()),
        "year_label": academic_year_label(year),
        "theme": theme,
        "roster": selectors.roster(association, year),
        "former": list(selectors.former_members(association)),
        "sections": selectors.SECTIONS,
        "can_manage": manage,
        "theme_form": ThemeForm(initial={"theme": theme.theme if theme else ""}, year=year)
        if manage
        else None,
        "member_form": MemberAddForm() if manage else None,
        # The members' links from one reverse (not two a row): …/members/<id>/ and …/members/<id>/leave/.
        "members_url": reverse("associations:member_edit", args=[association.pk, 0])[: -len("0/")],
        "query": query,
        "candidates": selectors.member_candidates(association, query) if query else [],
    }
    # --- Part 3: meetings (the «Заседания» section) ---
    context.update(meeting_selectors.section_context(association, year))
    # --- Annual analysis (part 4) ---
    context["analysis_years"] = analysis_years(association, year)
    # --- Part 2: the year's work plan (plans.py, sections/plan.html) ---
    from . import plans

    context["plan"] = plans.plan_for_year(association, year)
    context["previous_plan"] = None if context["plan"] else plans.plan_for_year(association, year - 1)
    context["can_edit_plan"] = plans.can_edit_plan(request.user, association)
    # --- end of part 2 ---
    return render(request, "associations/association_detail.html", context)


@login_required
def roster_export(request, pk):
    association = get_association_for_user(request.user, pk)
    year = _year()
    rows = [selectors.roster_cells(n, row) for n, row in enumerate(selectors.roster(association, year), 1)]
    title = f"Состав {association.name} на {academic_year_label(year)} учебный год"
    return streamed_file_response(
        partial(exporters.write_roster, rows=rows, title=title),
        content_type=XLSX_CONTENT_TYPE,
        filename=exporters.filename(f"Состав МО — {association.name}"),
    )


@login_required
@require_POST
def theme_save(request, pk):
    association = get_association_for_user(request.user, pk, for_update=True)
    year = _year()
    form = ThemeForm(request.POST, year=year)
    if form.is_valid():
        services.theme_set(association=association, year=year, theme=form.cleaned_data["theme"])
        messages.success(request, "Методическая тема сохранена.")
    else:
        messages.error(request, "Тема не сохранена: " + " ".join(form.errors.get("theme", [])))
    return redirect(association)


@login_required
@require_POST
def member_add(request, pk):
    association = get_association_for_user(request.user, pk, for_update=True)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            services.member_add(
                association=association,
                person=form.cleaned_data["person"],
                joined_on=form.cleaned_data["joined_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{form.cleaned_data['person'].full_name} — в составе объединения.")
    else:
        messages.error(request, "Найдите сотрудника по Ф.И.О. и нажмите «Добавить».")
    return redirect(association)


def _membership(request, pk, mid, *, for_update: bool) -> tuple[Association, Membership]:
    association = get_association_for_user(request.user, pk, for_update=for_update)
    membership = get_object_or_404(
        Membership.objects.select_related("person__organization"), pk=mid, association=association
    )
    return association, membership


@login_required
@require_POST
def member_leave(request, pk, mid):
    association, membership = _membership(request, pk, mid, for_update=True)
    try:
        services.member_leave(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{membership.person.full_name} вышел(а) из объединения; запись сохранена в истории."
        )
    return redirect(association)


@login_required
def member_edit(request, pk, mid):
    """A member's тема самообразования for the year and their courses (records of the directory)."""
    association, membership = _membership(request, pk, mid, for_update=True)
    person = membership.person
    year = _year()
    current = person.self_education_topics.filter(year=year).first()
    topic_form = SelfEducationForm(initial={"topic": current.topic if current else ""}, year=year)
    course_form = CourseForm(initial={"year": timezone.localdate().year}, prefix="course")
    if request.method == "POST":
        if "add_course" not in request.POST:
            topic_form = SelfEducationForm(request.POST, year=year)
            if topic_form.is_valid():
                directory_services.self_education_set(
                    person=person, year=year, topic=topic_form.cleaned_data["topic"]
                )
                messages.success(request, "Тема самообразования сохранена.")
                return redirect("associations:member_edit", pk=association.pk, mid=membership.pk)
        else:
            course_form = CourseForm(request.POST, prefix="course")
            if course_form.is_valid():
                try:
                    directory_services.course_save(person=person, data=course_form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(course_form, error)
                else:
                    messages.success(request, "Курсы добавлены.")
                    return redirect("associations:member_edit", pk=association.pk, mid=membership.pk)
    context = {
        "active_nav": "associations",
        "association": association,
        "membership": membership,
        "person": person,
        "courses": list(ProfessionalCourse.objects.filter(person=person)),
        "topic_form": topic_form,
        "course_form": course_form,
        "year_label": academic_year_label(year),
    }
    return render(request, "associations/member_edit.html", context)


@login_required
@require_POST
def course_delete(request, pk, mid, course_id):
    association, membership = _membership(request, pk, mid, for_update=True)
    get_object_or_404(ProfessionalCourse, pk=course_id, person=membership.person).delete()
    messages.success(request, "Запись о курсах удалена.")
    return redirect("associations:member_edit", pk=association.pk, mid=membership.pk)
