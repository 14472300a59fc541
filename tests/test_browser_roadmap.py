"""In Chromium: a methodist builds a roadmap on its page without reloading it, renumbers it, and meets an
edit of a colleague (a stale save). Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from directory import services as directory
from directory.models import Role
from roadmaps import services
from roadmaps.models import RoadmapRow
from roadmaps.tests.factories import make_roadmap
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def table_row(page, text: str):
    return page.locator("#roadmap-rows > tr.rm-row", has_text=text)


def row_menu(row, item: str) -> None:
    row.get_by_role("button", name="Действия со строкой").click()
    row.get_by_role("button", name=item).click()


def editing_form(page):
    form = page.locator("#roadmap-rows > tr.rm-editing")
    expect(form).to_have_count(1)
    return form


def save(form) -> None:
    form.get_by_role("button", name="Сохранить", exact=True).click()


def a_colleague(district):
    person = directory.person_save(
        data={
            "organization": district["method_office"],
            "last_name": "Смирнова",
            "first_name": "Анна",
            "patronymic": "Петровна",
            "position": "Методист",
        }
    )
    user = directory.user_ensure(username="metodist2", password=None, person=person)
    directory.role_grant(user=user, kind=Role.Kind.METHODIST)
    return user


def test_a_methodist_builds_a_roadmap_in_place_renumbers_it_and_meets_a_colleagues_edit(
    page, live_server, methodist, district
):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        title="План работы РМК на 2022–2023 учебный год",
        goal="Методическое сопровождение педагогов района.",
    )
    log_in(page, live_server, "metodist")
    page.goto(live_server.url + roadmap.get_absolute_url())
    expect(page.get_by_role("heading", name="План работы РМК на 2022–2023 учебный год")).to_be_visible()
    expect(page.get_by_text("В карте пока нет строк.")).to_be_visible()
    page.evaluate("window.__marker = 1")  # gone if the page ever reloads

    # A heading from the toolbar, at the end of the (empty) table.
    page.get_by_role("button", name="Добавить раздел").click()
    form = editing_form(page)
    expect(form.get_by_label("Раздел")).to_be_focused()
    form.get_by_label("Раздел").fill("Организационная работа")
    save(form)
    heading = page.locator("#roadmap-rows > tr.rm-heading", has_text="Организационная работа")
    expect(heading).to_be_visible()
    expect(page.get_by_text("В карте пока нет строк.")).to_be_hidden()

    # Two items below it, each from the row menu of the row above.
    heading.get_by_role("button", name="Действия со строкой").click()
    expect(heading.get_by_role("button", name="Переместить выше")).to_be_disabled()
    expect(heading.get_by_role("button", name="Сдвинуть вправо (вложить)")).to_be_disabled()
    heading.get_by_role("button", name="Вставить мероприятие ниже").click()
    form = editing_form(page)
    form.get_by_label("Мероприятие").fill("Совещание руководителей ШМО")
    form.get_by_label("Сроки").fill("Сентябрь 2022 г.")
    form.get_by_label("Ответственные").fill("Волкова Е.В.")
    save(form)
    first = table_row(page, "Совещание руководителей ШМО")
    expect(first.get_by_test_id("row-dates")).to_have_text("30.09.2022")

    row_menu(first, "Вставить мероприятие ниже")
    form = editing_form(page)
    form.get_by_label("Мероприятие").fill("Консультации для педагогов")
    form.get_by_label("Сроки").fill("По запросу")
    form.get_by_label("Ожидаемый результат").fill("Оказана методическая помощь")
    save(form)
    second = table_row(page, "Консультации для педагогов")
    expect(second.get_by_test_id("row-dates")).to_have_text("по запросу")

    # The second item's deadline becomes «Ежемесячно»: its dates appear in place.
    second.get_by_role("link", name="Изменить строку").click()
    form = editing_form(page)
    expect(form.get_by_label("Сроки")).to_have_value("По запросу")
    form.get_by_label("Сроки").fill("Ежемесячно")
    save(form)
    dates = second.get_by_test_id("row-dates")
    expect(dates).to_contain_text("30.09.2022")
    expect(dates).to_contain_text("31.08.2023")
    assert page.evaluate("window.__marker") == 1
    page.screenshot(path=str(ARTIFACTS / "roadmap-built-in-place.png"), full_page=True)

    # Renumbering happens only when confirmed.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Перенумеровать").click()
    expect(page.locator("#roadmap-rows td.rm-num")).to_have_text(["", "", ""])
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Перенумеровать").click()
    expect(page.locator("#roadmap-rows td.rm-num")).to_have_text(["1.", "1.1.", "1.2."])
    expect(page.locator("#roadmap-rows .rm-notice")).to_contain_text("изменено номеров: 3")
    expect(page.get_by_role("status")).to_contain_text("изменено номеров: 3")  # said to screen readers
    page.screenshot(path=str(ARTIFACTS / "roadmap-renumbered.png"), full_page=True)

    # A stale edit: the form is open while a colleague saves the same row.
    second.get_by_role("link", name="Изменить строку").click()
    form = editing_form(page)
    colleague = a_colleague(district)
    row = RoadmapRow.objects.get(roadmap=roadmap, activity="Консультации для педагогов")
    services.row_update(
        user=colleague,
        row=row,
        data={"activity": "Консультации для педагогов (правка коллеги)"},
        version=row.version,
    )
    form.get_by_label("Мероприятие").fill("Консультации для педагогов и родителей")
    save(form)
    conflict = page.locator(f"#row-{row.pk}")
    expect(conflict.get_by_test_id("row-conflict")).to_contain_text(
        "Эту строку уже изменил(а) Смирнова Анна Петровна в "
    )
    expect(conflict.get_by_test_id("row-conflict")).to_contain_text("ваши правки не потеряны")
    expect(conflict.get_by_test_id("saved-version")).to_contain_text(
        "Консультации для педагогов (правка коллеги)"
    )
    expect(conflict.get_by_label("Мероприятие")).to_have_value("Консультации для педагогов и родителей")
    expect(conflict.get_by_label("Сроки")).to_have_value("Ежемесячно")
    page.screenshot(path=str(ARTIFACTS / "roadmap-stale-edit.png"), full_page=True)

    # Re-applied deliberately over the colleague's version.
    conflict.get_by_role("button", name="Сохранить мои правки").click()
    expect(table_row(page, "Консультации для педагогов и родителей")).to_be_visible()
    expect(page.get_by_test_id("row-conflict")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1
    assert RoadmapRow.objects.get(pk=row.pk).activity == "Консультации для педагогов и родителей"

    # Everything above is in the history, the colleague's edit too.
    page.get_by_role("link", name="История").click()
    expect(page.get_by_role("heading", name="История изменений")).to_be_visible()
    expect(page.get_by_role("cell", name="Смирнова Анна Петровна")).to_be_visible()
    expect(page.locator("tr[data-action='renumber']")).to_contain_text("Изменены номера строк: 3.")
    page.screenshot(path=str(ARTIFACTS / "roadmap-history.png"), full_page=True)


def test_delete_and_undo_and_manual_dates_work_in_place(page, live_server, methodist, district):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[
            {"activity": "Аналитическая работа", "is_heading": True},
            {"number": "1.", "activity": "Анализ результатов ГИА", "deadline_text": "Август 2023 г."},
            {"number": "2.", "activity": "Встреча с родителями", "deadline_text": "Когда получится"},
        ],
    )
    log_in(page, live_server, "metodist")
    page.goto(live_server.url + roadmap.get_absolute_url())
    page.evaluate("window.__marker = 1")

    analysis = table_row(page, "Анализ результатов ГИА")
    row_menu(analysis, "Удалить строку")
    bar = page.locator("#roadmap-rows > tr.rm-deleted")
    expect(bar).to_contain_text("Строка удалена.")
    bar.get_by_role("button", name="Отменить").click()
    expect(table_row(page, "Анализ результатов ГИА")).to_contain_text("31.08.2023")

    # Moving a row rebuilds the table body in the new order.
    row_menu(table_row(page, "Встреча с родителями"), "Переместить выше")
    expect(page.locator("#roadmap-rows > tr.rm-row .rm-activity")).to_have_text(
        ["Аналитическая работа", "Встреча с родителями", "Анализ результатов ГИА"]
    )

    meeting = table_row(page, "Встреча с родителями")
    expect(meeting.get_by_test_id("row-dates")).to_contain_text("не распознано")
    page.screenshot(path=str(ARTIFACTS / "roadmap-unparsed.png"), full_page=True)
    meeting.get_by_role("link", name="Указать даты").click()
    dates_form = page.get_by_test_id("dates-form")
    dates_form.get_by_label("Даты").fill("15.10.2024")
    dates_form.get_by_role("button", name="Сохранить даты").click()
    expect(dates_form.get_by_role("alert")).to_contain_text("вне периода дорожной карты")
    page.screenshot(path=str(ARTIFACTS / "roadmap-manual-dates-error.png"), full_page=True)
    dates_form.get_by_label("Даты").fill("15.10.2022\n20.03.2023")
    dates_form.get_by_role("button", name="Сохранить даты").click()
    meeting = table_row(page, "Встреча с родителями")
    expect(meeting.get_by_test_id("row-dates")).to_contain_text("15.10.2022")
    expect(meeting.get_by_test_id("row-dates")).to_contain_text("вручную")
    expect(meeting).to_contain_text("Когда получится")
    assert page.evaluate("window.__marker") == 1
    page.screenshot(path=str(ARTIFACTS / "roadmap-manual-dates.png"), full_page=True)


def test_imported_top_level_rows_stay_top_level_and_renumbering_warns_before_moving_them(
    page, live_server, methodist, district, tmp_path
):
    from roadmaps.tests.test_import_services import sections_docx

    path = tmp_path / "plan.docx"
    path.write_bytes(sections_docx())
    log_in(page, live_server, "metodist")
    page.goto(live_server.url + reverse("roadmaps:import_upload"))
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Проверить").click()
    page.get_by_role("button", name="Создать дорожную карту").first.click()
    expect(table_row(page, "Подготовка отчёта о реализации")).to_have_attribute("data-level", "0")
    for text in ("Подготовка отчёта о реализации", "Размещение отчёта на сайте"):
        row = table_row(page, text)
        expect(row).to_have_attribute("data-level", "0")
        expect(row).to_have_class(re.compile(r"\brm-level-0\b"))
    expect(table_row(page, "Анализ результатов мониторингов")).to_have_attribute("data-level", "1")
    page.screenshot(path=str(ARTIFACTS / "roadmap-import-top-level-rows.png"), full_page=True)

    # «Перенумеровать» keeps «4.» and «5.» as they are.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Перенумеровать").click()
    expect(page.get_by_text("ничего не изменилось")).to_be_visible()
    expect(table_row(page, "Размещение отчёта на сайте").locator("td").first).to_have_text("5.")

    # Indented by hand under section 3, «4.» and «5.» would become «3.5.», «3.6.»: the page asks first.
    roadmap = RoadmapRow.objects.get(activity__startswith="Размещение отчёта").roadmap
    for activity in ("Подготовка отчёта", "Размещение отчёта"):
        row = RoadmapRow.objects.get(roadmap=roadmap, activity__startswith=activity)
        services.row_indent(user=methodist, row=row, delta=1, version=row.version)
    page.goto(live_server.url + roadmap.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Перенумеровать").click()
    warning = page.get_by_test_id("renumber-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("«4.» → «3.5.»")
    expect(warning).to_contain_text("«5.» → «3.6.»")
    page.screenshot(path=str(ARTIFACTS / "roadmap-renumber-depth-warning.png"), full_page=True)
    assert list(roadmap.rows.order_by("-position").values_list("number", flat=True)[:2]) == ["5.", "4."]
    page.get_by_test_id("renumber-cancel").click()
    expect(page.get_by_test_id("renumber-warning")).to_have_count(0)
    expect(table_row(page, "Размещение отчёта на сайте").locator("td").first).to_have_text("5.")


def test_preparing_the_approval_of_a_past_roadmap_warns_and_offers_the_current_period(
    page, live_server, methodist, district
):
    from roadmaps.tests.factories import SAMPLE_ROWS

    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        title="План работы РМК на 2022–2023 учебный год",
        rows=SAMPLE_ROWS,
    )
    log_in(page, live_server, "metodist")
    page.goto(live_server.url + roadmap.get_absolute_url())
    expect(page.get_by_test_id("past-period-warning")).to_contain_text(
        "Период этой карты закончился 31.08.2023"
    )
    page.get_by_test_id("prepare-order").click()
    expect(page.get_by_test_id("approve-anyway")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "roadmap-approve-past-period.png"), full_page=True)
    page.get_by_test_id("copy-to-current").click()
    expect(page.get_by_label("Название копии")).to_have_value(re.compile(r"202\d–202\d учебный год"))
    page.screenshot(path=str(ARTIFACTS / "roadmap-copy-to-current.png"), full_page=True)
