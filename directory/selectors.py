"""Reads of the directory, scoped to the user, with their joins."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from .access import organizations_visible_to, people_visible_to
from .models import DirectoryImport, Organization, Person, Subject


def organization_list(*, user) -> QuerySet[Organization]:
    return organizations_visible_to(user).select_related("head").annotate(staff_count=Count("staff"))


def person_list(*, user) -> QuerySet[Person]:
    return (
        people_visible_to(user)
        .select_related("organization")
        .prefetch_related(Prefetch("subjects", queryset=Subject.objects.order_by("name")))
    )


def organization_staff(*, user, organization: Organization) -> QuerySet[Person]:
    return person_list(user=user).filter(organization=organization)


def person_subjects(*, person: Person) -> QuerySet[Subject]:
    return person.subjects.order_by("name")


def organization_head_choices(*, organization: Organization) -> QuerySet[Person]:
    """Who can be the head of an organization: its own staff."""
    return Person.objects.filter(organization=organization)


def subject_choices() -> QuerySet[Subject]:
    return Subject.objects.order_by("name")


def directory_import_for_user(*, user, pk) -> DirectoryImport:
    """An uploaded import, visible only to the user who uploaded it."""
    directory_import = DirectoryImport.objects.filter(pk=pk, created_by=user).first()
    if directory_import is None:
        raise Http404("Загрузка не найдена.")
    return directory_import


def recent_imports(*, user, limit: int = 5) -> QuerySet[DirectoryImport]:
    return DirectoryImport.objects.filter(created_by=user).order_by("-created_at")[:limit]
