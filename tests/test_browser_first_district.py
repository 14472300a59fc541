"""A real district from an empty install, in Chromium, the way README's «Свой район» walks it.

setup_district with flags on an empty database; the administrator logs in, imports the staff sheet
(two schools with their directors, a методист of the office), gives the directors logins in one step and
the методист a login and her role on her card; the invitation letters are read from the outbox and their
links followed to set passwords; a director then logs in and sees their school. Screenshots go to
test-artifacts/ (gitignored).
"""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from directory.models import Organization, Person, Role
from directory.tests.workbooks import org_row, workbook_bytes
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "Первый-вход-2026"
METHOD_OFFICE_SHORT = "РМК"


def staff(last, first, patronymic, position, school, *, email="", head="", subjects=""):
    """A row of the «Сотрудники» sheet (directory.tests.workbooks.PEOPLE_HEADINGS)."""
    return [last, first, patronymic, position, school, subjects, "", "", email, "", head, "", ""]


PEOPLE = [
    staff("Соколова", "Ирина", "Павловна", "Директор", "СОШ № 1", email="sokolova@ensk.ru", head="да"),
    staff("Белов", "Андрей", "Ильич", "Директор", "СОШ № 2", email="belov@ensk.ru", head="да"),
    staff("Орлова", "Нина", "Сергеевна", "Учитель математики", "СОШ № 1", subjects="математика"),
    staff("Зайцева", "Ольга", "Юрьевна", "Методист", METHOD_OFFICE_SHORT, email="zaytseva@ensk.ru"),
]


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"first-district-{name}.png"), full_page=True)


def log_out(page) -> None:
    page.context.clear_cookies()


def invitation_link(address: str) -> str:
    [letter] = [m for m in mail.outbox if m.to == [address] and m.subject == "Приглашение в Методкабинет"]
    return urlsplit(re.search(r"https?://\S+/accounts/invitation/\S+/", letter.body).group(0)).path


def accept(page, live_server, address: str, password: str) -> str:
    """Follow the letter's link, set the password; returns the user name the page named."""
    page.goto(live_server.url + invitation_link(address))
    username = get_user_model().objects.get(email=address).get_username()
    expect(page.get_by_text(username).first).to_be_visible()
    page.locator("#id_new_password1").fill(password)
    page.locator("#id_new_password2").fill(password)
    page.get_by_role("button", name="Сохранить пароль").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Пароль задан")).to_be_visible()
    return username


def test_from_an_empty_install_to_a_director_who_sees_their_school(page, live_server, tmp_path):
    assert not Organization.objects.exists() and not get_user_model().objects.exists()
    call_command(
        "setup_district",
        "--noinput",
        "--district", "Энский муниципальный район",
        "--office-name", "Управление образования администрации Энского муниципального района",
        "--office-short-name", "Управление образования",
        "--higher-body", "Администрация Энского муниципального района",
        "--head-name", "Иванова Мария Петровна",
        "--head-position", "Начальник управления образования",
        "--place", "г. Энск",
        "--methodical-office-name", "Районный методический кабинет Энского района",
        "--methodical-office-short-name", METHOD_OFFICE_SHORT,
        "--admin-username", "ivanova",
        "--admin-email", "uo@ensk.ru",
        "--admin-password", ADMIN_PASSWORD,
        stdout=io.StringIO(),
    )  # fmt: skip

    # The administrator: the start page's checklist, then the staff sheet.
    log_in(page, live_server, "ivanova", ADMIN_PASSWORD)
    expect(page.get_by_text("Начало работы района")).to_be_visible()
    shot(page, "1-checklist")
    sheet = tmp_path / "spravochnik.xlsx"
    sheet.write_bytes(workbook_bytes([org_row("СОШ № 1"), org_row("СОШ № 2")], PEOPLE))
    page.goto(live_server.url + reverse("directory:import_upload"))
    page.locator("input[type=file]").set_input_files(str(sheet))
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_role("button", name="Загрузить в справочник").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert Person.objects.filter(organization__short_name="СОШ № 1").count() == 2
    shot(page, "2-imported")

    # Logins for every school's head in one step; the методист from her card, with her role.
    page.goto(live_server.url + reverse("directory:heads_invite"))
    page.get_by_role("button", name="Создать учётные записи и отправить приглашения").click()
    expect(page.get_by_text("Соколова").first).to_be_visible()
    shot(page, "3-heads-invited")
    methodist = Person.objects.get(last_name="Зайцева")
    page.goto(live_server.url + reverse("directory:person_detail", args=[methodist.pk]))
    page.get_by_role("button", name="Выдать доступ").click()
    page.get_by_label("Роль").select_option(Role.Kind.METHODIST.value)
    page.get_by_role("button", name="Назначить роль").click()
    expect(page.locator("#access")).to_contain_text("Методист")
    shot(page, "4-methodist-card")
    log_out(page)

    # Nobody typed a password for them: each sets their own from the letter.
    usernames = {
        address: accept(page, live_server, address, f"Свой-пароль-{n}-2026")
        for n, address in enumerate(("sokolova@ensk.ru", "belov@ensk.ru", "zaytseva@ensk.ru"))
    }
    # A link works once.
    page.goto(live_server.url + invitation_link("belov@ensk.ru"))
    expect(page.get_by_text("Ссылка уже использована").first).to_be_visible()

    # The director logs in and sees their school, and only theirs.
    log_in(page, live_server, usernames["sokolova@ensk.ru"], "Свой-пароль-0-2026")
    page.get_by_role("link", name="Моя школа").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("СОШ № 1")
    expect(page.get_by_text("Орлова").first).to_be_visible()
    shot(page, "5-director-school")
    other = Organization.objects.get(short_name="СОШ № 2")
    response = page.goto(live_server.url + reverse("directory:organization_detail", args=[other.pk]))
    assert response.status == 404
    log_out(page)

    # The методист reaches the district's pages with her own password.
    log_in(page, live_server, usernames["zaytseva@ensk.ru"], "Свой-пароль-2-2026")
    assert (
        get_user_model()
        .objects.get(username=usernames["zaytseva@ensk.ru"])
        .roles.filter(kind=Role.Kind.METHODIST)
        .exists()
    )
    page.goto(live_server.url + reverse("directory:organization_list"))
    expect(page.get_by_text("СОШ № 2").first).to_be_visible()
