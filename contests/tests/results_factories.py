"""A contest ready for its results: admitted applications, a jury, signed score sheets (made directly:
the sheets' pages are another part of the app)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from contests import services
from contests.models import Application, Contest, JuryMember, Nomination, Score, ScoreSheet
from directory import services as directory_services
from directory.models import Person, Role

from .conftest import make_contest

JURY_NAMES = [
    ("Орлов", "Андрей", "Викторович"),
    ("Белова", "Наталья", "Игоревна"),
    ("Громов", "Павел", "Сергеевич"),
    ("Зайцева", "Ирина", "Олеговна"),
    ("Лебедев", "Олег", "Петрович"),
    ("Морозова", "Анна", "Юрьевна"),
    ("Соколов", "Денис", "Ильич"),
]
SURNAMES = ["Смирнова", "Попова", "Васильева", "Новикова", "Фёдорова", "Михайлова", "Егорова", "Павлова"]


def person(org, last, first, patronymic, position="Учитель") -> Person:
    found = Person.objects.filter(
        organization=org, last_name=last, first_name=first, patronymic=patronymic
    ).first()
    if found is not None:
        return found
    return directory_services.person_save(
        data={
            "organization": org,
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "position": position,
        }
    )


def juror_user(member: JuryMember, username: str):
    user = directory_services.user_ensure(
        username=username, password="pass-for-tests-1", person=member.person
    )
    directory_services.role_grant(user=user, kind=Role.Kind.JURY, scope=member.contest)
    return user


def build(
    district,
    *,
    name="Педагогический дебют",
    participants=4,
    jurors=3,
    criteria=2,
    nominations=("Молодые учителя",),
    rounds=((None, True),),
    points: Callable[[int, int, int], Decimal] | None = None,
    sign=True,
    **contest_settings,
):
    """rounds: (cutoff, sheets made) per round; points(juror index, participant index, criterion index)."""
    contest = make_contest(
        district,
        name=name,
        kind=Contest.Kind.DEBUT,
        status=Contest.Status.SCORING,
        **contest_settings,
    )
    services.nominations_set(contest=contest, names=list(nominations))
    noms = list(Nomination.objects.filter(contest=contest))
    made_rounds = []
    for position, (cutoff, _) in enumerate(rounds, start=1):
        made_rounds.append(
            services.round_save(
                contest=contest,
                data={"title": f"Тур {position}", "position": position, "cutoff": cutoff},
                criteria=[
                    services.CriterionData(name=f"Критерий {c + 1}", max_points=Decimal(10))
                    for c in range(criteria)
                ],
            )
        )
    office = district["method_office"]
    seats = []
    for index in range(jurors):
        last, first, patronymic = JURY_NAMES[index % len(JURY_NAMES)]
        role = JuryMember.Role.CHAIR if index == 0 else JuryMember.Role.MEMBER
        juror = person(office, last + ("" if index < len(JURY_NAMES) else str(index)), first, patronymic)
        seats.append(JuryMember.objects.create(contest=contest, person=juror, role=role))
    secretary = person(office, "Кравцова", "Светлана", "Андреевна", "Методист")
    JuryMember.objects.create(contest=contest, person=secretary, role=JuryMember.Role.SECRETARY)
    schools = [district["school_a"], district["school_b"]]
    apps = []
    for index in range(participants):
        surname = SURNAMES[index % len(SURNAMES)] + ("" if index < len(SURNAMES) else f"-{index}")
        teacher = person(schools[index % 2], surname, "Мария", "Петровна", "Учитель начальных классов")
        apps.append(
            Application.objects.create(
                contest=contest,
                person=teacher,
                organization=teacher.organization,
                nomination=noms[index % len(noms)],
                state=Application.State.ACCEPTED,
                consent_on=timezone.localdate(),
            )
        )
    points = points or (lambda j, p, c: Decimal(10 - (p % 10)))
    for round, (_, made) in zip(made_rounds, rounds, strict=True):
        if made:
            score_round(round, seats, apps, points, sign=sign)
    return contest, made_rounds, seats, apps


def score_round(round, seats, apps, points, *, sign=True, skip=()):
    """skip: (juror index, participant index) pairs not scored (a conflict of interest)."""
    criteria = list(round.criteria.all())
    rows = []
    for j, seat in enumerate(seats):
        sheet = ScoreSheet.objects.create(round=round, juror=seat, signed_at=timezone.now() if sign else None)
        for p, app in enumerate(apps):
            if (j, p) in skip:
                continue
            for c, criterion in enumerate(criteria):
                rows.append(Score(sheet=sheet, application=app, criterion=criterion, points=points(j, p, c)))
    Score.objects.bulk_create(rows)
