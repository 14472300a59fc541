"""The order «О закреплении наставнических пар (групп)»: a draft generated from the pairs chosen on the
pairs page, printed, numbered and signed through the orders app like any other order.

A school's order is issued by the school and signed by its director; the district's by the education
office and signed by its head. A pair without every participant's consent, an ended pair, or one
another order already fixes is refused with a Russian message, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from core.academic_year import academic_year_label, academic_year_start
from directory.access import user_scope
from notifications.services import notify
from orders import points as points_module
from orders import services as order_services
from orders.models import Order

from .access import can_manage, pairs_visible_to
from .models import Pair, PairsOrder
from .order_appendix import KIND, consent_problems

HEADING = "О закреплении наставнических пар (групп)"
NOTICE_KIND = "pairs_order_prepared"
PREAMBLES = {
    PairsOrder.Level.SCHOOL: (
        "В соответствии с Положением о системе наставничества педагогических работников "
        "образовательной организации, в целях профессиональной адаптации и развития молодых "
        "специалистов,"
    ),
    PairsOrder.Level.DISTRICT: (
        "В целях реализации целевой модели наставничества педагогических работников в "
        "образовательных организациях района, профессиональной адаптации и закрепления молодых "
        "специалистов,"
    ),
}


def fixing_orders(pair_ids: Sequence[int]) -> dict[int, Order]:
    """The order (not withdrawn) that fixes each of these pairs, if any: {pair id: order}."""
    found: dict[int, Order] = {}
    lists = (
        PairsOrder.objects.filter(pairs__in=list(pair_ids), order__isnull=False)
        .exclude(order__status=Order.Status.CANCELLED)
        .select_related("order")
        .prefetch_related("pairs")
        .order_by("pk")
    )
    wanted = set(pair_ids)
    for item in lists:
        for pair in item.pairs.all():
            if pair.pk in wanted:
                found.setdefault(pair.pk, item.order)
    return found


def _points(pairs: Sequence[Pair], level: str, signatory_id: int | None) -> list[dict]:
    year = academic_year_label(academic_year_start(min(p.starts_on for p in pairs)))
    points = [
        points_module.point(
            f"Закрепить наставнические пары (группы) на {year} учебный год в составе и на сроки согласно "
            "списку (приложение)."
        )
    ]
    # the one who signs does not appoint themself: their control point covers it
    curators = {p.curator_id: p.curator for p in pairs if p.curator_id and p.curator_id != signatory_id}
    if len(curators) == 1:
        curator = next(iter(curators.values()))
        points.append(
            points_module.point(
                order_services.appoint_point(person=curator, as_whom="куратором наставнических пар (групп)")
            )
        )
    elif curators and level == PairsOrder.Level.DISTRICT:
        points.append(
            points_module.point(
                "Руководителям образовательных организаций обеспечить сопровождение наставнических пар "
                "(групп) кураторами наставничества."
            )
        )
    points.append(
        points_module.point(
            "Наставникам совместно с наставляемыми в течение месяца со дня закрепления разработать "
            "индивидуальные образовательные маршруты (планы развития) наставляемых."
        )
    )
    points.append(points_module.point(order_services.control_point(None)))
    return points


def _check_pairs(*, user, pair_ids: Sequence[int], level: str) -> list[Pair]:
    if level not in PairsOrder.Level.values:
        raise ValidationError("Выберите, чей это приказ: школы или управления образования.")
    ids = sorted({int(i) for i in pair_ids})
    if not ids:
        raise ValidationError("Отметьте пары, которые закрепляет приказ.")
    pairs = list(
        pairs_visible_to(user)
        .filter(pk__in=ids)
        .select_related("organization", "curator")
        .prefetch_related("members__person", "members__consent_scans")
        .select_for_update(of=("self",))
        .order_by("organization__short_name", "starts_on", "pk")
    )
    if len(pairs) != len(ids):
        raise Http404("Наставническая пара не найдена.")
    if not all(can_manage(user, pair) for pair in pairs):
        raise PermissionDenied("Закреплять пары приказом может методист или директор их школы.")
    scope = user_scope(user)
    if level == PairsOrder.Level.SCHOOL:
        schools = {pair.organization_id for pair in pairs}
        if len(schools) > 1:
            raise ValidationError(
                "Приказ школы закрепляет пары одной школы. Отметьте пары одной школы или выберите приказ "
                "управления образования."
            )
    elif not (scope.district_wide or scope.school_ids):
        raise PermissionDenied("Готовить проект приказа управления могут методисты и директора.")
    problems = consent_problems(pairs)
    taken = fixing_orders(ids)
    problems += [
        f"Пара № {pk} уже закреплена приказом {order.number_label or '(проект)'}."
        for pk, order in taken.items()
    ]
    if problems:
        raise ValidationError(problems)
    return pairs


@transaction.atomic
def pairs_order_create(*, user, pair_ids: Sequence[int], level: str) -> Order:
    """A draft order fixing the chosen pairs, with the list of pairs as its appendix."""
    pairs = _check_pairs(user=user, pair_ids=pair_ids, level=level)
    school = pairs[0].organization
    issuer = school if level == PairsOrder.Level.SCHOOL else order_services.default_issuer()
    signatory = order_services.default_signatory(issuer=issuer)
    executor = order_services.person_of(user)
    if executor is not None and signatory is not None and executor.pk == signatory.pk:
        # the head prepares the draft themself: the executor is the curator when there is another one,
        # else the head (a small school's director prepares their orders)
        curator = next((p.curator for p in pairs if p.curator_id and p.curator_id != signatory.pk), None)
        executor = curator or executor
    pairs_order = PairsOrder.objects.create(
        level=level, organization=school if level == PairsOrder.Level.SCHOOL else None, created_by=user
    )
    pairs_order.pairs.set(pairs)
    order = order_services.order_draft_create(
        user=user,
        issuer=issuer,
        heading=HEADING,
        preamble=PREAMBLES[level],
        points=_points(pairs, level, signatory.pk if signatory else None),
        appendices=[(KIND, pairs_order.pk, False)],
        **order_services.signature_fields(signatory=signatory, executor=executor),
    )
    PairsOrder.objects.filter(pk=pairs_order.pk).update(order=order)
    if level == PairsOrder.Level.DISTRICT and not user_scope(user).district_wide and signatory is not None:
        # a director's draft of the district's order: the head who signs it learns of it
        author = executor.short_name if executor is not None else user.get_username()
        notify(
            recipients=[signatory.user_id],
            kind=NOTICE_KIND,
            title=f"Проект приказа «{HEADING}» от {school.short_name} ждёт подписи",
            body=f"{author} подготовил(а) проект приказа о закреплении наставнических пар: {len(pairs)}.",
            url=order.get_absolute_url(),
        )
    return order
