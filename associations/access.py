"""Who may see and change what. One helper per object kind; outsiders get 404, read-only users 403.

Every view that takes an object id goes through a `get_<obj>_for_user` helper here (or in the
owning app's access module), never through a bare `get_object_or_404`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Association, Organization, Person, Role

Kind = Role.Kind


@dataclass(frozen=True)
class UserScope:
    """What one user's roles reach. Computed once per request (two queries) and cached on the user."""

    kinds: frozenset[str] = frozenset()
    school_ids: frozenset[int] = frozenset()
    association_ids: frozenset[int] = frozenset()
    association_org_ids: frozenset[int] = frozenset()
    contest_ids: frozenset[int] = frozenset()
    person_id: int | None = None
    person_org_id: int | None = None
    is_superuser: bool = False
    roles: tuple[Role, ...] = field(default=(), compare=False)

    @property
    def district_wide(self) -> bool:
        return self.is_superuser or bool(self.kinds & set(Role.DISTRICT_WIDE))

    @property
    def is_methodist(self) -> bool:
        return self.is_superuser or Kind.METHODIST in self.kinds

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or Kind.ADMINISTRATOR in self.kinds

    @property
    def is_director(self) -> bool:
        return Kind.DIRECTOR in self.kinds

    def has(self, *kinds: str) -> bool:
        return self.is_superuser or bool(self.kinds & set(kinds))


def user_scope(user) -> UserScope:
    if not user.is_authenticated or not user.is_active:
        return UserScope()
    cached = getattr(user, "_metodkabinet_scope", None)
    if cached is not None:
        return cached
    roles = tuple(Role.objects.filter(user=user).select_related("association"))
    person = Person.objects.filter(user=user).only("id", "organization_id").first()
    scope = UserScope(
        kinds=frozenset(r.kind for r in roles),
        school_ids=frozenset(r.organization_id for r in roles if r.kind == Kind.DIRECTOR),
        association_ids=frozenset(r.association_id for r in roles if r.kind == Kind.ASSOCIATION_HEAD),
        association_org_ids=frozenset(
            r.association.organization_id for r in roles if r.kind == Kind.ASSOCIATION_HEAD
        ),
        contest_ids=frozenset(r.contest_id for r in roles if r.kind == Kind.JURY),
        person_id=person.pk if person else None,
        person_org_id=person.organization_id if person else None,
        is_superuser=user.is_superuser,
        roles=roles,
    )
    user._metodkabinet_scope = scope
    return scope


# --- Organizations ---------------------------------------------------------------------------


def organizations_visible_to(user) -> QuerySet[Organization]:
    scope = user_scope(user)
    qs = Organization.objects.all()
    if scope.district_wide:
        return qs
    ids = set(scope.school_ids) | set(scope.association_org_ids)
    if scope.person_org_id:
        ids.add(scope.person_org_id)
    return qs.filter(pk__in=ids)


def can_edit_organization(user, organization: Organization) -> bool:
    scope = user_scope(user)
    return scope.is_methodist or organization.pk in scope.school_ids


def can_add_organization(user) -> bool:
    return user_scope(user).is_methodist


def get_organization_for_user(user, pk, *, for_update: bool = False) -> Organization:
    organization = organizations_visible_to(user).filter(pk=pk).select_related("head").first()
    if organization is None:
        raise Http404("Организация не найдена.")
    if for_update and not can_edit_organization(user, organization):
        raise PermissionDenied("Изменять эту организацию может только методист или её руководитель.")
    return organization


# --- People ------------------------------------------------------------------------------------


def people_visible_to(user) -> QuerySet[Person]:
    scope = user_scope(user)
    qs = Person.objects.all()
    if scope.district_wide:
        return qs
    condition = Q(organization_id__in=scope.school_ids)
    # A ШМО head sees the staff of the school the association belongs to.
    condition |= Q(
        organization_id__in=Association.objects.filter(
            pk__in=scope.association_ids, kind=Association.Kind.SCHOOL
        ).values("organization_id")
    )
    if scope.person_id:
        condition |= Q(pk=scope.person_id)
    return qs.filter(condition)


def organizations_for_staff_editing(user) -> QuerySet[Organization]:
    """Organizations in which the user may add or edit staff."""
    scope = user_scope(user)
    if scope.is_methodist:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=scope.school_ids)


def can_edit_person(user, person: Person) -> bool:
    scope = user_scope(user)
    return scope.is_methodist or person.organization_id in scope.school_ids


def can_add_person(user) -> bool:
    scope = user_scope(user)
    return scope.is_methodist or bool(scope.school_ids)


def get_person_for_user(user, pk, *, for_update: bool = False) -> Person:
    person = people_visible_to(user).filter(pk=pk).select_related("organization").first()
    if person is None:
        raise Http404("Сотрудник не найден.")
    if for_update and not can_edit_person(user, person):
        raise PermissionDenied("Изменять эту карточку может только методист или руководитель организации.")
    return person


# --- Page-level checks ---------------------------------------------------------------------------


def role_required(*kinds: str) -> Callable:
    """Login required, then 403 unless the user holds one of `kinds` (superusers pass)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_scope(request.user).has(*kinds):
                raise PermissionDenied("Эта страница доступна другим ролям.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
