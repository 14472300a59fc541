"""Who may see and change orders. Outsiders get 404, read-only users 403.

District staff (методист, администратор) see every order of the district; nobody else sees orders
for now (directors and teachers get 404). Methodists and administrators draft and edit; only an
administrator signs, attaches a qualified signature, cancels a signed order and changes the settings;
only a named approver decides on an approval.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from directory.access import user_scope

from .models import Order

#: What a user may want to do with an order (the `action` of get_order_for_user).
VIEW, EDIT, REVIEW, SIGN, CANCEL = "view", "edit", "review", "sign", "cancel"


def orders_visible_to(user) -> QuerySet[Order]:
    if user_scope(user).district_wide:
        return Order.objects.all()
    return Order.objects.none()


def can_draft(user) -> bool:
    scope = user_scope(user)
    return scope.is_methodist or scope.is_administrator


def can_sign(user) -> bool:
    return user_scope(user).is_administrator


def can_manage_settings(user) -> bool:
    return user_scope(user).is_administrator


def can(user, action: str, order: Order | None = None) -> bool:
    if action == VIEW:
        return user_scope(user).district_wide
    if action in (EDIT, REVIEW):
        return can_draft(user)
    if action == SIGN:
        return can_sign(user)
    if action == CANCEL:
        # A draft may be withdrawn by whoever drafts; a signed order is cancelled by an administrator.
        if order is not None and not order.signed_or_signing:
            return can_draft(user)
        return can_sign(user)
    raise ValueError(action)


_REFUSALS = {
    EDIT: "Готовить и изменять проекты приказов могут методисты и администраторы.",
    REVIEW: "Направлять приказы на согласование могут методисты и администраторы.",
    SIGN: "Подписывать приказы может только администратор (начальник управления).",
    CANCEL: "Отменять подписанные приказы может только администратор (начальник управления).",
}


def get_order_for_user(user, pk, *, action: str = VIEW) -> Order:
    order = orders_visible_to(user).select_related("issuer", "signatory", "signed_by").filter(pk=pk).first()
    if order is None:
        raise Http404("Приказ не найден.")
    if action != VIEW and not can(user, action, order):
        raise PermissionDenied(_REFUSALS[action])
    return order
