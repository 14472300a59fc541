"""In Chromium, under the strict Content-Security-Policy: the demo's pages, the roadmap editor (htmx) and
an order's confirmation dialog work, and the browser reports no blocked script or style.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from orders.models import Order
from portal.demo import DEMO_PASSWORD, seed_demo
from roadmaps.models import Roadmap
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_editor_and_dialogs_work_and_nothing_is_blocked_by_the_policy(page, live_server):
    seed_demo(today=timezone.localdate())
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    log_in(page, live_server, "metodist", DEMO_PASSWORD)
    for name in ("home", "roadmaps:dashboard", "roadmaps:agenda", "roadmaps:list", "orders:journal"):
        page.goto(live_server.url + reverse(name))
    page.goto(live_server.url + reverse("roadmaps:agenda") + "?view=month")
    page.screenshot(path=str(ARTIFACTS / "csp-agenda-month.png"), full_page=True)
    # The month grid keeps its look from app.css (it had an inline <style> before).
    cell = page.locator(".agenda-month td").first
    assert cell.evaluate("td => getComputedStyle(td).verticalAlign") == "top"

    page.goto(live_server.url + reverse("roadmaps:dashboard"))
    bar = page.locator(".pg-progress-fill").first
    expect(bar).to_be_attached()
    assert bar.bounding_box()["width"] > 0  # the share is drawn (an SVG attribute, not a blocked style)
    page.screenshot(path=str(ARTIFACTS / "csp-dashboard.png"), full_page=True)

    # The editor: a cell edited in place through htmx, saved, the page never reloaded.
    roadmap = (
        Roadmap.objects.exclude(kind=Roadmap.Kind.ASSOCIATION_PLAN)
        .filter(status=Roadmap.Status.APPROVED)
        .first()
    )
    page.goto(live_server.url + roadmap.get_absolute_url())
    page.evaluate("window.__marker = 1")
    row = page.locator("#roadmap-rows > tr.rm-row:not(.rm-heading)").first
    row.get_by_role("link", name="Изменить строку").click()
    form = page.locator("#roadmap-rows > tr.rm-editing")
    expect(form).to_have_count(1)
    form.get_by_label("Ответственные").fill("Проверка политики безопасности")
    page.screenshot(path=str(ARTIFACTS / "csp-roadmap-editor.png"), full_page=True)
    form.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.locator("#roadmap-rows", has_text="Проверка политики безопасности")).to_be_visible()
    expect(page.locator("#roadmap-rows > tr.rm-editing")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1
    # Bootstrap's JS still runs: the row menu opens.
    row = page.locator("#roadmap-rows > tr.rm-row").first
    row.get_by_role("button", name="Действия со строкой").click()
    expect(page.locator("#roadmap-rows .dropdown-menu.show")).to_be_visible()

    # «Отменить проект» asks first (data-confirm in app.js, no onsubmit attribute); dismissed, the order
    # stays as it was.
    page.context.clear_cookies()
    log_in(page, live_server, "nachalnik", DEMO_PASSWORD)
    pending = Order.objects.get(status=Order.Status.REVIEW)
    page.goto(live_server.url + reverse("orders:detail", args=[pending.pk]))
    page.screenshot(path=str(ARTIFACTS / "csp-order.png"), full_page=True)
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Отменить проект").click()
    expect(page).to_have_url(live_server.url + reverse("orders:detail", args=[pending.pk]))
    assert questions == ["Отменить проект приказа?"]
    pending.refresh_from_db()
    assert pending.status == Order.Status.REVIEW

    assert violations == []
