"""Signing: what stands in the way; the registration number from the issuer's sequence and the frozen
content in one short transaction; the archived PDF rendered after it, outside the number's lock; and
what signing does to the approved sources."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from orders import access, numbering, registry
from orders import points as points_module
from orders.content import appendix_row_count, content_sha256, document_from_content, order_content
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
    logger,
    person_of,
)
from orders.services.archive import BACKGROUND_RENDER_ROWS, PREVIEW_LEASE
from orders.services.attachments import attachment_problems
from orders.services.cancelling import _mark_cancelled
from orders.services.review import current_approvals

#: The first retry of an archive PDF that failed at signing (the task's own retries back off from there).
RETRY_AFTER_SECONDS = 10

_SIGNATURE_NAME_RE = re.compile(r"^[А-ЯЁ]\.(?:[А-ЯЁ]\.)?[\u00a0 ]?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")


def signing_problems(order: Order, *, user=None) -> list[str]:
    """What stands in the way of signing the order now, in Russian (empty: it can be signed)."""
    problems: list[str] = []
    if order.was_signed:
        return ["Приказ уже подписан."]
    if order.is_signing:
        return ["Приказ уже подписан; PDF формируется для архива."]
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
    """Sign: the next number of the issuer's year and the frozen content, committed at once («подписывается»);
    then the PDF is rendered outside any lock — here for a short order, by a Celery task for a long one —
    and archived, which makes the order «подписан».

    Call it outside a transaction (the view does): the number's lock is released when the short
    transaction commits, before rendering. A render that fails leaves the order numbered and
    «подписывается»; the task tries again (order_signing_finish is safe to run twice).
    """
    if not access.can_sign(user, order):
        raise PermissionDenied("Подписывать приказы может только администратор (начальник управления).")
    today = today or timezone.localdate()
    with transaction.atomic():
        numbered = _number_locked(user=user, order=order, today=today)
    if needs_background_archive(numbered):
        transaction.on_commit(lambda: _queue_finish(numbered.pk))
    else:
        try:
            order_signing_finish(order_id=numbered.pk)
        except Exception:
            logger.exception("Archive PDF of order %s failed at signing; queued to try again", numbered.pk)
            transaction.on_commit(lambda: _queue_finish(numbered.pk, countdown=RETRY_AFTER_SECONDS))
    order.refresh_from_db()
    return Order.objects.select_related("issuer").get(pk=numbered.pk)


def _number_locked(*, user, order: Order, today: dt.date) -> Order:
    """Everything but the PDF, in the caller's transaction; the sequence row is locked last and only for
    the number itself, so concurrent signings wait for each other as briefly as possible."""
    locked = _lock(order)
    if locked.signed_or_signing:
        cancelled = locked.status == Order.Status.CANCELLED
        raise ValidationError("Приказ отменён." if cancelled else SIGNED_IS_FINAL)
    problems = signing_problems(locked, user=user)
    if problems:
        raise ValidationError(problems)
    person = person_of(user)
    if person is not None and not locked.signatory_id and not locked.signatory_name:
        locked.signatory = person
        locked.signatory_name = person.signature_name
        locked.signatory_position = locked.signatory_position or person.position
    date = locked.date or today
    locked.date = date
    content = order_content(locked)  # the appendix tables are read before the number is taken
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
    locked.registration_number = number
    locked.sequence_year, locked.sequence_number = date.year, sequence.last
    content["number"] = number
    locked.signed_by = user
    locked.signed_at = timezone.now()
    locked.signer_name = person.full_name if person else (user.get_full_name() or user.get_username())
    locked.signer_position = locked.signatory_position or (person.position if person else "")
    locked.signed_content = content
    locked.content_sha256 = content_sha256(content)
    locked.archive_requested_at = locked.signed_at
    locked.archive_error = ""
    preview = OrderPreview.objects.filter(order=locked).first()
    old_preview = preview.pdf.name if preview else ""
    if preview is not None:
        preview.delete()  # a signed order is printed from its archive: no preview any more
    locked.status = Order.Status.SIGNING
    locked.save()
    if old_preview:
        name = old_preview
        transaction.on_commit(lambda: preview.pdf.storage.delete(name))
    _log(order=locked, user=user, action=OrderEvent.Action.SIGN, note=f"№ {number} от {date:%d.%m.%Y}")
    _after_signing(user=user, order=locked)
    return locked


def needs_background_archive(order: Order) -> bool:
    """A long signed order (as many appendix rows as make a draft's PDF render in the background)."""
    return appendix_row_count(order.signed_content) > BACKGROUND_RENDER_ROWS


def order_signing_finish(*, order_id: int) -> Order | None:
    """Render the PDF of a signing order's frozen content, archive it with its SHA-256 and make the order
    «подписан» (the Celery task's body). Holds no lock while rendering; finishes once however often it
    runs (the status is compared and set in one UPDATE). A failed render is noted on the order and raised.
    """
    order = Order.objects.select_related("issuer").filter(pk=order_id).first()
    if order is None or not order.is_signing:
        return order
    layout = order.order_settings().as_layout()
    try:
        pdf_bytes = _renderer().render_order_pdf(
            document_from_content(order, order.signed_content, layout=layout), layout
        )
    except Exception as exc:
        Order.objects.filter(pk=order_id, status=Order.Status.SIGNING).update(
            archive_error=(str(exc) or exc.__class__.__name__)[:500]
        )
        raise
    digest = _sha256(pdf_bytes)
    name = f"prikaz-{order.registration_number.replace('/', '-')}.pdf"
    order.pdf.save(name, ContentFile(pdf_bytes), save=False)
    try:
        with transaction.atomic():
            finished = Order.objects.filter(pk=order_id, status=Order.Status.SIGNING, pdf_sha256="").update(
                status=Order.Status.SIGNED,
                pdf=order.pdf.name,
                pdf_sha256=digest,
                archive_error="",
                updated_at=timezone.now(),
            )
            if finished:
                _log(order=order, user=None, action=OrderEvent.Action.ARCHIVE)
    except BaseException:
        order.pdf.storage.delete(order.pdf.name)
        raise
    if not finished:  # another run archived it first: keep its file, drop ours
        order.pdf.storage.delete(order.pdf.name)
    order.refresh_from_db()
    return order


def order_signing_retry(*, user, order: Order) -> Order:
    """Queue the archive PDF of a signing order again (after a failure, or a task lost with its worker)."""
    if not access.can_sign(user, order):
        raise PermissionDenied(
            "Повторить формирование PDF может только администратор (начальник управления)."
        )
    with transaction.atomic():
        locked = _lock(order)
        if not locked.is_signing:
            done = locked.was_signed
            raise ValidationError("PDF приказа уже сохранён в архив." if done else "Приказ не подписан.")
        locked.archive_requested_at = timezone.now()
        locked.archive_error = ""
        locked.save(update_fields=["archive_requested_at", "archive_error", "updated_at"])
        transaction.on_commit(lambda: _queue_finish(locked.pk))
    order.refresh_from_db()
    return order


def signing_is_stuck(order: Order, *, now: dt.datetime | None = None) -> bool:
    """A signing order whose PDF failed, or was asked for so long ago that its task must have been lost."""
    if not order.is_signing:
        return False
    if order.archive_error:
        return True
    since = order.archive_requested_at or order.signed_at
    return since is None or (now or timezone.now()) - since > PREVIEW_LEASE


def _queue_finish(order_id: int, *, countdown: int = 0) -> None:
    from orders.tasks import finish_order_signing_task

    # Eager Celery (no broker, tests): the task runs here; throw=False lets its autoretry try again here
    # instead of raising its Retry, as a worker would.
    eager = {"throw": False} if finish_order_signing_task.app.conf.task_always_eager else {}
    try:
        finish_order_signing_task.apply_async((order_id,), countdown=countdown, **eager)
    except Exception:  # eager Celery: the task ran here and failed every try
        logger.exception("Archive PDF of order %s failed; it stays «подписывается» until retried", order_id)


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
