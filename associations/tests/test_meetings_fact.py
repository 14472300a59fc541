"""associations tells a monitoring how many meetings a school's ШМО held in an academic year
(directory.facts «shmo_meetings_held»), in one query for any number of schools."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from associations.models import Association, Meeting
from directory import facts


def _meeting(association, year, status):
    return Meeting.objects.create(
        association=association, year=year, date=dt.date(year, 11, 1), topic="Тема", status=status
    )


@pytest.mark.django_db
def test_held_meetings_of_a_schools_shmo_in_the_year(district):
    a, b, office = district["school_a"], district["school_b"], district["school_a"]
    shmo_a = Association.objects.create(name="ШМО математиков", kind=Association.Kind.SCHOOL, organization=a)
    shmo_a2 = Association.objects.create(name="ШМО историков", kind=Association.Kind.SCHOOL, organization=a)
    shmo_b = Association.objects.create(
        name="ШМО начальных классов", kind=Association.Kind.SCHOOL, organization=b
    )
    rmo = Association.objects.create(name="РМО физиков", kind=Association.Kind.DISTRICT, organization=office)
    _meeting(shmo_a, 2025, Meeting.Status.HELD)
    _meeting(shmo_a2, 2025, Meeting.Status.HELD)
    _meeting(shmo_a, 2025, Meeting.Status.PLANNED)
    _meeting(shmo_a, 2024, Meeting.Status.HELD)
    _meeting(rmo, 2025, Meeting.Status.HELD)
    _meeting(shmo_b, 2025, Meeting.Status.PLANNED)

    fact = facts.get_fact("shmo_meetings_held")
    assert fact.match("заседаний шмо проведено за учебный год")
    with CaptureQueriesContext(connection) as ctx:
        values = facts.fact_values([fact.key], [a.pk, b.pk], 2025)[fact.key]
    assert len(ctx.captured_queries) == 1
    # A: two ШМО held 2 in 2025-2026 (not the planned one, not 2024's, not the РМО's); B planned only: 0
    assert values == {a.pk: 2, b.pk: 0}
    assert facts.fact_values([fact.key], [a.pk, b.pk], 2023)[fact.key] == {}  # nothing in the journal
    assert facts.fact_values([fact.key], [a.pk], None)[fact.key] == {}
