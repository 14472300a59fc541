"""Rows whose «Ответственные» name a group (методисты, руководители ОО, руководители МО) remind its
members; the line «Напоминания получат: …» says who; the методист corrects it on the row."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from directory import services as directory
from directory.models import Role
from notifications.reminders import reminders_scan
from roadmaps import responsible, services
from roadmaps.models import Roadmap, RowChange
from roadmaps.services import RowData

from .factories import make_roadmap

DUE = dt.date(2023, 5, 31)  # «Май 2023 г.»
WEEK_LATE = DUE + dt.timedelta(days=7)


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Специалисты районного методического кабинета", [responsible.METHODISTS]),
        ("Методисты МБУ ДПО «МиРЦ»", [responsible.METHODISTS]),
        ("РМК", [responsible.METHODISTS]),
        ("Руководители ОО", [responsible.DIRECTORS]),
        ("Руководители РМО", [responsible.ASSOCIATION_HEADS]),
        ("Специалисты РМК, руководители ШМО", [responsible.METHODISTS, responsible.ASSOCIATION_HEADS]),
        # One methodist named by her position is not every methodist.
        ("Киселева Л.П. – методист МБУ ДПО «МиРЦ», руководители ОО", [responsible.DIRECTORS]),
        ("специалист РМК Иванова И.И.", []),
        ("Экспертный совет", []),
    ],
)
def test_the_groups_are_read_from_the_responsible_text(text, groups):
    assert responsible.detect_groups(text) == groups


@pytest.fixture
def addresses(methodist, director_a, director_b):
    for user, address in (
        (methodist, "metodist@example.ru"),
        (director_a, "a@example.ru"),
        (director_b, "b@example.ru"),
    ):
        user.email = address
        user.save()


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan(today=today)

    return run


def office_item(district, methodist, responsible_text, status=Roadmap.Status.APPROVED):
    """An approved roadmap with one item of the office's own work (not assigned to schools)."""
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        status=status,
        rows=[
            RowData(
                number="1.",
                activity="Мониторинг деятельности ШМО",
                deadline_text="Май 2023 г.",
                responsible_text=responsible_text,
            )
        ],
    )
    return roadmap, roadmap.rows.get()


def told(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.django_db
def test_an_overdue_office_item_of_the_methodical_office_reaches_the_methodists(
    district, methodist, director_a, director_b, addresses, scan
):
    office_item(district, methodist, "Специалисты районного методического кабинета")
    scan(WEEK_LATE)
    [letter] = told("metodist@example.ru")
    assert "ПРОСРОЧЕНО" in letter.body and "Мониторинг деятельности ШМО" in letter.body
    assert letter.body.startswith("Здравствуйте, Елена Викторовна!")
    assert told("a@example.ru") == [] and told("b@example.ru") == []


@pytest.mark.django_db
def test_an_office_item_for_the_directors_reaches_every_school_director(
    district, methodist, director_a, director_b, addresses, scan
):
    office_item(district, methodist, "Руководители ОО")
    scan(DUE)
    assert "СРОК СЕГОДНЯ" in told("a@example.ru")[0].body
    assert "Мониторинг деятельности ШМО" in told("b@example.ru")[0].body
    assert told("metodist@example.ru") == []
    mail.outbox.clear()
    scan(WEEK_LATE)
    assert "ПРОСРОЧЕНО" in told("a@example.ru")[0].body and told("b@example.ru")


@pytest.mark.django_db
def test_heads_of_associations_are_reminded_through_their_role(district, methodist, addresses, scan):
    head = directory.user_ensure(
        username="rukmo", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    directory.role_grant(user=head, kind=Role.Kind.ASSOCIATION_HEAD, scope=SimpleNamespace(pk=4242))
    head.email = "rmo@example.ru"
    head.save()
    office_item(district, methodist, "Руководители РМО")
    scan(DUE)
    assert "Мониторинг деятельности ШМО" in told("rmo@example.ru")[0].body
    assert told("metodist@example.ru") == []


@pytest.mark.django_db
def test_the_row_says_who_will_be_reminded(
    district, methodist, director_a, methodist_client, director_a_client
):
    roadmap, row = office_item(
        district, methodist, "Специалисты районного методического кабинета, Петров А.И."
    )
    page = methodist_client.get(reverse("roadmaps:detail", args=[roadmap.pk])).content.decode()
    assert "Напоминания получат: методисты кабинета (1), Петров А.И." in page
    assert reverse("roadmaps:row_reminders", args=[roadmap.pk, row.pk]) in page
    assert "Напоминания получат" not in director_a_client.get(roadmap.get_absolute_url()).content.decode()
    nobody, _ = office_item(district, methodist, "Экспертный совет")
    page = methodist_client.get(nobody.get_absolute_url()).content.decode()
    assert "Напоминания получат: никто" in page


@pytest.mark.django_db
def test_the_methodist_corrects_who_is_reminded_and_the_scan_follows(
    district, methodist, director_a, director_b, addresses, methodist_client, scan
):
    roadmap, row = office_item(district, methodist, "Специалисты районного методического кабинета")
    action = reverse("roadmaps:row_reminders", args=[roadmap.pk, row.pk])
    form = methodist_client.get(action, HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and 'data-testid="reminders-form"' in form.content.decode()
    director_b_person = district["people"]["director_b"]
    response = methodist_client.post(action, {"groups": ["directors"], "add": director_b_person.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.reminders_by_hand and row.reminder_groups == ["directors"]
    assert list(row.responsible_people.all()) == [director_b_person]
    change = RowChange.objects.filter(row=row).latest("pk")
    assert change.before == {"reminders": "методисты кабинета"}
    assert change.after["reminders"] == "руководители ОО, Сидорова М.П."
    history = methodist_client.get(reverse("roadmaps:history", args=[roadmap.pk])).content.decode()
    assert "Получатели напоминаний заданы вручную." in history
    page = methodist_client.get(roadmap.get_absolute_url()).content.decode()
    assert "Напоминания получат: руководители ОО (2), Сидорова М.П." in page and "вручную" in page

    scan(WEEK_LATE)
    assert told("metodist@example.ru") == []
    assert told("a@example.ru") and len(told("b@example.ru")) == 1  # a director named and in the group: once

    # Editing the text keeps the choice; «Как в тексте» goes back to it.
    services.row_update(
        user=methodist, row=row, data={"responsible_text": "Петров А.И."}, version=row.version
    )
    assert list(row.responsible_people.all()) == [director_b_person]
    methodist_client.post(action, {"reset": "1"})
    row.refresh_from_db()
    assert not row.reminders_by_hand and list(row.responsible_people.all()) == [
        district["people"]["director_a"]
    ]
    mail.outbox.clear()
    scan(WEEK_LATE + dt.timedelta(days=7))
    assert told("a@example.ru") and told("b@example.ru") == [] and told("metodist@example.ru") == []


@pytest.mark.django_db
def test_only_the_methodist_changes_who_is_reminded(
    district, methodist, administrator_client, director_a_client, anonymous_client, methodist_client
):
    roadmap, row = office_item(district, methodist, "Руководители ОО")
    action = reverse("roadmaps:row_reminders", args=[roadmap.pk, row.pk])
    assert administrator_client.post(action, {"groups": ["methodists"]}).status_code == 403
    assert director_a_client.get(action).status_code == 403
    draft, draft_row = office_item(district, methodist, "Руководители ОО", status=Roadmap.Status.DRAFT)
    assert (
        director_a_client.get(reverse("roadmaps:row_reminders", args=[draft.pk, draft_row.pk])).status_code
        == 404
    )
    assert anonymous_client.get(action).status_code == 302
    assert methodist_client.put(action).status_code == 405
    row.refresh_from_db()
    assert not row.reminders_by_hand
