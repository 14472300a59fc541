"""The demo's contests: an open «Учитель года» taking applications, with its rounds, jury and two
applications from two schools. Idempotent: found by natural keys, never duplicated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from directory.models import Organization, Person

from . import services
from .models import Application, Contest, JuryMember, Round

TEACHER_OF_YEAR = "Учитель года"

ROUNDS = [
    (
        "Заочный тур: «Методическое портфолио»",
        Round.Kind.CORRESPONDENCE,
        5,
        [
            ("Актуальность и обоснованность методической системы", "Связь с ФГОС, ясность целей", 10),
            ("Результативность", "Результаты обучающихся за три года", 10),
            ("Культура оформления", "Структура, язык, наглядность", 5),
        ],
    ),
    (
        "Очный тур: «Урок»",
        Round.Kind.IN_PERSON,
        None,
        [
            ("Предметная и методическая грамотность", "", 15),
            ("Организация деятельности обучающихся", "", 15),
            ("Рефлексия и подведение итогов", "", 10),
        ],
    ),
]


def demo_contest(*, organizer: Organization, today: dt.date) -> Contest:
    """The open «Учитель года» of this year with its settings (kept as a user changed them after the first
    run, except the window, which follows the demo's day)."""
    contest = Contest.objects.filter(name=TEACHER_OF_YEAR, year=today.year).first()
    data = {
        "applications_open_on": today - dt.timedelta(days=10),
        "applications_close_on": today + dt.timedelta(days=20),
        "status": Contest.Status.APPLICATIONS,
    }
    if contest is None:
        data.update(
            name=TEACHER_OF_YEAR,
            year=today.year,
            organizer=organizer,
            kind=Contest.Kind.TEACHER_OF_YEAR,
            level=Contest.Level.MUNICIPAL,
            eligibility=Contest.Eligibility.ALL,
            organizing_committee="Начальник управления образования — председатель оргкомитета\n"
            "Заведующий районным методическим кабинетом",
            aggregation=Contest.Aggregation.SUM,
            drop_extremes=True,
            prize_winners_count=2,
        )
    elif contest.kind == Contest.Kind.OTHER:  # the bare row of an older demo
        data.update(kind=Contest.Kind.TEACHER_OF_YEAR, drop_extremes=True)
    return services.contest_save(user=None, data=data, contest=contest)


def seed_contests(
    *,
    contest: Contest,
    jury: Sequence[tuple[Person, str]],
    participants: Sequence[Person],
    directors: dict[int, object],
    methodist,
    today: dt.date,
) -> Contest:
    """Rounds with criteria, the jury (roles granted to those with a login) and one application from each
    participant's school — the first one admitted, the others waiting for the secretary."""
    if not contest.rounds.exists():
        for position, (title, kind, cutoff, criteria) in enumerate(ROUNDS, start=1):
            services.round_save(
                contest=contest,
                data={
                    "title": title,
                    "kind": kind,
                    "position": position,
                    "cutoff": cutoff,
                    "starts_on": contest.applications_close_on + dt.timedelta(days=7 * position),
                    "ends_on": contest.applications_close_on + dt.timedelta(days=7 * position),
                    "scoring_deadline": contest.applications_close_on + dt.timedelta(days=7 * position + 2),
                },
                criteria=[
                    services.CriterionData(name=name, indicators=text, max_points=Decimal(points))
                    for name, text, points in criteria
                ],
            )
    for person, role in jury:
        if not JuryMember.objects.filter(contest=contest, person=person, round=None).exists():
            services.jury_member_add(contest=contest, person=person, role=role, user=methodist)
    for index, person in enumerate(participants):
        if Application.objects.filter(contest=contest, person=person).exists():
            continue
        application = services.application_create(
            user=directors.get(person.organization_id),
            contest=contest,
            data=services.ApplicationData(
                person=person,
                consent_on=today - dt.timedelta(days=3),
                url=f"https://demo-rayon.ru/uchitel-goda/portfolio-{person.pk}",
            ),
            submit=True,
            today=today,
        )
        if index == 0:
            services.application_review(
                user=methodist, application=application, version=application.version, decision=services.ADMIT
            )
    return contest
