"""In Chromium, by keyboard (issue 13, ГОСТ Р 52872-2019 / WCAG 2.1 AA): after each in-place (htmx) update
of the roadmap editor and of «Мои задачи» the focus lands on the updated row's or line's action, not on
the page's body, and the page's one polite live region says what happened; at 200 % zoom (a 1280 px
window is 640 CSS px) the roadmap page does not scroll sideways and a row's form fits the screen.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from roadmaps.models import RoadmapRow
from roadmaps.tests.factories import SAMPLE_ROWS, make_roadmap
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS
from tests.test_browser_reports import a_roadmap_for_this_week, task_line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZOOM_200 = {"width": 640, "height": 450}  # a 1280 × 900 window at 200 %


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"keyboard-{name}.png"), full_page=full_page)


def live(page):
    """The page's one polite live region (templates/base.html)."""
    region = page.get_by_test_id("live-status")
    expect(region).to_have_attribute("role", "status")
    expect(region).to_have_attribute("aria-live", "polite")
    return region


def focused(page) -> str:
    """The focused element, as «tag#id.class» of it and of its row or line (for failure messages)."""
    return page.evaluate(
        """() => { const e = document.activeElement; const box = e.closest('tr, .task-line');
        const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className;
        return `${name} in ${box ? box.id : '-'}`; }"""
    )


def press_on(locator, key: str) -> None:
    """Tab to a control (focus) and press a key on it, as a keyboard user does."""
    locator.focus()
    expect(locator).to_be_focused()
    locator.press(key)


def row_pk(activity: str) -> int:
    return RoadmapRow.objects.get(activity=activity).pk


def test_roadmap_editor_by_keyboard_focus_returns_to_the_row_and_each_change_is_announced(
    page, live_server, methodist, district
):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    log_in(page, live_server, "metodist")
    page.goto(live_server.url + roadmap.get_absolute_url())
    page.evaluate("window.__marker = 1")  # gone if the page ever reloads
    status = live(page)
    expect(status).to_have_text("")

    # The first Tab reaches «Перейти к содержанию»; Enter moves the focus past the navigation bar.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к содержанию")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    shot(page, "skip-link", full_page=False)
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()

    # ✎, Enter: the form opens at the activity; typed, Ctrl+Enter saves; the focus is back on ✎.
    pk = row_pk("Семинары для руководителей ШМО")
    edit = page.locator(f"#row-{pk} .rm-edit")
    press_on(edit, "Enter")
    activity = page.locator(f"#row-{pk}").get_by_label("Мероприятие")
    expect(activity).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" и заместителей")
    page.keyboard.press("Control+Enter")
    expect(page.locator(f"#row-{pk}.rm-row")).to_contain_text("Семинары для руководителей ШМО и заместителей")
    expect(edit).to_be_focused()
    expect(status).to_have_text("Строка 2 сохранена")
    assert RoadmapRow.objects.get(pk=pk).activity == "Семинары для руководителей ШМО и заместителей"

    # ✎ again, a change, Escape: nothing saved, the focus is back on ✎.
    press_on(edit, "Enter")
    expect(activity).to_be_focused()
    page.keyboard.type(" (черновик)")
    page.keyboard.press("Escape")
    expect(page.locator(f"#row-{pk}.rm-row")).not_to_contain_text("(черновик)")
    expect(edit).to_be_focused(), focused(page)
    expect(status).to_have_text("Изменения отменены")

    # «Добавить мероприятие», Enter: a new row's form; Escape: it goes, the focus is back on the button.
    add = page.get_by_role("button", name="Добавить мероприятие")
    press_on(add, "Enter")
    new_form = page.locator("#roadmap-rows > tr.rm-editing")
    expect(new_form.get_by_label("Мероприятие")).to_be_focused()
    page.keyboard.type("Не нужно")
    page.keyboard.press("Escape")
    expect(new_form).to_have_count(0)
    expect(add).to_be_focused()
    expect(status).to_have_text("Добавление отменено")

    # «Вставить мероприятие ниже» from a row's «⋯»: Escape returns to that «⋯».
    menu = page.locator(f"#row-{pk} .rm-menu")
    press_on(menu, "Enter")
    press_on(page.locator(f"#row-{pk}").get_by_role("button", name="Вставить мероприятие ниже"), "Enter")
    expect(new_form.get_by_label("Мероприятие")).to_be_focused()
    page.keyboard.press("Escape")
    expect(new_form).to_have_count(0)
    expect(menu).to_be_focused()
    expect(status).to_have_text("Добавление отменено")

    # A new item typed and saved with Ctrl+Enter: the focus is on the new row's ✎.
    press_on(add, "Enter")
    expect(new_form.get_by_label("Мероприятие")).to_be_focused()
    page.keyboard.type("Круглый стол молодых педагогов")
    page.keyboard.press("Control+Enter")
    expect(new_form).to_have_count(0)
    added = row_pk("Круглый стол молодых педагогов")
    expect(page.locator(f"#row-{added} .rm-edit")).to_be_focused()
    expect(status).to_have_text("Строка «Круглый стол молодых педагогов» добавлена")

    # «Назначить школам» from the «⋯»: the form opens at «Кто отчитывается»; «Выбрать все», Ctrl+Enter.
    press_on(menu, "Enter")
    press_on(page.locator(f"#row-{pk}").get_by_role("button", name="Назначить школам"), "Enter")
    assign = page.get_by_test_id("assign-form")
    expect(assign.get_by_label("Без отчётов школ (работа кабинета)")).to_be_focused()
    press_on(assign.get_by_role("button", name="Выбрать все"), "Enter")
    expect(assign.get_by_label("Выбранные школы")).to_be_checked()
    page.keyboard.press("Control+Enter")
    expect(assign).to_have_count(0)
    expect(menu).to_be_focused()
    expect(status).to_have_text("Школы назначены: 2")
    expect(page.locator(f"#row-{pk}").get_by_test_id("row-assignment")).to_have_text("2 школы")
    shot(page, "roadmap-assigned")

    # A move from the «⋯»: the table body is new, the focus stays on this row's «⋯».
    press_on(menu, "Enter")
    press_on(page.locator(f"#row-{pk}").get_by_role("button", name="Переместить ниже"), "Enter")
    expect(page.locator("#roadmap-rows > tr.rm-row .rm-num")).to_contain_text(["", "1", "3", "2"])
    expect(menu).to_be_focused()
    expect(status).to_have_text("Строка 2 перемещена")
    assert page.evaluate("window.__marker") == 1


def test_my_tasks_by_keyboard_focus_returns_to_the_line_and_each_change_is_announced(
    page, live_server, district, methodist, director_a
):
    a_roadmap_for_this_week(methodist, district)
    log_in(page, live_server, "direktor_a")
    page.goto(live_server.url + reverse("roadmaps:my_tasks"))
    page.evaluate("window.__marker = 1")
    status = live(page)
    line = task_line(page, "Заседание ШМО учителей математики")
    report = line.get_by_role("link", name="Отчитаться")

    # «Отчитаться», Enter: the form opens at its first field; Escape closes it, the focus is back.
    press_on(report, "Enter")
    form = page.get_by_test_id("task-form")
    expect(form.get_by_label("Ход выполнения")).to_be_focused()
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(report).to_be_focused()
    expect(status).to_have_text("Изменения отменены")

    # Again; a comment, Ctrl+Enter saves the draft: the focus is on the line's first action.
    press_on(report, "Enter")
    form.get_by_label("Ход выполнения").select_option(label="в работе")
    form.get_by_label("Комментарий").focus()
    page.keyboard.type("Заседание назначено на пятницу.")
    page.keyboard.press("Control+Enter")
    expect(form).to_have_count(0)
    expect(line.get_by_test_id("report-state")).to_have_text("черновик")
    expect(status).to_have_text("Черновик отчёта сохранён.")
    assert page.evaluate("document.activeElement.closest('.task-actions') !== null"), focused(page)
    expect(line.locator(".task-actions a, .task-actions button").first).to_be_focused()
    shot(page, "tasks-draft-saved")

    # «Отправить» of the line, by Enter: sent; the focus stays in the line's actions.
    press_on(line.get_by_role("button", name="Отправить"), "Enter")
    expect(line.get_by_test_id("report-state")).to_have_text("отправлен")
    expect(status).to_have_text("Отчёт отправлен методисту на проверку.")
    expect(line.get_by_role("link", name="Открыть")).to_be_focused()
    assert page.evaluate("window.__marker") == 1


def on_screen(page, control, side: str) -> None:
    """The control lies within the 640 px screen — after the page has placed the form for the box's new
    scroll position (a scroll event and a frame later, so polled for up to 5 s)."""
    deadline = time.monotonic() + 5
    while True:
        control.scroll_into_view_if_needed()
        rect = control.bounding_box()
        if rect and rect["x"] >= 0 and rect["x"] + rect["width"] <= ZOOM_200["width"]:
            return
        assert time.monotonic() < deadline, (side, control, rect)
        page.wait_for_timeout(100)


def test_at_200_percent_zoom_the_roadmap_page_fits_and_its_table_scrolls_in_a_focusable_box(
    page, live_server, methodist, district
):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    log_in(page, live_server, "metodist")
    page.set_viewport_size(ZOOM_200)
    page.goto(live_server.url + roadmap.get_absolute_url())

    def page_scrolls_sideways() -> bool:
        return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")

    assert not page_scrolls_sideways()
    box = page.get_by_role("region", name="Строки дорожной карты")
    expect(box).to_have_attribute("tabindex", "0")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table scrolls inside its box
    shot(page, "zoom200-roadmap")

    # The box scrolls by keyboard once it has the focus.
    press_on(box, "ArrowRight")
    page.keyboard.press("ArrowRight")
    # Polled from here: wait_for_function would evaluate a string in the page, which the CSP forbids.
    deadline = time.monotonic() + 5
    while not box.evaluate("b => b.scrollLeft > 0"):
        assert time.monotonic() < deadline, "the box did not scroll by the arrow keys"
        page.wait_for_timeout(100)
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")  # scrolled to the far right, where ✎ is

    pk = row_pk("Обновление положений о ШМО")
    press_on(page.locator(f"#row-{pk} .rm-edit"), "Enter")
    form = page.locator(f"#row-{pk}").get_by_test_id("row-form")
    expect(form.get_by_label("Мероприятие")).to_be_focused()
    assert not page_scrolls_sideways()
    # The whole form is on the screen — every field and both buttons — wherever the box is scrolled.
    for side, scroll in (("right", "b.scrollWidth"), ("left", "0")):
        box.evaluate(f"b => {{ b.scrollLeft = {scroll}; }}")
        for control in (
            form.get_by_label("Мероприятие"),
            form.get_by_label("Ожидаемый результат"),
            form.get_by_role("button", name="Сохранить", exact=True),
            form.get_by_role("link", name="Отмена"),
        ):
            on_screen(page, control, side)
        shot(page, f"zoom200-roadmap-row-form-box-scrolled-{side}")

    page.keyboard.press("Escape")
    expect(page.locator(f"#row-{pk} .rm-edit")).to_be_focused()
    assert not page_scrolls_sideways()


def test_at_200_percent_zoom_my_tasks_fit_with_the_report_form_open(
    page, live_server, district, methodist, director_a
):
    a_roadmap_for_this_week(methodist, district)
    log_in(page, live_server, "direktor_a")
    page.set_viewport_size(ZOOM_200)
    page.goto(live_server.url + reverse("roadmaps:my_tasks"))
    scrolls = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    assert not page.evaluate(scrolls)
    press_on(
        task_line(page, "Заседание ШМО учителей математики").get_by_role("link", name="Отчитаться"), "Enter"
    )
    form = page.get_by_test_id("task-form")
    expect(form.get_by_label("Ход выполнения")).to_be_focused()
    assert not page.evaluate(scrolls)
    rect = form.bounding_box()
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= ZOOM_200["width"]
    shot(page, "zoom200-tasks-report-form")
