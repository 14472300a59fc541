import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from contests import services
from contests.models import Contest
from directory import services as directory_services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_contest(district, *, name="Учитель года", **extra) -> Contest:
    today = timezone.localdate()
    data = {
        "name": name,
        "year": today.year,
        "organizer": district["office"],
        "kind": Contest.Kind.TEACHER_OF_YEAR,
        "status": Contest.Status.APPLICATIONS,
        "applications_open_on": today - dt.timedelta(days=5),
        "applications_close_on": today + dt.timedelta(days=10),
    }
    data.update(extra)
    return services.contest_save(user=None, data=data)


def apply(contest, person, *, user=None, submit=True, **extra):
    data = {"person": person, "consent_on": timezone.localdate(), "url": "https://example.ru/portfolio"}
    data.update(extra)
    return services.application_create(
        user=user, contest=contest, data=services.ApplicationData(**data), submit=submit
    )


@pytest.fixture
def contest(district):
    contest = make_contest(district)
    services.round_save(
        contest=contest,
        data={"title": "Заочный тур"},
        criteria=[services.CriterionData(name="Актуальность", max_points=Decimal(10))],
    )
    return contest


@pytest.fixture
def juror(district, contest):
    """A teacher of school B with a login, seated on the jury (the role comes with the seat)."""
    person = district["people"]["teacher_b"]
    directory_services.user_ensure(username="zhyuri_b", password="pass-for-tests-1", person=person)
    person.refresh_from_db()
    services.jury_member_add(contest=contest, person=person, role="member", user=None)
    return person.user
