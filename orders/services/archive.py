"""The archive of signed orders and PDFs of drafts: archived bytes checked against their SHA-256, fresh
renders, the background preview of long drafts, an appendix alone."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directory.models import Organization
from orders.content import appendix_row_count
from orders.document import Appendix
from orders.models import Order, OrderPreview
from orders.services._common import ArchiveDamaged, ArchivePending, _lock, _renderer, _sha256, logger
from orders.services.order_settings import settings_for

#: Drafts whose appendices have more rows than this are rendered by a Celery task.
BACKGROUND_RENDER_ROWS = 150
#: A preview still «pending» after this long is taken to be lost (a worker died) and may be re-queued.
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
    """The copy of the archived PDF stamped with the qualified signature's mark, checked like the archive."""
    record = order.qualified
    if record is None or not record.stamped_pdf:
        raise ArchiveDamaged(f"У приказа {order.number_label} нет PDF с отметкой о подписи.")
    with record.stamped_pdf.open("rb") as handle:
        data = handle.read()
    if _sha256(data) != record.stamped_pdf_sha256:
        raise ArchiveDamaged(f"PDF с отметкой о подписи приказа {order.number_label} повреждён.")
    return data


def render_draft_pdf(*, order: Order) -> bytes:
    """A fresh PDF of a draft (not stored)."""
    layout = order.order_settings().as_layout()
    return _renderer().render_order_pdf(order.to_document(layout), layout)


def order_pdf(*, order: Order) -> bytes:
    """The order's PDF: the archived bytes when it was signed, else a fresh render of the project;
    ArchivePending while a signed order's PDF is still being rendered (never a render in its place)."""
    if order.is_signing:
        raise ArchivePending(f"PDF приказа {order.number_label} ещё формируется; повторите чуть позже.")
    return archived_pdf(order=order) if order.was_signed else render_draft_pdf(order=order)


def needs_background_render(order: Order) -> bool:
    return not order.signed_or_signing and appendix_row_count(order.content()) > BACKGROUND_RENDER_ROWS


def preview_is_fresh(order: Order) -> bool:
    preview = order.preview_state
    return (
        preview.status == OrderPreview.Status.READY
        and bool(preview.pdf)
        and preview.content_sha256 == order.content_hash()
    )


def order_preview_request(*, order: Order) -> Order:
    """Queue the background render of a draft's PDF unless a fresh one is ready or on its way."""
    from orders.tasks import render_order_pdf_task

    digest = order.content_hash()
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(order)
        if locked.signed_or_signing:
            return locked
        preview, _ = OrderPreview.objects.select_for_update().get_or_create(order=locked)
        fresh = preview.status == OrderPreview.Status.READY and preview.content_sha256 == digest
        on_its_way = (
            preview.status == OrderPreview.Status.PENDING
            and preview.content_sha256 == digest
            and preview.requested_at
            and now - preview.requested_at < PREVIEW_LEASE
        )
        if fresh or on_its_way:
            return locked
        preview.status = OrderPreview.Status.PENDING
        preview.content_sha256 = digest
        preview.requested_at = now
        preview.error = ""
        preview.save(update_fields=["status", "content_sha256", "requested_at", "error"])
        transaction.on_commit(lambda: render_order_pdf_task.delay(locked.pk))
    locked.refresh_from_db()
    return locked


def order_preview_render(*, order_id: int) -> None:
    """Render a draft's PDF and store it as its preview (the Celery task's body; safe to run twice)."""
    order = Order.objects.select_related("issuer").filter(pk=order_id).first()
    if order is None or order.signed_or_signing:
        return
    digest = order.content_hash()
    preview = order.preview_state
    if preview.status == OrderPreview.Status.READY and preview.content_sha256 == digest:
        return
    try:
        data = render_draft_pdf(order=order)
    except Exception as exc:
        logger.exception("Preview of order %s failed", order_id)
        OrderPreview.objects.update_or_create(
            order_id=order_id,
            defaults={
                "status": OrderPreview.Status.FAILED,
                "error": str(exc)[:500] or exc.__class__.__name__,
            },
        )
        return
    old = preview.pdf.name
    preview.pdf.save(f"proekt-{order.pk}.pdf", ContentFile(data), save=False)
    values = {
        "pdf": preview.pdf.name,
        "status": OrderPreview.Status.READY,
        "content_sha256": digest,
        "error": "",
    }
    # Conditional on the order still being unsigned: signing drops the preview in between.
    unsigned = Q(pdf_sha256="") & ~Q(status=Order.Status.SIGNING)
    updated = (
        OrderPreview.objects.filter(order_id=order_id, order__pdf_sha256="")
        .exclude(order__status=Order.Status.SIGNING)
        .update(**values)
    )
    if not updated and Order.objects.filter(unsigned, pk=order_id).exists():
        OrderPreview.objects.get_or_create(order_id=order_id, defaults=values)
        updated = 1
    if not updated:
        preview.pdf.storage.delete(preview.pdf.name)
    elif old and old != preview.pdf.name:
        preview.pdf.storage.delete(old)


def preview_bytes(*, order: Order) -> bytes:
    with order.preview_state.pdf.open("rb") as handle:
        return handle.read()


def appendix_pdf(*, appendix: Appendix, issuer: Organization, approved_by: Order | None = None) -> bytes:
    """One appendix (a feature app's table) as a PDF with the issuer's order layout, and the approval
    stamp of `approved_by` upper right when that order is signed."""
    from core.russian import format_date, number_with_sign

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
