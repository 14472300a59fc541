"""In Chromium: the administrator signs an order whose PDF fails to render (at signing and on the
automatic retries: a broken font, say). The order keeps its number and shows «подписывается» with the
failure and «Повторить формирование PDF»; once mended, the retry archives it and the page says
«подписан» with the archived PDF to download.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from orders.tests.factories import SAMPLE_ROWS, make_roadmap, ready_draft
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_failed_archive_pdf_keeps_the_number_and_is_retried_from_the_page(
    page, live_server, methodist, administrator, district, monkeypatch
):
    from orders import pdf

    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    order = ready_draft(user=methodist, roadmap=roadmap)
    working = pdf.render_order_pdf
    asked = []
    broken = [True]

    def render(document, layout=None):
        asked.append(document.number)
        if broken[0]:
            raise RuntimeError("нет памяти для вёрстки")
        return working(document, layout)

    monkeypatch.setattr(pdf, "render_order_pdf", render)
    log_in(page, live_server, "nachalnik")
    page.goto(live_server.url + reverse("orders:detail", args=[order.pk]))
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("sign-button").click()
    expect(page.get_by_test_id("order-status")).to_have_text("подписывается")
    expect(page.get_by_test_id("order-number")).to_contain_text("№ 1-од от")
    expect(page.get_by_test_id("signing-failed")).to_contain_text("номер за приказом сохранён")
    expect(page.get_by_test_id("sign-button")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "order-signing-failed.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "order-signing-failed-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    broken[0] = False  # mended
    page.get_by_test_id("signing-retry").click()
    expect(page.get_by_test_id("order-status")).to_have_text("подписан")
    expect(page.get_by_test_id("order-number")).to_contain_text("№ 1-од от")
    expect(page.get_by_test_id("download-pdf")).to_have_text("Скачать PDF (архив)")
    assert set(asked) == {"1-од"} and len(asked) >= 2
    page.screenshot(path=str(ARTIFACTS / "order-signed-after-retry.png"), full_page=True)
