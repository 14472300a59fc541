"""Registering an order signed by hand on paper before: into the journal as it was, with its own number
and date. Nothing is taken from the number sequence and no electronic signature is made."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from directory.access import user_scope
from orders.models import Order, OrderEvent
from orders.services._common import _lock, _log

_NUMBER_RE = re.compile(r"^[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё\-/.]{0,63}$")
# «Исходный номер: приказ от 15.03.2023 № 02-11/45» in the notes of a draft recovered from a document
_SOURCE_RE = re.compile(
    r"Исходный номер: приказ(?: от (\d{2})\.(\d{2})\.(\d{4}))?(?: №\s?([^\s.]+(?:\.[^\s.]+)*))?"
)


def source_requisites(order: Order) -> tuple[str, dt.date | None]:
    """The number and date the recovered document had (from the draft's notes), or ("", None)."""
    match = _SOURCE_RE.search(order.notes or "")
    if not match:
        return "", None
    day, month, year, number = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day)) if year else None
    except ValueError:
        date = None
    return (number or "").rstrip("."), date


@transaction.atomic
def order_register_paper(*, user, order: Order, registration_number: str, date: dt.date) -> Order:
    """The draft becomes the journal's record of an order already signed on paper: «внесён с бумажного
    оригинала», with the number and date written on it. The issuer's sequence is not touched."""
    if not user_scope(user).is_administrator:
        raise PermissionDenied("Вносить подписанные на бумаге приказы может только администратор.")
    locked = _lock(order)
    if locked.status not in (Order.Status.DRAFT, Order.Status.REVIEW):
        raise ValidationError("Внести как подписанный на бумаге можно только проект.")
    number = " ".join((registration_number or "").replace("№", " ").split())
    if not _NUMBER_RE.match(number):
        raise ValidationError(
            {"registration_number": "Укажите номер, как он написан на приказе, например «02-11/45»."}
        )
    if date is None or date > timezone.localdate():
        raise ValidationError({"date": "Укажите дату приказа (не позже сегодняшней)."})
    clash = Order.objects.filter(
        issuer=locked.issuer, registration_number=number, date__year=date.year
    ).exclude(pk=locked.pk)
    if clash.exists():
        raise ValidationError(
            {"registration_number": f"В журнале уже есть приказ № {number} за {date.year} год."}
        )
    locked.status = Order.Status.PAPER
    locked.registration_number = number
    locked.date = date
    locked.full_clean(exclude=["verification_token"])
    locked.save()
    _log(
        order=locked,
        user=user,
        action=OrderEvent.Action.UPDATE,
        note=f"Внесён с бумажного оригинала: приказ от {date:%d.%m.%Y} № {number}.",
    )
    return locked
