"""Files attached to a draft: printed PDF appendices and materials that are not printed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from orders.models import (
    Order,
    OrderAttachment,
    OrderEvent,
)
from orders.services._common import _lock, _log, _sha256
from orders.services.drafting import _check_editable

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def order_attach_file(
    *, user, order: Order, upload, title: str, kind: str, approves: bool = False
) -> OrderAttachment:
    """Attach a file to a draft: a printed appendix (PDF) or a material that is not printed."""
    locked = _lock(order)
    _check_editable(locked)
    data = upload.read()
    if not data:
        raise ValidationError("Файл пустой.")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError("Файл больше 20 МБ.")
    if kind == OrderAttachment.Kind.APPENDIX and not data.startswith(b"%PDF-"):
        raise ValidationError("Приложение, которое печатается вместе с приказом, загружается в формате PDF.")
    positions = list(locked.appendices.values_list("position", flat=True)) + list(
        locked.attachments.filter(kind=OrderAttachment.Kind.APPENDIX).values_list("position", flat=True)
    )
    attachment = OrderAttachment(
        order=locked,
        kind=kind,
        title=title.strip() or upload.name,
        original_name=(upload.name or "")[:255],
        size=len(data),
        sha256=_sha256(data),
        position=max(positions, default=0) + 1,
        approves=approves and kind == OrderAttachment.Kind.APPENDIX,
        uploaded_by=user,
    )
    attachment.file.save(upload.name or "file", ContentFile(data), save=False)
    attachment.save()
    _log(order=locked, user=user, action=OrderEvent.Action.ATTACH, note=attachment.title)
    return attachment
