"""In Chromium: the methodist sees on a row who its reminders reach and corrects it in place; the
roadmap page offers its PDF. Screenshots go to test-artifacts/ (gitignored)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from roadmaps.models import Roadmap
from roadmaps.services import RowData
from roadmaps.tests.factories import make_roadmap
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS
from tests.test_browser_roadmap import table_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_methodist_sees_and_corrects_who_is_reminded_of_a_row(
    page, live_server, methodist, director_a, director_b, district
):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        status=Roadmap.Status.APPROVED,
        title="План работы РМК на 2022–2023 учебный год",
        rows=[
            RowData(number="1.", activity="Организационная работа", is_heading=True),
            RowData(
                number="1.1.",
                activity="Мониторинг деятельности ШМО",
                deadline_text="Май 2023 г.",
                responsible_text="Специалисты районного методического кабинета",
            ),
            RowData(
                number="1.2.",
                activity="Совещание руководителей",
                deadline_text="1 раз в четверть",
                responsible_text="Руководители ОО",
            ),
        ],
    )
    log_in(page, live_server, "metodist")
    page.goto(live_server.url + roadmap.get_absolute_url())
    expect(page.get_by_role("link", name="PDF")).to_be_visible()
    row = table_row(page, "Мониторинг деятельности ШМО")
    line = row.get_by_test_id("row-reminded")
    expect(line).to_have_text("Напоминания получат: методисты кабинета (1) изменить")
    expect(table_row(page, "Совещание руководителей").get_by_test_id("row-reminded")).to_contain_text(
        "руководители ОО (2)"
    )
    page.screenshot(path=str(ARTIFACTS / "reminders-row.png"), full_page=True)

    row.get_by_test_id("row-reminded-edit").click()
    form = page.get_by_test_id("reminders-form")
    expect(form).to_be_visible()
    form.get_by_label("Руководители ОО").check()
    form.get_by_label("Методисты кабинета").uncheck()
    form.get_by_label("Добавить сотрудника").select_option(label="Волкова Елена Викторовна — Методист, РМК")
    page.screenshot(path=str(ARTIFACTS / "reminders-form.png"), full_page=True)
    form.get_by_role("button", name="Сохранить").click()
    row = table_row(page, "Мониторинг деятельности ШМО")
    expect(row.get_by_test_id("row-reminded")).to_contain_text(
        "Напоминания получат: руководители ОО (2), Волкова Е.В. вручную"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "reminders-row-390.png"), full_page=True)
