"""What the browser tests share: logging a user in through the login form.

from tests.browser_helpers import log_in
log_in(page, live_server, "metodist")                  # the personas of conftest.py
log_in(page, live_server, "metodist", DEMO_PASSWORD)   # the demo district (portal.demo)
"""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

#: The password of the test personas (conftest.py makes them with directory.services.user_ensure).
TEST_PASSWORD = "pass-for-tests-1"


def log_in(page, server, username: str, password: str = TEST_PASSWORD, *, fresh: bool = False) -> None:
    """Fill the login form as `username` and land on the start page.

    server: pytest-django's `live_server` or its base URL («http://localhost:8081»); fresh: forget the
    page's previous session first (logging in as another user on the same page).
    """
    base = server if isinstance(server, str) else server.url
    if fresh:
        page.context.clear_cookies()
    page.goto(base + reverse("login"))
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(base + reverse("home"))
