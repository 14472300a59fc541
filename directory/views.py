"""Views of the district directory and the error pages. Thin: parse, check, call, render."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from core.web import XLSX_CONTENT_TYPE, file_response

from . import duplicates, import_services, selectors, services, tasks, throttle, xlsx_import
from .access import (
    can_add_organization,
    can_add_person,
    can_edit_organization,
    can_edit_person,
    get_organization_for_user,
    get_person_for_user,
    organizations_for_staff_editing,
    role_required,
    user_scope,
)
from .account_views import person_access_context
from .filters import OrganizationFilter, PersonFilter
from .forms import ImportUploadForm, OrganizationForm, PersonForm
from .models import DirectoryImport, Organization, Person, Role

PAGE_SIZE = 50
#: Who may see possible duplicates and merge them: the district's staff.
MERGE_ROLES = (Role.Kind.METHODIST, Role.Kind.ADMINISTRATOR)


def _error(request, template: str, status: int, exception=None):
    reason = ""
    if exception is not None and status in (403, 404):
        # Messages raised by our access helpers are Russian and safe to show.
        text = str(exception)
        if text and any("а" <= ch.lower() <= "я" for ch in text):
            reason = text
    return render(request, template, {"reason": reason}, status=status)


def error_400(request, exception=None):
    return _error(request, "400.html", 400)


def error_403(request, exception=None):
    return _error(request, "403.html", 403, exception)


def error_404(request, exception=None):
    return _error(request, "404.html", 404, exception)


def error_500(request):
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent from a page kept open too long (or from another site)."""
    return render(request, "403_csrf.html", {"back": _same_site_referer(request)}, status=403)


def _same_site_referer(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    return referer if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}) else ""


# --- Accounts ------------------------------------------------------------------------------------

RESET_THROTTLED = (
    "Слишком много запросов на восстановление пароля. Попробуйте снова через час "
    "или обратитесь к методисту района."
)


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Ask for a reset link: throttled per address and per client; the lookup and the letter are
    left to a task for any address, so a known one cannot be told from an unknown one."""
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        allowed = throttle.hit(
            "password-reset-client",
            get_client_ip_address(request) or "",
            limit=settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR,
        ) and throttle.hit(
            "password-reset-address", email, limit=settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR
        )
        if allowed:
            tasks.send_password_reset.delay(email, request.get_host(), request.is_secure())
            return redirect("password_reset_done")
        form.add_error(None, RESET_THROTTLED)
        return render(request, "registration/password_reset_form.html", {"form": form}, status=429)
    return render(request, "registration/password_reset_form.html", {"form": form})


# --- Organizations ---------------------------------------------------------------------------------


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def organization_list(request):
    filterset = OrganizationFilter(
        request.GET or None, queryset=selectors.organization_list(user=request.user)
    )
    context = {
        "active_nav": "organizations",
        "filter": filterset,
        # Meta.ordering is not applied to a GROUP BY query (the staff count), so it is spelled out.
        "page": _page(request, filterset.qs.order_by("kind", "short_name")),
        "can_add": can_add_organization(request.user),
    }
    return render(request, "directory/organization_list.html", context)


@login_required
def organization_detail(request, pk):
    organization = get_organization_for_user(request.user, pk)
    context = {
        "active_nav": "organizations",
        "organization": organization,
        "staff": selectors.organization_staff(user=request.user, organization=organization),
        "can_edit": can_edit_organization(request.user, organization),
        "can_add_staff": organizations_for_staff_editing(request.user).filter(pk=organization.pk).exists(),
    }
    return render(request, "directory/organization_detail.html", context)


@login_required
def organization_create(request):
    if not can_add_organization(request.user):
        raise PermissionDenied("Добавлять организации может только методист.")
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_save(data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Организация «{organization.short_name}» добавлена.")
            return redirect(organization)
    return render(
        request,
        "directory/organization_form.html",
        {"active_nav": "organizations", "form": form, "organization": None},
    )


@login_required
def organization_update(request, pk):
    organization = get_organization_for_user(request.user, pk, for_update=True)
    title = organization.short_name  # before the form writes the typed values into the instance
    form = OrganizationForm(
        request.POST or None, instance=organization, can_change_kind=user_scope(request.user).is_methodist
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organization_save(data=form.cleaned_data, organization=organization)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Изменения в карточке «{saved.short_name}» сохранены.")
            return redirect(saved)
    return render(
        request,
        "directory/organization_form.html",
        {"active_nav": "organizations", "form": form, "organization": organization, "title": title},
    )


# --- People -------------------------------------------------------------------------------------------


@login_required
def person_list(request):
    filterset = PersonFilter(
        request.GET or None, queryset=selectors.person_list(user=request.user), user=request.user
    )
    context = {
        "active_nav": "people",
        "filter": filterset,
        "page": _page(request, filterset.qs),
        "can_add": can_add_person(request.user),
        "can_merge": user_scope(request.user).has(*MERGE_ROLES),
    }
    return render(request, "directory/person_list.html", context)


@login_required
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    context = {
        "active_nav": "people",
        "person": person,
        "subjects": selectors.person_subjects(person=person),
        "courses": list(person.courses.all()),
        "can_edit": can_edit_person(request.user, person),
        **person_access_context(request.user, person),
    }
    return render(request, "directory/person_detail.html", context)


def _person_form_page(request, form, person, title=""):
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                subjects = list(form.cleaned_data["subjects"])
                for subject in services.subjects_from_names(form.cleaned_data["new_subjects"]):
                    if subject not in subjects:
                        subjects.append(subject)
                saved = services.person_save(data=form.person_data(), person=person, subjects=subjects)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            verb = "изменена" if person else "добавлена"
            messages.success(request, f"Карточка сотрудника «{saved.full_name}» {verb}.")
            return redirect(saved)
    context = {"active_nav": "people", "form": form, "person": person, "title": title}
    return render(request, "directory/person_form.html", context)


@login_required
def person_create(request):
    if not can_add_person(request.user):
        raise PermissionDenied("Добавлять сотрудников может методист или руководитель организации.")
    organizations = organizations_for_staff_editing(request.user).order_by("short_name")
    initial = {}
    wanted = request.GET.get("organization")
    if wanted and wanted.isdigit() and organizations.filter(pk=wanted).exists():
        initial["organization"] = wanted
    elif organizations.count() == 1:
        initial["organization"] = organizations.first()
    form = PersonForm(request.POST or None, organizations=organizations, initial=initial)
    return _person_form_page(request, form, None)


@login_required
def person_update(request, pk):
    person = get_person_for_user(request.user, pk, for_update=True)
    title = person.full_name  # before the form writes the typed values into the instance
    organizations = organizations_for_staff_editing(request.user).order_by("short_name")
    form = PersonForm(request.POST or None, instance=person, organizations=organizations)
    return _person_form_page(request, form, person, title)


@role_required(*MERGE_ROLES)
def person_duplicates(request):
    context = {"active_nav": "people", "pairs": duplicates.possible_duplicates()}
    return render(request, "directory/person_duplicates.html", context)


@require_POST
@role_required(*MERGE_ROLES)
def person_merge(request):
    ids = [request.POST.get(name, "") for name in ("keep", "first", "second")]
    if not all(i.isdigit() for i in ids) or ids[0] not in ids[1:]:
        messages.error(request, "Выберите, какую карточку оставить.")
        return redirect("directory:person_duplicates")
    keep_id = int(ids[0])
    remove_id = int(ids[2] if ids[0] == ids[1] else ids[1])
    people = Person.objects.select_related("organization", "user").in_bulk([keep_id, remove_id])
    keep, remove = people.get(keep_id), people.get(remove_id)
    if keep is None or remove is None:
        messages.error(request, "Одной из карточек уже нет в справочнике: обновите страницу.")
        return redirect("directory:person_duplicates")
    try:
        result = duplicates.person_merge(keep=keep, remove=remove)
    except duplicates.MergeRefused as exc:
        messages.error(request, f"Карточки не объединены. {exc}")
        return redirect("directory:person_duplicates")
    text = (
        f"Карточки объединены: осталась «{result.kept.full_name}» ({result.kept.organization.short_name}), "
        f"карточка из «{result.removed_organization}» удалена, всё связанное с ней перенесено."
    )
    if result.moved_login:
        text += " Учётная запись перешла к оставленной карточке."
    if result.filled:
        text += f" Дополнены поля: {', '.join(result.filled)}."
    if result.heads_cleared:
        text += f" У организаций {', '.join(f'«{n}»' for n in result.heads_cleared)} не указан руководитель."
    messages.success(request, text)
    return redirect("directory:person_duplicates")


# --- Import from Excel --------------------------------------------------------------------------------


@role_required(Role.Kind.METHODIST)
def import_template(request):
    today = timezone.localdate()
    content = xlsx_import.build_template(
        kind_labels=Organization.Kind.labels,
        category_labels=Person.Category.labels,
        example_date=today.replace(year=today.year - 1, month=9, day=1),
    )
    return file_response(content, content_type=XLSX_CONTENT_TYPE, filename="Шаблон справочника.xlsx")


@role_required(Role.Kind.METHODIST)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            directory_import = import_services.directory_import_create(
                user=request.user, upload=form.cleaned_data["file"]
            )
        except import_services.ImportRejected as exc:
            problems = exc.problems
        else:
            return redirect("directory:import_preview", pk=directory_import.pk)
    context = {
        "active_nav": "import",
        "form": form,
        "problems": problems,
        "recent": selectors.recent_imports(user=request.user),
        "max_size": import_services.max_upload_label(),
    }
    return render(request, "directory/import_upload.html", context)


@role_required(Role.Kind.METHODIST)
def import_preview(request, pk):
    directory_import = selectors.directory_import_for_user(user=request.user, pk=pk)
    pending = directory_import.status == DirectoryImport.Status.PENDING
    context = {
        "active_nav": "import",
        "directory_import": directory_import,
        "pending": pending,
        "plan": import_services.import_plan(directory_import.payload) if pending else None,
        "result": directory_import.payload.get("result", {}),
    }
    return render(request, "directory/import_preview.html", context)


@require_POST
@role_required(Role.Kind.METHODIST)
def import_confirm(request, pk):
    directory_import = selectors.directory_import_for_user(user=request.user, pk=pk)
    try:
        counts = import_services.directory_import_apply(directory_import=directory_import)
    except import_services.ImportAlreadyApplied:
        messages.warning(request, "Этот файл уже загружен в справочник; повторно применить его нельзя.")
        return redirect("directory:import_preview", pk=pk)
    except import_services.ImportRejected as exc:
        details = "; ".join(str(p) for p in exc.problems[:5])
        messages.error(request, f"Ничего не сохранено: {details}")
        return redirect("directory:import_preview", pk=pk)
    text = (
        "Справочник обновлён. Организаций добавлено: {organizations_created}, изменено: "
        "{organizations_updated}. Сотрудников добавлено: {people_created}, "
        "изменено: {people_updated}.".format(**counts)
    )
    if counts.get("people_moved"):
        text += f" Перешли в другую организацию: {counts['people_moved']}."
    if counts.get("people_absent"):
        text += f" Нет в файле и оставлены без изменений: {counts['people_absent']}."
    messages.success(request, text)
    return redirect("directory:organization_list")
