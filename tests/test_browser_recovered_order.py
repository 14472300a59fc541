"""In Chromium: a Word roadmap with its order in front (a point with sub-points 3.1 and 3.2, control
«Контроль исполнения …») is imported; the recovered draft shows the points as 3 / 3.1 / 3.2 and the
administrator may sign it — the pre-signing check reports no false problem.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from orders.tests.factories import with_phone
from roadmaps.tests.order_documents import subpoints_order_docx
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_imported_order_keeps_its_sub_points_and_can_be_signed(
    page, live_server, methodist, administrator, district, tmp_path
):
    with_phone(district["people"]["methodist"])
    document = tmp_path / "dorozhnaya_karta_s_prikazom.docx"
    document.write_bytes(subpoints_order_docx())

    log_in(page, live_server, "metodist")
    page.goto(live_server.url + reverse("roadmaps:import_upload"))
    page.locator("input[type=file]").set_input_files(str(document))
    page.get_by_role("button", name="Проверить").click()
    page.get_by_test_id("confirm-form").get_by_role("button", name="Создать дорожную карту").click()
    page.get_by_test_id("approving-order").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    order_url = page.url

    points = page.locator("p.order-point")
    expect(points).to_have_count(6)
    numbers = [text.split()[0] for text in points.all_inner_texts()]
    assert numbers == ["1.", "2.", "3.", "3.1.", "3.2.", "4."]
    assert points.nth(3).get_attribute("data-depth") == "2"
    expect(points.nth(2)).to_contain_text("3. Руководителям общеобразовательных организаций:")
    expect(points.nth(5)).to_contain_text("4. Контроль исполнения приказа")

    page.context.clear_cookies()
    log_in(page, live_server, "nachalnik")
    page.goto(order_url)
    expect(page.locator("p.order-point")).to_have_count(6)
    expect(page.get_by_test_id("signing-problems")).to_have_count(0)
    expect(page.get_by_test_id("sign-button")).to_be_enabled()
    page.screenshot(path=str(ARTIFACTS / "recovered-order-subpoints.png"), full_page=True)


def test_the_administrator_registers_a_paper_order_as_it_was(
    page, live_server, methodist, administrator, tmp_path
):
    from roadmaps.tests.order_documents import headerless_order_docx

    document = tmp_path / "prikaz_na_blanke.docx"
    document.write_bytes(headerless_order_docx())
    log_in(page, live_server, "metodist")
    page.goto(live_server.url + reverse("roadmaps:import_upload"))
    page.locator("input[type=file]").set_input_files(str(document))
    page.get_by_role("button", name="Проверить").click()
    page.get_by_test_id("confirm-form").get_by_role("button", name="Создать дорожную карту").click()
    page.get_by_test_id("approving-order").click()
    order_url = page.url

    page.context.clear_cookies()
    log_in(page, live_server, "nachalnik")
    page.goto(order_url)
    page.get_by_test_id("paper-register").locator("summary").click()
    expect(page.get_by_label("Номер на бумажном оригинале")).to_have_value("02-11/45")
    expect(page.get_by_label("Дата на бумажном оригинале")).to_have_value("2023-03-15")
    page.get_by_role("button", name="Внести в журнал").click()
    expect(page.get_by_test_id("order-status")).to_have_text("внесён с бумажного оригинала")
    expect(page.get_by_test_id("order-number")).to_have_text("№ 02-11/45 от 15.03.2023")
    expect(page.get_by_test_id("paper-note")).to_be_visible()
    expect(page.get_by_test_id("sign-button")).to_have_count(0)
    expect(page.get_by_test_id("download-pdf")).to_have_count(0)  # no «PDF проекта» of a paper order
    page.screenshot(path=str(ARTIFACTS / "paper-order.png"), full_page=True)
    page.goto(live_server.url + reverse("orders:journal"))
    expect(page.get_by_role("row", name="02-11/45")).to_contain_text("внесён с бумажного оригинала")
    page.screenshot(path=str(ARTIFACTS / "paper-order-journal.png"), full_page=True)
