"""Personas shared by every test: a методист, directors of school A and B, an администратор, anonymous.

Data is built through the real services, so tests never rely on states the app could not produce.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from directory import services
from directory.models import Organization, Person, Role

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the password-reset counters of one never throttle the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def district(db):
    """The office, the methodological office, two schools with a director and a teacher each."""
    office = services.organization_save(
        data={
            "name": "Управление образования администрации Тестового района",
            "short_name": "УО Тестового района",
            "kind": Organization.Kind.EDUCATION_OFFICE,
        }
    )
    method_office = services.organization_save(
        data={
            "name": "Районный методический кабинет Тестового района",
            "short_name": "РМК",
            "kind": Organization.Kind.METHOD_OFFICE,
        }
    )
    school_a = services.organization_save(
        data={
            "name": "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»",
            "short_name": "СОШ № 1",
        }
    )
    school_b = services.organization_save(
        data={
            "name": "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 2»",
            "short_name": "СОШ № 2",
        }
    )

    def person(org, last, first, patronymic, position, **extra):
        return services.person_save(
            data={
                "organization": org,
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "position": position,
                **extra,
            }
        )

    people = {
        "methodist": person(method_office, "Волкова", "Елена", "Викторовна", "Методист"),
        "administrator": person(office, "Богинский", "Юрий", "Николаевич", "Начальник управления"),
        "director_a": person(school_a, "Петров", "Андрей", "Иванович", "Директор"),
        "director_b": person(school_b, "Сидорова", "Мария", "Павловна", "Директор"),
        "teacher_a": person(
            school_a,
            "Иванова",
            "Ольга",
            "Сергеевна",
            "Учитель математики",
            teaching_since=dt.date(2025, 9, 1),
        ),
        "teacher_b": person(
            school_b, "Кузнецов", "Игорь", "Олегович", "Учитель истории", teaching_since=dt.date(2001, 9, 1)
        ),
    }
    services.organization_set_head(organization=school_a, person=people["director_a"])
    services.organization_set_head(organization=school_b, person=people["director_b"])
    return {
        "office": office,
        "method_office": method_office,
        "school_a": school_a,
        "school_b": school_b,
        "people": people,
    }


def _user_for(person: Person, username: str, kind: str, **scope):
    user = services.user_ensure(username=username, password="pass-for-tests-1", person=person)
    services.role_grant(user=user, kind=kind, **scope)
    return user


@pytest.fixture
def methodist(district):
    return _user_for(district["people"]["methodist"], "metodist", Role.Kind.METHODIST)


@pytest.fixture
def administrator(district):
    return _user_for(district["people"]["administrator"], "nachalnik", Role.Kind.ADMINISTRATOR)


@pytest.fixture
def director_a(district):
    return _user_for(
        district["people"]["director_a"], "direktor_a", Role.Kind.DIRECTOR, organization=district["school_a"]
    )


@pytest.fixture
def director_b(district):
    return _user_for(
        district["people"]["director_b"], "direktor_b", Role.Kind.DIRECTOR, organization=district["school_b"]
    )


@pytest.fixture
def teacher_a(district):
    return _user_for(district["people"]["teacher_a"], "pedagog_a", Role.Kind.TEACHER)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def methodist_client(methodist):
    return _client_for(methodist)


@pytest.fixture
def administrator_client(administrator):
    return _client_for(administrator)


@pytest.fixture
def director_a_client(director_a):
    return _client_for(director_a)


@pytest.fixture
def director_b_client(director_b):
    return _client_for(director_b)


@pytest.fixture
def teacher_a_client(teacher_a):
    return _client_for(teacher_a)


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def csrf_client_for():
    """A client that enforces CSRF checks, logged in as the given user."""

    def make(user) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
