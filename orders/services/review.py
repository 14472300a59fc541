"""Review (согласование): rounds of approvals, decisions, taking a project back."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from directory.models import Person, Role
from orders.models import (
    Order,
    OrderApproval,
    OrderEvent,
)
from orders.services._common import _lock, _log
from orders.services.drafting import _check_editable
from orders.services.emails import order_email


def reviewers_queryset():
    """People who can approve: district staff with an active account."""
    return (
        Person.objects.filter(
            user__is_active=True, user__roles__kind__in=[Role.Kind.METHODIST, Role.Kind.ADMINISTRATOR]
        )
        .distinct()
        .select_related("organization", "user")
    )


@transaction.atomic
def order_send_for_review(*, user, order: Order, approvers: Sequence[Person]) -> Order:
    """Start a review round: each approver gets a pending approval and an email."""
    locked = _lock(order)
    _check_editable(locked)
    people = list({p.pk: p for p in approvers}.values())
    if not people:
        raise ValidationError("Выберите хотя бы одного согласующего.")
    allowed = set(reviewers_queryset().filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    outsiders = [p for p in people if p.pk not in allowed]
    if outsiders:
        raise ValidationError(
            "Согласовывать приказы могут только методисты и администраторы с учётной записью: "
            + ", ".join(p.short_name for p in outsiders)
            + "."
        )
    locked.review_round += 1
    locked.status = Order.Status.REVIEW
    locked.save(update_fields=["review_round", "status", "updated_at"])
    for person in people:
        OrderApproval.objects.create(order=locked, person=person, round=locked.review_round)
        order_email(event="review_requested", order=locked, person=person)
    _log(
        order=locked,
        user=user,
        action=OrderEvent.Action.REVIEW,
        note="Согласующие: " + ", ".join(p.short_name for p in people),
    )
    return locked


@transaction.atomic
def order_return_to_draft(*, user, order: Order) -> Order:
    """Take a project back from review to edit it; the pending approvals of the round lapse."""
    locked = _lock(order)
    if locked.status != Order.Status.REVIEW:
        raise ValidationError("Проект не на согласовании.")
    locked.status = Order.Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    _log(order=locked, user=user, action=OrderEvent.Action.UPDATE, note="Проект возвращён на доработку.")
    return locked


@transaction.atomic
def order_decide(*, user, approval: OrderApproval, decision: str, comment: str = "") -> OrderApproval:
    """The named approver approves or rejects; a rejection sends the project back to draft."""
    approval = OrderApproval.objects.select_for_update().select_related("person").get(pk=approval.pk)
    order = _lock(approval.order)
    if approval.person.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Решение принимает только тот, кому проект направлен на согласование.")
    if order.status != Order.Status.REVIEW or approval.round != order.review_round:
        raise ValidationError("Этот проект уже не на согласовании.")
    if approval.decision != OrderApproval.Decision.PENDING:
        raise ValidationError("Вы уже приняли решение по этому проекту.")
    if decision not in (OrderApproval.Decision.APPROVED, OrderApproval.Decision.REJECTED):
        raise ValidationError("Неизвестное решение.")
    comment = comment.strip()
    if decision == OrderApproval.Decision.REJECTED and not comment:
        raise ValidationError({"comment": "Напишите, что нужно исправить."})
    approval.decision, approval.comment, approval.decided_at = decision, comment, timezone.now()
    approval.save(update_fields=["decision", "comment", "decided_at"])
    if decision == OrderApproval.Decision.REJECTED:
        order.status = Order.Status.DRAFT
        order.save(update_fields=["status", "updated_at"])
        _log(order=order, user=user, action=OrderEvent.Action.REJECT, note=comment)
        order_email(event="rejected", order=order, person=approval.person, comment=comment)
    else:
        _log(order=order, user=user, action=OrderEvent.Action.APPROVE, note=comment)
    return approval


def current_approvals(order: Order) -> list[OrderApproval]:
    if not order.review_round:
        return []
    return list(order.approvals.filter(round=order.review_round).select_related("person"))
