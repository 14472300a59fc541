"""The jury's оценочные листы: the grid, the conflict of interest, autosave, signing, reopening, privacy."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contests import services, sheets
from contests.models import ConflictOfInterest, Round, RoundResult, Score, ScoreSheet, ScoreSheetEvent
from directory import services as directory_services
from notifications.models import Notice

from .conftest import apply, make_contest

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def person(district, school, last, first="Анна", patronymic="Ивановна"):
    return directory_services.person_save(
        data={
            "organization": district[school],
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "position": "Учитель",
        }
    )


def admitted(contest, someone, methodist):
    application = apply(contest, someone)
    application.refresh_from_db()
    services.application_review(
        user=methodist, application=application, version=application.version, decision=services.ADMIT
    )
    return application


def seat(contest, someone, role, username):
    user = directory_services.user_ensure(
        username=username, password="pass-for-tests-1", person=someone, email=f"{username}@example.ru"
    )
    someone.refresh_from_db()
    services.jury_member_add(contest=contest, person=someone, role=role, user=None)
    return user


def build(
    district, methodist, *, participants=2, criteria=2, name="Педагогический дебют", suffix="", **extra
):
    """A contest with one round of `criteria` criteria (max 10 each); participants alternate schools A and B
    (the first from A); a juror from school B, a chair and a secretary from the methodological office."""
    contest = make_contest(district, name=name, **extra)
    services.round_save(
        contest=contest,
        data={"title": "Заочный тур"},
        criteria=[
            services.CriterionData(name=f"Критерий {n + 1}", max_points=Decimal(10)) for n in range(criteria)
        ],
    )
    apps = [
        admitted(
            contest,
            person(district, "school_a" if n % 2 == 0 else "school_b", f"Участник{n}{suffix}"),
            methodist,
        )
        for n in range(participants)
    ]
    juror = seat(contest, district["people"]["teacher_b"], "member", "zhyuri_b")
    chair = seat(
        contest, person(district, "method_office", "Орлова" + suffix, "Нина"), "chair", "chair" + suffix
    )
    secretary = seat(
        contest,
        person(district, "method_office", "Соколова" + suffix, "Вера"),
        "secretary",
        "secretary" + suffix,
    )
    return {
        "contest": contest,
        "round": Round.objects.get(contest=contest),
        "criteria": list(Round.objects.get(contest=contest).criteria.all()),
        "apps": apps,
        "juror": juror,
        "chair": chair,
        "secretary": secretary,
    }


@pytest.fixture
def board(district, methodist):
    return build(district, methodist)


def url(board, tail=""):
    return f"/contests/{board['contest'].pk}/rounds/{board['round'].pk}/{tail}"


def post_cell(client, board, app, criterion, points, version=None):
    if version is None:
        version = ScoreSheet.objects.get(round=board["round"], juror__person__user=board["juror"]).version
    return client.post(
        url(board, "sheet/cell/"),
        {
            "application": app.pk,
            "criterion": criterion.pk,
            sheets.cell_key(app.pk, criterion.pk): points,
            "version": version,
        },
        HTTP_HX_REQUEST="true",
    )


def juror_sheet(board) -> ScoreSheet:
    return ScoreSheet.objects.get(round=board["round"], juror__person__user=board["juror"])


# --- The grid and the conflict of interest ------------------------------------------------------------


def test_the_juror_sees_the_grid_with_maxima_and_the_conflict_cell_recorded(board):
    page = _text(client_for(board["juror"]).get(url(board, "sheet/")))
    a, b = board["apps"]
    assert "Оценочный лист: Заочный тур" in page and "Критерий 1" in page and "макс. 10" in page
    assert "Участник0" in page and "СОШ № 1" in page and f'href="{a.get_absolute_url()}"' in page
    assert "не оценивает (конфликт интересов)" in page  # Участник1 is from the juror's school B
    assert f'id="cell-{a.pk}-' in page and f'id="cell-{b.pk}-' not in page
    [conflict] = ConflictOfInterest.objects.all()
    assert conflict.application == b and conflict.reason == "работает в той же организации"
    assert "152-ФЗ" not in page and "согласие" not in page.lower()


def test_with_the_rule_off_every_cell_is_open_and_the_sheet_says_why(district, methodist):
    board = build(
        district,
        methodist,
        conflict_of_interest=False,
        conflict_off_reason="в районе две школы, жюри иначе не собрать",
    )
    page = _text(client_for(board["juror"]).get(url(board, "sheet/")))
    assert "не действует: в районе две школы, жюри иначе не собрать" in page
    assert "конфликт интересов)" not in page and not ConflictOfInterest.objects.exists()
    response = post_cell(client_for(board["juror"]), board, board["apps"][1], board["criteria"][0], "7")
    assert "сохранено" in _text(response) and Score.objects.count() == 1


def test_a_later_round_waits_for_the_results_of_the_previous_one(board):
    second = services.round_save(
        contest=board["contest"],
        data={"title": "Очный тур", "position": 2},
        criteria=[services.CriterionData(name="Урок", max_points=Decimal(20))],
    )
    page = _text(client_for(board["juror"]).get(f"/contests/{board['contest'].pk}/rounds/{second.pk}/sheet/"))
    assert "Итоги предыдущего тура «Заочный тур» ещё не подведены" in page
    a, b = board["apps"]
    RoundResult.objects.create(round=board["round"], application=a, total=10, rank=1, advances=True)
    RoundResult.objects.create(round=board["round"], application=b, total=5, rank=2, advances=False)
    page = _text(client_for(board["juror"]).get(f"/contests/{board['contest'].pk}/rounds/{second.pk}/sheet/"))
    assert "Участник0" in page and "Участник1" not in page and "макс. 20" in page


# --- Autosave and its refusals ------------------------------------------------------------------------------


def test_autosave_saves_a_cell_and_shows_the_participant_total(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    a = board["apps"][0]
    c1, c2 = board["criteria"]
    response = post_cell(client, board, a, c1, "7,5")
    assert response.status_code == 200 and "сохранено" in _text(response)
    response = post_cell(client, board, a, c2, "8")
    assert f'<span id="total-{a.pk}" hx-swap-oob="true">15,5</span>' in _text(response)
    assert 'id="sheet-version" value="3"' in _text(response)
    assert '<span id="sheet-filled" hx-swap-oob="true">2</span>' in _text(response)  # the counter follows
    assert sorted(Score.objects.values_list("points", flat=True)) == [Decimal("7.5"), Decimal(8)]
    post_cell(client, board, a, c2, "")  # clearing a cell
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal("7.5")]


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ("11", "Критерий «Критерий 1»: не больше 10 баллов (введено 11)."),
        ("-1", "Критерий «Критерий 1»: баллы не могут быть отрицательными (введено -1)."),
        ("семь", "Критерий «Критерий 1»: «семь» — не число."),
    ],
)
def test_points_out_of_range_are_refused_next_to_the_cell_and_nothing_is_saved(board, points, message):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    response = post_cell(client, board, board["apps"][0], board["criteria"][0], points)
    assert message in _text(response) and "text-danger" in _text(response)
    assert not Score.objects.exists() and juror_sheet(board).version == 1


def test_a_conflicted_cell_is_refused(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    response = post_cell(client, board, board["apps"][1], board["criteria"][0], "5")
    assert "Этого участника вы не оцениваете (конфликт интересов)." in _text(response)
    assert not Score.objects.exists()


def test_a_stale_sheet_is_told_to_reload_and_nothing_is_saved(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    post_cell(client, board, board["apps"][0], board["criteria"][0], "5")
    response = post_cell(client, board, board["apps"][0], board["criteria"][1], "6", version=1)
    assert "изменён в другом окне или вкладке. Обновите страницу" in _text(response)
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal(5)]


# --- Signing and reopening --------------------------------------------------------------------------------


def test_signing_with_empty_cells_is_refused_with_the_list_then_a_complete_sheet_is_locked(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    a = board["apps"][0]
    post_cell(client, board, a, board["criteria"][0], "5")
    response = client.post(url(board, "sheet/sign/"), {"version": juror_sheet(board).version}, follow=True)
    assert "Участник0 Анна Ивановна: не выставлены баллы — «Критерий 2»." in _text(response)
    assert juror_sheet(board).signed_at is None and not ScoreSheetEvent.objects.exists()
    post_cell(client, board, a, board["criteria"][1], "6")
    response = client.post(url(board, "sheet/sign/"), {"version": juror_sheet(board).version}, follow=True)
    page = _text(response)
    assert "Оценочный лист подписан." in page and "подписан" in page and "Подписать лист" not in page
    assert 'name="c-' not in page  # read-only
    sheet = juror_sheet(board)
    assert sheet.is_signed and ScoreSheetEvent.objects.get().action == "sign"
    response = post_cell(client, board, a, board["criteria"][0], "9")
    assert "Оценочный лист подписан и закрыт для изменений." in _text(response)
    with pytest.raises(ValidationError, match="подписан и закрыт"):  # locked in the service, not the page
        sheets.cell_save(
            user=board["juror"],
            sheet=sheet,
            application_id=a.pk,
            criterion_id=board["criteria"][0].pk,
            value="9",
            version=sheet.version,
        )
    assert Score.objects.get(criterion=board["criteria"][0]).points == 5


def _signed(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    for criterion in board["criteria"]:
        post_cell(client, board, board["apps"][0], criterion, "5")
    client.post(url(board, "sheet/sign/"), {"version": juror_sheet(board).version})
    sheet = juror_sheet(board)
    assert sheet.is_signed
    return sheet


def test_only_the_chair_reopens_a_signed_sheet_with_a_reason_and_the_juror_is_told(board):
    sheet = _signed(board)
    reopen = url(board, f"sheets/{sheet.pk}/reopen/")
    for user in (board["secretary"], board["juror"]):
        response = client_for(user).post(reopen, {"version": sheet.version, "reason": "ошибка"}, follow=True)
        assert "Открыть подписанный оценочный лист повторно может только председатель жюри." in _text(
            response
        )
    chair = client_for(board["chair"])
    response = chair.post(reopen, {"version": sheet.version, "reason": "  "}, follow=True)
    assert "Укажите, почему подписанный лист открывается повторно" in _text(response)
    assert juror_sheet(board).is_signed and ScoreSheetEvent.objects.count() == 1
    response = chair.post(reopen, {"version": sheet.version, "reason": "описка в критерии 2"}, follow=True)
    assert "открыт повторно; член жюри уведомлён" in _text(response)
    assert not juror_sheet(board).is_signed
    event = ScoreSheetEvent.objects.last()
    assert event.action == "reopen" and event.reason == "описка в критерии 2" and event.user == board["chair"]
    notice = Notice.objects.get(recipient=board["juror"], kind="contest_sheet_reopened")
    assert "открыт повторно" in notice.title and "описка в критерии 2" in notice.body
    page = _text(client_for(board["juror"]).get(url(board, "sheet/")))
    assert "открыт повторно: описка в критерии 2" in page and "Подписать лист" in page


# --- Privacy ----------------------------------------------------------------------------------------


def test_other_sheets_are_404_until_the_round_is_closed_and_states_show_no_points(board, district, methodist):
    sheet = _signed(board)
    chair_client = client_for(board["chair"])
    chair_client.get(url(board, "sheet/"))  # the chair opens their own sheet
    chair_sheet = ScoreSheet.objects.get(juror__person__user=board["chair"])
    juror = client_for(board["juror"])
    assert juror.get(url(board, f"sheets/{chair_sheet.pk}/")).status_code == 404
    assert juror.get(url(board, "sheets/")).status_code == 302  # a juror only has their own sheet
    for user in (methodist, board["secretary"], board["chair"]):
        client = client_for(user)
        page = _text(client.get(url(board, "sheets/")))
        assert "Кузнецов Игорь Олегович" in page and "подписан" in page and "2 из 2" in page
        assert "0 из 4" in page  # the chair (methodological office): both participants, no conflict
        assert client.get(url(board, f"sheets/{sheet.pk}/")).status_code == 404
    other = make_contest(district, name="Сердце отдаю детям")
    outsider = seat(other, person(district, "school_a", "Чужой"), "member", "outsider")
    outsider_client = client_for(outsider)
    assert outsider_client.get(url(board, "sheet/")).status_code == 404
    assert outsider_client.get(url(board, f"sheets/{sheet.pk}/")).status_code == 404
    Round.objects.filter(pk=board["round"].pk).update(status=Round.Status.CLOSED, closed_at=timezone.now())
    page = _text(client_for(methodist).get(url(board, f"sheets/{sheet.pk}/")))
    assert "Член жюри: Кузнецов Игорь Олегович" in page and '<td class="text-center">\n      5' in page
    assert client_for(board["chair"]).get(url(board, f"sheets/{sheet.pk}/")).status_code == 200
    assert outsider_client.get(url(board, f"sheets/{sheet.pk}/")).status_code == 404


def test_a_juror_who_does_not_score_this_round_gets_404(board, director_a):
    assert client_for(director_a).get(url(board, "sheet/")).status_code == 404
    assert client_for(board["secretary"]).get(url(board, "sheet/")).status_code == 404


# --- Queries ----------------------------------------------------------------------------------------


def test_sheet_and_overview_queries_do_not_grow(district, methodist):
    counts = {}
    for size in (5, 20):
        board = build(
            district, methodist, participants=size, criteria=5, name=f"Конкурс {size}", suffix=str(size)
        )
        client = client_for(board["juror"])
        client.get(url(board, "sheet/"))
        for app in board["apps"][::2]:
            post_cell(client, board, app, board["criteria"][0], "5")
        with CaptureQueriesContext(connection) as sheet_queries:
            page = _text(client.get(url(board, "sheet/")))
        assert page.count('name="c-') == (size + 1) // 2 * 5  # school A's participants
        with CaptureQueriesContext(connection) as list_queries:
            client_for(board["chair"]).get(url(board, "sheets/"))
        counts[size] = (len(sheet_queries), len(list_queries))
    print("queries (sheet, overview) at 5 and 20 participants:", counts)
    assert counts[5] == counts[20], counts
    assert counts[5][0] <= 20, counts


def test_a_closed_round_keeps_the_sheet_read_only(board):
    client = client_for(board["juror"])
    client.get(url(board, "sheet/"))
    post_cell(client, board, board["apps"][0], board["criteria"][0], "5")
    version = juror_sheet(board).version
    Round.objects.filter(pk=board["round"].pk).update(status=Round.Status.CLOSED, closed_at=timezone.now())
    response = post_cell(client, board, board["apps"][0], board["criteria"][0], "9", version=version)
    assert "Тур закрыт: оценочные листы больше не меняются." in _text(response)
    response = client.post(url(board, "sheet/sign/"), {"version": version}, follow=True)
    assert "Тур закрыт" in _text(response) and not juror_sheet(board).is_signed
    page = _text(client.get(url(board, "sheet/")))
    assert "тур закрыт" in page and 'name="c-' not in page and "Подписать лист" not in page
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal(5)]


def test_a_conflict_recorded_by_hand_closes_the_cell_and_removes_its_points(board):
    from contests.models import ConflictOfInterest, JuryMember

    juror_client = client_for(board["juror"])
    juror_client.get(url(board, "sheet/"))
    app_a = board["apps"][0]  # school A: the juror (school B) scores them
    post_cell(juror_client, board, app_a, board["criteria"][0], "7")
    seat = JuryMember.objects.get(person__user=board["juror"], contest=board["contest"])
    secretary = client_for(board["secretary"])
    form = {"juror": seat.pk, "application": app_a.pk, "reason": ""}
    # no reason: refused, nothing recorded, the points stay
    response = secretary.post(url(board, "conflicts/"), form, follow=True)
    assert "Укажите причину" in _text(response)
    assert not ConflictOfInterest.objects.filter(application=app_a).exists() and Score.objects.count() == 1
    response = secretary.post(
        url(board, "conflicts/"), {**form, "reason": "родственник участника"}, follow=True
    )
    assert "Записано: член жюри не оценивает этого участника" in _text(response)
    assert ConflictOfInterest.objects.get(juror=seat, application=app_a).reason == "родственник участника"
    assert not Score.objects.exists()  # the points given before are gone
    sheet_page = _text(juror_client.get(url(board, "sheet/")))
    assert "не оценивает (конфликт интересов)" in sheet_page
    # twice: refused with the names
    again = secretary.post(url(board, "conflicts/"), {**form, "reason": "родственник"}, follow=True)
    assert "уже не оценивает участника" in _text(again)
    # a juror cannot record conflicts; another contest's people get 404
    assert juror_client.post(url(board, "conflicts/"), {**form, "reason": "x"}).status_code == 404


def test_a_conflict_by_hand_on_a_signed_sheet_waits_for_the_chair(board):
    from contests import sheets
    from contests.models import ConflictOfInterest, JuryMember

    juror_client = client_for(board["juror"])
    juror_client.get(url(board, "sheet/"))
    app_a = board["apps"][0]
    for criterion in board["criteria"]:
        post_cell(juror_client, board, app_a, criterion, "5")
    sheet = juror_sheet(board)
    juror_client.post(url(board, "sheet/sign/"), {"version": sheet.version})
    assert juror_sheet(board).is_signed
    seat = JuryMember.objects.get(person__user=board["juror"], contest=board["contest"])
    with pytest.raises(ValidationError, match="подписан: сначала председатель жюри открывает его повторно"):
        sheets.conflict_record(
            user=board["secretary"],
            round=board["round"],
            seat_id=seat.pk,
            application_id=app_a.pk,
            reason="сосед",
        )
    assert not ConflictOfInterest.objects.filter(application=app_a).exists() and Score.objects.count() == 2
