import pytest
from django.test import Client
from django.utils import timezone

from associations import services
from associations.models import Association
from directory import services as directory_services
from directory.models import Person, Role


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def teacher(org, last, position="Учитель математики", **extra) -> Person:
    return directory_services.person_save(
        data={
            "organization": org,
            "last_name": last,
            "first_name": "Анна",
            "patronymic": "Петровна",
            "position": position,
            **extra,
        }
    )


@pytest.fixture
def mo(district):
    """A РМО of mathematics (head: teacher_a, with a login), a ШМО in school A and one in school B."""
    people = district["people"]
    head_user = directory_services.user_ensure(
        username="rukmo", password="pass-for-tests-1", person=people["teacher_a"]
    )
    rmo = services.association_save(
        name="РМО учителей математики",
        kind=Association.Kind.DISTRICT,
        organization=district["method_office"],
        head=people["teacher_a"],
        subjects=directory_services.subjects_from_names(["Математика"]),
    )
    shmo_a = services.association_save(
        name="ШМО учителей математики", kind=Association.Kind.SCHOOL, organization=district["school_a"]
    )
    shmo_b = services.association_save(
        name="ШМО учителей истории",
        kind=Association.Kind.SCHOOL,
        organization=district["school_b"],
        head=people["teacher_b"],
    )
    return {
        "rmo": rmo,
        "shmo_a": shmo_a,
        "shmo_b": shmo_b,
        "head_user": head_user,
        "today": timezone.localdate(),
    }


@pytest.fixture
def head_client(mo):
    return client_for(mo["head_user"])


def other_head(district, mo):
    """The head of the ШМО of school B, with a login."""
    user = directory_services.user_ensure(
        username="rukshmo", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    directory_services.role_grant(user=user, kind=Role.Kind.ASSOCIATION_HEAD, scope=mo["shmo_b"])
    return user
