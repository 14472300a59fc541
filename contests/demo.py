"""The demo's contests: an open «Учитель года» taking applications, with its rounds, jury and two
applications from two schools. Idempotent: found by natural keys, never duplicated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from directory import person_facts
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


def _open_contest(name: str, *, today: dt.date, days: tuple[int, int], new: dict, legacy=None) -> Contest:
    """A demo contest of this year taking applications: made with `new` on the first run; later runs keep
    what a user changed except the window (`days` before and after the demo's day); `legacy` updates the
    bare row an older demo left (kind «другой»)."""
    contest = Contest.objects.filter(name=name, year=today.year).first()
    data = {
        "applications_open_on": today - dt.timedelta(days=days[0]),
        "applications_close_on": today + dt.timedelta(days=days[1]),
        "status": Contest.Status.APPLICATIONS,
    }
    if contest is None:
        data.update(name=name, year=today.year, **new)
    elif legacy and contest.kind == Contest.Kind.OTHER:
        data.update(legacy)
    return services.contest_save(user=None, data=data, contest=contest)


def demo_contest(*, organizer: Organization, today: dt.date) -> Contest:
    """The open «Учитель года» of this year with its settings."""
    return _open_contest(
        TEACHER_OF_YEAR,
        today=today,
        days=(10, 20),
        new={
            "organizer": organizer,
            "kind": Contest.Kind.TEACHER_OF_YEAR,
            "level": Contest.Level.MUNICIPAL,
            "eligibility": Contest.Eligibility.ALL,
            "organizing_committee": "Начальник управления образования — председатель оргкомитета\n"
            "Заведующий районным методическим кабинетом",
            "aggregation": Contest.Aggregation.SUM,
            "drop_extremes": True,
            "prize_winners_count": 2,
        },
        legacy={"kind": Contest.Kind.TEACHER_OF_YEAR, "drop_extremes": True},
    )


def seed_contests(
    *,
    contest: Contest,
    jury: Sequence[tuple[Person, str]],
    participants: Sequence[Person],
    directors: dict[int, object],
    methodist,
    today: dt.date,
    administrator=None,
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
    if administrator is not None:  # the finished «Педагогический дебют» beside it
        scorers = [(person, role) for person, role in jury if role != JuryMember.Role.SECRETARY]
        secretary = Person.objects.filter(user=methodist).first()
        if secretary is not None and len(scorers) >= 2:
            extra = next(
                (p for p, role in jury if role == JuryMember.Role.SECRETARY and p.pk != secretary.pk), None
            )
            if extra is not None:
                scorers.append((extra, JuryMember.Role.MEMBER))
            seed_debut(
                organizer=contest.organizer,
                jury=scorers,
                secretary=secretary,
                directors=directors,
                methodist=methodist,
                administrator=administrator,
                today=today,
            )
    return contest


# --- A finished «Педагогический дебют» (contests.results) ------------------------------------------

DEBUT = "Педагогический дебют"
DEBUT_NOMINATION = "Молодые учителя"
DEBUT_ROUNDS = [
    (
        "Заочный тур: «Методическая разработка»",
        Round.Kind.CORRESPONDENCE,
        3,
        [("Содержание", 10), ("Оформление", 10)],
    ),
    ("Очный тур: «Урок»", Round.Kind.IN_PERSON, None, [("Урок", 20), ("Рефлексия", 10)]),
]
# Points per participant (in the order of the applications) and criterion, the same from each juror:
# the fourth does not go on; in the final the first two tie at 26 and «Урок» decides (18 > 17).
DEBUT_POINTS = [
    [(9, 9), (9, 8), (8, 8), (5, 6)],
    [(18, 8), (17, 9), (15, 7)],
]


def _debut_people(*, jury: Sequence[Person], schools: Sequence[int]) -> list[Person]:
    """Four teachers of the participants' schools who are not on the jury (the same on every run)."""
    return list(
        Person.objects.filter(organization_id__in=schools, position__istartswith="Учитель")
        .exclude(pk__in=[p.pk for p in jury])
        .order_by("-pk")[:4]
    )


def _sign_sheets(round: Round, seats: Sequence[JuryMember], people: Sequence[Application], points) -> None:
    from django.utils import timezone

    from .models import Score, ScoreSheet, ScoreSheetEvent

    criteria = list(round.criteria.all())
    for seat in seats:
        sheet = ScoreSheet.objects.create(round=round, juror=seat, signed_at=timezone.now())
        Score.objects.bulk_create(
            Score(sheet=sheet, application=application, criterion=criterion, points=Decimal(value))
            for application, values in zip(people, points, strict=False)
            for criterion, value in zip(criteria, values, strict=True)
        )
        ScoreSheetEvent.objects.create(sheet=sheet, action=ScoreSheetEvent.Action.SIGN)


def seed_debut(
    *,
    organizer: Organization,
    jury: Sequence[tuple[Person, str]],
    secretary: Person,
    directors: dict[int, object],
    methodist,
    administrator,
    today: dt.date,
) -> Contest:
    """«Педагогический дебют» of this year, finished: two rounds, three jurors, signed sheets, a tie the
    criterion «Урок» resolved, the results published and the order «Об итогах …» signed by the head.
    Made once (found by name and year afterwards)."""
    from orders import services as order_services

    from . import results
    from .order_services import results_order_create

    found = Contest.objects.filter(name=DEBUT, year=today.year).first()
    if found is not None:
        return found
    contest = services.contest_save(
        user=None,
        data={
            "name": DEBUT,
            "year": today.year,
            "organizer": organizer,
            "kind": Contest.Kind.DEBUT,
            "level": Contest.Level.MUNICIPAL,
            "status": Contest.Status.APPLICATIONS,
            "eligibility": Contest.Eligibility.ALL,
            "applications_open_on": today - dt.timedelta(days=60),
            "applications_close_on": today - dt.timedelta(days=40),
            "aggregation": Contest.Aggregation.SUM,
            "prize_winners_count": 2,
            "organizing_committee": "Начальник управления образования — председатель оргкомитета",
        },
    )
    (nomination,) = services.nominations_set(contest=contest, names=[DEBUT_NOMINATION])
    rounds = []
    for position, (title, kind, cutoff, criteria) in enumerate(DEBUT_ROUNDS, start=1):
        rounds.append(
            services.round_save(
                contest=contest,
                data={
                    "title": title,
                    "kind": kind,
                    "position": position,
                    "cutoff": cutoff,
                    "starts_on": today - dt.timedelta(days=35 - 14 * position),
                    "ends_on": today - dt.timedelta(days=35 - 14 * position),
                },
                criteria=[
                    services.CriterionData(name=name, max_points=Decimal(points)) for name, points in criteria
                ],
            )
        )
    contest.tie_criterion = rounds[1].criteria.get(name="Урок")
    seats = []
    for person, role in jury:
        seats.append(
            services.jury_member_add(contest=contest, person=person, role=role, user=methodist).member
        )
    services.jury_member_add(
        contest=contest, person=secretary, role=JuryMember.Role.SECRETARY, user=methodist
    )
    jurors = [p for p, _ in jury] + [secretary]
    # no conflict of interest: the participants come from schools none of the jurors works at
    schools = [pk for pk in directors if pk not in {p.organization_id for p in jurors}]
    people = _debut_people(jury=jurors, schools=schools)
    applications = []
    applied_on = today - dt.timedelta(days=50)
    for person in people:
        application = services.application_create(
            user=directors.get(person.organization_id),
            contest=contest,
            data=services.ApplicationData(
                person=person,
                nomination=nomination,
                consent_on=applied_on,
                url=f"https://demo-rayon.ru/debut/razrabotka-{person.pk}",
            ),
            submit=True,
            today=applied_on,
        )
        services.application_review(
            user=methodist, application=application, version=application.version, decision=services.ADMIT
        )
        applications.append(application)
    contest.status = Contest.Status.SCORING
    contest.save(update_fields=["tie_criterion", "status"])
    _sign_sheets(rounds[0], seats, applications, DEBUT_POINTS[0])
    results.round_close(user=methodist, round=rounds[0])
    finalists = [a for a in applications if a in results.round_participants(rounds[1], rounds)]
    _sign_sheets(rounds[1], seats, finalists, DEBUT_POINTS[1])
    results.round_close(user=methodist, round=rounds[1])
    results.results_publish(user=methodist, contest=contest)
    order = results_order_create(user=methodist, contest=contest)
    if not order.executor_phone:
        order = order_services.order_update(
            user=methodist, order=order, data={"executor_phone": "8 (86192) 5-10-12"}
        )
    order_services.order_sign(user=administrator, order=order, today=today)
    return contest


# --- An open contest of associations: ШМО/РМО apply as teams (directory.person_facts.teams_of) ----------

TEAMS_CONTEST = "Лучшее методическое объединение"
TEAMS_ROUND = (
    "Заочный тур: «Портфолио объединения»",
    [
        ("Соответствие плана работы задачам района", 10),
        ("Результативность работы объединения", 10),
        ("Распространение опыта", 5),
    ],
)


def seed_team_contest(*, organizer: Organization, school: Organization, director, today: dt.date):
    """«Лучшее методическое объединение» taking applications, with one team application: the first ШМО of
    `school`, filed by its director on behalf of the association's head (or a member). None when no
    associations are registered."""
    teams = person_facts.teams_of([school.pk])
    if not teams:
        return None
    contest = _open_contest(
        TEAMS_CONTEST,
        today=today,
        days=(7, 25),
        new={
            "organizer": organizer,
            "kind": Contest.Kind.ASSOCIATIONS,
            "level": Contest.Level.MUNICIPAL,
            "eligibility": Contest.Eligibility.TEAMS,
            "aggregation": Contest.Aggregation.MEAN,
        },
    )
    if not contest.rounds.exists():
        title, criteria = TEAMS_ROUND
        services.round_save(
            contest=contest,
            data={"title": title, "kind": Round.Kind.CORRESPONDENCE},
            criteria=[
                services.CriterionData(name=name, max_points=Decimal(points)) for name, points in criteria
            ],
        )
    team = teams[0]
    if team.member_ids and not Application.objects.filter(contest=contest, team_ref=team.ref).exists():
        services.application_create(
            user=director,
            contest=contest,
            data=services.ApplicationData(
                person=Person.objects.get(pk=min(team.member_ids)),
                team_ref=team.ref,
                consent_on=today - dt.timedelta(days=2),
                url="https://demo-rayon.ru/shmo/portfolio",
            ),
            submit=True,
            today=today,
        )
    return contest
