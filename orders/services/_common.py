"""Helpers shared by the order services: locks, the history log, hashes, the PDF engine."""

from __future__ import annotations

import hashlib
import logging

from directory.models import Person
from orders.models import (
    Order,
    OrderEvent,
)

logger = logging.getLogger("orders.services")

SIGNED_IS_FINAL = "Подписанный приказ нельзя изменить; оформите новый приказ о внесении изменений."
EDITABLE_FIELDS = (
    "kind",
    "heading",
    "preamble",
    "points",
    "signatory",
    "signatory_position",
    "signatory_name",
    "executor_name",
    "executor_phone",
    "place",
    "date",
    "higher_body",
    "notes",
)


class ArchiveDamaged(Exception):
    """The archived PDF of a signed order does not match its SHA-256 any more."""


class ArchivePending(Exception):
    """The order is signed but its PDF is still being rendered for the archive («подписывается»)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _log(*, order: Order, user, action: str, note: str = "") -> None:
    OrderEvent.objects.create(
        order=order, user=user if user and user.is_authenticated else None, action=action, note=note
    )


def person_of(user) -> Person | None:
    """The directory person of a user account (None for anonymous users and accounts without one)."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("organization").first()


def _normalized(text: str) -> str:
    return " ".join(text.upper().replace("Ё", "Е").replace("«", "").replace("»", "").replace('"', "").split())


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("issuer").get(pk=order.pk)


def _renderer():
    """The PDF engine (orders/pdf.py), imported when first needed."""
    from orders import pdf

    return pdf


def _surname_of(signature_name: str) -> str:
    return signature_name.replace("\u00a0", " ").split(" ")[-1].split(".")[-1].strip()


def _same_surname(a: str, b: str) -> bool:
    return a.strip().lower().replace("ё", "е") == b.strip().lower().replace("ё", "е")
