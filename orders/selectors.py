"""Reads of orders: the journal, one order's page, the public verification record."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from directory.models import Organization

from . import points as points_module
from . import registry
from .access import orders_visible_to
from .models import Order, OrderApproval
from .wording import approval_word


def journal(*, user) -> QuerySet[Order]:
    """Orders the user sees, newest registration first (drafts on top), with what the journal shows."""
    return orders_visible_to(user).select_related("issuer", "signatory", "created_by")


def awaiting_decision_of(*, person_id: int | None, signs: bool) -> QuerySet[Order]:
    """Projects on review waiting for this person: their visa in the current round, or — for one who
    signs — their signature, once every visa is in and the project names them as signatory, or nobody
    who could sign it themselves (as signing_problems allows)."""
    if person_id is None:
        return Order.objects.none()
    current = OrderApproval.objects.filter(
        order=OuterRef("pk"), round=OuterRef("review_round"), decision=OrderApproval.Decision.PENDING
    )
    waiting = Q(Exists(current.filter(person_id=person_id)))
    if signs:
        signatory = Q(signatory_id=person_id) | Q(signatory__isnull=True) | Q(signatory__user__isnull=True)
        waiting |= ~Q(Exists(current)) & signatory
    return Order.objects.filter(waiting, status=Order.Status.REVIEW)


def journal_years(queryset: QuerySet[Order]) -> list[int]:
    years = set(queryset.exclude(sequence_year=None).values_list("sequence_year", flat=True).distinct())
    years |= {d.year for d in queryset.exclude(date=None).dates("date", "year")}
    return sorted(years, reverse=True)


def issuers_with_orders() -> QuerySet[Organization]:
    return Organization.objects.filter(pk__in=Order.objects.values("issuer_id")).order_by(
        "kind", "short_name"
    )


@dataclass
class AppendixLine:
    position: int
    title: str
    kind: str  # an appendix kind's key ("roadmaps.roadmap") or "file"
    url: str
    description: str = ""  # «дорожная карта, строк: 12»
    approves: bool = False
    approval_word: str = ""
    attachment_id: int | None = None


def order_page(order: Order) -> dict:
    """Everything the order's page shows, in a fixed number of queries."""
    sources = list(order.appendices.order_by("position"))
    infos: dict[str, dict] = {}
    for key in {a.source_kind for a in sources}:
        infos[key] = registry.get(key).describe([a.source_id for a in sources if a.source_kind == key])
    appendices = []
    for a in sources:
        info = infos[a.source_kind].get(a.source_id) or registry.SourceInfo(title="(документ удалён)")
        appendices.append(
            AppendixLine(
                position=a.position,
                title=info.title,
                kind=a.source_kind,
                url=info.url,
                description=info.description,
                approves=a.approves,
                approval_word=info.approval_word,
            )
        )
    attachments = list(order.attachments.all())
    appendices += [
        AppendixLine(
            position=a.position,
            title=a.title,
            kind="file",
            url="",
            approves=a.approves,
            approval_word=approval_word(a.title).lower(),
            attachment_id=a.pk,
        )
        for a in attachments
        if a.kind == a.Kind.APPENDIX
    ]
    appendices.sort(key=lambda a: a.position)
    approvals = list(order.approvals.select_related("person__user").order_by("-round", "pk"))
    rounds: dict[int, list[OrderApproval]] = {}
    for approval in approvals:
        rounds.setdefault(approval.round, []).append(approval)
    return {
        "points": points_module.flatten(points_module.numbered(order.points or [])),
        "appendices": appendices,
        "materials": [a for a in attachments if a.kind == a.Kind.MATERIAL],
        "rounds": sorted(rounds.items(), reverse=True),
        "current_approvals": rounds.get(order.review_round, []),
        "events": list(order.events.select_related("user").order_by("-at", "-pk")[:100]),
        "amended_by": list(order.amended_by.exclude(status=Order.Status.CANCELLED).order_by("date")),
        "cancelled_by": list(order.cancelled_by.filter(status=Order.Status.SIGNED)),
    }


def pending_approval_for(order: Order, user) -> OrderApproval | None:
    if order.status != Order.Status.REVIEW or not user.is_authenticated:
        return None
    return (
        order.approvals.filter(
            round=order.review_round, decision=OrderApproval.Decision.PENDING, person__user=user
        )
        .select_related("person")
        .first()
    )


def verifiable_order(*, token: str) -> Order:
    """The order behind a QR code: only one that was signed (its PDF archived or still being rendered), or
    registered from a paper original (404 for anything else)."""
    order = (
        Order.objects.filter(verification_token=token)
        .filter(~Q(pdf_sha256="") | Q(status__in=[Order.Status.PAPER, Order.Status.SIGNING]))
        .select_related("issuer")
        .only(
            "registration_number",
            "date",
            "heading",
            "signatory_position",
            "signatory_name",
            "status",
            "pdf_sha256",
            "content_sha256",
            "cancelled_at",
            "issuer__name",
            "issuer__short_name",
        )
        .first()
    )
    if order is None:
        raise Http404("Приказ не найден.")
    return order
