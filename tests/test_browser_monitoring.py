"""Issue 16 «Done when», in Chromium on the demo district: the методист imports last year's summary sheet
(the Excel the office kept), copies its form to this year, opens a campaign for all schools; `direktor1`
finds the form prefilled from the directory, saves a draft, submits; the методист returns one indicator
with a comment, the director fixes it and resubmits, the методист accepts; the results page shows the
district total with last year beside it and a chart; the XLSX export reopens with the merged two-level
headers and the «Итого по району» row. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from core.academic_year import academic_year_label, academic_year_start
from directory.models import Organization
from monitoring.models import Campaign, MonitoringForm, Submission
from portal.demo import DEMO_PASSWORD, seed_demo
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Мониторинг кадрового обеспечения"


@pytest.fixture
def demo():
    today = timezone.localdate()
    seed_demo(today=today)
    return {"today": today, "users": {u.username: u for u in get_user_model().objects.all()}}


def last_year_sheet(path, year_label: str):
    """The office's summary of last year: a title row, a two-level merged header, a row per school
    (names as offices write them), a formula column and the «Итого по району» row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Свод"
    ws.append([f"Мониторинг кадрового обеспечения за {year_label} уч. г."])
    ws.merge_cells("A1:F1")
    ws.append(["№", "Наименование ОО", "Педагогические работники", None, None, "Наставники назначены"])
    ws.append([None, None, "Всего педагогов", "Молодых специалистов", "Доля молодых, %", None])
    for column in "ABF":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("C2:E2")
    schools = Organization.objects.filter(kind="school").order_by("short_name")
    row = 4
    for number, school in enumerate(schools, start=1):
        name = school.short_name.replace("МБОУ СОШ № ", 'МБОУ "СОШ №') + '"'
        ws.append(
            [number, name, 20 + number, number % 3, f"=D{row}/C{row}*100", "да" if number % 2 else "нет"]
        )
        row += 1
    ws.append(
        [None, "Итого по району", f"=SUM(C4:C{row - 1})", f"=SUM(D4:D{row - 1})", f"=D{row}/C{row}*100"]
    )
    wb.save(path)
    return path


def log_in_as(page, live_server, username):
    log_in(page, live_server, username, DEMO_PASSWORD)


def test_methodist_imports_copies_opens_director_answers_review_results_and_excel(
    page, live_server, demo, tmp_path
):
    today = demo["today"]
    year = academic_year_start(today)
    last_label, this_label = academic_year_label(year - 1), academic_year_label(year)
    sheet = last_year_sheet(tmp_path / "svod.xlsx", last_label)
    browser = page.context.browser

    # 1. Last year's summary sheet: preview (the «Итого» row is not a school), then saved.
    log_in_as(page, live_server, "metodist")
    page.goto(live_server.url + "/monitoring/")
    page.get_by_role("link", name="Загрузить сводную таблицу").click()
    page.get_by_label("Название").fill(TITLE)
    page.get_by_label("Учебный год").fill(last_label)
    page.get_by_label("Сводная таблица (.xlsx)").set_input_files(str(sheet))
    page.get_by_role("button", name="Проверить").click()
    expect(page.get_by_role("cell", name="Молодых специалистов")).to_be_visible()
    expect(page.get_by_text("«Итого» по району: это не организация")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "monitoring-import-preview.png"), full_page=True)
    page.get_by_role("button", name="Загрузить").click()
    old_form = MonitoringForm.objects.get(title=TITLE, year=year - 1)
    assert Submission.objects.filter(campaign__form=old_form).count() == 9

    # 2. The form copied to this year keeps its codes.
    page.goto(live_server.url + "/monitoring/")
    page.get_by_role("link", name="Формы мониторинга").click()
    page.get_by_role("region", name=f"Формы {last_label} учебного года").get_by_role(
        "link", name=TITLE
    ).click()
    page.get_by_role("button", name=f"Копировать на {this_label}").click()
    new_form = MonitoringForm.objects.get(title=TITLE, year=year)
    assert new_form.copied_from_id == old_form.pk
    codes = sorted(new_form.indicators.values_list("code", flat=True))
    assert codes == sorted(old_form.indicators.values_list("code", flat=True))

    # 3. A campaign for all schools.
    page.goto(live_server.url + "/monitoring/")
    page.get_by_role("link", name="Открыть мониторинг").click()
    page.get_by_label("Форма мониторинга").select_option(label=f"{TITLE} ({this_label})")
    page.get_by_role("textbox", name="Название").fill(f"{TITLE} за {this_label} уч. г.")
    page.get_by_label("Срок").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Школа", exact=True).check()  # all schools, not the kindergartens
    page.get_by_role("button", name="Открыть мониторинг").click()
    expect(page.get_by_text("Кампания открыта")).to_be_visible()
    campaign = Campaign.objects.get(form=new_form)
    assert campaign.submissions.count() == 9

    # 4. direktor1: the form prefilled from the directory, a draft, then sent.
    director = browser.new_page()
    log_in_as(director, live_server, "direktor1")
    director.goto(live_server.url + "/monitoring/")
    director.get_by_role("row", name=campaign.title).get_by_role("link", name="черновик").click()
    teachers = director.get_by_label("Всего педагогов")
    expect(teachers).not_to_have_value("")
    expect(director.get_by_text("из справочника").first).to_be_visible()
    director.get_by_label("Молодых специалистов").fill("1")
    director.get_by_role("button", name="Сохранить черновик").click()
    expect(director.get_by_test_id("state")).to_have_text("черновик")
    director.get_by_text("да", exact=True).first.check()
    director.get_by_role("button", name="Отправить на проверку").click()
    expect(director.get_by_test_id("state")).to_have_text("отправлен")
    director.screenshot(path=str(ARTIFACTS / "monitoring-director-sent.png"), full_page=True)
    submission = campaign.submissions.get(organization__short_name="МБОУ СОШ № 1")

    # 5. The методист returns one indicator with a comment.
    page.goto(live_server.url + f"/monitoring/submissions/{submission.pk}/")
    young = next(i for i in new_form.indicators.all() if i.name == "Молодых специалистов")
    page.locator(f"#c_{young.code}").fill("Сверьте со штатным расписанием: молодых двое")
    page.get_by_label("Что исправить").fill("Уточните число молодых специалистов")
    page.get_by_role("button", name="Вернуть на доработку").click()
    expect(page.get_by_test_id("state")).to_have_text("возвращён на доработку")

    # 6. The director sees the comment next to the indicator, fixes it, resubmits.
    director.reload()
    expect(director.get_by_test_id(f"note-{young.code}")).to_contain_text("молодых двое")
    director.get_by_label("Молодых специалистов").fill("2")
    director.get_by_role("button", name="Отправить на проверку").click()
    expect(director.get_by_test_id("state")).to_have_text("отправлен")

    # 7. Accepted.
    page.reload()
    page.get_by_role("button", name="Принять").click()
    expect(page.get_by_test_id("state")).to_have_text("принят")

    # 8. Results: the total with last year beside it, and a chart.
    page.goto(live_server.url + f"/monitoring/campaigns/{campaign.pk}/results/")
    table = page.get_by_test_id("results-table")
    row = table.get_by_role("row").filter(has_text="Молодых специалистов")
    expect(row.locator(f'td[data-code="{young.code}"]')).to_have_text("2")
    old_young = 1  # СОШ № 1 last year: 1 % 3
    expect(row.locator("td").nth(4)).to_have_text(str(old_young))
    expect(page.get_by_test_id("results-chart").locator("svg")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "monitoring-results.png"), full_page=True)

    # 9. The XLSX export reopens: merged two-level headers and the «Итого по району» row.
    with page.expect_download() as info:
        page.get_by_role("link", name="Скачать сводную таблицу (Excel)").click()
    path = tmp_path / "export.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == campaign.title
    # the section over its three indicators, merged; each indicator under it
    assert rows[1][2] == "Педагогические работники" and rows[2][2:5] == [
        "Всего педагогов",
        "Молодых специалистов",
        "Доля молодых, %",
    ]
    assert "C2:E2" in {str(r) for r in sheet.merged_cells.ranges}
    # the one accepted school, then the district's total with formulas
    assert rows[3][1] == "МБОУ СОШ № 1" and rows[3][3] == 2
    total = next(row for row in rows if "Итого по району" in row)
    assert str(total[2]).startswith("=SUM(") or str(total[2]).startswith("=")
    director.close()
