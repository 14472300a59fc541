"""The printed content of an order as plain JSON, its SHA-256, and the OrderDocument built from it.

The content is what a reader sees on paper: requisites, text, appendix tables. At signing it is
frozen into `Order.signed_content`; its canonical JSON (sorted keys, no spaces, UTF-8) is hashed
into `Order.content_sha256`, so the verification page can show a hash anyone can recompute.

An appendix from a feature app is written and read by its kind (orders.registry): the content keeps the
shape the kind wrote, with its "source" telling which kind reads it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from . import points as points_module
from . import registry
from .document import (
    ORDER,
    Appendix,
    OrderDocument,
    OrderLayout,
    Point,
    QualifiedSignature,
    SimpleSignature,
)
from .uploaded_pdf import damaged_attachment_message, pdf_problem
from .wording import approval_word

if TYPE_CHECKING:
    from .models import Order

CONTENT_VERSION = 1


def canonical_json(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_sha256(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def _points(nodes: list[points_module.NumberedPoint]) -> list[dict]:
    return [{"number": p.number, "text": p.text, "children": _points(list(p.children))} for p in nodes]


def source_appendix(appendix) -> dict[str, Any]:
    """The content of an appendix from a feature app (an OrderAppendix row), written by its kind."""
    kind = registry.get(appendix.source_kind)
    return kind.content(source_id=appendix.source_id, approves=appendix.approves, position=appendix.position)


def _file_appendix(attachment) -> dict[str, Any]:
    return {
        "position": attachment.position,
        "source": "file",
        "attachment_id": attachment.pk,
        "title": attachment.title,
        "approval_word": approval_word(attachment.title) if attachment.approves else "",
        "rows": [],
        "with_result_column": False,
        "landscape": False,
        "goal": "",
        "tasks": "",
        "file_sha256": attachment.sha256,
    }


def order_content(order: Order) -> dict[str, Any]:
    """The content of an order as it would be printed now."""
    order_settings = order.order_settings()
    appendices = [source_appendix(a) for a in order.appendices.order_by("position")]
    appendices += [
        _file_appendix(a) for a in order.attachments.filter(kind="appendix").order_by("position", "pk")
    ]
    appendices.sort(key=lambda a: a["position"])
    return {
        "version": CONTENT_VERSION,
        "issuer_name": order.issuer.name.upper(),
        "issuer_genitive": order_settings.genitive,
        "higher_body": order.higher_body.upper(),
        "kind_title": "ПРИКАЗ",
        "date": order.date.isoformat() if order.date else None,
        "number": order.registration_number,
        "place": order.place,
        "heading": order.heading,
        "preamble": order.preamble,
        "points": _points(points_module.numbered(order.points or [])),
        "signatory_position": order.signatory_position,
        "signatory_name": order.signatory_name,
        "executor_name": order.executor_name,
        "executor_phone": order.executor_phone,
        "appendices": appendices,
    }


def appendix_row_count(content: dict[str, Any]) -> int:
    """Table rows in all appendices (what makes a PDF slow to render)."""
    return sum(
        len(to_appendix(None, a).rows) for a in content.get("appendices", []) if a.get("source") != "file"
    )


def _to_points(nodes: list[dict]) -> tuple[Point, ...]:
    return tuple(
        Point(number=n["number"], text=n["text"], children=_to_points(n.get("children", []))) for n in nodes
    )


def _attachment_bytes(order: Order, attachment_id: int) -> bytes | None:
    attachment = order.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        return None
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        data, problem = b"", "файл не найден в хранилище"
    else:
        problem = pdf_problem(data)
    if problem:  # a file stored before uploads were checked: said in Russian, never a 500
        raise ValidationError(damaged_attachment_message(attachment.title, problem))
    return data


def to_appendix(order: Order | None, data: dict[str, Any]) -> Appendix:
    """The printed appendix of a content dict: an uploaded file here, anything else by its kind."""
    if data.get("source") == "file":
        return Appendix(
            title=data["title"],
            approval_word=data.get("approval_word", ""),
            landscape=data.get("landscape", False),
            pdf=_attachment_bytes(order, data["attachment_id"]) if order is not None else None,
        )
    kind = registry.for_content(data.get("source", ""))
    if kind is None:
        raise LookupError(
            f"no appendix kind reads content from {data.get('source')!r}: is its app installed?"
        )
    return kind.to_appendix(data)


def signature_of(order: Order, content_hash: str):
    qualified = order.qualified
    if qualified is not None:
        return QualifiedSignature(
            certificate_serial=qualified.certificate_serial,
            owner=qualified.owner,
            valid_from=qualified.valid_from,
            valid_to=qualified.valid_to,
            signed_at=qualified.signed_at,
        )
    if order.signed_at:
        return SimpleSignature(
            signer_name=order.signer_name,
            signer_position=order.signer_position,
            signed_at=order.signed_at,
            content_sha256=content_hash,
            verify_url=order.verify_url,
        )
    return None


def document_from_content(
    order: Order, content: dict[str, Any], *, layout: OrderLayout | None = None
) -> OrderDocument:
    signed = bool(order.signed_at)
    qr = layout.qr_code if layout is not None else True
    return OrderDocument(
        issuer_name=content["issuer_name"],
        issuer_genitive=content["issuer_genitive"],
        heading=content["heading"],
        higher_body=content.get("higher_body", ""),
        kind=ORDER,
        date=dt.date.fromisoformat(content["date"]) if content.get("date") else None,
        number=content.get("number", ""),
        place=content.get("place", ""),
        preamble=content.get("preamble", ""),
        points=_to_points(content.get("points", [])),
        signatory_position=content.get("signatory_position", ""),
        signatory_name=content.get("signatory_name", ""),
        executor_name=content.get("executor_name", ""),
        executor_phone=content.get("executor_phone", ""),
        appendices=tuple(to_appendix(order, a) for a in content.get("appendices", [])),
        signature=signature_of(order, content_sha256(content)) if signed else None,
        verify_url=order.verify_url if signed and qr else "",
        is_draft=not signed,
    )
