"""directory.facts: the one registry of organization facts a form prefills (staff counts here, other
apps' facts registered in their AppConfig.ready())."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import facts


def test_directory_facts_match_the_questions_they_answer():
    matched = facts.match_facts(
        {
            "a": "Количество педагогов в ШМО",
            "b": "Из них молодых специалистов",
            "c": "Педагогов с высшей категорией",
            "d": "Педагогов с первой категорией",
            "e": "Количество учеников",
            "f": "Педагогические работники: всего",
            "g": "Численность учителей",
            "h": "Количество педагогов, прошедших курсы повышения квалификации",
            "i": "Доля педагогов с высшей категорией, %",
        }
    )
    assert {name: fact.key for name, fact in matched.items()} == {
        "a": "teachers",
        "b": "young",  # not «teachers»: the first registered match wins
        "c": "highest",
        "d": "first",
        "f": "teachers",  # the section's title names whom «всего» counts
        "g": "teachers",
        # «h» is a part of the teachers, not all of them: nothing is prefilled
        # «i» is a share, computed from the counts: not prefilled either
    }
    assert matched["a"].source == "из справочника"


def test_other_apps_facts_are_in_the_same_registry():
    # associations registers the meetings its ШМО held (AssociationsConfig.ready)
    fact = facts.match_facts({"q": "Заседаний ШМО проведено за учебный год"})["q"]
    assert fact.key == "shmo_meetings_held"
    assert not facts.match_facts({"q": "Заседаний РМО проведено"})


def test_a_registered_fact_is_asked_once_for_all_organizations():
    calls = []

    def provider(org_ids, year):
        calls.append((tuple(org_ids), year))
        return {org_id: org_id * 10 for org_id in org_ids}

    facts.register_org_fact("test_books", "В библиотеке", ["книг", "фонд"], provider, source="из библиотеки")
    try:
        matched = facts.match_facts({"x": "Книжный фонд, книг", "y": "Фонд книг школы"})
        assert {f.key for f in matched.values()} == {"test_books"}
        values = facts.fact_values([f.key for f in matched.values()], [1, 2], 2025)
        assert values == {"test_books": {1: 10, 2: 20}}
        assert calls == [((1, 2), 2025)]
    finally:
        facts.unregister_org_fact("test_books")
    assert not facts.match_facts({"x": "Книжный фонд, книг"})


@pytest.mark.django_db
def test_staff_counts_for_many_schools_in_one_query(district):
    school_a, school_b = district["school_a"], district["school_b"]
    with CaptureQueriesContext(connection) as ctx:
        values = facts.fact_values(facts.STAFF_KEYS, [school_a.pk, school_b.pk, -1], None)
    assert len(ctx.captured_queries) == 1  # the four counts share one query
    assert values["teachers"][school_a.pk] == 2  # a director and a teacher
    assert values["teachers"][school_b.pk] >= 1
    assert values["highest"][-1] == values["teachers"][-1] == 0  # no one there: 0, not unknown
