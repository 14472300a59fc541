"""The score sheet sent as one form: «Сохранить баллы», and every save when the browser runs no JavaScript.
All cells are checked first; a refusal keeps what the juror typed on the page and saves nothing."""

from decimal import Decimal

import pytest

from contests import sheets
from contests.models import Score

from .test_sheets import _text, build, client_for, juror_sheet, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(district, methodist):
    # Участник0 and Участник2 from school A; Участник1 from the juror's school B (conflict of interest).
    return build(district, methodist, participants=3)


def _form(board, values: dict, version=None) -> dict:
    a, _, c = board["apps"]
    c1, c2 = board["criteria"]
    data = {
        sheets.cell_key(a.pk, c1.pk): values.get("a1", ""),
        sheets.cell_key(a.pk, c2.pk): values.get("a2", ""),
        sheets.cell_key(c.pk, c1.pk): values.get("c1", ""),
        sheets.cell_key(c.pk, c2.pk): values.get("c2", ""),
        "version": juror_sheet(board).version if version is None else version,
    }
    return data


def _points(board) -> dict:
    return {
        (s.application.person.last_name, s.criterion.name): s.points
        for s in Score.objects.select_related("application__person", "criterion")
    }


def test_the_page_is_one_form_with_a_save_button_and_named_cells(board):
    client = client_for(board["juror"])
    page = _text(client.get(url(board, "sheet/")))
    a = board["apps"][0]
    assert f'action="{url(board, "sheet/save/")}"' in page and "Сохранить баллы" in page
    assert f'name="{sheets.cell_key(a.pk, board["criteria"][0].pk)}"' in page


def test_the_whole_sheet_is_saved_at_once_and_the_version_moves_once(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    before = juror_sheet(board).version
    response = client.post(
        url(board, "sheet/save/"), _form(board, {"a1": "7,5", "a2": "8", "c1": "6"}), follow=True
    )
    page = _text(response)
    assert "Баллы сохранены (изменено ячеек: 3)." in page
    assert _points(board) == {
        ("Участник0", "Критерий 1"): Decimal("7.5"),
        ("Участник0", "Критерий 2"): Decimal(8),
        ("Участник2", "Критерий 1"): Decimal(6),
    }
    assert juror_sheet(board).version == before + 1
    assert 'value="7,5"' in page and "15,5" in page  # the cell and Участник0's total on the page
    # Sent again unchanged: nothing changes, the version stays; a cleared cell is removed.
    again = client.post(
        url(board, "sheet/save/"), _form(board, {"a1": "7,5", "a2": "8", "c1": "6"}), follow=True
    )
    assert "Все баллы уже сохранены." in _text(again) and juror_sheet(board).version == before + 1
    client.post(url(board, "sheet/save/"), _form(board, {"a1": "7,5", "a2": "8"}))
    assert ("Участник2", "Критерий 1") not in _points(board)


def test_one_bad_cell_refuses_the_sheet_keeps_what_was_typed_and_saves_nothing(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    version = juror_sheet(board).version
    response = client.post(url(board, "sheet/save/"), _form(board, {"a1": "9", "a2": "11", "c1": "семь"}))
    page = _text(response)
    assert response.status_code == 200
    assert "Баллы не сохранены: ошибок в ячейках — 2. Исправьте их ниже." in page
    assert "Критерий «Критерий 2»: не больше 10 баллов (введено 11)." in page
    assert "Критерий «Критерий 1»: «семь» — не число." in page
    assert 'value="9"' in page and 'value="11"' in page and 'value="семь"' in page  # nothing lost
    assert page.count('aria-invalid="true"') == 2
    assert not Score.objects.exists() and juror_sheet(board).version == version


def test_a_conflicted_participant_cannot_be_scored_through_the_form(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    b = board["apps"][1]
    data = _form(board, {"a1": "5"}) | {sheets.cell_key(b.pk, board["criteria"][0].pk): "10"}
    client.post(url(board, "sheet/save/"), data)
    assert _points(board) == {("Участник0", "Критерий 1"): Decimal(5)}


def test_a_stale_form_saves_nothing_and_shows_the_typed_points_with_the_new_version(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    old = juror_sheet(board).version
    client.post(url(board, "sheet/save/"), _form(board, {"a1": "5"}))  # another tab saved meanwhile
    response = client.post(url(board, "sheet/save/"), _form(board, {"a1": "4", "a2": "6"}, version=old))
    page = _text(response)
    assert "изменён в другом окне или вкладке — баллы не сохранены" in page
    assert 'value="4"' in page and 'value="6"' in page
    assert f'id="sheet-version" value="{juror_sheet(board).version}"' in page  # sending again works
    assert _points(board) == {("Участник0", "Критерий 1"): Decimal(5)}


def test_a_signed_sheet_refuses_the_form(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    client.post(url(board, "sheet/save/"), _form(board, {"a1": "5", "a2": "5", "c1": "5", "c2": "5"}))
    client.post(url(board, "sheet/sign/"), {"version": juror_sheet(board).version})
    assert juror_sheet(board).is_signed
    response = client.post(url(board, "sheet/save/"), _form(board, {"a1": "1"}), follow=True)
    assert "Оценочный лист подписан и закрыт для изменений." in _text(response)
    assert _points(board)[("Участник0", "Критерий 1")] == Decimal(5)


def test_someone_without_a_scoring_seat_gets_404(board):
    secretary = client_for(board["secretary"])  # the secretary keeps the protocol, scores nothing
    assert secretary.post(url(board, "sheet/save/"), _form(board, {"a1": "9"}, version=1)).status_code == 404
    assert not Score.objects.exists()
