"""Writes of the methodological associations. Keyword-only, transactional."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from directory.models import Organization, Person, Subject

from .models import Association


@transaction.atomic
def association_save(
    *,
    name: str,
    kind: str,
    organization: Organization,
    head: Person | None = None,
    subjects: Iterable[Subject] = (),
) -> Association:
    association, _ = Association.objects.update_or_create(
        organization=organization, name=name, defaults={"kind": kind, "head": head}
    )
    association.subjects.set(list(subjects))
    return association
