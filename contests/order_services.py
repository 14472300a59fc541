"""The order «Об итогах муниципального этапа конкурса …»: a draft generated from the published results
(winners and prize-winners in its points, the final summary as its appendix), signed through the orders
app by the head of the organiser. Refused with a Russian message, nothing saved, before publishing or when
the contest already has such an order."""

from __future__ import annotations

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.inflection import inflect_person
from directory.access import user_scope
from orders import points as points_module
from orders import services as order_services
from orders.models import Order

from .models import Contest, RoundResult
from .order_appendix import KIND
from .results import contest_genitive, final_standings, is_published


def _accusative(full_name: str) -> str:
    with contextlib.suppress(Exception):  # a name the dictionary cannot decline stays as written
        return inflect_person(full_name, "accs") or full_name
    return full_name


def _who(result: RoundResult) -> str:
    application = result.application
    return f"{_accusative(application.person.full_name)} ({application.organization.short_name})"


def _preamble(contest: Contest) -> str:
    level = "муниципальном" if contest.level == Contest.Level.MUNICIPAL else "школьном"
    return (
        f"В соответствии с положением о {level} этапе конкурса «{contest.name}» {contest.year} года, "
        "на основании протоколов заседаний жюри,"
    )


def heading(contest: Contest) -> str:
    return f"Об итогах {contest_genitive(contest)}"


def _points(contest: Contest, control_person) -> list[dict]:
    genitive = contest_genitive(contest)
    points = [points_module.point(f"Утвердить итоги {genitive} (приложение).")]
    all_winners: list[RoundResult] = []
    for nomination, rows in final_standings(contest):
        where = f" в номинации «{nomination.name}»" if nomination else ""
        winners = [r for r in rows if r.award == RoundResult.Award.WINNER]
        prizes = [r for r in rows if r.award == RoundResult.Award.PRIZE]
        laureates = [r for r in rows if r.award == RoundResult.Award.LAUREATE]
        all_winners += winners
        if winners:
            points.append(
                points_module.point(
                    f"Наградить дипломом победителя {genitive}{where} {', '.join(_who(r) for r in winners)}."
                )
            )
        if prizes:
            points.append(
                points_module.point(
                    f"Наградить дипломами призёров {genitive}{where}: {', '.join(_who(r) for r in prizes)}."
                )
            )
        if laureates:
            points.append(
                points_module.point(
                    f"Наградить дипломами лауреатов {genitive}{where}: "
                    f"{', '.join(_who(r) for r in laureates)}."
                )
            )
    if all_winners:
        # winners go on: from the municipal stage to the regional one, from a school's to the district's
        next_stage = "региональном" if contest.level == Contest.Level.MUNICIPAL else "муниципальном"
        points.append(
            points_module.point(
                f"Направить для участия в {next_stage} этапе конкурса «{contest.name}» "
                f"{', '.join(_who(r) for r in all_winners)}."
            )
        )
    points.append(points_module.point(f"Вручить участникам {genitive} сертификаты участника."))
    points.append(points_module.point(order_services.control_point(control_person)))
    return points


@transaction.atomic
def results_order_create(*, user, contest: Contest) -> Order:
    """A draft order about the contest's results (the organiser issues it, its head signs)."""
    contest = (
        Contest.objects.select_for_update(of=("self",))
        .select_related("organizer", "results_order")
        .get(pk=contest.pk)
    )
    if not user_scope(user).is_methodist:
        raise PermissionDenied("Приказ об итогах готовит методист.")
    if not is_published(contest):
        raise ValidationError("Сначала опубликуйте итоги конкурса.")
    if contest.results_order is not None and contest.results_order.status != Order.Status.CANCELLED:
        raise ValidationError(f"Приказ об итогах уже подготовлен: {contest.results_order}.")
    issuer = order_services.default_issuer(organization=contest.organizer)
    signatory = order_services.default_signatory(issuer=issuer)
    executor = order_services.person_of(user)
    order = order_services.order_draft_create(
        user=user,
        issuer=issuer,
        heading=heading(contest),
        preamble=_preamble(contest),
        points=_points(contest, executor if executor and signatory and executor.pk != signatory.pk else None),
        appendices=[(KIND, contest.pk, False)],
        **order_services.signature_fields(signatory=signatory, executor=executor),
    )
    Contest.objects.filter(pk=contest.pk).update(results_order=order)
    return order
