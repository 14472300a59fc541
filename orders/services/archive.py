"""The archive of signed orders and PDFs of drafts: archived bytes checked against their SHA-256, fresh
renders, the background preview of long drafts, an appendix alone."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from associations.models import Organization
from orders.content import appendix_row_count
from orders.document import Appendix
from orders.models import (
    Order,
)
from orders.services._common import ArchiveDamaged, _lock, _renderer, _sha256, logger
from orders.services.order_settings import settings_for

BACKGROUND_RENDER_ROWS = 150


PREVIEW_LEASE = dt.timedelta(minutes=10)


def archived_pdf(*, order: Order) -> bytes:
    """The bytes archived at signing; raises ArchiveDamaged when they no longer match their SHA-256."""
    with order.pdf.open("rb") as handle:
        data = handle.read()
    if _sha256(data) != order.pdf_sha256:
        logger.critical("Archived PDF of order %s does not match its SHA-256", order.pk)
        raise ArchiveDamaged(f"Архивный PDF приказа {order.number_label} повреждён.")
    return data


def stamped_pdf(*, order: Order) -> bytes:
    with order.stamped_pdf.open("rb") as handle:
        data = handle.read()
    if _sha256(data) != order.stamped_pdf_sha256:
        raise ArchiveDamaged(f"PDF с отметкой о подписи приказа {order.number_label} повреждён.")
    return data


def render_draft_pdf(*, order: Order) -> bytes:
    """A fresh PDF of a draft (not stored)."""
    layout = order.order_settings().as_layout()
    return _renderer().render_order_pdf(order.to_document(layout), layout)


def order_pdf(*, order: Order) -> bytes:
    """The order's PDF: the archived bytes when it was signed, else a fresh render."""
    return archived_pdf(order=order) if order.was_signed else render_draft_pdf(order=order)


def needs_background_render(order: Order) -> bool:
    return not order.was_signed and appendix_row_count(order.content()) > BACKGROUND_RENDER_ROWS


def preview_is_fresh(order: Order) -> bool:
    return (
        order.preview_status == Order.Preview.READY
        and bool(order.preview_pdf)
        and order.preview_content_sha256 == order.content_hash()
    )


def order_preview_request(*, order: Order) -> Order:
    """Queue the background render of a draft's PDF unless a fresh one is ready or on its way."""
    from orders.tasks import render_order_pdf_task

    digest = order.content_hash()
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(order)
        if locked.was_signed:
            return locked
        fresh = locked.preview_status == Order.Preview.READY and locked.preview_content_sha256 == digest
        on_its_way = (
            locked.preview_status == Order.Preview.PENDING
            and locked.preview_content_sha256 == digest
            and locked.preview_requested_at
            and now - locked.preview_requested_at < PREVIEW_LEASE
        )
        if fresh or on_its_way:
            return locked
        locked.preview_status = Order.Preview.PENDING
        locked.preview_content_sha256 = digest
        locked.preview_requested_at = now
        locked.preview_error = ""
        locked.save(
            update_fields=[
                "preview_status",
                "preview_content_sha256",
                "preview_requested_at",
                "preview_error",
                "updated_at",
            ]
        )
        transaction.on_commit(lambda: render_order_pdf_task.delay(locked.pk))
    locked.refresh_from_db()
    return locked


def order_preview_render(*, order_id: int) -> None:
    """Render a draft's PDF and store it as its preview (the Celery task's body; safe to run twice)."""
    order = Order.objects.select_related("issuer").filter(pk=order_id).first()
    if order is None or order.was_signed:
        return
    digest = order.content_hash()
    if order.preview_status == Order.Preview.READY and order.preview_content_sha256 == digest:
        return
    try:
        data = render_draft_pdf(order=order)
    except Exception as exc:
        logger.exception("Preview of order %s failed", order_id)
        Order.objects.filter(pk=order_id).update(
            preview_status=Order.Preview.FAILED, preview_error=str(exc)[:500] or exc.__class__.__name__
        )
        return
    old = order.preview_pdf.name
    order.preview_pdf.save(f"proekt-{order.pk}.pdf", ContentFile(data), save=False)
    updated = Order.objects.filter(pk=order_id, pdf_sha256="").update(
        preview_pdf=order.preview_pdf.name,
        preview_status=Order.Preview.READY,
        preview_content_sha256=digest,
        preview_error="",
    )
    if not updated:
        order.preview_pdf.storage.delete(order.preview_pdf.name)
    elif old and old != order.preview_pdf.name:
        order.preview_pdf.storage.delete(old)


def preview_bytes(*, order: Order) -> bytes:
    with order.preview_pdf.open("rb") as handle:
        return handle.read()


def appendix_pdf(*, appendix: Appendix, issuer: Organization, approved_by: Order | None = None) -> bytes:
    """One appendix (a feature app's table) as a PDF with the issuer's order layout, and the approval
    stamp of `approved_by` upper right when that order is signed."""
    from orders.russian import format_date, number_with_sign

    layout = settings_for(issuer=issuer).as_layout()
    mark_lines: tuple[str, ...] = ()
    if approved_by is not None and approved_by.status == Order.Status.SIGNED:
        genitive = approved_by.signed_content.get("issuer_genitive") or approved_by.order_settings().genitive
        mark_lines = (
            appendix.approval_word,
            f"приказом {genitive}",
            f"от {format_date(approved_by.date, layout.date_format)} "
            f"{number_with_sign(approved_by.registration_number)}",
        )
    return _renderer().render_appendix_pdf(appendix, layout, mark_lines=mark_lines)
