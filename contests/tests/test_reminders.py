"""Contests' reminders (the scoring deadline, the application window), «Мои задачи» and the juror's card."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contests.models import Contest, Round

from .test_sheets import build, client_for, juror_sheet, post_cell, url

pytestmark = pytest.mark.django_db


def scan(today, capture):
    from notifications.reminders import reminders_scan

    with capture(execute=True):
        reminders_scan(today=today)


def letters_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def deadline_board(district, methodist):
    deadline = timezone.localdate() + dt.timedelta(days=3)
    board = build(district, methodist)
    Round.objects.filter(pk=board["round"].pk).update(scoring_deadline=deadline)
    board["deadline"] = deadline
    return board


def test_the_scoring_deadline_reminds_jurors_with_unsigned_sheets_once(
    deadline_board, django_capture_on_commit_callbacks
):
    board = deadline_board
    # The juror signs; the chair does not (and never opened the sheet); the secretary does not score.
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    for criterion in board["criteria"]:
        post_cell(client, board, board["apps"][0], criterion, "5")
    client.post(url(board, "sheet/sign/"), {"version": juror_sheet(board).version})
    assert juror_sheet(board).is_signed
    scan(board["deadline"], django_capture_on_commit_callbacks)
    [letter] = letters_to("chair@example.ru")
    assert "Оценочный лист: Заочный тур" in letter.body and "Педагогический дебют" in letter.body
    assert f"/contests/{board['contest'].pk}/rounds/{board['round'].pk}/sheet/" in letter.body
    assert not letters_to("zhyuri_b@example.ru") and not letters_to("secretary@example.ru")
    scan(board["deadline"], django_capture_on_commit_callbacks)  # the same day again: nothing more
    assert len(letters_to("chair@example.ru")) == 1
    mail.outbox.clear()
    Round.objects.filter(pk=board["round"].pk).update(status=Round.Status.CLOSED, closed_at=timezone.now())
    scan(board["deadline"] + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert not letters_to("chair@example.ru")  # a closed round reminds nobody


def test_an_overdue_unsigned_sheet_is_reminded_weekly(deadline_board, django_capture_on_commit_callbacks):
    board = deadline_board
    scan(board["deadline"] + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert len(letters_to("zhyuri_b@example.ru")) == 1 and len(letters_to("chair@example.ru")) == 1


def test_the_application_window_closing_reminds_directors_once_while_taking_applications(
    district, director_a, director_b, django_capture_on_commit_callbacks
):
    from .conftest import make_contest

    close = timezone.localdate() + dt.timedelta(days=10)
    contest = make_contest(district, name="Учитель года", applications_close_on=close)
    for user, address in ((director_a, "dir_a@example.ru"), (director_b, "dir_b@example.ru")):
        user.email = address
        user.save(update_fields=["email"])
    scan(close, django_capture_on_commit_callbacks)
    for address in ("dir_a@example.ru", "dir_b@example.ru"):
        [letter] = letters_to(address)
        assert "Приём заявок на конкурс заканчивается: Учитель года" in letter.body
        assert f"/contests/{contest.pk}/" in letter.body
    scan(close, django_capture_on_commit_callbacks)
    assert len(letters_to("dir_a@example.ru")) == 1
    mail.outbox.clear()
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.SCORING)
    scan(close - dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert not letters_to("dir_a@example.ru")  # no longer taking applications


def test_my_tasks_and_the_start_card_show_the_jurors_unsigned_sheet(deadline_board):
    board = deadline_board
    client = client_for(board["juror"])
    sheet_url = f"/contests/{board['contest'].pk}/rounds/{board['round'].pk}/sheet/"
    page = client.get(reverse("roadmaps:my_tasks")).content.decode()
    assert "Оценочные листы конкурсов" in page and "Заполнить и подписать оценочный лист: Заочный тур" in page
    assert sheet_url in page and f"{board['deadline']:%d.%m.%Y}" in page
    home = client.get("/").content.decode()
    assert "Оценочный лист: Заочный тур" in home and sheet_url in home
    client.get(sheet_url)
    for criterion in board["criteria"]:
        post_cell(client, board, board["apps"][0], criterion, "5")
    client.post(url(board, "sheet/sign/"), {"version": juror_sheet(board).version})
    assert (
        "Заполнить и подписать оценочный лист"
        not in client.get(reverse("roadmaps:my_tasks")).content.decode()
    )
    assert "Оценочный лист: Заочный тур" not in client.get("/").content.decode()
