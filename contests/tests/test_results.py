"""Closing a round, the summary per nomination, the chair's tie decisions, publishing and what a
participant sees afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests import results
from contests.models import Contest, Round, RoundResult, ScoreSheet, TieDecision
from directory import services as directory_services
from directory.models import Role

from .results_factories import build, juror_user, score_round

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def round_url(contest, round, tail=""):
    return reverse(f"contests:round_{tail or 'results'}", args=[contest.pk, round.pk])


def test_closing_refused_while_sheets_unsigned(district, methodist_client):
    contest, (round,), seats, _ = build(district)
    ScoreSheet.objects.filter(juror__in=seats[1:]).update(signed_at=None)
    response = methodist_client.post(round_url(contest, round, "close"), follow=True)
    text = response.content.decode()
    assert "Не подписаны листы: Белова Н.И., Громов П.С." in text
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN
    assert not RoundResult.objects.exists()


def test_chair_closes_round_summary_with_dropped_extremes_and_cutoff(district):
    # three jurors give 8, 9, 10 per criterion to the first participant: the 10s and the 8s dropped
    def points(j, p, c):
        return Decimal(8 + j) if p == 0 else Decimal(9 - p)

    contest, rounds, seats, apps = build(
        district, participants=4, drop_extremes=True, rounds=((2, True), (None, False)), points=points
    )
    chair = juror_user(seats[0], "predsedatel")
    client = client_for(chair)
    response = client.post(round_url(contest, rounds[0], "close"), follow=True)
    text = response.content.decode()
    assert "Тур «Тур 1» закрыт, итоги подсчитаны." in text
    # juror totals over two criteria: 16, 18, 20 → the dropped ones in brackets, total 18 (the one kept)
    assert "(16,00)" in text and "(20,00)" in text and "18,00" in text
    assert text.count("проходит в следующий тур") == 2
    stored = {r.application_id: r for r in RoundResult.objects.filter(round=rounds[0])}
    assert stored[apps[0].pk].rank == 1 and stored[apps[0].pk].advances
    assert stored[apps[1].pk].advances and not stored[apps[2].pk].advances
    # the second round takes those who went on
    assert sorted(a.pk for a in results.round_participants(rounds[1], rounds)) == [apps[0].pk, apps[1].pk]


def test_who_may_close_and_see(district, teacher_a_client, administrator_client):
    contest, (round,), seats, _ = build(district)
    member = client_for(juror_user(seats[1], "chlen"))
    assert member.post(round_url(contest, round, "close")).status_code == 403
    # before closing a juror sees no summary (the others' sheets stay hidden)
    text = page(member, round_url(contest, round))
    assert "Сводная ведомость откроется, когда тур будет закрыт." in text
    assert teacher_a_client.get(round_url(contest, round)).status_code == 404
    other, (other_round,), _, _ = build(district, name="Сердце отдаю детям")
    assert member.get(reverse("contests:results", args=[other.pk])).status_code == 404
    assert member.get(reverse("contests:round_results", args=[contest.pk, other_round.pk])).status_code == 404
    assert administrator_client.post(round_url(contest, round, "close")).status_code == 403
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN


def test_conflict_of_interest_gap_shown_as_dash(district, methodist_client):
    contest, (round,), seats, apps = build(district, rounds=((None, False),), aggregation="mean")
    score_round(round, seats, apps, lambda j, p, c: Decimal(5 + p), skip={(1, 0)})
    methodist_client.post(round_url(contest, round, "close"))
    text = page(methodist_client, round_url(contest, round))
    assert '<td class="text-center">—</td>' in text
    first = RoundResult.objects.get(round=round, application=apps[0])
    assert first.total == Decimal(10)  # the mean of the two jurors who scored (5 + 5 per criterion)


def _tied(district, **extra):
    """Two participants with equal totals at the top of a final round."""

    def points(j, p, c):
        if p in (0, 1):
            # equal sums; criterion 1 higher for participant 1
            return Decimal(6 if (c == 0) == (p == 0) else 8)
        return Decimal(3)

    return build(district, participants=3, points=points, **extra)


def test_tie_needs_chair_then_publish(district, methodist_client, teacher_a):
    contest, (round,), seats, apps = _tied(district)
    chair = client_for(juror_user(seats[0], "predsedatel"))
    chair.post(round_url(contest, round, "close"))
    text = page(chair, round_url(contest, round))
    assert "нужно решение председателя жюри" in text
    response = methodist_client.post(reverse("contests:results_publish", args=[contest.pk]), follow=True)
    assert "Итоги нельзя опубликовать." in response.content.decode()
    contest.refresh_from_db()
    assert contest.status == Contest.Status.SCORING
    # a bad order, or no reason: refused, nothing saved
    bad = chair.post(
        reverse("contests:tie_decide", args=[contest.pk, round.pk]),
        {"nomination": apps[0].nomination_id, "order": str(apps[0].pk), "reason": "Лучший урок"},
        follow=True,
    )
    assert "Расставьте по местам всех участников с равными баллами" in bad.content.decode()
    no_reason = chair.post(
        reverse("contests:tie_decide", args=[contest.pk, round.pk]),
        {"nomination": apps[0].nomination_id, "order": f"{apps[1].pk},{apps[0].pk}", "reason": " "},
        follow=True,
    )
    assert "Укажите, чем председатель обосновывает решение." in no_reason.content.decode()
    assert not TieDecision.objects.exists()
    chair.post(
        reverse("contests:tie_decide", args=[contest.pk, round.pk]),
        {"nomination": apps[0].nomination_id, "order": f"{apps[1].pk},{apps[0].pk}", "reason": "Лучший урок"},
    )
    stored = {r.application_id: r for r in RoundResult.objects.filter(round=round)}
    assert stored[apps[1].pk].award == RoundResult.Award.WINNER
    assert stored[apps[0].pk].award == RoundResult.Award.PRIZE
    # the teacher's application page: nothing before publishing
    application = apps[0]
    directory_services.user_ensure(
        username="uchastnik", password="pass-for-tests-1", person=application.person
    )
    application.person.refresh_from_db()
    directory_services.role_grant(user=application.person.user, kind=Role.Kind.TEACHER)
    teacher = client_for(application.person.user)
    url = reverse("contests:application", args=[contest.pk, application.pk])
    assert "Результаты конкурса" not in page(teacher, url)
    home = page(teacher, reverse("home"))
    assert f'href="{url}"' in home and "Итоги опубликованы" not in home  # the card: the application's state
    response = methodist_client.post(reverse("contests:results_publish", args=[contest.pk]), follow=True)
    assert "Итоги конкурса опубликованы" in response.content.decode()
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS
    text = page(teacher, url)
    assert "Результаты конкурса" in text and "2 место" in text and "призёр" in text
    home = page(teacher, reverse("home"))
    assert "Итоги опубликованы: призёр." in home and 'href="/contests/"' in home  # card and menu entry


def test_the_chair_chooses_places_among_the_tied_and_a_refusal_keeps_the_choice(district):
    contest, (round,), seats, apps = _tied(district)
    chair = client_for(juror_user(seats[0], "predsedatel"))
    chair.post(round_url(contest, round, "close"))
    text = page(chair, round_url(contest, round))
    first, second = apps[0], apps[1]
    for app in (first, second):
        assert f'<select class="form-select form-select-sm" id="place-{app.pk}" name="place-{app.pk}"' in text
    assert "заявка №" in text and "1 — лучший" in text
    decide = reverse("contests:tie_decide", args=[contest.pk, round.pk])
    base = {"nomination": first.nomination_id, "reason": "Лучший урок"}
    twice = chair.post(
        decide,
        base | {f"place-{first.pk}": "1", f"place-{second.pk}": "1"},
    )
    refused = twice.content.decode()
    assert twice.status_code == 422 and "место 1 выбрано дважды" in refused
    assert "Лучший урок</textarea>" in refused and '<option value="1" selected>1</option>' in refused
    missing = chair.post(decide, base | {f"place-{first.pk}": "2"})
    assert "Выберите место для каждого участника:" in missing.content.decode()
    assert not TieDecision.objects.exists()
    chair.post(
        decide,
        base | {f"place-{first.pk}": "2", f"place-{second.pk}": "1"},
    )
    assert TieDecision.objects.get().order == [second.pk, first.pk]
    stored = {r.application_id: r for r in RoundResult.objects.filter(round=round)}
    assert stored[second.pk].rank < stored[first.pk].rank


def test_tie_criterion_decides(district, methodist_client):
    contest, (round,), seats, apps = _tied(district)
    contest.tie_criterion = round.criteria.order_by("position", "pk").first()
    contest.save()
    methodist_client.post(round_url(contest, round, "close"))
    text = page(methodist_client, round_url(contest, round))
    assert "решено по критерию «Критерий 1»" in text
    winner = RoundResult.objects.get(round=round, rank=1)
    assert winner.application_id == apps[1].pk
    methodist_client.post(reverse("contests:results_publish", args=[contest.pk]))
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS


def test_publish_refused_with_open_round(district, methodist_client):
    contest, (round,), _, _ = build(district)
    response = methodist_client.post(reverse("contests:results_publish", args=[contest.pk]), follow=True)
    assert "Не закрыты туры: «Тур 1»." in response.content.decode()
    contest.refresh_from_db()
    assert contest.results_published_at is None


def test_summary_queries_constant(district, methodist_client):
    counts = []
    for index, (participants, jurors) in enumerate([(4, 3), (16, 6)]):
        contest, (round,), _, _ = build(
            district, name=f"Конкурс {index}", participants=participants, jurors=jurors, criteria=4
        )
        methodist_client.post(round_url(contest, round, "close"))
        with CaptureQueriesContext(connection) as queries:
            text = page(methodist_client, round_url(contest, round))
        assert text.count("<tr><td>") == participants
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_closing_twice_and_out_of_order_refused(district, methodist_client):
    contest, (first, second), seats, apps = build(district, rounds=((2, True), (None, True)))
    response = methodist_client.post(round_url(contest, second, "close"), follow=True)
    assert "Сначала закройте тур «Тур 1»." in response.content.decode()
    methodist_client.post(round_url(contest, first, "close"))
    again = methodist_client.post(round_url(contest, first, "close"), follow=True)
    assert "Тур «Тур 1» уже закрыт." in again.content.decode()
    second.refresh_from_db()
    assert second.status == Round.Status.OPEN
    assert not RoundResult.objects.filter(round=second).exists()


def test_tie_at_the_cutoff_blocks_the_next_round_until_the_chair_decides(district, methodist_client):
    # participants 0 and 1 tie for the one place in the final
    contest, (first, second), seats, apps = build(
        district,
        participants=3,
        rounds=((1, True), (None, False)),
        points=lambda j, p, c: Decimal(9 if p < 2 else 5),
    )
    methodist_client.post(round_url(contest, first, "close"))
    assert "нужно решение председателя жюри" in page(methodist_client, round_url(contest, first))
    response = methodist_client.post(round_url(contest, second, "close"), follow=True)
    assert "равенство баллов на границе прохода" in response.content.decode()
    assert not RoundResult.objects.filter(round=first, advances=True).exists()
    methodist_client.post(
        reverse("contests:tie_decide", args=[contest.pk, first.pk]),
        {
            "nomination": apps[0].nomination_id,
            "order": f"{apps[1].pk},{apps[0].pk}",
            "reason": "Решение жюри",
        },
    )
    assert list(
        RoundResult.objects.filter(round=first, advances=True).values_list("application", flat=True)
    ) == [apps[1].pk]
    text = page(methodist_client, round_url(contest, first))
    assert "решение председателя жюри" in text
