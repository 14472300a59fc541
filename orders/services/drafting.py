"""Creating and editing drafts: generic drafts with feature apps' appendices, drafts recovered from a
document, follow-up orders that amend or cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from directory.models import Organization
from orders import points as points_module
from orders import registry
from orders.models import (
    Order,
    OrderAppendix,
    OrderEvent,
    normalize_heading,
    validate_heading,
)
from orders.services._common import EDITABLE_FIELDS, SIGNED_IS_FINAL, _lock, _log, person_of
from orders.services.order_settings import settings_for
from orders.services.people import CONTROL_SELF, issuer_by_name, match_person, phone_of

AppendixSpec = tuple[str, int, bool]  # (appendix kind key, source id, the order approves it)


def _create(*, user, issuer: Organization, data: dict[str, Any], appendices: Sequence[AppendixSpec] = ()):
    order_settings = settings_for(issuer=issuer)
    data = {"place": order_settings.place, "higher_body": order_settings.higher_body, **data}
    data["heading"] = normalize_heading(data["heading"])
    validate_heading(data["heading"])
    problems = points_module.validate_points(data.get("points", []))
    if problems:
        raise ValidationError({"points": problems})
    order = Order(issuer=issuer, created_by=user if user and user.is_authenticated else None, **data)
    order.full_clean(exclude=["verification_token"])
    order.save()
    for position, (kind, source_id, approves) in enumerate(appendices, start=1):
        registry.get(kind)  # an unknown kind fails here, not when the order is printed
        OrderAppendix.objects.create(
            order=order, source_kind=kind, source_id=source_id, position=position, approves=approves
        )
    _log(order=order, user=user, action=OrderEvent.Action.CREATE)
    return order


@transaction.atomic
def order_draft_create(
    *,
    user,
    issuer: Organization,
    heading: str,
    points: list,
    preamble: str = "",
    appendices: Sequence[AppendixSpec] = (),
    **fields: Any,
) -> Order:
    """A new draft: heading, preamble, points (orders.points nodes) and appendices from feature apps.

    `fields` are further editable fields (signatory, signatory_position, signatory_name, executor_name,
    executor_phone, place, notes, kind, date, higher_body); place and higher body default to the issuer's
    order settings.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"order_draft_create() got unexpected fields: {sorted(unknown)}")
    data = {**fields, "heading": heading, "preamble": preamble, "points": points}
    return _create(user=user, issuer=issuer, data=data, appendices=appendices)


def source_notes(source: dict[str, Any], file_name: str) -> str:
    """The notes of a draft recovered from a document: where it came from and its original requisites."""
    lines = []
    origin = f"из документа «{file_name}»" if file_name else "из загруженного документа"
    requisites = []
    if source.get("date"):
        requisites.append(f"от {dt.date.fromisoformat(source['date']):%d.%m.%Y}")
    if source.get("number"):
        requisites.append(f"№\u00a0{source['number']}")
    lines.append(f"Проект восстановлен {origin}.")
    if requisites:
        lines.append(
            "Исходный номер: приказ "
            + " ".join(requisites)
            + ". Регистрационный номер даётся при подписании."
        )
    if source.get("issuer"):
        lines.append("Издатель в документе: " + " ".join(source["issuer"]) + ".")
    if source.get("executor_position") or source.get("executor_name"):
        lines.append(
            "Исполнитель в документе: "
            + ", ".join(
                p for p in (source.get("executor_position"), source.get("executor_name")) if p
            ).rstrip(".")
            + "."
        )
    return "\n".join(lines)


@transaction.atomic
def order_draft_from_recovered(
    *,
    user,
    recovered: dict[str, Any],
    file_name: str,
    fallback_heading: str,
    fallback_issuer: Organization,
    appendix: tuple[str, int] | None = None,
) -> Order | None:
    """A draft from an order recovered from an uploaded document (heading, preamble, points, requisites).

    None when nothing of an order was recovered. The recovered date and number stay in the notes as the
    original requisites: the registration number is given only at signing. The appendix (kind, source
    id) is approved when the heading says «Об утверждении …».
    """
    if not (recovered.get("heading") or recovered.get("points")):
        return None
    issuer = issuer_by_name(recovered.get("issuer") or []) or fallback_issuer
    heading = normalize_heading(recovered.get("heading", ""))
    try:
        validate_heading(heading)
    except ValidationError:
        heading = fallback_heading
    signatory = match_person(recovered.get("signatory_name", ""), prefer=issuer)
    executor = match_person(recovered.get("executor_name", ""))
    points = points_module.from_recovered(recovered.get("points") or [], recovered.get("point_numbers"))
    data = {
        "heading": heading,
        "preamble": " ".join((recovered.get("preamble") or "").split()),
        "points": points,
        "signatory": signatory,
        "signatory_position": recovered.get("signatory_position")
        or (signatory.position if signatory else ""),
        "signatory_name": signatory.signature_name if signatory else recovered.get("signatory_name", ""),
        "executor_name": executor.full_name if executor else recovered.get("executor_name", ""),
        "executor_phone": phone_of(executor),
        "notes": source_notes(recovered, file_name),
    }
    if recovered.get("place"):
        data["place"] = recovered["place"]
    approves = heading.lower().startswith("об утверждении")
    appendices = [(appendix[0], appendix[1], approves)] if appendix else []
    return _create(user=user, issuer=issuer, data=data, appendices=appendices)


@transaction.atomic
def order_create_follow_up(*, user, order: Order, cancel: bool) -> Order:
    """A draft that amends (or cancels) a signed order, with the heading and points to start from."""
    if order.status != Order.Status.SIGNED:
        raise ValidationError("Изменить или отменить можно только подписанный и действующий приказ.")
    genitive = order.order_settings().genitive
    reference = f"{genitive} от {order.date:%d.%m.%Y} № {order.registration_number}"
    if cancel:
        heading = f"О признании утратившим силу приказа {reference}"
        first = f"Признать утратившим силу приказ {reference} «{order.heading}»."
    else:
        heading = f"О внесении изменений в приказ {reference}"
        first = f"Внести в приказ {reference} «{order.heading}» следующие изменения:"
    executor = person_of(user)
    data = {
        "kind": order.kind,
        "heading": heading,
        "preamble": (
            "В целях приведения распорядительных документов в соответствие с фактической потребностью,"
        ),
        "points": [points_module.point(first), points_module.point(CONTROL_SELF)],
        "signatory": order.signatory,
        "signatory_position": order.signatory_position,
        "signatory_name": order.signatory_name,
        "executor_name": executor.full_name if executor else order.executor_name,
        "executor_phone": phone_of(executor) or order.executor_phone,
        "place": order.place,
        "higher_body": order.higher_body,
        "cancels" if cancel else "amends": order,
    }
    return _create(user=user, issuer=order.issuer, data=data)


def _check_editable(order: Order) -> None:
    if order.signed_or_signing:
        raise ValidationError(SIGNED_IS_FINAL)
    if order.status == Order.Status.CANCELLED:
        raise ValidationError("Проект отменён; изменить его нельзя.")
    if order.status == Order.Status.PAPER:
        raise ValidationError("Приказ внесён с бумажного оригинала; изменить его нельзя.")
    if order.status == Order.Status.REVIEW:
        raise ValidationError("Проект на согласовании. Чтобы изменить его, верните проект на доработку.")


@transaction.atomic
def order_update(
    *, user, order: Order, data: dict[str, Any], appendices: dict[str, Sequence[int]] | None = None
) -> Order:
    """Change a draft; `appendices` (when given: kind key → source ids) become its appendices of those
    kinds, in this order (a source already attached keeps whether the order approves it)."""
    locked = _lock(order)
    _check_editable(locked)
    data = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    if "heading" in data:
        data["heading"] = normalize_heading(data["heading"])
        try:
            validate_heading(data["heading"])
        except ValidationError as exc:
            raise ValidationError({"heading": exc.messages}) from exc
    if "points" in data:
        problems = points_module.validate_points(data["points"])
        if problems:
            raise ValidationError({"points": problems})
    new_signatory = data.get("signatory", locked.signatory)
    if "signatory" in data and new_signatory is not None and new_signatory.pk != locked.signatory_id:
        if not data.get("signatory_name") or data.get("signatory_name") == locked.signatory_name:
            data["signatory_name"] = new_signatory.signature_name
        if not data.get("signatory_position") or data.get("signatory_position") == locked.signatory_position:
            data["signatory_position"] = new_signatory.position
    changed = [name for name, value in data.items() if getattr(locked, name) != value]
    for name, value in data.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["verification_token"])
    locked.save()
    if appendices is not None and _replace_appendices(locked, appendices):
        changed.append("appendices")
    if changed:
        labels = sorted({_field_label(name) for name in changed})
        _log(order=locked, user=user, action=OrderEvent.Action.UPDATE, note="Изменено: " + ", ".join(labels))
    return locked


def _replace_appendices(order: Order, wanted: dict[str, Sequence[int]]) -> bool:
    """Make the order's appendices of the given kinds these sources (other kinds stay); True if changed."""
    existing = list(order.appendices.order_by("position"))
    current = {kind: [a.source_id for a in existing if a.source_kind == kind] for kind in wanted}
    if current == {kind: list(ids) for kind, ids in wanted.items()}:
        return False
    target = [(kind, source_id) for kind, ids in wanted.items() for source_id in ids]
    for kind in wanted:
        registry.get(kind)
    approves = {(a.source_kind, a.source_id): a.approves for a in existing}
    kept = [(a.source_kind, a.source_id) for a in existing if a.source_kind not in wanted]
    order.appendices.all().delete()
    for position, (kind, source_id) in enumerate(kept + target, start=1):
        OrderAppendix.objects.create(
            order=order,
            source_kind=kind,
            source_id=source_id,
            position=position,
            approves=approves.get((kind, source_id), True),
        )
    return True


def _field_label(name: str) -> str:
    if name == "appendices":
        return "приложения"
    return str(Order._meta.get_field(name).verbose_name)
