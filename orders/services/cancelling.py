"""Cancelling: withdrawing a draft, cancelling a signed order by another signed order."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from orders import access, registry
from orders.models import (
    Order,
    OrderEvent,
)
from orders.services._common import _lock, _log


def _mark_cancelled(*, user, order: Order, note: str) -> None:
    order.status = Order.Status.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at", "updated_at"])
    if not order.was_signed:
        for kind in registry.kinds():
            kind.on_withdrawn(user=user, order=order)
    _log(order=order, user=user, action=OrderEvent.Action.CANCEL, note=note)


@transaction.atomic
def order_cancel(*, user, order: Order, by_order: Order | None = None) -> Order:
    """Withdraw a draft, or cancel a signed order by another signed order of the same issuer."""
    locked = _lock(order)
    if locked.status == Order.Status.CANCELLED:
        raise ValidationError("Приказ уже отменён.")
    if locked.is_signing:
        raise ValidationError("Приказ подписан, его PDF ещё формируется: отменить его можно после этого.")
    if not locked.was_signed:
        if not access.can_draft(user, locked):
            raise PermissionDenied("Отменять проекты могут методисты и администраторы.")
        _mark_cancelled(user=user, order=locked, note="Проект отменён.")
        return locked
    if not access.can_sign(user, locked):
        raise PermissionDenied(
            "Отменять подписанные приказы может только администратор (начальник управления)."
        )
    if by_order is None:
        raise ValidationError("Подписанный приказ отменяется другим приказом: укажите его.")
    by = _lock(by_order)
    if by.pk == locked.pk:
        raise ValidationError("Приказ не может отменить сам себя.")
    if by.status != Order.Status.SIGNED or by.issuer_id != locked.issuer_id:
        raise ValidationError("Отменяющий приказ должен быть подписанным приказом того же издателя.")
    if by.date < locked.date:
        raise ValidationError("Отменяющий приказ не может быть издан раньше отменяемого.")
    if by.cancels_id and by.cancels_id != locked.pk:
        raise ValidationError(f"Приказ {by.number_label} уже отменяет другой приказ.")
    if not by.cancels_id:
        Order.objects.filter(pk=by.pk).update(cancels=locked)
    _mark_cancelled(
        user=user, order=locked, note=f"Отменён приказом {by.number_label} от {by.date:%d.%m.%Y}."
    )
    return locked


def signed_orders_for_cancelling(order: Order):
    """Signed orders of the same issuer that could cancel `order`."""
    return (
        Order.objects.filter(issuer_id=order.issuer_id, status=Order.Status.SIGNED, date__gte=order.date)
        .exclude(pk=order.pk)
        .filter(Q(cancels__isnull=True) | Q(cancels=order))
        .order_by("-date", "-sequence_number")
    )
