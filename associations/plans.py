"""Part 2: the year's work plan of an association («План работы ШМО/РМО на 2026-2027 учебный год»).

A plan is a roadmap of kind «план работы МО» owned by the association (roadmaps/owners.py): the same
editor, deadline parser, occurrences, import, export, copy and reminders. This module holds who may do
what with a plan, its services (create, copy to the next year, import into it, the approval block,
approve) and the printed PDF with the approval block above the title.

Who edits: a ШМО's plan — its head, the school's director, a методист; an РМО/ГМО plan — its head and a
методист. Members and the district's administrator read it; others get 404.

Approval: an association's plan is approved by those who edit it, without an order of the district
(«Утвердить план»: the roadmap's status becomes «утверждена», so its items get due dates that remind
and the plan is read-only but for corrections, as any approved roadmap). The school's own order
(«Утверждено приказом … от … № …») is written in the approval block and printed; it may link an order of
the orders app when the school keeps its orders here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse

from core.academic_year import academic_year_label
from core.russian import format_date, number_with_sign
from directory.access import user_scope
from directory.models import Role
from orders import services as order_services
from orders.document import Appendix
from roadmaps import import_services as roadmap_imports
from roadmaps import services as roadmap_services
from roadmaps.models import Roadmap
from roadmaps.order_appendix import content as roadmap_content
from roadmaps.order_table import intro as roadmap_intro
from roadmaps.order_table import to_appendix
from roadmaps.owners import RoadmapOwner, register_owner

from .access import associations_visible_to, get_association_for_user
from .models import Association, AssociationPlan, AssociationTheme

KIND = Roadmap.Kind.ASSOCIATION_PLAN
STALE = "План уже изменил другой пользователь. Обновите страницу: ваши данные ниже."

# --- Access ------------------------------------------------------------------------------------------


def can_edit_plan(user, association: Association) -> bool:
    """A ШМО's plan: its head, the school's director, a методист; an РМО's: its head and a методист."""
    scope = user_scope(user)
    return (
        scope.is_methodist
        or association.pk in scope.association_ids
        or (association.is_school and association.organization_id in scope.school_ids)
    )


def get_plan_for_user(user, pk, plan_pk, *, for_update: bool = False) -> AssociationPlan:
    association = get_association_for_user(user, pk)
    plan = association.plans.select_related("roadmap").filter(pk=plan_pk).first()
    if plan is None:
        raise Http404("План не найден.")
    plan.association = association
    if for_update and not can_edit_plan(user, association):
        raise PermissionDenied("Изменять план может руководитель объединения, директор школы или методист.")
    return plan


def _plan_of(roadmap: Roadmap) -> AssociationPlan | None:
    """The plan owning the roadmap, read once per roadmap object."""
    if not hasattr(roadmap, "_association_plan"):
        roadmap._association_plan = (
            AssociationPlan.objects.select_related("association").filter(roadmap_id=roadmap.pk).first()
        )
    return roadmap._association_plan


def _visible(user) -> Q:
    return Q(
        pk__in=AssociationPlan.objects.filter(association__in=associations_visible_to(user)).values(
            "roadmap_id"
        )
    )


def _can_edit(user, roadmap: Roadmap) -> bool:
    plan = _plan_of(roadmap)
    return plan is not None and can_edit_plan(user, plan.association)


def plan_heads(roadmap_ids: Collection[int]) -> dict[int, set[int]]:
    """Roadmap id -> the active users who head its association: the head and the deputy, and whoever
    holds the role «руководитель МО» scoped to it (two queries)."""
    plans = list(
        AssociationPlan.objects.filter(roadmap_id__in=roadmap_ids).values_list(
            "roadmap_id",
            "association_id",
            "association__head__user_id",
            "association__head__user__is_active",
            "association__deputy__user_id",
            "association__deputy__user__is_active",
        )
    )
    by_association: dict[int, set[int]] = {}
    for _, association_id, head, head_active, deputy, deputy_active in plans:
        users = by_association.setdefault(association_id, set())
        users |= {uid for uid, active in ((head, head_active), (deputy, deputy_active)) if uid and active}
    roles = Role.objects.filter(
        kind=Role.Kind.ASSOCIATION_HEAD, scope_id__in=list(by_association), user__is_active=True
    ).values_list("scope_id", "user_id")
    for scope_id, user_id in roles:
        by_association.setdefault(scope_id, set()).add(user_id)
    return {
        roadmap_id: set(by_association.get(association_id, ())) for roadmap_id, association_id, *_ in plans
    }


def _copy_url(roadmap: Roadmap) -> str | None:
    plan = _plan_of(roadmap)
    return reverse("associations:plan_copy", args=[plan.association_id, plan.pk]) if plan else None


def _back_link(roadmap: Roadmap) -> tuple[str, str] | None:
    plan = _plan_of(roadmap)
    if plan is None:
        return None
    return f"{plan.association.name}: план работы", plan.association.get_absolute_url() + "#section-plan"


def register() -> None:
    register_owner(
        RoadmapOwner(
            kind=KIND,
            visible=_visible,
            can_edit=_can_edit,
            heads=plan_heads,
            copy_url=_copy_url,
            back_link=_back_link,
        )
    )


# --- Services ----------------------------------------------------------------------------------------


def plan_title(association: Association, year: int) -> str:
    return f"План работы {association.name} на {academic_year_label(year)} учебный год"


def _period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def _exists(association: Association, year: int) -> ValidationError:
    return ValidationError(f"План работы на {academic_year_label(year)} учебный год уже есть.")


@transaction.atomic
def plan_create(*, user, association: Association, year: int) -> AssociationPlan:
    """An empty draft plan for the academic year `year` (2026 = 2026-2027), or ValidationError."""
    if AssociationPlan.objects.filter(association=association, year=year).exists():
        raise _exists(association, year)
    start, end = _period(year)
    roadmap = roadmap_services.roadmap_create(
        user=user,
        data={
            "title": plan_title(association, year),
            "kind": KIND,
            "period_start": start,
            "period_end": end,
            "status": Roadmap.Status.DRAFT,
            "organization": association.organization,
        },
    )
    return _record(association=association, year=year, roadmap=roadmap)


def _record(*, association: Association, year: int, roadmap: Roadmap, **fields) -> AssociationPlan:
    try:
        with transaction.atomic():
            return AssociationPlan.objects.create(
                association=association, year=year, roadmap=roadmap, **fields
            )
    except IntegrityError as exc:  # created meanwhile by someone else
        raise _exists(association, year) from exc


@transaction.atomic
def plan_copy(*, user, plan: AssociationPlan) -> AssociationPlan:
    """The plan copied to the next academic year: a draft, deadlines re-read, the approval block empty."""
    association, year = plan.association, plan.year + 1
    if AssociationPlan.objects.filter(association=association, year=year).exists():
        raise _exists(association, year)
    start, end = _period(year)
    roadmap = roadmap_services.roadmap_copy(
        user=user,
        roadmap=plan.roadmap,
        period_start=start,
        period_end=end,
        title=plan_title(association, year),
    )
    return _record(association=association, year=year, roadmap=roadmap, directions=plan.directions)


def plan_import(*, user, plan: AssociationPlan, name: str, data: bytes) -> int:
    """Rows of a Word/Excel plan appended to the plan (roadmaps' import); raises ImportRejected."""
    if plan.roadmap.status == Roadmap.Status.ARCHIVED:
        raise ValidationError("План в архиве; его нельзя изменять.")
    return roadmap_imports.roadmap_import_into(user=user, roadmap=plan.roadmap, name=name, data=data)


APPROVAL_FIELDS = (
    "directions",
    "reviewed_protocol",
    "reviewed_on",
    "agreed_by",
    "agreed_on",
    "approved_by",
    "approved_order_number",
    "approved_order_date",
)


@transaction.atomic
def plan_details_save(*, plan: AssociationPlan, data: dict, version: int) -> AssociationPlan:
    """The directions of work and the approval block; compare-and-set on `version` (a stale form fails)."""
    values = {name: data[name] for name in APPROVAL_FIELDS if name in data}
    updated = AssociationPlan.objects.filter(pk=plan.pk, version=version).update(
        **values, version=version + 1
    )
    if not updated:
        raise ValidationError(STALE)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_approve(*, user, plan: AssociationPlan) -> Roadmap:
    """Approve the plan (the roadmap's status): its items' due dates then remind and count."""
    roadmap = Roadmap.objects.select_for_update().get(pk=plan.roadmap_id)
    if roadmap.status == Roadmap.Status.APPROVED:
        raise ValidationError("План уже утверждён.")
    if roadmap.status == Roadmap.Status.ARCHIVED:
        raise ValidationError("План в архиве; его нельзя утвердить.")
    if not roadmap.rows.filter(is_heading=False).exists():
        raise ValidationError("В плане нет ни одного мероприятия: добавьте их или загрузите из Word/Excel.")
    return roadmap_services.roadmap_update(
        user=user, roadmap=roadmap, data={"status": Roadmap.Status.APPROVED}
    )


# --- Reads -------------------------------------------------------------------------------------------


def plan_for_year(association: Association, year: int) -> AssociationPlan | None:
    """The year's plan with its number of items (one query)."""
    return (
        association.plans.filter(year=year)
        .select_related("roadmap")
        .annotate(items=Count("roadmap__rows", filter=Q(roadmap__rows__is_heading=False)))
        .first()
    )


def analysis_facts(
    association: Association, year: int, *, today: dt.date | None = None
) -> list[tuple[str, str]]:
    """The analysis's «Выполнение плана работы» group: the plan's state, items, dates passed (2 queries).

    Nobody reports on an association's plan item, so «passed» counts the due dates that came by the end
    of the year (or by today, for the current year) — what the head accounts for in the analysis.
    """
    from django.utils import timezone

    from roadmaps.models import Occurrence

    plan = plan_for_year(association, year)
    if plan is None:
        return [("План работы", "не составлен")]
    today = today or timezone.localdate()
    last = min(today, plan.roadmap.period_end)
    dates = Occurrence.objects.filter(
        row__roadmap_id=plan.roadmap_id, row__is_heading=False, is_active=True
    ).aggregate(total=Count("pk"), passed=Count("pk", filter=Q(due_date__lte=last)))
    return [
        ("План работы", plan.roadmap.get_status_display()),
        ("Мероприятий в плане", str(plan.items)),
        ("Сроков по плану / из них наступило", f"{dates['total']} / {dates['passed']}"),
    ]


# --- The printed plan --------------------------------------------------------------------------------

BLANK = "________"


def _date(value: dt.date | None) -> str:
    return format_date(value) if value else BLANK


def approval_blocks(plan: AssociationPlan) -> tuple[tuple[str, ...], ...]:
    """«Рассмотрено на заседании ШМО, протокол № 1 от 28.08.2026», «Согласовано …», «Утверждено …»."""
    association = plan.association
    body = {Association.Kind.SCHOOL: "ШМО", Association.Kind.DISTRICT: "РМО", Association.Kind.CITY: "ГМО"}
    reviewed = (
        "РАССМОТРЕНО",
        f"на заседании {body.get(association.kind, 'методического объединения')}",
        f"протокол № {plan.reviewed_protocol or BLANK} от {_date(plan.reviewed_on)}",
    )
    agreed = ("СОГЛАСОВАНО", plan.agreed_by or BLANK, _date(plan.agreed_on))
    number, date = plan.approved_order_number, plan.approved_order_date
    order = plan.approving_order
    if order is not None and order.registration_number:
        number, date = order.registration_number, order.date
    by = plan.approved_by or ""
    approved = (
        "УТВЕРЖДЕНО",
        f"приказом {by}".strip(),
        f"от {_date(date)} {number_with_sign(number) if number else '№ ' + BLANK}",
    )
    return reviewed, agreed, approved


def plan_appendix(plan: AssociationPlan) -> Appendix:
    """The plan as printed: approval block, title, theme, goal, tasks, directions, the table."""
    roadmap = plan.roadmap
    appendix = to_appendix(roadmap_content(roadmap, approves=False, position=1))
    theme = AssociationTheme.objects.filter(association_id=plan.association_id, year=plan.year).first()
    intro = []
    if theme is not None:
        intro.append(f"Методическая тема: {theme.theme}")
    intro += roadmap_intro(roadmap.goal, roadmap.tasks)
    directions = [line.strip() for line in plan.directions.splitlines() if line.strip()]
    if directions:
        intro += ["Направления работы:", *directions]
    return dataclasses.replace(appendix, intro=tuple(intro), approval_blocks=approval_blocks(plan))


def plan_pdf(plan: AssociationPlan) -> bytes:
    issuer = order_services.default_issuer(organization=plan.association.organization)
    return order_services.appendix_pdf(appendix=plan_appendix(plan), issuer=issuer)
