"""Writes of orders: drafts, review, signing with numbering and the PDF archive, signatures, cancelling.

Every function is keyword-only and transactional. The rules that matter:

- a draft (and only a draft) is edited; a signed order never changes — a correction is a new order;
- the registration number is given at signing from the issuer's per-year NumberSequence, advanced
  under a row lock in the same transaction that stores the signed order: never twice, never skipped
  (a failed signing rolls the number back with everything else);
- the PDF of a signed order is rendered once, at signing, and archived with its SHA-256; every
  later download returns exactly those bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from associations.access import user_scope
from associations.models import Organization, Person, Role
from orders import numbering, registry
from orders import points as points_module
from orders.cms import SignatureFileError, read_detached_signature
from orders.content import appendix_row_count, content_sha256, document_from_content, order_content
from orders.document import Appendix, QualifiedSignature
from orders.models import (
    NumberSequence,
    Order,
    OrderAppendix,
    OrderApproval,
    OrderAttachment,
    OrderEvent,
    OrderSettings,
    normalize_heading,
    validate_heading,
)
from orders.wording import is_female, person_accusative

logger = logging.getLogger(__name__)

SIGNED_IS_FINAL = "Подписанный приказ нельзя изменить; оформите новый приказ о внесении изменений."
#: Drafts whose appendices have more rows than this are rendered by a Celery task.
BACKGROUND_RENDER_ROWS = 150
#: A preview still «pending» after this long is taken to be lost (a worker died) and may be re-queued.
PREVIEW_LEASE = dt.timedelta(minutes=10)
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
CONTROL_SELF = "Контроль за исполнением настоящего приказа оставляю за собой."
_SIGNATURE_NAME_RE = re.compile(r"^[А-ЯЁ]\.(?:[А-ЯЁ]\.)?[\u00a0 ]?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_INITIALS_NAME_RE = re.compile(
    r"^(?:(?P<i1>[А-ЯЁ])\.\s?(?:(?P<i2>[А-ЯЁ])\.)?\s*(?P<s1>[А-ЯЁ][а-яё-]+)"
    r"|(?P<s2>[А-ЯЁ][а-яё-]+)\s+(?P<j1>[А-ЯЁ])\.\s?(?:(?P<j2>[А-ЯЁ])\.)?)$"
)
EDITABLE_FIELDS = (
    "kind",
    "heading",
    "preamble",
    "points",
    "signatory",
    "signatory_position",
    "signatory_name",
    "executor_name",
    "executor_phone",
    "place",
    "date",
    "higher_body",
    "notes",
)


class ArchiveDamaged(Exception):
    """The archived PDF of a signed order does not match its SHA-256 any more."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _log(*, order: Order, user, action: str, note: str = "") -> None:
    OrderEvent.objects.create(
        order=order, user=user if user and user.is_authenticated else None, action=action, note=note
    )


def person_of(user) -> Person | None:
    """The directory person of a user account (None for anonymous users and accounts without one)."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("organization").first()


def _normalized(text: str) -> str:
    return " ".join(text.upper().replace("Ё", "Е").replace("«", "").replace("»", "").replace('"', "").split())


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("issuer").get(pk=order.pk)


# --- Settings ----------------------------------------------------------------------------------------


def settings_for(*, issuer: Organization) -> OrderSettings:
    """The issuer's settings; unsaved defaults when none were saved yet."""
    return OrderSettings.objects.filter(issuer=issuer).first() or OrderSettings(issuer=issuer)


SETTINGS_FIELDS = tuple(
    f.name
    for f in OrderSettings._meta.get_fields()
    if getattr(f, "concrete", False) and f.name not in ("id", "issuer", "updated_at", "updated_by")
)


@transaction.atomic
def order_settings_save(*, user, issuer: Organization, data: dict[str, Any]) -> OrderSettings:
    """Create or change the issuer's numbering and layout settings (administrators only)."""
    if not user_scope(user).is_administrator:
        raise PermissionDenied("Настройки приказов меняет только администратор.")
    found = OrderSettings.objects.select_for_update().filter(issuer=issuer).first()
    order_settings = found or OrderSettings(issuer=issuer)
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(order_settings, name, data[name])
    order_settings.updated_by = user
    order_settings.full_clean()
    order_settings.save()
    return order_settings


# --- Who issues and who signs ------------------------------------------------------------------------


def default_issuer(*, organization: Organization | None = None) -> Organization:
    """The education office (which issues orders), else the source document's own organization."""
    if organization is not None and organization.kind == Organization.Kind.EDUCATION_OFFICE:
        return organization
    office = Organization.objects.filter(kind=Organization.Kind.EDUCATION_OFFICE).order_by("pk").first()
    if office is not None:
        return office
    if organization is not None:
        return organization
    raise ValidationError("В справочнике нет управления образования, от имени которого издаются приказы.")


def issuer_by_name(lines: Sequence[str]) -> Organization | None:
    """The organization whose full name is the issuer block of a document (case and «ё» aside)."""
    text = _normalized(" ".join(lines))
    if not text:
        return None
    for organization in Organization.objects.filter(kind__in=Organization.DISTRICT_KINDS).order_by("pk"):
        if _normalized(organization.name) == text:
            return organization
    for organization in Organization.objects.order_by("pk"):
        if _normalized(organization.name) == text:
            return organization
    return None


def match_person(text: str, *, prefer: Organization | None = None) -> Person | None:
    """The one person named «Ю.Н. Богинский» or «Богинский Ю.Н.», preferring `prefer`'s staff."""
    match = _INITIALS_NAME_RE.match(" ".join(text.replace("\u00a0", " ").split()))
    if not match:
        return None
    surname = match.group("s1") or match.group("s2")
    first = match.group("i1") or match.group("j1")
    second = match.group("i2") or match.group("j2")
    candidates = Person.objects.filter(last_name__iexact=surname, first_name__istartswith=first)
    if second:
        candidates = candidates.filter(patronymic__istartswith=second)
    found = list(candidates.select_related("organization")[:10])
    if prefer is not None and len(found) > 1:
        preferred = [p for p in found if p.organization_id == prefer.pk]
        found = preferred or found
    return found[0] if len(found) == 1 else None


def default_signatory(*, issuer: Organization) -> Person | None:
    """The head of the issuer, else an administrator working there."""
    if issuer.head_id:
        return issuer.head
    return (
        Person.objects.filter(
            organization=issuer, user__roles__kind=Role.Kind.ADMINISTRATOR, user__is_active=True
        )
        .order_by("pk")
        .first()
    )


def phone_of(person: Person | None) -> str:
    """The person's phone, else their organization's (for the executor mark)."""
    if person is None:
        return ""
    return person.phone or person.organization.phone


def _sentence(text: str) -> str:
    """One full stop at the end, also after initials («… Волкову Е.В.»)."""
    return text if text.endswith(".") else f"{text}."


def responsible_point(*, person: Person, subject_genitive: str) -> str:
    """«Назначить ответственной за исполнение <subject> <position> <person in accusative>.»"""
    female = bool(is_female(first_name=person.first_name, patronymic=person.patronymic))
    word = "ответственной" if female else "ответственным"
    who = person_accusative(
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        position=person.position,
    )
    if who is None:
        return _sentence(
            f"Назначить {word} за исполнение {subject_genitive}: {person.position} {person.short_name}"
        )
    return _sentence(f"Назначить {word} за исполнение {subject_genitive} {who}")


def control_point(person: Person | None) -> str:
    """«Контроль за исполнением настоящего приказа возложить на …» (or «оставляю за собой»)."""
    if person is None:
        return CONTROL_SELF
    who = person_accusative(
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        position=person.position,
    )
    if who is None:
        return _sentence(
            f"Контроль за исполнением настоящего приказа возложить на: {person.position} {person.short_name}"
        )
    return _sentence(f"Контроль за исполнением настоящего приказа возложить на {who}")


# --- Creating drafts ----------------------------------------------------------------------------------


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
            + ", ".join(p for p in (source.get("executor_position"), source.get("executor_name")) if p)
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
    points = points_module.from_lines(recovered.get("points") or [])
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
            "В целях приведения распорядительных документов в соответствие с фактической потребностью"
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


# --- Editing drafts -----------------------------------------------------------------------------------


def _check_editable(order: Order) -> None:
    if order.was_signed:
        raise ValidationError(SIGNED_IS_FINAL)
    if order.status == Order.Status.CANCELLED:
        raise ValidationError("Проект отменён; изменить его нельзя.")
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
    current = [(a.source_kind, a.source_id) for a in existing if a.source_kind in wanted]
    target = [(kind, source_id) for kind, ids in wanted.items() for source_id in ids]
    if current == target:
        return False
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


# --- Review -------------------------------------------------------------------------------------------


def reviewers_queryset():
    """People who can approve: district staff with an active account."""
    return (
        Person.objects.filter(
            user__is_active=True, user__roles__kind__in=[Role.Kind.METHODIST, Role.Kind.ADMINISTRATOR]
        )
        .distinct()
        .select_related("organization", "user")
    )


@transaction.atomic
def order_send_for_review(*, user, order: Order, approvers: Sequence[Person]) -> Order:
    """Start a review round: each approver gets a pending approval and an email."""
    from notifications.services import email_enqueue

    locked = _lock(order)
    _check_editable(locked)
    people = list({p.pk: p for p in approvers}.values())
    if not people:
        raise ValidationError("Выберите хотя бы одного согласующего.")
    allowed = set(reviewers_queryset().filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    outsiders = [p for p in people if p.pk not in allowed]
    if outsiders:
        raise ValidationError(
            "Согласовывать приказы могут только методисты и администраторы с учётной записью: "
            + ", ".join(p.short_name for p in outsiders)
            + "."
        )
    locked.review_round += 1
    locked.status = Order.Status.REVIEW
    locked.save(update_fields=["review_round", "status", "updated_at"])
    for person in people:
        OrderApproval.objects.create(order=locked, person=person, round=locked.review_round)
        address = person.email or (person.user.email if person.user_id else "")
        if address:
            email_enqueue(
                to=address,
                subject=f"Согласование проекта приказа «{locked.heading}»",
                text=(
                    f"Здравствуйте, {person.first_name} {person.patronymic}.\n\n"
                    f"Просим согласовать проект приказа «{locked.heading}».\n"
                    f"Открыть проект: {locked.get_absolute_url()}\n"
                ),
            )
    _log(
        order=locked,
        user=user,
        action=OrderEvent.Action.REVIEW,
        note="Согласующие: " + ", ".join(p.short_name for p in people),
    )
    return locked


@transaction.atomic
def order_return_to_draft(*, user, order: Order) -> Order:
    """Take a project back from review to edit it; the pending approvals of the round lapse."""
    locked = _lock(order)
    if locked.status != Order.Status.REVIEW:
        raise ValidationError("Проект не на согласовании.")
    locked.status = Order.Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    _log(order=locked, user=user, action=OrderEvent.Action.UPDATE, note="Проект возвращён на доработку.")
    return locked


@transaction.atomic
def order_decide(*, user, approval: OrderApproval, decision: str, comment: str = "") -> OrderApproval:
    """The named approver approves or rejects; a rejection sends the project back to draft."""
    from notifications.services import email_enqueue

    approval = OrderApproval.objects.select_for_update().select_related("person").get(pk=approval.pk)
    order = _lock(approval.order)
    if approval.person.user_id != getattr(user, "pk", None):
        raise PermissionDenied("Решение принимает только тот, кому проект направлен на согласование.")
    if order.status != Order.Status.REVIEW or approval.round != order.review_round:
        raise ValidationError("Этот проект уже не на согласовании.")
    if approval.decision != OrderApproval.Decision.PENDING:
        raise ValidationError("Вы уже приняли решение по этому проекту.")
    if decision not in (OrderApproval.Decision.APPROVED, OrderApproval.Decision.REJECTED):
        raise ValidationError("Неизвестное решение.")
    comment = comment.strip()
    if decision == OrderApproval.Decision.REJECTED and not comment:
        raise ValidationError({"comment": "Напишите, что нужно исправить."})
    approval.decision, approval.comment, approval.decided_at = decision, comment, timezone.now()
    approval.save(update_fields=["decision", "comment", "decided_at"])
    if decision == OrderApproval.Decision.REJECTED:
        order.status = Order.Status.DRAFT
        order.save(update_fields=["status", "updated_at"])
        _log(order=order, user=user, action=OrderEvent.Action.REJECT, note=comment)
        author = order.created_by
        if author is not None and author.email:
            email_enqueue(
                to=author.email,
                subject=f"Проект приказа «{order.heading}» возвращён на доработку",
                text=(
                    f"{approval.person.short_name}: {comment}\n\nОткрыть проект: {order.get_absolute_url()}\n"
                ),
            )
    else:
        _log(order=order, user=user, action=OrderEvent.Action.APPROVE, note=comment)
    return approval


def current_approvals(order: Order) -> list[OrderApproval]:
    if not order.review_round:
        return []
    return list(order.approvals.filter(round=order.review_round).select_related("person"))


# --- Signing ------------------------------------------------------------------------------------------


def _surname_of(signature_name: str) -> str:
    return signature_name.replace("\u00a0", " ").split(" ")[-1].split(".")[-1].strip()


def _same_surname(a: str, b: str) -> bool:
    return a.strip().lower().replace("ё", "е") == b.strip().lower().replace("ё", "е")


def signing_problems(order: Order, *, user=None) -> list[str]:
    """What stands in the way of signing the order now, in Russian (empty: it can be signed)."""
    problems: list[str] = []
    if order.was_signed:
        return ["Приказ уже подписан."]
    if order.status == Order.Status.CANCELLED:
        return ["Проект отменён."]
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


def _renderer():
    """The PDF engine (orders/pdf.py), imported when first needed."""
    from orders import pdf

    return pdf


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
    old_preview = locked.preview_pdf.name
    locked.preview_pdf, locked.preview_status, locked.preview_content_sha256 = "", Order.Preview.NONE, ""
    locked.status = Order.Status.SIGNED
    locked.save()
    if old_preview:
        name = old_preview
        transaction.on_commit(lambda: locked.preview_pdf.storage.delete(name))
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


# --- The archive and drafts' PDFs ---------------------------------------------------------------------


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


# --- Qualified signature ------------------------------------------------------------------------------


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


# --- Cancelling ---------------------------------------------------------------------------------------


def _mark_cancelled(*, user, order: Order, note: str) -> None:
    order.status = Order.Status.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at", "updated_at"])
    if not order.was_signed:
        for kind in registry.kinds():
            kind.on_withdrawn(user=user, order=order)
    _log(order=order, user=user, action=OrderEvent.Action.CANCEL, note=note)


@transaction.atomic
def order_cancel(*, user, order: Order, by_order: Order | None = None) -> Order:
    """Withdraw a draft, or cancel a signed order by another signed order of the same issuer."""
    locked = _lock(order)
    scope = user_scope(user)
    if locked.status == Order.Status.CANCELLED:
        raise ValidationError("Приказ уже отменён.")
    if not locked.was_signed:
        if not (scope.is_methodist or scope.is_administrator):
            raise PermissionDenied("Отменять проекты могут методисты и администраторы.")
        _mark_cancelled(user=user, order=locked, note="Проект отменён.")
        return locked
    if not scope.is_administrator:
        raise PermissionDenied(
            "Отменять подписанные приказы может только администратор (начальник управления)."
        )
    if by_order is None:
        raise ValidationError("Подписанный приказ отменяется другим приказом: укажите его.")
    by = _lock(by_order)
    if by.pk == locked.pk:
        raise ValidationError("Приказ не может отменить сам себя.")
    if by.status != Order.Status.SIGNED or by.issuer_id != locked.issuer_id:
        raise ValidationError("Отменяющий приказ должен быть подписанным приказом того же издателя.")
    if by.date < locked.date:
        raise ValidationError("Отменяющий приказ не может быть издан раньше отменяемого.")
    if by.cancels_id and by.cancels_id != locked.pk:
        raise ValidationError(f"Приказ {by.number_label} уже отменяет другой приказ.")
    if not by.cancels_id:
        Order.objects.filter(pk=by.pk).update(cancels=locked)
    _mark_cancelled(
        user=user, order=locked, note=f"Отменён приказом {by.number_label} от {by.date:%d.%m.%Y}."
    )
    return locked


def signed_orders_for_cancelling(order: Order):
    """Signed orders of the same issuer that could cancel `order`."""
    return (
        Order.objects.filter(issuer_id=order.issuer_id, status=Order.Status.SIGNED, date__gte=order.date)
        .exclude(pk=order.pk)
        .filter(Q(cancels__isnull=True) | Q(cancels=order))
        .order_by("-date", "-sequence_number")
    )


# --- An appendix alone ------------------------------------------------------------------------------


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
