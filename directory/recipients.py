"""Who to tell: the directory's shared look-ups of the people behind a role, as active users.

Each returns a queryset of active users (the accounts that can be notified), so callers can add
`.values_list("pk", flat=True)`, `.select_related(...)` or pass it straight to notifications.notify().
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Person, Role


def _active_users() -> QuerySet:
    return get_user_model().objects.filter(is_active=True)


def _with_role(kind: str, **scope) -> QuerySet:
    # Through Role rows, so a user holding the role twice (two schools) comes once.
    return _active_users().filter(pk__in=Role.objects.filter(kind=kind, **scope).values("user_id"))


def directors_of(organization_id: int) -> QuerySet:
    """The heads (руководители ОО) of one school."""
    return _with_role(Role.Kind.DIRECTOR, organization_id=organization_id)


def methodists() -> QuerySet:
    """Every methodist of the district."""
    return _with_role(Role.Kind.METHODIST)


def administrators() -> QuerySet:
    """Every administrator of the district (the education office)."""
    return _with_role(Role.Kind.ADMINISTRATOR)


def users_of(people: Iterable[Person] | QuerySet) -> QuerySet:
    """The accounts of these directory people (people without an account are skipped)."""
    if isinstance(people, QuerySet):
        return _active_users().filter(person__in=people)
    return _active_users().filter(person__in=[p.pk for p in people])


def director_ids_by_school() -> dict[int, list[int]]:
    """School id -> user ids of its active directors, in one query (for scans over many schools)."""
    result: dict[int, list[int]] = {}
    rows = Role.objects.filter(kind=Role.Kind.DIRECTOR, user__is_active=True).values_list(
        "user_id", "organization_id"
    )
    for user_id, organization_id in rows:
        result.setdefault(organization_id, []).append(user_id)
    return result
