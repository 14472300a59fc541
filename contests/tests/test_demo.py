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


@pytest.mark.django_db
def test_the_demo_has_a_finished_debut_with_a_tie_the_criterion_resolved_and_a_signed_order():
    from contests.models import RoundResult, ScoreSheet
    from orders.models import Order

    seed_demo(today=TODAY)
    models = (Contest, Round, Application, ScoreSheet, RoundResult, Order)
    counts = [model.objects.count() for model in models]
    seed_demo(today=TODAY)
    assert counts == [model.objects.count() for model in models]
    debut = Contest.objects.get(name="Педагогический дебют", year=2026)
    assert debut.status == Contest.Status.RESULTS
    first, final = debut.rounds.order_by("position")
    assert first.status == final.status == Round.Status.CLOSED
    assert ScoreSheet.objects.filter(round=final, signed_at__isnull=False).count() == 3
    assert RoundResult.objects.filter(round=first, advances=True).count() == 3
    awards = list(RoundResult.objects.filter(round=final).order_by("rank").values_list("award", flat=True))
    assert awards == ["winner", "prize", "prize"]
    from contests.results import round_summary

    (nomination,) = round_summary(final).nominations
    assert "решено по критерию «Урок»" in nomination.summary.rows[0].tie_note
    assert debut.results_order.status in (Order.Status.SIGNING, Order.Status.SIGNED)
    assert debut.results_order.heading.startswith("Об итогах муниципального этапа конкурса")


@pytest.mark.django_db
def test_the_demo_has_a_contest_of_associations_with_a_shmo_applying_as_a_team():
    seed_demo(today=TODAY)
    seed_demo(today=TODAY)  # once, however often it runs
    contest = Contest.objects.get(name="Лучшее методическое объединение", year=2026)
    assert contest.eligibility == Contest.Eligibility.TEAMS and contest.status == Contest.Status.APPLICATIONS
    (application,) = contest.applications.select_related("organization")
    assert application.team_ref.startswith("associations:") and application.team_name.startswith("ШМО")
    assert application.organization.short_name in application.team_name
    assert application.get_state_display() == "подана"
