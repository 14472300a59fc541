"""Signing: what stands in the way, the registration number from the issuer's sequence, the frozen
content and the archived PDF in one transaction, and what signing does to the approved sources."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from directory.access import user_scope
from orders import numbering, registry
from orders import points as points_module
from orders.content import content_sha256, document_from_content, order_content
from orders.models import (
    NumberSequence,
    Order,
    OrderApproval,
    OrderEvent,
    OrderPreview,
)
from orders.services._common import (
    SIGNED_IS_FINAL,
    _lock,
    _log,
    _renderer,
    _same_surname,
    _sha256,
    _surname_of,
    person_of,
)
from orders.services.attachments import attachment_problems
from orders.services.cancelling import _mark_cancelled
from orders.services.review import current_approvals

_SIGNATURE_NAME_RE = re.compile(r"^[А-ЯЁ]\.(?:[А-ЯЁ]\.)?[\u00a0 ]?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")


def signing_problems(order: Order, *, user=None) -> list[str]:
    """What stands in the way of signing the order now, in Russian (empty: it can be signed)."""
    problems: list[str] = []
    if order.was_signed:
        return ["Приказ уже подписан."]
    if order.status == Order.Status.CANCELLED:
        return ["Проект отменён."]
    if order.status == Order.Status.PAPER:
        return ["Приказ внесён с бумажного оригинала; подписывать его не нужно."]
    if order.status == Order.Status.REVIEW:
        approvals = current_approvals(order)
        waiting = [a.person.short_name for a in approvals if a.decision == OrderApproval.Decision.PENDING]
        if waiting:
            problems.append("Проект ещё не согласовали: " + ", ".join(waiting) + ".")
    points = order.points or []
    if not points:
        problems.append("В приказе нет пунктов.")
    else:
        problems += points_module.style_problems(points)
        if not points_module.has_control_point(points):
            problems.append("Нет пункта о контроле («Контроль за исполнением настоящего приказа …»).")
    text = " ".join(p.text for p in points_module.flatten(points_module.numbered(points)))
    sources = list(order.appendices.order_by("position"))
    appendix_count = len(sources) + order.attachments.filter(kind="appendix").count()
    if appendix_count and "(приложени" not in text:
        problems.append("В тексте нет ссылки на приложение («(приложение)»).")
    if not appendix_count and "(приложени" in text:
        problems.append("Текст ссылается на приложение, но приложений нет.")
    for appendix in sources:
        problems += registry.get(appendix.source_kind).signing_problems(source_id=appendix.source_id)
    problems += attachment_problems(order)
    if not order.preamble.strip():
        problems.append("Нет преамбулы («В целях …», «В соответствии с …»).")
    if not order.signatory_position.strip():
        problems.append("Не указана должность подписывающего.")
    if not _SIGNATURE_NAME_RE.match(order.signatory_name.strip()):
        problems.append("Расшифровка подписи пишется инициалами перед фамилией, например «А.В. Орлов».")
    if not order.executor_name.strip() or not order.executor_phone.strip():
        problems.append("Укажите исполнителя (Ф.И.О. полностью) и его телефон.")
    if order.date and order.date > timezone.localdate():
        problems.append("Дата приказа не может быть позже дня подписания.")
    if user is not None:
        person = person_of(user)
        if (
            order.signatory_id
            and order.signatory
            and order.signatory.user_id
            and (person is None or order.signatory_id != person.pk)
        ):
            problems.append(
                f"Приказ подписывает {order.signatory_name}; подписать его может только он(а). "
                "Чтобы подписать самому, укажите себя подписывающим в проекте."
            )
        elif (
            person is not None
            and order.signatory_name
            and not order.signatory_id
            and not _same_surname(_surname_of(order.signatory_name), person.last_name)
        ):
            problems.append(
                f"В проекте подписывающий — {order.signatory_name}, а вы — {person.signature_name}. "
                "Укажите себя подписывающим в проекте."
            )
    return problems


def order_sign(*, user, order: Order, today: dt.date | None = None) -> Order:
    """Sign: the next number of the issuer's year, the frozen content and the archived PDF, at once."""
    if not user_scope(user).is_administrator:
        raise PermissionDenied("Подписывать приказы может только администратор (начальник управления).")
    today = today or timezone.localdate()
    saved_files: list = []
    try:
        with transaction.atomic():
            signed = _sign_locked(user=user, order=order, today=today, saved_files=saved_files)
    except BaseException:
        for file in saved_files:
            file.storage.delete(file.name)
        raise
    order.refresh_from_db()
    return signed


def _sign_locked(*, user, order: Order, today: dt.date, saved_files: list) -> Order:
    locked = _lock(order)
    if locked.was_signed:
        raise ValidationError(SIGNED_IS_FINAL if locked.status == Order.Status.SIGNED else "Приказ отменён.")
    problems = signing_problems(locked, user=user)
    if problems:
        raise ValidationError(problems)
    person = person_of(user)
    if person is not None and not locked.signatory_id and not locked.signatory_name:
        locked.signatory = person
        locked.signatory_name = person.signature_name
        locked.signatory_position = locked.signatory_position or person.position
    date = locked.date or today
    order_settings = locked.order_settings()
    sequence, _ = NumberSequence.objects.select_for_update().get_or_create(
        issuer=locked.issuer, year=date.year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    number = numbering.format_number(order_settings.number_pattern, n=sequence.last, year=date.year)
    if Order.objects.filter(
        issuer=locked.issuer, sequence_year=date.year, registration_number=number
    ).exists():
        raise ValidationError(
            f"Номер «{number}» за {date.year} год уже занят: проверьте шаблон номера в настройках приказов."
        )
    locked.date = date
    locked.registration_number = number
    locked.sequence_year, locked.sequence_number = date.year, sequence.last
    locked.signed_by = user
    locked.signed_at = timezone.now()
    locked.signer_name = person.full_name if person else (user.get_full_name() or user.get_username())
    locked.signer_position = locked.signatory_position or (person.position if person else "")
    content = order_content(locked)
    locked.signed_content = content
    locked.content_sha256 = content_sha256(content)
    layout = order_settings.as_layout()
    pdf_bytes = _renderer().render_order_pdf(document_from_content(locked, content, layout=layout), layout)
    locked.pdf_sha256 = _sha256(pdf_bytes)
    locked.pdf.save(f"prikaz-{number.replace('/', '-')}.pdf", ContentFile(pdf_bytes), save=False)
    saved_files.append(locked.pdf)
    preview = OrderPreview.objects.filter(order=locked).first()
    old_preview = preview.pdf.name if preview else ""
    if preview is not None:
        preview.delete()  # a signed order is printed from its archive: no preview any more
    locked.status = Order.Status.SIGNED
    locked.save()
    if old_preview:
        name = old_preview
        transaction.on_commit(lambda: preview.pdf.storage.delete(name))
    _log(order=locked, user=user, action=OrderEvent.Action.SIGN, note=f"№ {number} от {date:%d.%m.%Y}")
    _after_signing(user=user, order=locked)
    return locked


def _after_signing(*, user, order: Order) -> None:
    """The approved sources hear of it through their kinds; a cancelling order cancels its target."""
    approved: dict[str, list[int]] = {}
    for appendix in order.appendices.filter(approves=True).order_by("position"):
        approved.setdefault(appendix.source_kind, []).append(appendix.source_id)
    for kind, source_ids in approved.items():
        registry.get(kind).on_signed(user=user, order=order, source_ids=source_ids)
    if order.cancels_id:
        target = _lock(order.cancels)
        if target.status == Order.Status.SIGNED:
            _mark_cancelled(
                user=user,
                order=target,
                note=f"Отменён приказом {order.number_label} от {order.date:%d.%m.%Y}.",
            )
