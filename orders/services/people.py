"""Who issues and who signs: the issuer, the signatory, people named in a document, standard points."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from directory.models import Organization, Person, Role
from orders.services._common import _normalized
from orders.wording import is_female, person_accusative

CONTROL_SELF = "Контроль за исполнением настоящего приказа оставляю за собой."
_INITIALS_NAME_RE = re.compile(
    r"^(?:(?P<i1>[А-ЯЁ])\.\s?(?:(?P<i2>[А-ЯЁ])\.)?\s*(?P<s1>[А-ЯЁ][а-яё-]+)"
    r"|(?P<s2>[А-ЯЁ][а-яё-]+)\s+(?P<j1>[А-ЯЁ])\.\s?(?:(?P<j2>[А-ЯЁ])\.)?)$"
)


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


def signature_fields(*, signatory: Person | None, executor: Person | None) -> dict:
    """A draft's signatory and executor fields (order_draft_create's keywords) from directory people."""
    return {
        "signatory": signatory,
        "signatory_position": signatory.position if signatory else "",
        "signatory_name": signatory.signature_name if signatory else "",
        "executor_name": executor.full_name if executor else "",
        "executor_phone": phone_of(executor),
    }


def phone_of(person: Person | None) -> str:
    """The person's phone, else their organization's (for the executor mark)."""
    if person is None:
        return ""
    return person.phone or person.organization.phone


def _sentence(text: str) -> str:
    """One full stop at the end, also after initials («… Волкову Е.В.»)."""
    return text if text.endswith(".") else f"{text}."


def appoint_point(*, person: Person, as_whom: str) -> str:
    """«Назначить <as_whom> <position> <person in accusative>.» — `as_whom` in the instrumental:
    «куратором наставнических пар (групп)», «ответственным за исполнение плана»."""
    who = person_accusative(
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        position=person.position,
    )
    if who is None:
        return _sentence(f"Назначить {as_whom}: {person.position} {person.short_name}")
    return _sentence(f"Назначить {as_whom} {who}")


def responsible_point(*, person: Person, subject_genitive: str) -> str:
    """«Назначить ответственной за исполнение <subject> <position> <person in accusative>.»"""
    female = bool(is_female(first_name=person.first_name, patronymic=person.patronymic))
    word = "ответственной" if female else "ответственным"
    return appoint_point(person=person, as_whom=f"{word} за исполнение {subject_genitive}")


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
