"""A contest of associations: the ШМО/РМО come from associations (directory.person_facts.register_teams);
the school offers its own ШМО, the applicant must belong to the team, a team applies once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from associations.models import Association, Membership
from contests import services
from contests.models import Application, Contest

from .conftest import apply, make_contest

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(district):
    people = district["people"]
    maths = Association.objects.create(
        name="ШМО учителей математики",
        kind=Association.Kind.SCHOOL,
        organization=district["school_a"],
        head=people["director_a"],
    )
    Membership.objects.create(association=maths, person=people["teacher_a"], joined_on=dt.date(2025, 9, 1))
    history = Association.objects.create(
        name="ШМО учителей истории",
        kind=Association.Kind.SCHOOL,
        organization=district["school_b"],
        head=people["teacher_b"],
    )
    return {"maths": maths, "history": history}


@pytest.fixture
def contest(district):
    return make_contest(
        district, name="Лучшее методическое объединение", eligibility=Contest.Eligibility.TEAMS
    )


def _post(client, contest, person, team):
    return client.post(
        f"/contests/{contest.pk}/applications/new/",
        {
            "person": person.pk,
            "team_name": team,
            "consent_on": timezone.localdate().isoformat(),
            "url": "https://school1.example.ru/shmo",
            "submit": "1",
        },
    )


def test_the_school_offers_its_own_associations_and_the_application_names_the_team(
    director_a_client, district, contest, teams
):
    page = director_a_client.get(f"/contests/{contest.pk}/applications/new/").content.decode()
    assert "Объединение (ШМО/РМО)" in page
    assert f'value="associations:{teams["maths"].pk}"' in page and "ШМО учителей математики (СОШ № 1)" in page
    assert "ШМО учителей истории" not in page  # school B's
    response = _post(
        director_a_client, contest, district["people"]["teacher_a"], f"associations:{teams['maths'].pk}"
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.team_name == "ШМО учителей математики (СОШ № 1)"
    assert application.team_ref == f"associations:{teams['maths'].pk}"
    listing = director_a_client.get(f"/contests/{contest.pk}/applications/").content.decode()
    assert "ШМО учителей математики (СОШ № 1)" in listing


def test_another_schools_team_is_not_a_choice(director_a_client, district, contest, teams):
    response = _post(
        director_a_client, contest, district["people"]["teacher_a"], f"associations:{teams['history'].pk}"
    )
    assert "Выберите объединение из списка." in response.content.decode()
    assert not Application.objects.exists()


def test_the_applicant_must_belong_to_the_team_and_a_team_applies_once(district, contest, teams):
    people, ref = district["people"], f"associations:{teams['maths'].pk}"
    with pytest.raises(ValidationError) as error:
        apply(contest, people["teacher_b"], team_ref=ref)
    assert "Кузнецов И.О. не состоит в объединении «ШМО учителей математики (СОШ № 1)»" in str(error.value)
    apply(contest, people["teacher_a"], team_ref=ref)  # a member
    with pytest.raises(ValidationError) as error:
        apply(contest, people["director_a"], team_ref=ref)  # its head, for the same team again
    assert "На объединение «ШМО учителей математики (СОШ № 1)» уже есть заявка в конкурсе." in str(
        error.value
    )
    with pytest.raises(ValidationError) as error:
        apply(contest, people["director_a"], team_ref="associations:999999")
    assert "Такого объединения нет" in str(error.value)
    assert Application.objects.count() == 1


def test_a_refused_team_application_lets_the_team_apply_again(district, contest, teams, methodist):
    people, ref = district["people"], f"associations:{teams['maths'].pk}"
    first = apply(contest, people["teacher_a"], team_ref=ref)
    services.application_review(
        user=methodist,
        application=first,
        version=first.version,
        decision=services.REFUSE,
        comment="Не по теме",
    )
    again = apply(contest, people["director_a"], team_ref=ref)
    assert again.team_name == "ШМО учителей математики (СОШ № 1)"


def test_without_associations_installed_the_team_is_typed_by_name(
    director_a_client, district, contest, monkeypatch
):
    from directory import person_facts

    monkeypatch.setattr(person_facts, "_team_providers", [])
    page = director_a_client.get(f"/contests/{contest.pk}/applications/new/").content.decode()
    assert 'name="team_name"' in page and "<select" in page  # the person is a select; the team is text
    assert "— выберите объединение —" not in page
    _post(director_a_client, contest, district["people"]["teacher_a"], "ШМО учителей начальных классов")
    application = Application.objects.get()
    assert (application.team_name, application.team_ref) == ("ШМО учителей начальных классов", "")
