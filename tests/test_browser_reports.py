"""In Chromium: the school report loop. A director reports in place from «Мои задачи» with a PDF and
sends it; the methodist (a second browser) gets the notice, returns the report with a comment; the
director fixes it and sends again; the methodist accepts; another school's director gets a 404.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from roadmaps import services
from roadmaps.models import ProgressReport, Roadmap
from roadmaps.progress import services as report_services
from roadmaps.services import RowData
from roadmaps.tests.factories import make_roadmap
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def new_page(page):
    """Another person at another computer: a second browser context (own cookies, own session)."""
    context = page.context.browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(15_000)
    return other


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"reports-{name}.png"), full_page=True)


def a_roadmap_for_this_week(methodist, district) -> Roadmap:
    """An approved roadmap whose items, for every school, fall due around today."""
    today = timezone.localdate()
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        title="Дорожная карта по развитию ШМО на текущий учебный год",
        period=(today - dt.timedelta(days=60), today + dt.timedelta(days=300)),
        status=Roadmap.Status.APPROVED,
        rows=[
            RowData(number="1.", activity="Работа ШМО", is_heading=True),
            RowData(
                number="1.1.",
                activity="Заседание ШМО учителей математики",
                responsible_text="Руководители ОО",
            ),
            RowData(
                number="1.2.", activity="Открытые уроки молодых педагогов", responsible_text="Руководители ОО"
            ),
            RowData(number="1.3.", activity="Отчёт о работе наставников", responsible_text="Руководители ОО"),
        ],
    )
    report_services.row_assign(user=methodist, row=roadmap.rows.get(number="1."), scope="all")
    for number, days in (("1.1.", 0), ("1.2.", -5), ("1.3.", 40)):
        row = roadmap.rows.get(number=number)
        services.row_set_manual_dates(user=methodist, row=row, dates=[today + dt.timedelta(days=days)])
    return roadmap


def task_line(page, text: str):
    return page.locator(".task-line", has_text=text)


def test_a_school_reports_the_methodist_returns_and_accepts_and_another_school_sees_nothing(
    page, live_server, district, methodist, director_a, director_b, tmp_path
):
    a_roadmap_for_this_week(methodist, district)
    protocol = tmp_path / "Протокол заседания ШМО.pdf"
    protocol.write_bytes(PDF)

    # The director opens «Мои задачи»: the items of school A, grouped by date.
    log_in(page, live_server, "direktor_a")
    page.locator("#main-nav").get_by_role("link", name="Мои задачи").click()
    expect(page.get_by_role("heading", name="Мои задачи")).to_be_visible()
    expect(page.get_by_test_id("tasks-organization")).to_contain_text("СОШ № 1")
    expect(page.locator('[data-group="overdue"]')).to_contain_text("Открытые уроки молодых педагогов")
    expect(page.locator('[data-group="week"]')).to_contain_text("Заседание ШМО учителей математики")
    shot(page, "1-director-tasks")

    # «Отчитаться»: the line becomes a small form in place; a PDF, «Отправить».
    page.evaluate("window.__marker = 1")  # gone if the page ever reloads
    line = task_line(page, "Заседание ШМО учителей математики")
    line.get_by_role("link", name="Отчитаться").click()
    form = page.get_by_test_id("task-form")
    expect(form).to_be_visible()
    expect(form.get_by_label("Причина невыполнения")).to_be_hidden()
    form.get_by_label("Ход выполнения").select_option(label="не выполнено")
    expect(form.get_by_label("Причина невыполнения")).to_be_visible()
    form.get_by_label("Комментарий").fill("Заседание проведено 12 учителями, протокол № 2.")
    # «не выполнено» without a reason: the form comes back in place with the message and the typed text.
    form.get_by_role("button", name="Сохранить черновик").click()
    expect(form.get_by_text("Укажите причину")).to_be_visible()
    expect(form.get_by_label("Комментарий")).to_have_value("Заседание проведено 12 учителями, протокол № 2.")
    shot(page, "2a-director-form-error")
    form.get_by_label("Ход выполнения").select_option(label="выполнено")
    expect(form.get_by_label("Дата выполнения")).to_be_visible()
    form.get_by_label("Файлы (PDF, фото, документы)").set_input_files(str(protocol))
    shot(page, "2-director-quick-form")
    form.get_by_role("button", name="Отправить").click()
    line = task_line(page, "Заседание ШМО учителей математики")
    expect(line.get_by_test_id("report-state")).to_have_text("отправлен")
    expect(line.get_by_test_id("line-notice")).to_contain_text("Отчёт отправлен методисту")
    assert page.evaluate("window.__marker") == 1
    shot(page, "3-director-submitted")
    report = ProgressReport.objects.get(organization=district["school_a"])

    # The methodist, in another browser: the bell, the notice, the report; returns it with a comment.
    methodist_page = new_page(page)
    log_in(methodist_page, live_server, "metodist")
    expect(methodist_page.get_by_test_id("notice-count")).to_have_text("1")
    methodist_page.get_by_test_id("notice-bell").click()
    notice = methodist_page.get_by_test_id("notice").first
    expect(notice).to_contain_text("СОШ № 1: отчёт по «Заседание ШМО учителей математики»")
    shot(methodist_page, "4-methodist-inbox")
    notice.get_by_role("button").click()
    expect(methodist_page).to_have_url(live_server.url + reverse("roadmaps:report_detail", args=[report.pk]))
    expect(methodist_page.get_by_test_id("notice-count")).to_have_count(0)
    with methodist_page.expect_download() as download:
        methodist_page.get_by_test_id("evidence-file").click()
    assert download.value.suggested_filename == "Протокол заседания ШМО.pdf"
    review = methodist_page.get_by_test_id("review-form")
    review.get_by_label("Комментарий методиста").fill(
        "Приложите ссылку на новость о заседании на сайте школы."
    )
    shot(methodist_page, "5-methodist-review")
    review.get_by_role("button", name="Вернуть на доработку").click()
    expect(methodist_page.get_by_test_id("report-state")).to_have_text("возвращён на доработку")
    shot(methodist_page, "6-methodist-returned")

    # The director sees the returned report on top with the comment, fixes it and sends it again.
    page.reload()
    returned = page.locator('[data-group="returned"]')
    expect(returned).to_contain_text("Возвращены на доработку")
    expect(returned.get_by_test_id("review-comment")).to_contain_text("Приложите ссылку на новость")
    shot(page, "7-director-returned")
    returned.get_by_role("link", name="Открыть").click()
    expect(page.get_by_test_id("review-comment")).to_contain_text("Приложите ссылку на новость")
    expect(page.get_by_test_id("report-form")).to_be_visible()
    shot(page, "7a-director-report-page")
    page.go_back()
    returned = page.locator('[data-group="returned"]')
    returned.get_by_role("link", name="Исправить").click()
    form = page.get_by_test_id("task-form")
    expect(form.get_by_label("Комментарий")).to_have_value("Заседание проведено 12 учителями, протокол № 2.")
    form.get_by_label("Комментарий").fill("Заседание проведено 12 учителями, протокол № 2. Новость на сайте.")
    form.get_by_label("Ссылка").fill("https://school1.example.ru/news/shmo-matematika")
    form.get_by_role("button", name="Отправить").click()
    line = task_line(page, "Заседание ШМО учителей математики")
    expect(line.get_by_test_id("report-state")).to_have_text("отправлен")
    shot(page, "8-director-resubmitted")

    # The methodist accepts; the history tells the whole story.
    methodist_page.reload()
    expect(methodist_page.get_by_test_id("evidence-link")).to_contain_text("school1.example.ru")
    methodist_page.get_by_test_id("review-form").get_by_role("button", name="Принять").click()
    expect(methodist_page.get_by_test_id("report-state")).to_have_text("принят")
    history = methodist_page.get_by_test_id("report-history")
    for action in ("Сохранён черновик", "Отправлен", "Возвращён на доработку", "Принят"):
        expect(history).to_contain_text(action)
    expect(methodist_page.get_by_test_id("reopen-form")).to_be_visible()
    shot(methodist_page, "9-methodist-accepted")

    # The director's line is accepted now, and the report is closed for changes.
    page.reload()
    line = task_line(page, "Заседание ШМО учителей математики")
    expect(line.get_by_test_id("report-state")).to_have_text("принят")
    expect(line.get_by_role("link", name="Отчитаться")).to_have_count(0)

    # Another school's director guessing the address: 404.
    other_page = new_page(page)
    log_in(other_page, live_server, "direktor_b")
    response = other_page.goto(live_server.url + reverse("roadmaps:report_detail", args=[report.pk]))
    assert response.status == 404
    expect(other_page.get_by_role("heading", name="Страница не найдена")).to_be_visible()
    shot(other_page, "10-other-school-404")

    # --- grid and dashboard (district side) ---
    # The grid shows school A's accepted report as done and school B without a report.
    row = report.occurrence.row
    methodist_page.goto(live_server.url + reverse("roadmaps:grid", args=[row.roadmap_id]) + "?section=all")
    grid_row = methodist_page.locator(f'tr[data-row="{row.pk}"]')
    done_cell = grid_row.locator("td.d")  # a lean cell: its tooltip is made on hover (static/js/grid.js)
    expect(done_cell).to_have_count(1)
    expect(done_cell).to_have_text("✓")
    done_cell.hover()
    expect(done_cell).to_have_attribute("title", re.compile(r"^СОШ № 1 · .*: принят: выполнено$"))
    missing = grid_row.locator("td.n")
    missing.first.hover()
    expect(missing.first).to_have_attribute("title", re.compile(r"^СОШ № 2 · .*нет отчёта"))
    expect(grid_row.locator("td.pg-pct")).to_contain_text("50")
    shot(methodist_page, "11-methodist-grid")

    # The dashboard counts it: one accepted done date in the charts and the figures.
    methodist_page.goto(live_server.url + reverse("roadmaps:dashboard"))
    expect(methodist_page.get_by_test_id("dashboard-percent")).not_to_have_text("—")
    expect(methodist_page.get_by_test_id("dashboard-figures")).to_contain_text("1 из")
    schools = methodist_page.get_by_test_id("chart-schools")
    expect(schools.get_by_role("link", name="СОШ № 1", exact=True)).to_be_visible()  # a link, not an image
    expect(schools.get_by_role("listitem").first.locator("svg.pg-bar")).to_be_visible()
    shot(methodist_page, "12-methodist-dashboard")
