"""Who may see and change orders. Outsiders get 404, read-only users 403.

District staff (методист, администратор) see every order of the district. A school's director sees,
drafts, edits, signs and cancels the orders their school issues (a school's own order «О закреплении
наставнических пар»), and sees a district draft they prepared themselves; everything else is 404 to
them, and teachers see no orders. Methodists and administrators draft and edit the district's orders;
only an administrator signs them, attaches a qualified signature, cancels a signed order and changes the
settings; only a named approver decides on an approval.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from directory.access import user_scope
from directory.models import Organization

from .models import Order

#: What a user may want to do with an order (the `action` of get_order_for_user).
VIEW, EDIT, REVIEW, SIGN, CANCEL = "view", "edit", "review", "sign", "cancel"


def orders_visible_to(user) -> QuerySet[Order]:
    scope = user_scope(user)
    if scope.district_wide:
        return Order.objects.all()
    if scope.school_ids:
        return Order.objects.filter(Q(issuer_id__in=scope.school_ids) | Q(created_by_id=user.pk))
    return Order.objects.none()


def issues_for_school(user, order: Order | None) -> bool:
    """The user directs the school that issues this order (a school's own order)."""
    return order is not None and order.issuer_id in user_scope(user).school_ids


def can_draft(user, order: Order | None = None) -> bool:
    """Drafts and edits the district's orders; with `order`: may edit this one (a director: their
    school's)."""
    scope = user_scope(user)
    return scope.is_methodist or scope.is_administrator or issues_for_school(user, order)


def can_sign(user, order: Order | None = None) -> bool:
    """Signs the district's orders; with `order`: may sign this one (a director: their school's)."""
    return user_scope(user).is_administrator or issues_for_school(user, order)


def settings_issuers(user) -> QuerySet[Organization]:
    """The issuers whose numbering and layout the user sets: an administrator the district's offices, a
    director their school (its own orders: «О закреплении наставнических пар»)."""
    scope = user_scope(user)
    if scope.is_administrator:
        return Organization.objects.filter(kind__in=Organization.DISTRICT_KINDS).order_by(
            "kind", "short_name"
        )
    return Organization.objects.filter(pk__in=scope.school_ids).order_by("short_name")


def can_manage_settings(user, issuer: Organization | None = None) -> bool:
    if issuer is None:
        return user_scope(user).is_administrator or bool(user_scope(user).school_ids)
    return settings_issuers(user).filter(pk=issuer.pk).exists()


def can(user, action: str, order: Order | None = None) -> bool:
    if action == VIEW:
        return user_scope(user).district_wide
    if action in (EDIT, REVIEW):
        return can_draft(user, order)
    if action == SIGN:
        return can_sign(user, order)
    if action == CANCEL:
        # A draft may be withdrawn by whoever drafts; a signed order is cancelled by who signs.
        if order is not None and not order.signed_or_signing:
            return can_draft(user, order)
        return can_sign(user, order)
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
