"""Files attached to a draft: printed PDF appendices and materials that are not printed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from orders import access
from orders.models import (
    Order,
    OrderAttachment,
    OrderEvent,
)
from orders.services._common import _lock, _log, _sha256
from orders.services.drafting import _check_editable
from orders.uploaded_pdf import damaged_attachment_message, pdf_problem

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@transaction.atomic
def order_attach_file(
    *, user, order: Order, upload, title: str, kind: str, approves: bool = False
) -> OrderAttachment:
    """Attach a file to a draft: a printed appendix (PDF) or a material that is not printed."""
    locked = _lock(order)
    _check_editable(locked)
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("Файл больше 20 МБ.")  # said before the file is read at all
    data = upload.read()
    if not data:
        raise ValidationError("Файл пустой.")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError("Файл больше 20 МБ.")
    if kind == OrderAttachment.Kind.APPENDIX:
        if not data.startswith(b"%PDF-"):
            raise ValidationError(
                "Приложение, которое печатается вместе с приказом, загружается в формате PDF."
            )
        problem = pdf_problem(data)
        if problem:
            raise ValidationError(
                f"Файл «{upload.name}» не открывается: {problem}. Сохраните документ в PDF заново "
                "(например, через «Печать → Сохранить как PDF») и загрузите ещё раз."
            )
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


@transaction.atomic
def order_remove_attachment(*, user, order: Order, attachment_id: int) -> None:
    """Remove a file from a draft (a damaged appendix, a wrong material); the file goes after commit."""
    if not access.can(user, access.EDIT, order):
        raise PermissionDenied(access._REFUSALS[access.EDIT])
    locked = _lock(order)
    _check_editable(locked)
    attachment = OrderAttachment.objects.filter(order=locked, pk=attachment_id).first()
    if attachment is None:
        raise ValidationError("Такого файла у проекта нет.")
    name, storage = attachment.file.name, attachment.file.storage
    title = attachment.title
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    _log(order=locked, user=user, action=OrderEvent.Action.UPDATE, note=f"удалён файл «{title}»")


def attachment_problems(order: Order) -> list[str]:
    """A Russian line for every printed appendix file that cannot be read as a PDF."""
    problems = []
    for attachment in order.attachments.filter(kind=OrderAttachment.Kind.APPENDIX).order_by("position", "pk"):
        try:
            with attachment.file.open("rb") as handle:
                problem = pdf_problem(handle.read())
        except OSError:
            problem = "файл не найден в хранилище"
        if problem:
            problems.append(damaged_attachment_message(attachment.title, problem))
    return problems
