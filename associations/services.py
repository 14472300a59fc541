"""Writes of the methodological associations. Keyword-only, transactional."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from directory import services as directory_services
from directory.models import Organization, Person, Role, Subject

from .models import Association, AssociationTheme, Membership


def _check_place(kind: str, organization: Organization) -> None:
    if kind == Association.Kind.SCHOOL and organization.kind != Organization.Kind.SCHOOL:
        raise ValidationError({"organization": "ШМО создаётся в школе: выберите школу."})
    if kind in Association.DISTRICT_KINDS and not organization.is_district_body:
        raise ValidationError(
            {"organization": "РМО и ГМО относятся к району: выберите методический кабинет."}
        )


def _sync_head_role(association: Association, old_head: Person | None) -> None:
    """The role руководитель МО follows the head: the new head's login gets it, the old one's loses it."""
    new_head = association.head
    if (
        old_head is not None
        and old_head.user_id
        and (new_head is None or new_head.user_id != old_head.user_id)
    ):
        directory_services.role_revoke(
            user=old_head.user, kind=Role.Kind.ASSOCIATION_HEAD, scope_id=association.pk
        )
    if new_head is not None and new_head.user_id:
        directory_services.role_grant(user=new_head.user, kind=Role.Kind.ASSOCIATION_HEAD, scope=association)


@transaction.atomic
def association_save(
    *,
    name: str,
    kind: str,
    organization: Organization,
    head: Person | None = None,
    deputy: Person | None = None,
    subjects: Iterable[Subject] = (),
    area: str = "",
    association: Association | None = None,
) -> Association:
    """Create or change an association (by `association`, else by its name in the organization).

    The head's login gets the role руководитель МО of it; a replaced head's login loses it.
    """
    _check_place(kind, organization)
    if association is None:
        association = (
            Association.objects.filter(organization=organization, name=name).first() or Association()
        )
    old_head = association.head if association.pk else None
    association.name = name
    association.kind = kind
    association.organization = organization
    association.head = head
    association.deputy = deputy
    association.area = area
    association.full_clean()
    association.save()
    association.subjects.set(list(subjects))
    _sync_head_role(association, old_head)
    return association


@transaction.atomic
def theme_set(*, association: Association, year: int, theme: str) -> AssociationTheme | None:
    """The methodological theme of the association for the academic year `year`; empty removes it."""
    theme = (theme or "").strip()
    if not theme:
        AssociationTheme.objects.filter(association=association, year=year).delete()
        return None
    record, _ = AssociationTheme.objects.update_or_create(
        association=association, year=year, defaults={"theme": theme}
    )
    return record


@transaction.atomic
def member_add(*, association: Association, person: Person, joined_on: dt.date | None = None) -> Membership:
    """Add a person; a ШМО takes only its school's staff. A current member is refused."""
    if association.is_school and person.organization_id != association.organization_id:
        raise ValidationError(
            f"{person.full_name} работает в другой организации ({person.organization}): "
            f"в ШМО входят только сотрудники {association.organization}."
        )
    already = ValidationError(f"{person.full_name} уже состоит в объединении.")
    if Membership.objects.filter(association=association, person=person, left_on__isnull=True).exists():
        raise already
    try:
        # Two adds of the same person at the same moment: the second meets the unique constraint.
        with transaction.atomic():
            return Membership.objects.create(
                association=association, person=person, joined_on=joined_on or timezone.localdate()
            )
    except IntegrityError:
        raise already from None


@transaction.atomic
def member_leave(*, membership: Membership, left_on: dt.date | None = None) -> Membership:
    """The member leaves: the row stays with its leaving date (the history of the association)."""
    if membership.left_on is not None:
        raise ValidationError("Сотрудник уже вышел из объединения.")
    left_on = left_on or timezone.localdate()
    if left_on < membership.joined_on:
        raise ValidationError("Дата выхода раньше даты вступления.")
    membership.left_on = left_on
    membership.save(update_fields=["left_on", "updated_at"])
    return membership
