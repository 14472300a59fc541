import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from contests.models import Application, ConsentScan, Contest, Criterion, JuryMember, Round
from directory.access import user_scope
from portal.demo import seed_demo

TODAY = dt.date(2026, 11, 22)


@pytest.mark.django_db
def test_the_demo_has_an_open_teacher_of_the_year_with_two_schools_and_zhyuri_on_the_jury():
    seed_demo(today=TODAY)
    models = (Contest, Round, Criterion, JuryMember, Application, ConsentScan)
    counts = [model.objects.count() for model in models]
    seed_demo(today=TODAY)
    assert counts == [model.objects.count() for model in models]
    contest = Contest.objects.get(name="Учитель года", year=2026)
    assert contest.status == Contest.Status.APPLICATIONS and contest.kind == Contest.Kind.TEACHER_OF_YEAR
    applications = list(contest.applications.select_related("organization"))
    assert len({a.organization_id for a in applications}) == 2
    assert {a.get_state_display() for a in applications} == {"подана", "допущена"}
    zhyuri = get_user_model().objects.get(username="zhyuri")
    assert contest.pk in user_scope(zhyuri).contest_ids
    assert JuryMember.objects.filter(contest=contest, person__user=zhyuri, role="member").exists()
    assert contest.jury.filter(role="chair").count() == 1
