"""Issue 18 «Done when», in Chromium: the directors of two schools apply, the secretary admits both, three
jurors score and sign — the one from school A cannot score school A's participant —, the chair closes the
round, the ranking and the protocol PDF are right (its pages as PNG), the методист publishes the results
and prepares the results order, the head signs it, the diplomas download as one PDF; a juror of another
contest gets 404. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from contests import services
from contests.models import Application, Contest, JuryMember, RoundResult, TieDecision
from contests.tests.results_factories import build, juror_user
from directory import services as directory_services
from orders.models import Order
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-for-tests-1"


def _person(org, last, first, patronymic, position, username=None):
    person = directory_services.person_save(
        data={
            "organization": org,
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "position": position,
            "phone": "8 (86192) 5-10-10",
        }
    )
    if username:
        directory_services.user_ensure(username=username, password=PASSWORD, person=person)
        person.refresh_from_db()
    return person


@pytest.fixture
def contest(district, methodist, administrator, director_a, director_b):
    today = timezone.localdate()
    contest = services.contest_save(
        user=None,
        data={
            "name": "Педагогический дебют",
            "year": today.year,
            "organizer": district["office"],
            "kind": Contest.Kind.DEBUT,
            "status": Contest.Status.APPLICATIONS,
            "applications_open_on": today - dt.timedelta(days=3),
            "applications_close_on": today + dt.timedelta(days=3),
            "aggregation": Contest.Aggregation.MEAN,  # a juror kept out by a conflict does not lower a total
            "prize_winners_count": 1,
        },
    )
    services.round_save(
        contest=contest,
        data={"title": "Открытый урок"},
        criteria=[
            services.CriterionData(name="Методическая грамотность", max_points=Decimal(10)),
            services.CriterionData(name="Рефлексия", max_points=Decimal(10)),
        ],
    )
    method_office, school_a = district["method_office"], district["school_a"]
    methodist_person = district["people"]["methodist"]
    methodist_person.phone = "8 (86192) 5-10-12"
    methodist_person.save()
    jury = [
        (_person(method_office, "Председателева", "Анна", "Ивановна", "Методист", "predsedatel"), "chair"),
        (_person(school_a, "Ашкольная", "Вера", "Петровна", "Учитель математики", "zhyuri_a"), "member"),
        (_person(method_office, "Третьякова", "Ольга", "Львовна", "Методист", "zhyuri_c"), "member"),
        (methodist_person, "secretary"),
    ]
    for person, role in jury:
        services.jury_member_add(contest=contest, person=person, role=role, user=None)
    other = services.contest_save(
        user=None,
        data={"name": "Сердце отдаю детям", "year": today.year, "organizer": district["office"]},
    )
    stranger = _person(district["school_b"], "Чужова", "Нина", "Сергеевна", "Учитель", "zhyuri_other")
    services.jury_member_add(contest=other, person=stranger, role="member", user=None)
    return contest


def _apply(page, live_server, contest, username, participant):
    log_in(page, live_server, username, PASSWORD, fresh=True)
    page.goto(live_server.url + reverse("contests:application_create", args=[contest.pk]))
    label = f"{participant.full_name}, {participant.position}, {participant.organization.short_name}"
    page.get_by_label("Участник").select_option(label=label)
    page.get_by_label("Согласие на обработку персональных данных: дата").fill(
        timezone.localdate().isoformat()
    )
    page.get_by_label("Материалы: ссылка").fill(f"https://school.example.ru/{username}/debut")
    page.get_by_role("button", name="Подать заявку").click()
    expect(page.get_by_role("main")).to_contain_text("подана")


def _score(page, live_server, contest, username, points, sign_from_last_cell=False):
    """points: {participant's surname: (criterion 1, criterion 2)}; other rows must be closed to them.
    sign_from_last_cell: the last score is typed and «Подписать лист» clicked straight away, as a juror in
    a hurry does — leaving the cell starts its save, and the signature must wait for it."""
    round_ = contest.rounds.get()
    log_in(page, live_server, username, PASSWORD, fresh=True)
    page.goto(live_server.url + reverse("contests:sheet", args=[contest.pk, round_.pk]))
    items = [(surname, i, value) for surname, values in points.items() for i, value in enumerate(values)]
    for number, (surname, index, value) in enumerate(items, start=1):
        row = page.locator("tr", has_text=surname)
        cell = row.locator("input[type=number], input[type=text]").nth(index)
        cell.fill(value)
        if sign_from_last_cell and number == len(items):
            break
        cell.press("Tab")
        expect(row.locator("td").nth(index).locator("[role=status]")).to_have_text("сохранено")
    page.get_by_role("button", name="Подписать лист").click()
    expect(page.get_by_role("main")).to_contain_text("Оценочный лист подписан")


def test_apply_admit_score_close_protocol_order_diplomas(page, live_server, contest, district, tmp_path):
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # «Подписать лист?», «Закрыть тур?» …
    teacher_a, teacher_b = district["people"]["teacher_a"], district["people"]["teacher_b"]

    # --- the directors of two schools apply; the secretary admits both ---
    _apply(page, live_server, contest, "direktor_a", teacher_a)
    _apply(page, live_server, contest, "direktor_b", teacher_b)
    log_in(page, live_server, "metodist", PASSWORD, fresh=True)
    for application in Application.objects.filter(contest=contest):
        page.goto(base + reverse("contests:application", args=[contest.pk, application.pk]))
        page.get_by_label("допустить").check()
        page.get_by_role("button", name="Записать решение").click()
        expect(page.get_by_role("main")).to_contain_text("допущена")
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.SCORING)

    # --- three jurors score and sign; the juror from school A cannot score school A's participant ---
    _score(page, live_server, contest, "predsedatel", {"Иванова": ("9", "8"), "Кузнецов": ("7", "7")})
    round_ = contest.rounds.get()
    log_in(page, live_server, "zhyuri_a", PASSWORD, fresh=True)
    page.goto(base + reverse("contests:sheet", args=[contest.pk, round_.pk]))
    conflicted = page.locator("tr", has_text="Иванова")
    expect(conflicted).to_contain_text("не оценивает (конфликт интересов)")
    expect(conflicted.locator("input")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "contests-sheet-conflict.png"), full_page=True)
    _score(page, live_server, contest, "zhyuri_a", {"Кузнецов": ("8", "8")})
    scores_c = {"Иванова": ("9", "9"), "Кузнецов": ("6", "6")}
    _score(page, live_server, contest, "zhyuri_c", scores_c, sign_from_last_cell=True)

    # --- the chair closes the round: Иванова 17,5 (two jurors), Кузнецов 14 (three) ---
    log_in(page, live_server, "predsedatel", PASSWORD, fresh=True)
    page.goto(base + reverse("contests:round_results", args=[contest.pk, round_.pk]))
    page.get_by_role("button", name="Закрыть тур и подвести итоги").click()
    expect(page.get_by_role("main")).to_contain_text("17,5")
    results = {
        r.application.person.last_name: r for r in RoundResult.objects.select_related("application__person")
    }
    assert (results["Иванова"].rank, results["Кузнецов"].rank) == (1, 2)
    assert results["Иванова"].total == Decimal("17.5") and results["Кузнецов"].total == Decimal("14")
    page.screenshot(path=str(ARTIFACTS / "contests-round-results.png"), full_page=True)

    # --- the protocol PDF: the ranking, the jurors, the signature lines; its pages as PNG ---
    href = page.get_by_role("link", name="Протокол (PDF)").get_attribute("href")
    response = page.request.get(base + href)  # the browser's session: opened inline, as a user sees it
    assert response.headers["content-type"] == "application/pdf"
    protocol = tmp_path / "protocol.pdf"
    protocol.write_bytes(response.body())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(protocol).pages)
    text = text.replace("\xa0", " ")
    for expected in ("ПРОТОКОЛ", "Председателева", "Третьякова", "Ашкольная", "Иванова", "Кузнецов", "17,5"):
        assert expected in text, expected
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(protocol), str(ARTIFACTS / "contests-protocol")], check=True
    )

    # --- the методист publishes the results and prepares the order; the head signs it ---
    log_in(page, live_server, "metodist", PASSWORD, fresh=True)
    page.goto(base + reverse("contests:results", args=[contest.pk]))
    page.get_by_role("button", name="Опубликовать итоги").click()
    page.get_by_role("button", name="Подготовить приказ об итогах").click()
    order = Order.objects.get(status=Order.Status.DRAFT)
    expect(page).to_have_url(base + order.get_absolute_url())
    log_in(page, live_server, "nachalnik", PASSWORD, fresh=True)
    page.goto(base + order.get_absolute_url())
    expect(page.get_by_test_id("signing-problems")).to_have_count(0)
    page.get_by_test_id("sign-button").click()
    expect(page.get_by_test_id("order-status")).to_have_text("подписан")
    order.refresh_from_db()
    order_text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(order.pdf.read())).pages)
    assert "Иванов" in order_text and "победител" in order_text

    # --- the diplomas: one PDF, a page per participant ---
    log_in(page, live_server, "metodist", PASSWORD, fresh=True)
    page.goto(base + reverse("contests:results", args=[contest.pk]))
    page.get_by_role("button", name="Скачать дипломы").click()
    ready = page.get_by_role("link", name="Дипломы готовы: 2 — скачать PDF")
    expect(ready).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        ready.click()
    diplomas = tmp_path / "diplomas.pdf"
    info.value.save_as(diplomas)
    pages = PdfReader(diplomas).pages
    assert len(pages) == 2
    assert "Ивановой" in " ".join((p.extract_text() or "") for p in pages)  # the name in the dative

    # --- a juror of another contest: 404 on this contest's sheet and results ---
    log_in(page, live_server, "zhyuri_other", PASSWORD, fresh=True)
    assert page.goto(base + reverse("contests:sheet", args=[contest.pk, round_.pk])).status == 404
    assert page.goto(base + reverse("contests:round_results", args=[contest.pk, round_.pk])).status == 404
    assert JuryMember.objects.filter(contest=contest).count() == 4


def test_a_bad_score_is_marked_and_without_javascript_the_sheet_saves_with_its_button(
    page, live_server, contest, district, methodist
):
    """With JavaScript a refused cell is marked invalid until it is corrected; without it the juror types
    every score, saves them with «Сохранить баллы» (a bad one keeps what was typed) and signs."""
    participant = district["people"]["teacher_b"]  # Кузнецов Игорь Олегович, СОШ № 2
    data = services.ApplicationData(person=participant, consent_on=timezone.localdate(), url="https://e.ru/k")
    application = services.application_create(user=None, contest=contest, data=data, submit=True)
    services.application_review(
        user=methodist, application=application, version=application.version, decision=services.ADMIT
    )
    Contest.objects.filter(pk=contest.pk).update(status=Contest.Status.SCORING)
    sheet_url = live_server.url + reverse("contests:sheet", args=[contest.pk, contest.rounds.get().pk])

    log_in(page, live_server, "zhyuri_c", PASSWORD, fresh=True)
    page.goto(sheet_url)
    first = page.get_by_label("Кузнецов Игорь Олегович: Методическая грамотность (макс. 10)")
    first.fill("11")
    first.press("Tab")
    expect(page.locator("tr", has_text="Кузнецов")).to_contain_text("не больше 10 баллов (введено 11)")
    expect(first).to_have_attribute("aria-invalid", "true")
    first.fill("9")
    first.press("Enter")  # as in a spreadsheet: on to the next cell, the page stays
    expect(page.get_by_label("Кузнецов Игорь Олегович: Рефлексия (макс. 10)")).to_be_focused()
    expect(first).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#sheet-filled")).to_have_text("1")

    context = page.context.browser.new_context(locale="ru-RU", java_script_enabled=False)
    plain = context.new_page()
    log_in(plain, live_server, "zhyuri_c", PASSWORD)
    plain.goto(sheet_url)
    second = plain.get_by_label("Кузнецов Игорь Олегович: Рефлексия (макс. 10)")
    second.fill("12")
    plain.get_by_role("button", name="Сохранить баллы").click()
    expect(plain.get_by_role("main")).to_contain_text("Баллы не сохранены: ошибок в ячейках — 1")
    expect(second).to_have_value("12")  # what was typed is still there
    plain.screenshot(path=str(ARTIFACTS / "contests-sheet-no-js-refused.png"), full_page=True)
    second.fill("8,5")
    plain.get_by_role("button", name="Сохранить баллы").click()
    expect(plain.get_by_role("main")).to_contain_text("Баллы сохранены (изменено ячеек: 1).")
    plain.get_by_role("button", name="Подписать лист").click()
    expect(plain.get_by_role("main")).to_contain_text("Оценочный лист подписан")
    expect(plain.get_by_role("main")).to_contain_text("17,5")
    context.close()


def test_the_chair_decides_a_tie_by_choosing_places(page, live_server, district):
    """Two participants the rules leave tied: the chair picks a place for each among the tied — the same
    place twice is refused with the choice and the reason kept — and the ranking follows the decision."""

    def points(j, p, c):
        if p < 2:  # equal sums; criterion 1 higher for participant 1 — no tie criterion here
            return Decimal(6 if (c == 0) == (p == 0) else 8)
        return Decimal(3)

    contest, (round_,), seats, apps = build(district, participants=3, points=points)
    juror_user(seats[0], "predsedatel_t")
    log_in(page, live_server, "predsedatel_t", PASSWORD, fresh=True)
    page.goto(live_server.url + reverse("contests:round_results", args=[contest.pk, round_.pk]))
    page.get_by_role("button", name="Закрыть тур и подвести итоги").click()
    expect(page.get_by_role("main")).to_contain_text("нужно решение председателя жюри")
    first, second = apps[0], apps[1]
    first_place = page.get_by_label(f"{first.person.full_name} (заявка № {first.pk})")
    second_place = page.get_by_label(f"{second.person.full_name} (заявка № {second.pk})")
    first_place.select_option("1")
    second_place.select_option("1")
    page.get_by_label("Обоснование решения председателя").fill("Лучший открытый урок")
    page.get_by_role("button", name="Записать решение").click()
    expect(page.get_by_role("main")).to_contain_text("место 1 выбрано дважды")
    expect(page.get_by_label("Обоснование решения председателя")).to_have_value("Лучший открытый урок")
    expect(first_place).to_have_value("1")
    page.screenshot(path=str(ARTIFACTS / "contests-tie-refused.png"), full_page=True)
    first_place.select_option("2")
    page.get_by_role("button", name="Записать решение").click()
    expect(page.get_by_role("main")).to_contain_text("Решение председателя записано")
    assert TieDecision.objects.get().order == [second.pk, first.pk]
    ranks = {r.application_id: r.rank for r in RoundResult.objects.filter(round=round_)}
    assert ranks[second.pk] < ranks[first.pk]
