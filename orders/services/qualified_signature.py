"""A detached qualified signature (.sig) attached to a signed order."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from directory.access import user_scope
from orders.cms import SignatureFileError, read_detached_signature
from orders.content import document_from_content
from orders.document import QualifiedSignature
from orders.models import (
    Order,
    OrderEvent,
    OrderQualifiedSignature,
)
from orders.services._common import _lock, _log, _renderer, _same_surname, _sha256, _surname_of

#: A detached CMS signature with its certificate chain takes a few KB.
MAX_SIGNATURE_BYTES = 1024 * 1024


def _check_signature_allowed(status: str, attached: bool) -> None:
    if status != Order.Status.SIGNED:
        raise ValidationError("Подпись прикрепляется к подписанному и действующему приказу.")
    if attached:
        raise ValidationError("К приказу уже прикреплена квалифицированная подпись.")


def order_attach_qualified_signature(*, user, order: Order, file) -> Order:
    """Read a detached CMS signature (.sig) of the archived PDF and keep it with its certificate details.

    The archived PDF stays byte for byte as it was (the signature is over those bytes); a copy with the
    qualified-signature mark is rendered and archived next to it.
    """
    if not user_scope(user).is_administrator:
        raise PermissionDenied("Прикреплять подпись может только администратор (начальник управления).")
    status = Order.objects.filter(pk=order.pk).values_list("status", flat=True).get()
    _check_signature_allowed(status, OrderQualifiedSignature.objects.filter(order_id=order.pk).exists())
    if (getattr(file, "size", None) or 0) > MAX_SIGNATURE_BYTES:  # said before the file is read
        raise ValidationError("Файл подписи больше 1 МБ: это не открепленная подпись (.sig).")
    data = file.read(MAX_SIGNATURE_BYTES + 1)
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationError("Файл подписи больше 1 МБ: это не открепленная подпись (.sig).")
    try:
        info = read_detached_signature(data)
    except SignatureFileError as exc:
        raise ValidationError(str(exc)) from exc
    saved_files: list = []
    try:
        with transaction.atomic():
            locked = _lock(order)
            _check_signature_allowed(
                locked.status, OrderQualifiedSignature.objects.filter(order_id=locked.pk).exists()
            )
            surname = _surname_of(locked.signatory_name)
            if surname and not _same_surname(info.owner_surname, surname):
                raise ValidationError(
                    f"Подпись принадлежит {info.owner}, а приказ подписывает {locked.signatory_name}."
                )
            if not info.valid_from <= locked.date <= info.valid_to:
                raise ValidationError(
                    f"Сертификат действителен с {info.valid_from:%d.%m.%Y} по {info.valid_to:%d.%m.%Y} "
                    f"и не охватывает дату приказа {locked.date:%d.%m.%Y}."
                )
            record = OrderQualifiedSignature(
                order=locked,
                certificate_serial=info.certificate_serial,
                owner=info.owner,
                valid_from=info.valid_from,
                valid_to=info.valid_to,
                signed_at=info.signed_at,
                attached_at=timezone.now(),
                file_sha256=_sha256(data),
            )
            record.clean()
            record.file.save(f"prikaz-{locked.pk}.sig", ContentFile(data), save=False)
            saved_files.append(record.file)
            locked.qualified_signature = record  # the document below reads the mark from it
            layout = locked.order_settings().as_layout()
            document = document_from_content(locked, locked.signed_content, layout=layout)
            assert isinstance(document.signature, QualifiedSignature)
            stamped = _renderer().render_order_pdf(document, layout)
            record.stamped_pdf.save(f"prikaz-{locked.pk}-ep.pdf", ContentFile(stamped), save=False)
            saved_files.append(record.stamped_pdf)
            record.stamped_pdf_sha256 = _sha256(stamped)
            record.save()
            _log(
                order=locked,
                user=user,
                action=OrderEvent.Action.SIGNATURE,
                note=f"Сертификат {info.certificate_serial}, владелец {info.owner}",
            )
    except BaseException:
        for saved in saved_files:
            saved.storage.delete(saved.name)
        raise
    return locked
