"""A detached qualified signature (.sig) attached to a signed order."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from associations.access import user_scope
from orders.cms import SignatureFileError, read_detached_signature
from orders.content import document_from_content
from orders.document import QualifiedSignature
from orders.models import (
    Order,
    OrderEvent,
)
from orders.services._common import _lock, _log, _renderer, _same_surname, _sha256, _surname_of


def _check_signature_allowed(status: str, serial: str) -> None:
    if status != Order.Status.SIGNED:
        raise ValidationError("Подпись прикрепляется к подписанному и действующему приказу.")
    if serial:
        raise ValidationError("К приказу уже прикреплена квалифицированная подпись.")


def order_attach_qualified_signature(*, user, order: Order, file) -> Order:
    """Read a detached CMS signature (.sig) of the archived PDF and keep it with its certificate details.

    The archived PDF stays byte for byte as it was (the signature is over those bytes); a copy with the
    qualified-signature mark is rendered and archived next to it.
    """
    if not user_scope(user).is_administrator:
        raise PermissionDenied("Прикреплять подпись может только администратор (начальник управления).")
    current = Order.objects.filter(pk=order.pk).values("status", "signature_serial").get()
    _check_signature_allowed(current["status"], current["signature_serial"])
    data = file.read()
    try:
        info = read_detached_signature(data)
    except SignatureFileError as exc:
        raise ValidationError(str(exc)) from exc
    saved_files: list = []
    try:
        with transaction.atomic():
            locked = _lock(order)
            _check_signature_allowed(locked.status, locked.signature_serial)
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
            locked.signature_serial = info.certificate_serial
            locked.signature_owner = info.owner
            locked.signature_valid_from = info.valid_from
            locked.signature_valid_to = info.valid_to
            locked.signature_signed_at = info.signed_at
            locked.signature_attached_at = timezone.now()
            locked.signature_sha256 = _sha256(data)
            locked.signature_file.save(f"prikaz-{locked.pk}.sig", ContentFile(data), save=False)
            saved_files.append(locked.signature_file)
            layout = locked.order_settings().as_layout()
            document = document_from_content(locked, locked.signed_content, layout=layout)
            assert isinstance(document.signature, QualifiedSignature)
            stamped = _renderer().render_order_pdf(document, layout)
            locked.stamped_pdf.save(f"prikaz-{locked.pk}-ep.pdf", ContentFile(stamped), save=False)
            saved_files.append(locked.stamped_pdf)
            locked.stamped_pdf_sha256 = _sha256(stamped)
            locked.save()
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
