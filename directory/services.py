"""Writes of the directory. Keyword-only, transactional; views, commands and imports call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from .forms import QueuedPasswordResetForm
from .models import Organization, Person, ProfessionalCourse, Role, SelfEducationTopic, Subject

User = get_user_model()

ORGANIZATION_FIELDS = ("name", "short_name", "kind", "address", "phone", "email", "head")
PERSON_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "position",
    "organization",
    "category",
    "category_date",
    "teaching_since",
    "attestation_planned_year",
    "education_institution",
    "education_year",
    "email",
    "phone",
    "personal_number",
    "birth_date",
)


def _assign(obj, data: dict, fields: Iterable[str]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def organization_save(*, data: dict, organization: Organization | None = None) -> Organization:
    """Create (organization=None) or update an organization from cleaned data."""
    organization = organization or Organization()
    _assign(organization, data, ORGANIZATION_FIELDS)
    organization.full_clean()
    organization.save()
    return organization


def subjects_from_names(names: Iterable[str]) -> list[Subject]:
    """Subjects by name, created when new; names are stripped and compared case-insensitively.

    Compared in Python with casefold(): SQLite's iexact folds only Latin letters.
    """
    existing = {subject.name.casefold(): subject for subject in Subject.objects.all()}
    result: list[Subject] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        subject = existing.get(name.casefold())
        if subject is None:
            subject = existing[name.casefold()] = Subject.objects.create(name=name)
        if subject not in result:
            result.append(subject)
    return result


@transaction.atomic
def person_save(
    *, data: dict, person: Person | None = None, subjects: Iterable[Subject] | None = None
) -> Person:
    """Create (person=None) or update a staff card from cleaned data; `subjects` replaces the set."""
    person = person or Person()
    _assign(person, data, PERSON_FIELDS)
    person.full_clean()
    person.save()
    if subjects is not None:
        person.subjects.set(subjects)
    return person


@transaction.atomic
def organization_set_head(*, organization: Organization, person: Person | None) -> Organization:
    if person is not None and person.organization_id != organization.pk:
        raise ValidationError("Руководитель должен быть сотрудником этой организации.")
    organization.head = person
    organization.save(update_fields=["head", "updated_at"])
    return organization


@transaction.atomic
def user_ensure(
    *, username: str, password: str | None, person: Person | None = None, email: str = ""
) -> User:
    """A login for a person (created if missing); the password is set only when given."""
    user, created = User.objects.get_or_create(username=username)
    if person is not None:
        user.first_name = person.first_name
        user.last_name = person.last_name
        user.email = person.email or email
    elif email:
        user.email = email
    if password is not None:
        user.set_password(password)
    user.save()
    if person is not None and person.user_id != user.pk:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def role_grant(
    *,
    user,
    kind: str,
    organization: Organization | None = None,
    scope=None,
    scope_id: int | None = None,
) -> Role:
    """Give a user a role in a scope; granting the same role twice is a no-op.

    `scope` (or its id, `scope_id`) is the association or contest of a role in `Role.SCOPED_KINDS`
    (see directory.roles).
    """
    scope_id = scope.pk if scope is not None else scope_id
    existing = Role.objects.filter(user=user, kind=kind, organization=organization, scope_id=scope_id).first()
    if existing:
        return existing
    role = Role(user=user, kind=kind, organization=organization, scope_id=scope_id)
    role.full_clean()
    role.save()
    return role


def teaching_start(years_ago: float, *, today: dt.date) -> dt.date:
    """A teaching start date `years_ago` before `today` (used by the demo and by tests)."""
    return today - dt.timedelta(days=round(years_ago * 365.25))


def password_reset_send(*, email: str, domain: str, use_https: bool) -> None:
    """Send the reset link to the active accounts with this address, if any (through the mail queue).

    Run by a task for known and unknown addresses alike, so the web request that asked for it does the
    same work either way and cannot tell them apart by its time.
    """
    form = QueuedPasswordResetForm(data={"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)


@transaction.atomic
def role_revoke(*, user, kind: str, scope_id: int) -> None:
    """Take a scoped role (руководитель МО of an association) from a user; a missing role is a no-op."""
    Role.objects.filter(user=user, kind=kind, scope_id=scope_id).delete()


@transaction.atomic
def course_save(
    *, person: Person, data: dict, course: ProfessionalCourse | None = None
) -> ProfessionalCourse:
    """Add (course=None) or change a professional development course of a person."""
    course = course or ProfessionalCourse(person=person)
    _assign(course, data, ("topic", "provider", "hours", "year"))
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def self_education_set(*, person: Person, year: int, topic: str) -> SelfEducationTopic | None:
    """A person's тема самообразования for the academic year `year`; an empty topic removes it."""
    topic = (topic or "").strip()
    if not topic:
        SelfEducationTopic.objects.filter(person=person, year=year).delete()
        return None
    record, _ = SelfEducationTopic.objects.update_or_create(
        person=person, year=year, defaults={"topic": topic}
    )
    return record
