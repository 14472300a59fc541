"""Shared recipient look-ups: the active accounts behind a role."""

from __future__ import annotations

import pytest

from directory import recipients


def names(users) -> list[str]:
    return sorted(u.username for u in users)


@pytest.mark.django_db
def test_directors_of_a_school_are_its_own_heads_only(district, director_a, director_b):
    assert names(recipients.directors_of(district["school_a"].pk)) == ["direktor_a"]
    assert recipients.director_ids_by_school() == {
        district["school_a"].pk: [director_a.pk],
        district["school_b"].pk: [director_b.pk],
    }


@pytest.mark.django_db
def test_methodists_and_administrators_are_the_district_staff(methodist, administrator, director_a):
    assert names(recipients.methodists()) == ["metodist"]
    assert names(recipients.administrators()) == ["nachalnik"]


@pytest.mark.django_db
def test_inactive_accounts_are_left_out(methodist):
    methodist.is_active = False
    methodist.save()
    assert names(recipients.methodists()) == []


@pytest.mark.django_db
def test_users_of_people_skip_people_without_an_account(district, teacher_a):
    people = [district["people"]["teacher_a"], district["people"]["teacher_b"]]
    assert names(recipients.users_of(people)) == ["pedagog_a"]
