"""The pages around the roadmap editor: the list, the create/edit form, copy to a new period, the agenda.

Thin: parse, check access, call a service or a selector, render. `today` is read once per request.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from core.russian import plural
from core.web import add_service_errors
from directory.access import user_scope
from directory.models import Organization

from .. import agenda as agenda_selectors
from .. import deadlines, owners, services
from ..access import can_change_roadmap, can_edit_roadmap, get_roadmap_for_user, roadmaps_visible_to
from ..filters import AgendaFilter, RoadmapFilter
from ..forms import CopyForm, RoadmapForm, organization_choices
from ..models import Roadmap

PAGE_SIZE = 50


def _unparsed_rows(roadmap: Roadmap):
    return roadmap.rows.filter(is_heading=False, schedule_kind=deadlines.UNPARSED).order_by("position")


# --- The list ---------------------------------------------------------------------------------------


def _roadmaps_with_counts(user) -> QuerySet[Roadmap]:
    return (
        roadmaps_visible_to(user)
        .select_related("organization")
        .annotate(
            rows_count=Count("rows"),
            unparsed_count=Count(
                "rows", filter=Q(rows__is_heading=False, rows__schedule_kind=deadlines.UNPARSED)
            ),
        )
        # Meta.ordering is not applied to a GROUP BY query, so it is spelled out.
        .order_by("-period_start", "title", "pk")
    )


@login_required
def roadmap_list(request):
    filterset = RoadmapFilter(
        request.GET or None,
        queryset=_roadmaps_with_counts(request.user),
        user=request.user,
        today=timezone.localdate(),
    )
    roadmaps = filterset.qs
    if not (
        filterset.form.is_bound and filterset.form.is_valid() and filterset.form.cleaned_data.get("kind")
    ):
        # The plans of associations live on their pages; the list shows them when their kind is asked for.
        roadmaps = roadmaps.exclude(kind__in=owners.owned_kinds())
    context = {
        "active_nav": "roadmaps",
        "filter": filterset,
        "page": Paginator(roadmaps, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_add": can_edit_roadmap(request.user),
    }
    return render(request, "roadmaps/list.html", context)


# --- Create and edit ------------------------------------------------------------------------------


def _default_organization(user) -> int | None:
    own = user_scope(user).person_org_id
    if own:
        return own
    office = organization_choices().filter(kind__in=Organization.DISTRICT_KINDS).first()
    return office.pk if office else None


@login_required
def create(request):
    if not can_edit_roadmap(request.user):
        raise PermissionDenied("Создавать дорожные карты может только методист.")
    start, end = deadlines.academic_year_of(timezone.localdate())
    initial = {"period_start": start, "period_end": end}
    if request.method != "POST":
        initial["organization"] = _default_organization(request.user)
    form = RoadmapForm(request.POST or None, initial=initial, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            roadmap = services.roadmap_create(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Дорожная карта «{roadmap.title}» создана. Добавьте мероприятия "
                "или загрузите их из Word/Excel.",
            )
            return redirect(roadmap)
    return render(request, "roadmaps/form.html", {"active_nav": "roadmaps", "form": form, "roadmap": None})


@login_required
def update(request, pk):
    roadmap = get_roadmap_for_user(request.user, pk, for_update=True)
    title = roadmap.title  # the heading keeps the saved title while the form shows the typed one
    old_period = (roadmap.period_start, roadmap.period_end)
    form = RoadmapForm(
        request.POST or None,
        initial=RoadmapForm.initial_for(roadmap),
        today=timezone.localdate(),
        approved_before=roadmap.status == Roadmap.Status.APPROVED,
    )
    if request.method == "POST" and form.is_valid():
        try:
            roadmap = services.roadmap_update(user=request.user, roadmap=roadmap, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if (roadmap.period_start, roadmap.period_end) == old_period:
                messages.success(request, "Изменения сохранены.")
            else:
                n = _unparsed_rows(roadmap).count()
                text = (
                    "Изменения сохранены. Сроки пересчитаны для нового периода: "
                    f"{n} {plural(n, 'строка', 'строки', 'строк')} "
                    f"не {plural(n, 'распознана', 'распознаны', 'распознано')}"
                )
                if n:
                    messages.warning(request, f"{text} — укажите даты вручную.")
                else:
                    messages.success(request, f"{text}.")
            return redirect(roadmap)
    context = {"active_nav": "roadmaps", "form": form, "roadmap": roadmap, "title": title}
    return render(request, "roadmaps/form.html", context)


# --- Copy to a new period ------------------------------------------------------------------------------


@login_required
def copy(request, pk):
    # Not for_update: an archived roadmap (last year's) is exactly what gets copied to the new year.
    roadmap = get_roadmap_for_user(request.user, pk)
    if not can_change_roadmap(request.user, roadmap):
        raise PermissionDenied("Копировать дорожные карты может только методист.")
    owner = owners.owner_of(roadmap)
    if owner is not None and owner.copy_url(roadmap):
        return redirect(owner.copy_url(roadmap))  # the owner copies its record along with the roadmap
    # «?to=current»: the offer made instead of approving a roadmap whose period has ended.
    today = timezone.localdate() if request.GET.get("to") == "current" else None
    form = CopyForm(request.POST or None, initial=CopyForm.initial_for(roadmap, today=today))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.roadmap_copy(
                user=request.user,
                roadmap=roadmap,
                period_start=data["period_start"],
                period_end=data["period_end"],
                title=data["title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            rows = new.rows.count()
            unparsed = list(_unparsed_rows(new).values_list("deadline_text", flat=True)[:1])
            n = _unparsed_rows(new).count()
            text = (
                f"Создана копия на {new.period_label} (черновик): "
                f"{rows} {plural(rows, 'строка', 'строки', 'строк')}."
            )
            if n:
                example = f" (например, «{unparsed[0]}»)" if unparsed and unparsed[0] else ""
                messages.warning(
                    request,
                    f"{text} В новом периоде {n} {plural(n, 'срок', 'срока', 'сроков')} "
                    f"не {plural(n, 'распознан', 'распознаны', 'распознано')}{example} — "
                    "укажите даты вручную.",
                )
            else:
                messages.success(request, f"{text} Все сроки распознаны для нового периода.")
            return redirect(new)
    return render(request, "roadmaps/copy.html", {"active_nav": "roadmaps", "form": form, "roadmap": roadmap})


# --- The agenda ------------------------------------------------------------------------------------------


@login_required
def agenda(request):
    today = timezone.localdate()
    scope = user_scope(request.user)
    data = request.GET.copy() if request.GET else None
    if not scope.district_wide and scope.school_ids and "school" not in request.GET:
        # A director starts from the deadlines of their own school; «Все школы» lifts it.
        data = data or QueryDict(mutable=True)
        data["school"] = str(min(scope.school_ids))
    filterset = AgendaFilter(
        data,
        queryset=agenda_selectors.occurrences_for_user(request.user),
        user=request.user,
        roadmaps=agenda_selectors.roadmaps_for_agenda(request.user),
    )
    cleaned = filterset.cleaned
    context = {
        "active_nav": "agenda",
        "filter": filterset,
        "today": today,
        "view": cleaned.get("view") or "list",
        "can_add": can_edit_roadmap(request.user),
    }
    if context["view"] == "month":
        month = agenda_selectors.parse_month(request.GET.get("month"), cleaned.get("date_from") or today)
        context["calendar"] = agenda_selectors.build_month(filterset.qs, month=month, today=today)
    elif request.GET.get("group") in agenda_selectors.GROUP_KEYS:
        # One group alone, by pages: what «Ещё N — показать» under a capped group opens.
        context["group_page"] = agenda_selectors.build_group_page(
            filterset.qs,
            today=today,
            key=request.GET["group"],
            page=agenda_selectors.parse_page(request.GET.get("page")),
            date_from=cleaned.get("date_from"),
            date_to=cleaned.get("date_to"),
        )
    else:
        context["agenda"] = agenda_selectors.build_agenda(
            filterset.qs, today=today, date_from=cleaned.get("date_from"), date_to=cleaned.get("date_to")
        )
    return render(request, "roadmaps/agenda.html", context)
