import datetime as dt

import pytest
from django.utils import timezone

from directory import services as directory_services
from directory.models import Person


def add_person(org, last, *, years: float | None = 1.0, subjects=(), position="Учитель", **extra) -> Person:
    """A teacher who started teaching `years` ago (None: no date)."""
    today = timezone.localdate()
    since = directory_services.teaching_start(years, today=today) if years is not None else None
    data = {
        "organization": org,
        "last_name": last,
        "first_name": "Анна",
        "patronymic": "Петровна",
        "position": position,
        "teaching_since": since,
        **extra,
    }
    return directory_services.person_save(
        data=data, subjects=directory_services.subjects_from_names(list(subjects)) if subjects else None
    )


@pytest.fixture
def staff(district):
    """School A: two experienced mentors, three young specialists (one of them 40 years old: not in the bank),
    a deputy; school B: one young specialist and a mentor."""
    a, b = district["school_a"], district["school_b"]
    today = timezone.localdate()
    return {
        "mentor1": add_person(a, "Наставникова", years=20, subjects=["Математика"]),
        "mentor2": add_person(a, "Опытнова", years=15, subjects=["Русский язык"]),
        "young1": add_person(a, "Молодова", years=1, subjects=["Математика"]),
        "young2": add_person(a, "Новикова", years=2, subjects=["Русский язык"]),
        "young3": add_person(a, "Юнова", years=0.5, subjects=["Математика"]),
        "older": add_person(
            a, "Позднякова", years=1, birth_date=today.replace(year=today.year - 40) - dt.timedelta(days=1)
        ),
        "deputy": add_person(a, "Завучева", years=25, position="Заместитель директора"),
        "young_b": add_person(b, "Бэшкина", years=1, subjects=["История"]),
        "mentor_b": add_person(b, "Бэстаж", years=30, subjects=["История"]),
    }
