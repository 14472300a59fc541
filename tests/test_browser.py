"""In Debian's Chromium through Playwright: log in through the real form, see the start page, log out.

Chromium must be at /usr/bin/chromium (.ci/run installs it); without it these tests fail, never skip.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_logs_in_sees_the_start_page_and_logs_out(page, live_server, director_a, district):
    page.goto(live_server.url + reverse("home"))
    # Anonymous: sent to the login form.
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}?next=/")
    expect(page.get_by_role("heading", name="Вход в Методкабинет")).to_be_visible()
    expect(page.get_by_role("link", name="Забыли пароль?")).to_be_visible()

    page.get_by_label("Имя пользователя").fill("direktor_a")
    page.get_by_label("Пароль").fill("pass-for-tests-1")
    page.get_by_role("button", name="Войти").click()

    expect(page).to_have_url(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", name="Здравствуйте, Андрей Петров!")).to_be_visible()
    section = page.locator('section[data-role="director"]')
    expect(section.get_by_role("heading", name="Руководитель ОО")).to_be_visible()
    school_url = reverse("directory:organization_detail", args=[district["school_a"].pk])
    expect(section.locator(f'a[href="{school_url}"]')).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "director-start-page.png"), full_page=True)

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Выйти").click()

    expect(page).to_have_url(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", name="Вход в Методкабинет")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "after-logout.png"), full_page=True)


def test_wrong_password_shows_the_russian_error(page, live_server, director_a):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Имя пользователя").fill("direktor_a")
    page.get_by_label("Пароль").fill("not-the-password")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_text("Пожалуйста, введите правильные имя пользователя и пароль")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "login-error.png"), full_page=True)
