"""The district's view of school reports through the views: assignment from the roadmap page, the
items × schools grid and its Excel export, the review queue, a school's page, the dashboard; who may
see what; a constant number of queries whatever the size.

The reports are made through roadmaps.progress.services (save → submit → accept/return), except for the large
query-count fixtures, which create reports with bulk_create (the service path is covered above and in
test_report_services.py). Views read «today» through `progress._today`, fixed here to TODAY.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from directory import services as directory
from directory.models import Organization
from roadmaps.models import ProgressReport, Roadmap, RoadmapRow
from roadmaps.progress import selectors as ps
from roadmaps.progress import services as report_services
from roadmaps.progress.views import district as progress
from roadmaps.services import RowData

from .factories import make_roadmap
from .report_factories import approved_roadmap_for_schools, item

TODAY = dt.date(2023, 1, 10)  # inside the roadmap's 2022–2023 year; 1.1. is due 31.10 and 31.12.2022
HTMX = {"HX-Request": "true"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(progress, "_today", lambda: TODAY)


@pytest.fixture
def roadmap(district, methodist, director_a, director_b):
    """1. (1.1. quarterly, 1.2. May 2023) for all schools; 2.1. (June 2023) is the office's own work."""
    return approved_roadmap_for_schools(user=methodist, district=district)


@pytest.fixture
def draft_roadmap(district, methodist):
    return make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[RowData(number="1", activity="Черновое мероприятие", deadline_text="Май 2023 г.")],
        title="Черновик плана",
    )


def occurrences(roadmap, number):
    return list(item(roadmap, number).occurrences.order_by("due_date"))


def save(user, occurrence, organization, **data):
    data.setdefault("progress", "in_progress")
    return report_services.report_save(
        user=user, occurrence=occurrence, organization=organization, data=data, version=None, today=TODAY
    )


def submit(user, report):
    return report_services.report_submit(user=user, report=report, version=report.version)


def accept(methodist, report):
    return report_services.report_accept(user=methodist, report=report, version=report.version)


@pytest.fixture
def workflow(roadmap, district, methodist, director_a, director_b):
    """School A: 31.10 done and accepted, 31.12 a draft «в работе». School B: 31.10 done and submitted.

    Due by TODAY: 1.1. × 2 dates × 2 schools = 4 pairs, 1 done (25 %); overdue: A 31.12, B 31.10 and
    31.12 = 3.
    """
    first, second = occurrences(roadmap, "1.1.")[:2]
    a, b = district["school_a"], district["school_b"]
    done_a = accept(
        methodist,
        submit(director_a, save(director_a, first, a, progress="done", done_on=dt.date(2022, 10, 28))),
    )
    draft_a = save(director_a, second, a, progress="in_progress", comment="Готовим заседание")
    waiting_b = submit(director_b, save(director_b, first, b, progress="done", done_on=dt.date(2022, 10, 30)))
    return {"done_a": done_a, "draft_a": draft_a, "waiting_b": waiting_b, "first": first, "second": second}


def url(name, *args):
    return reverse(f"roadmaps:{name}", args=args)


def text(response) -> str:
    return response.content.decode()


def cell(page: str, row_pk: int, column: int) -> str:
    """A grid cell, tag and content: the row's `column`-th organization cell (0-based)."""
    row = re.search(rf'<tr data-row="{row_pk}">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>.*?</td>", row)
    return [c for c in cells if 'class="pg-' not in c][column]


def classes(cell_html: str) -> set[str]:
    found = re.match(r'<td class="([^"]*)"', cell_html)
    return set(found.group(1).split()) if found else set()


def due(page: str, row_pk: int) -> str:
    """The «Срок» of an item row: the date its cells show."""
    row = re.search(rf'<tr data-row="{row_pk}">(.*?)</tr>', page, re.S).group(1)
    return re.search(r'<td class="pg-due">([^<]*)</td>', row).group(1)


# --- Access ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_grid_and_its_export_are_for_district_staff(
    roadmap, draft_roadmap, methodist_client, administrator_client, director_a_client, anonymous_client
):
    for name in ("grid", "grid_export"):
        assert methodist_client.get(url(name, roadmap.pk)).status_code == 200
        assert administrator_client.get(url(name, roadmap.pk)).status_code == 200
        assert director_a_client.get(url(name, roadmap.pk)).status_code == 403  # «Мои задачи» is theirs
        assert director_a_client.get(url(name, draft_roadmap.pk)).status_code == 404  # a draft is unseen
        response = anonymous_client.get(url(name, roadmap.pk))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert methodist_client.get(url("grid", 999999)).status_code == 404


@pytest.mark.django_db
def test_queue_and_dashboard_are_for_methodists_and_administrators(
    roadmap, methodist_client, administrator_client, director_a_client, teacher_a_client, anonymous_client
):
    for name in ("review_queue", "dashboard"):
        assert methodist_client.get(url(name)).status_code == 200
        assert administrator_client.get(url(name)).status_code == 200
        assert director_a_client.get(url(name)).status_code == 403
        assert teacher_a_client.get(url(name)).status_code == 403
        assert anonymous_client.get(url(name)).status_code == 302


@pytest.mark.django_db
def test_a_school_page_is_for_district_staff_and_the_school_itself(
    roadmap,
    district,
    methodist_client,
    administrator_client,
    director_a_client,
    director_b_client,
    teacher_a_client,
    anonymous_client,
):
    a, b = district["school_a"].pk, district["school_b"].pk
    assert methodist_client.get(url("school_progress", a)).status_code == 200
    assert methodist_client.get(url("school_progress", b)).status_code == 200
    assert administrator_client.get(url("school_progress", b)).status_code == 200
    assert director_a_client.get(url("school_progress", a)).status_code == 200
    assert director_a_client.get(url("school_progress", b)).status_code == 404
    assert director_b_client.get(url("school_progress", a)).status_code == 404
    assert teacher_a_client.get(url("school_progress", a)).status_code == 404
    assert methodist_client.get(url("school_progress", 999999)).status_code == 404
    assert anonymous_client.get(url("school_progress", a)).status_code == 302


@pytest.mark.django_db
def test_assignment_is_the_methodists(
    roadmap,
    draft_roadmap,
    methodist,
    administrator_client,
    director_a_client,
    anonymous_client,
    csrf_client_for,
):
    heading = item(roadmap, "2.")
    assign = url("row_assign", roadmap.pk, heading.pk)
    assert administrator_client.get(assign).status_code == 403
    assert administrator_client.post(assign, {"scope": "all"}).status_code == 403
    assert director_a_client.post(assign, {"scope": "all"}).status_code == 403
    draft_row = draft_roadmap.rows.get()
    assert director_a_client.get(url("row_assign", draft_roadmap.pk, draft_row.pk)).status_code == 404
    assert anonymous_client.get(assign).status_code == 302
    assert item(roadmap, "2.1.").report_scope == "none"

    strict = csrf_client_for(methodist)
    page = strict.get(assign)  # a GET only shows the form; nothing is saved
    assert page.status_code == 200 and 'data-testid="assign-form"' in text(page)
    assert strict.post(assign, {"scope": "all"}).status_code == 403  # no CSRF token
    assert item(roadmap, "2.1.").report_scope == "none"
    archived = Roadmap.objects.filter(pk=roadmap.pk)
    archived.update(status=Roadmap.Status.ARCHIVED)
    assert strict.get(assign).status_code == 403


# --- Assignment -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_row_menu_offers_the_assignment_and_rows_show_badges(
    roadmap, methodist_client, director_a_client
):
    page = text(methodist_client.get(url("detail", roadmap.pk)))
    assert 'data-testid="menu-assign"' in page and "Назначить школам" in page
    assert page.count(">все школы<") == 2 and page.count(">кабинет<") == 1
    assert 'data-testid="grid-link"' in page
    # Read-only users see who reports too, without links, and no way to the grid for a director.
    page = text(director_a_client.get(url("detail", roadmap.pk)))
    assert page.count(">все школы<") == 2 and "menu-assign" not in page and "grid-link" not in page


@pytest.mark.django_db
def test_assigning_a_heading_assigns_its_items_and_returns_the_table_body(roadmap, methodist_client):
    heading = item(roadmap, "2.")
    assign = url("row_assign", roadmap.pk, heading.pk)
    form = text(methodist_client.get(assign, headers=HTMX))
    assert form.startswith(f'<tr id="row-{heading.pk}"')
    assert "Это раздел: назначение применяется ко всем его мероприятиям (1)" in form
    assert 'value="none" id="assign' in form and "checked data-pg-scope" in form

    response = methodist_client.post(assign, {"scope": "all"}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#roadmap-rows" and response["HX-Reswap"] == "outerHTML"
    body = text(response)
    assert body.startswith('<tbody id="roadmap-rows"')
    assert "Раздел «2. Работа кабинета», 1 мероприятие: отчитываются все школы." in body
    assert body.count(">все школы<") == 3 and ">кабинет<" not in body
    assert item(roadmap, "2.1.").report_scope == "all"
    # roadmap.js marks the changed rows; app.js says what was done and puts the focus on the row's «⋯».
    events = json.loads(response["HX-Trigger-After-Settle"])
    assert events["pg-assigned"] == {"rows": [heading.pk, item(roadmap, "2.1.").pk]}
    assert events["mk-update"] == {
        "say": "Назначены все школы (мероприятий раздела: 1)",
        "focus": [f"#row-{heading.pk} .rm-menu", f"#row-{heading.pk}"],
    }


@pytest.mark.django_db
def test_chosen_schools_and_the_error_when_none_is_chosen(roadmap, district, methodist_client):
    row = item(roadmap, "1.2.")
    assign = url("row_assign", roadmap.pk, row.pk)
    response = methodist_client.post(assign, {"scope": "selected"}, headers=HTMX)
    assert response.status_code == 422
    assert "Выберите хотя бы одну школу." in text(response) and 'data-testid="assign-form"' in text(response)
    assert item(roadmap, "1.2.").report_scope == "all"

    school_b = district["school_b"]
    response = methodist_client.post(assign, {"scope": "selected", "schools": [school_b.pk]}, headers=HTMX)
    assert response.status_code == 200
    assert re.search(r'title="Отчитываются: СОШ № 2[^"]*"[^>]*>1 школа<', text(response))
    assert json.loads(response["HX-Trigger-After-Settle"])["mk-update"]["say"] == "Школы назначены: 1"
    assert report_services.expected_organization_ids(item(roadmap, "1.2.")) == [school_b.pk]
    # The form opens again with the current choice ticked.
    form = text(methodist_client.get(assign, headers=HTMX))
    assert (
        f'value="{school_b.pk}" checked' in form and f'value="{district["school_a"].pk}" checked' not in form
    )
    # A district body cannot be chosen.
    office = district["method_office"]
    response = methodist_client.post(assign, {"scope": "selected", "schools": [office.pk]}, headers=HTMX)
    assert response.status_code == 422 and "Такой организации нет в списке" in text(response)


@pytest.mark.django_db
def test_without_htmx_the_form_is_a_page_and_saving_goes_back_to_the_row(roadmap, methodist_client):
    row = item(roadmap, "2.1.")
    assign = url("row_assign", roadmap.pk, row.pk)
    page = methodist_client.get(assign)
    assert page.status_code == 200 and "<html" in text(page) and "Назначить школам" in text(page)
    page = methodist_client.post(assign, {"scope": "selected"})
    assert page.status_code == 422 and "<html" in text(page) and "Выберите хотя бы одну школу." in text(page)
    response = methodist_client.post(assign, {"scope": "all"})
    assert response.status_code == 302 and response["Location"].endswith(f"#row-{row.pk}")
    assert "«2.1. Мониторинг ШМО»: отчитываются все школы." in text(
        methodist_client.get(response["Location"])
    )


# --- The grid ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_grid_after_a_real_workflow(roadmap, district, workflow, methodist_client):
    page = text(methodist_client.get(url("grid", roadmap.pk), {"section": "all"}))
    headers = re.findall(r'<th class="pg-org[^"]*" scope="col" data-org="(\d+)"', page)
    # Columns: the two schools, then the office (2.1. is its own work).
    assert headers == [
        str(district["school_a"].pk),
        str(district["school_b"].pk),
        str(roadmap.organization_id),
    ]

    row_11, row_12, row_21 = (item(roadmap, n) for n in ("1.1.", "1.2.", "2.1."))
    a_11 = cell(page, row_11.pk, 0)
    # The latest date due by today is 31.12.2022: A has a draft «в работе», overdue; B nothing, overdue.
    # Not by colour alone: a glyph, and «!» when overdue.
    assert due(page, row_11.pk) == "31.12.2022"
    assert classes(a_11) == {"ip", "o"} and "◔!" in a_11
    assert 'data-n="1/2/1"' in a_11  # done 1 of 2 dates, 1 overdue: for the tooltip
    b_11 = cell(page, row_11.pk, 1)
    assert classes(b_11) == {"n", "o"} and "○!" in b_11 and 'data-n="0/2/2"' in b_11
    assert cell(page, row_11.pk, 2) == "<td></td>"  # the office does not report on 1.1.
    # 1.2. and 2.1. are not due yet.
    assert classes(cell(page, row_12.pk, 0)) == {"nx"} and due(page, row_12.pk) == "31.05.2023"
    assert classes(cell(page, row_21.pk, 2)) == {"nx"}
    # The draft links to its report; the link says what its glyph shows: school, date, state.
    assert url("report_detail", workflow["draft_a"].pk) in page
    name = "СОШ № 1 · 31.12.2022: в работе, просрочено"
    assert re.search(rf'<a href="[^"]+" aria-label="{re.escape(name)}">◔!</a>', a_11)
    # A field the school does not report on links nowhere and needs no name.
    assert "<a " not in b_11
    # Percentages: per item, per school, in total.
    assert re.search(rf'<tr data-row="{row_11.pk}">.*?<td class="pg-pct">.*?25&nbsp;%', page, re.S)
    footer = page[page.index("<tfoot>") :]
    assert re.search(rf'data-org="{district["school_a"].pk}">.*?50&nbsp;%', footer)
    assert re.search(rf'data-org="{district["school_b"].pk}">.*?0&nbsp;%', footer)
    assert re.search(r'data-testid="grid-total">.*?25&nbsp;%', footer)
    assert "Выполнено и принято <strong>1</strong> из 4" in page and "Просрочено: <strong>3</strong>" in page
    # Headings are section rows.
    assert re.search(r'<tr class="pg-section" data-row="\d+"><th[^>]*>1\. Работа ШМО', page)


@pytest.mark.django_db
def test_accepting_moves_the_figures(roadmap, district, workflow, methodist, methodist_client):
    accept(methodist, workflow["waiting_b"])
    page = text(methodist_client.get(url("grid", roadmap.pk)))
    assert "Выполнено и принято <strong>2</strong> из 4" in page
    footer = page[page.index("<tfoot>") :]
    assert re.search(rf'data-org="{district["school_b"].pk}">.*?50&nbsp;%', footer)


@pytest.mark.django_db
def test_grid_filters(roadmap, district, workflow, methodist_client):
    row_11, row_12, row_21 = (item(roadmap, n) for n in ("1.1.", "1.2.", "2.1."))
    grid = url("grid", roadmap.pk)

    # Section: only its rows, and only the columns that report in it.
    page = text(methodist_client.get(grid, {"section": item(roadmap, "2.").pk}))
    assert f'data-row="{row_21.pk}"' in page and f'data-row="{row_11.pk}"' not in page
    assert re.findall(r'<th class="pg-org[^"]*" scope="col" data-org="(\d+)"', page) == [
        str(roadmap.organization_id)
    ]

    # School: one column, only the items it reports on.
    page = text(methodist_client.get(grid, {"school": district["school_b"].pk}))
    assert len(re.findall(r'<th class="pg-org', page)) == 1
    assert f'data-row="{row_11.pk}"' in page and f'data-row="{row_21.pk}"' not in page

    # Status: rows with a matching cell; the other cells are dimmed.
    page = text(methodist_client.get(grid, {"status": "in_progress"}))
    assert f'data-row="{row_11.pk}"' in page and f'data-row="{row_12.pk}"' not in page
    assert "x" in classes(cell(page, row_11.pk, 1)) and "x" not in classes(cell(page, row_11.pk, 0))

    # One date: that day's occurrence — 31.10: A accepted and done, B submitted (blue), overdue.
    page = text(methodist_client.get(grid, {"date_from": "2022-10-31", "date_to": "31.10.2022"}))
    assert f'data-row="{row_12.pk}"' not in page  # no date on 31.10
    assert classes(cell(page, row_11.pk, 0)) == {"d"} and "✓</a>" in cell(page, row_11.pk, 0)
    assert classes(cell(page, row_11.pk, 1)) == {"sb", "o"}
    assert url("report_detail", workflow["waiting_b"].pk) in page
    assert "Выполнено и принято <strong>1</strong> из 2" in page

    # A period ahead: the dates show as not due yet and count for nothing so far.
    page = text(methodist_client.get(grid, {"date_from": "2023-03-01"}))
    assert "по 31.08.2023" in page
    assert classes(cell(page, row_11.pk, 0)) == {"nx"} and due(page, row_11.pk) == "31.05.2023"
    assert f'data-row="{row_12.pk}"' in page and f'data-row="{row_21.pk}"' in page
    assert 'data-testid="grid-total"><span class="text-muted">—</span>' in page

    # Overdue, and a bad date range is refused with a message while the rest still works.
    page = text(methodist_client.get(grid, {"status": "overdue"}))
    assert f'data-row="{row_11.pk}"' in page and f'data-row="{row_12.pk}"' not in page
    page = text(methodist_client.get(grid, {"date_from": "2023-02-01", "date_to": "2023-01-01"}))
    assert "Конец периода раньше начала." in page


@pytest.mark.django_db
def test_grid_without_assignments_says_how_to_assign(district, methodist, methodist_client):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[RowData(number="1", activity="Семинар", deadline_text="Май 2023 г.")],
        status=Roadmap.Status.APPROVED,
    )
    page = text(methodist_client.get(url("grid", roadmap.pk)))
    assert "ещё не назначены школам" in page and "Назначить школам" in page


def selected_section(page: str) -> str:
    select = re.search(r'<select name="section".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


@pytest.mark.django_db
def test_the_grid_opens_on_the_section_of_what_is_due_now(
    roadmap, district, workflow, methodist_client, monkeypatch
):
    row_11, row_12, row_21 = (item(roadmap, n) for n in ("1.1.", "1.2.", "2.1."))
    first, second = item(roadmap, "1."), item(roadmap, "2.")
    grid = url("grid", roadmap.pk)

    # On 10.01.2023 the next date is 1.1.'s 31.03.2023: section 1, its schools, its figures.
    page = text(methodist_client.get(grid))
    assert f'data-row="{row_11.pk}"' in page and f'data-row="{row_12.pk}"' in page
    assert f'data-row="{row_21.pk}"' not in page
    assert selected_section(page) == str(first.pk)
    assert "Раздел «1. Работа ШМО»." in page and "Выполнено и принято <strong>1</strong> из 4" in page
    assert "% выполнено по школе в разделе" in page
    assert len(re.findall(r'<th class="pg-org', page)) == 2  # the office reports in section 2 only
    # The next section is a click away; Excel gives the whole table, or this section.
    assert re.search(rf'href="\?section={second.pk}"[^>]*data-testid="grid-next-section"', page)
    assert 'data-testid="grid-previous-section"' not in page
    export = url("grid_export", roadmap.pk)
    assert f'href="{export}" data-testid="grid-export"' in page
    assert f'href="{export}?section={first.pk}" data-testid="grid-export-section"' in page

    # In June what is due is 2.1. (30.06); after the roadmap's last date, still its section.
    for today in (dt.date(2023, 6, 10), dt.date(2023, 9, 15)):
        monkeypatch.setattr(progress, "_today", lambda today=today: today)
        page = text(methodist_client.get(grid))
        assert f'data-row="{row_21.pk}"' in page and f'data-row="{row_11.pk}"' not in page
        assert selected_section(page) == str(second.pk)
        assert re.search(rf'href="\?section={first.pk}"[^>]*data-testid="grid-previous-section"', page)

    # «Все разделы» shows every row; a filter without a section (the school page's link) does too.
    for query in ({"section": "all"}, {"school": district["school_a"].pk}):
        page = text(methodist_client.get(grid, query))
        assert f'data-row="{row_11.pk}"' in page and selected_section(page) == "all"
    assert f'data-row="{row_21.pk}"' in text(methodist_client.get(grid, {"section": "all"}))


@pytest.mark.django_db
def test_a_wrong_section_or_page_shows_the_default_section_with_a_message(
    roadmap, district, workflow, methodist, methodist_client
):
    row_11, row_21 = item(roadmap, "1.1."), item(roadmap, "2.1.")
    grid = url("grid", roadmap.pk)
    other = approved_roadmap_for_schools(user=methodist, district=district)  # its section is not this one's
    for wrong in ("999999", str(row_11.pk), "abc", str(other.rows.get(number="2.").pk)):
        response = methodist_client.get(grid, {"section": wrong})
        assert response.status_code == 200
        page = text(response)
        assert "Такого раздела в этой карте нет" in page
        assert f'data-row="{row_11.pk}"' in page and f'data-row="{row_21.pk}"' not in page
    for wrong in ("abc", "0", "-1", "99"):
        response = methodist_client.get(grid, {"section": "all", "page": wrong})
        assert response.status_code == 200 and f'data-row="{row_21.pk}"' in text(response)
    # The export takes a wrong section as none: the whole table.
    response = methodist_client.get(url("grid_export", roadmap.pk), {"section": "999999"})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert {"1.1.", "1.2.", "2.1."} <= {row[0].value for row in ws.iter_rows(min_row=5)}


@pytest.mark.django_db
def test_a_long_section_is_paged_and_opens_on_the_page_of_what_is_due_now(
    district, methodist, director_a, director_b, methodist_client
):
    rows = [RowData(number="1.", activity="Методическая работа", is_heading=True)]
    rows += [
        RowData(
            number=f"1.{i}.",
            activity=f"Семинар {i}",
            deadline_text="Сентябрь 2022 г." if i <= 55 else "Февраль 2023 г.",
        )
        for i in range(1, 61)
    ]
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], rows=rows, status=Roadmap.Status.APPROVED
    )
    heading = roadmap.rows.get(is_heading=True)
    report_services.row_assign(user=methodist, row=heading, scope="all")
    grid = url("grid", roadmap.pk)
    numbers = lambda page: re.findall(r'<span class="pg-num">([^<]*)</span>', page)  # noqa: E731

    # 1.56. (February) is due next: the second page, under its section's heading again.
    page = text(methodist_client.get(grid))
    assert numbers(page) == [f"1.{i}." for i in range(51, 61)]
    assert re.search(rf'<tr class="pg-section" data-row="{heading.pk}">', page)
    assert "Мероприятия 51–60 из 60" in page
    assert f'href="?section={heading.pk}&amp;page=1"' in page
    # The first page, and the figures of the whole section on both.
    first = text(methodist_client.get(grid, {"section": heading.pk, "page": 1}))
    assert numbers(first) == [f"1.{i}." for i in range(1, 51)]
    summary = re.compile(r'data-testid="grid-summary">(.*?)</p>', re.S)
    assert summary.search(first).group(1) == summary.search(page).group(1)
    assert "Выполнено и принято <strong>0</strong> из 110" in page  # 55 items × 2 schools due


@pytest.mark.django_db
def test_cells_are_lean_and_the_legend_explains_them(roadmap, district, workflow, methodist_client):
    page = text(methodist_client.get(url("grid", roadmap.pk)))
    row_11 = item(roadmap, "1.1.")
    row = re.search(rf'<tr data-row="{row_11.pk}">(.*?)</tr>', page, re.S).group(1)
    cells = [c for c in re.findall(r"<td[^>]*>.*?</td>", row) if 'class="pg-' not in c]
    assert cells and all("title=" not in c for c in cells)  # no per-cell titles: a tooltip on hover
    # A table with headers, a legend naming every glyph and class, the overdue mark among them.
    assert '<th class="pg-item" scope="col">Мероприятие</th>' in page and 'scope="row"' in page
    legend = re.search(r'data-testid="grid-legend">(.*?)</ul>', page, re.S).group(1)
    for key, glyph in (("n", "○"), ("ip", "◔"), ("d", "✓"), ("nd", "✗"), ("o", "!")):
        assert re.search(rf'data-k="{key}"><span class="pg-swatch [^"]*" aria-hidden="true">{glyph}<', legend)
    assert "просрочено" in legend and "школа не отчитывается" in legend


@pytest.mark.django_db
def test_the_grid_as_excel(roadmap, district, workflow, methodist_client):
    response = methodist_client.get(url("grid_export", roadmap.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Ход выполнения" in unquote(response["Content-Disposition"])
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.freeze_panes == "C5"
    header = [c.value for c in ws[4]]
    assert header == ["№", "Мероприятие", "СОШ № 1", "СОШ № 2", "РМК", "% выполнено"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5)}
    assert rows["1."][1].value == "Работа ШМО" and rows["1."][0].font.bold
    line = rows["1.1."]
    assert line[2].value == "в работе, просрочено (1/2)"
    assert line[2].fill.fgColor.rgb.endswith("CFF4FC") and line[2].border.left.color.rgb.endswith("DC3545")
    assert line[3].value == "нет отчёта, просрочено (0/2)"
    assert line[4].value == "—"
    assert line[5].value == 0.25 and line[5].number_format == "0%"
    assert rows["1.2."][2].value == "срок не наступил" and rows["1.2."][5].value == "—"
    footer = list(ws.iter_rows(min_row=ws.max_row))[0]
    assert footer[1].value == "% выполнено по школе"
    assert [c.value for c in footer[2:6]] == [0.5, 0.0, "—", 0.25]
    # The export follows the page's filters.
    response = methodist_client.get(url("grid_export", roadmap.pk), {"school": district["school_a"].pk})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[4]] == ["№", "Мероприятие", "СОШ № 1", "% выполнено"]
    assert "школа «СОШ № 1»" in ws["A2"].value


@pytest.mark.django_db
def test_excel_keeps_formula_like_texts_as_text(district, methodist, methodist_client):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[RowData(number="=1+1", activity='=HYPERLINK("http://x")', deadline_text="Май 2023 г.")],
        status=Roadmap.Status.APPROVED,
    )
    ws = load_workbook(io.BytesIO(methodist_client.get(url("grid_export", roadmap.pk)).content)).active
    number, activity = ws["A5"], ws["B5"]
    assert number.value == "=1+1" and number.data_type == "s" and number.quotePrefix
    assert activity.value == '=HYPERLINK("http://x")' and activity.data_type == "s" and activity.quotePrefix


# --- The review queue -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_queue_lists_submitted_reports_oldest_first(
    roadmap, district, workflow, methodist, director_a, methodist_client, administrator_client
):
    later = submit(director_a, workflow["draft_a"])
    ProgressReport.objects.filter(pk=workflow["waiting_b"].pk).update(
        submitted_at=later.submitted_at - dt.timedelta(days=3)
    )
    page = text(methodist_client.get(url("review_queue")))
    assert 'data-testid="review-total" title="Всего отправленных отчётов">2<' in page
    order = re.findall(r'<tr data-report="(\d+)">', page)
    assert order == [str(workflow["waiting_b"].pk), str(later.pk)]
    assert url("report_detail", later.pk) in page and "Проверить" in page
    assert str(workflow["done_a"].pk) not in order  # accepted: not in the queue

    page = text(methodist_client.get(url("review_queue"), {"school": district["school_a"].pk}))
    assert re.findall(r'<tr data-report="(\d+)">', page) == [str(later.pk)]
    page = text(methodist_client.get(url("review_queue"), {"roadmap": roadmap.pk}))
    assert len(re.findall(r'<tr data-report="', page)) == 2

    page = text(administrator_client.get(url("review_queue")))
    assert "вам они видны только для просмотра" in page and "Открыть" in page and "Проверить" not in page


# --- A school's page --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_school_page_shows_each_date_with_its_status(roadmap, district, workflow, director_a_client):
    school = district["school_a"]
    page = text(director_a_client.get(url("school_progress", school.pk)))
    assert roadmap.title in page
    statuses = re.findall(r'class="pg-chip pg-s-(\w+)( pg-overdue)?"', page)
    # 1.1.: 31.10 done, 31.12 in progress (overdue), 31.03 and 31.05 ahead; 1.2.: 31.05 ahead.
    assert statuses == [
        ("done", ""),
        ("in_progress", " pg-overdue"),
        ("not_due", ""),
        ("not_due", ""),
        ("not_due", ""),
    ]
    assert url("report_detail", workflow["done_a"].pk) in page
    # The director may start a report ahead from here.
    ahead = occurrences(roadmap, "1.1.")[2]
    assert f'href="{url("report_edit", ahead.pk, school.pk)}"' in page
    assert 'data-testid="school-overdue">1<' in page
    assert "2.1." not in page  # the office's own work is not the school's


@pytest.mark.django_db
def test_the_office_page_lists_its_own_work(roadmap, district, methodist_client):
    page = text(methodist_client.get(url("school_progress", district["method_office"].pk)))
    assert "Мониторинг ШМО" in page and "Заседания ШМО" not in page


# --- The dashboard ----------------------------------------------------------------------------------------


def svg_in(page: str, testid: str) -> ET.Element:
    block = re.search(rf'data-testid="{testid}">(<svg.*?</svg>)', page, re.S).group(1)
    return ET.fromstring(block)


@pytest.mark.django_db
def test_dashboard_counts_only_the_schools_an_item_is_assigned_to(roadmap, district, workflow, methodist):
    """1.1. moved from all schools to school B alone: school A's accepted report no longer counts."""
    report_services.row_assign(
        user=methodist, row=item(roadmap, "1.1."), scope="selected", schools=[district["school_b"]]
    )
    board = ps.dashboard(today=TODAY)
    (figures,) = board.roadmaps
    assert (figures.items, figures.expected, figures.done, figures.overdue) == (2, 2, 0, 2)
    schools = {s.organization.pk: s for s in board.schools}
    school_b = schools[district["school_b"].pk]
    assert (school_b.expected, school_b.done, school_b.overdue) == (2, 0, 2)
    school_a = schools[district["school_a"].pk]  # still expected on 1.2. (all schools, due in May)
    assert (school_a.expected, school_a.done, school_a.overdue, school_a.percent) == (0, 0, 0, None)
    assert [p.done for p in board.months[:5]] == [0, 0, 0, 0, 0]


@pytest.mark.django_db
def test_dashboard_figures_and_charts(roadmap, district, workflow, methodist, methodist_client):
    old = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[RowData(number="1", activity="Прошлогоднее", deadline_text="Май 2022 г.")],
        title="Карта прошлого года",
        period=(dt.date(2021, 9, 1), dt.date(2022, 8, 31)),
        status=Roadmap.Status.APPROVED,
    )
    page = text(methodist_client.get(url("dashboard")))
    assert f'data-roadmap="{roadmap.pk}"' in page and f'data-roadmap="{old.pk}"' not in page
    assert re.search(r'data-testid="dashboard-percent">.*?25&nbsp;%', page)
    assert 'data-testid="dashboard-overdue">3<' in page
    assert 'data-testid="roadmap-overdue">3<' in page
    assert url("grid", roadmap.pk) in page

    months = svg_in(page, "chart-months")
    assert months.find(f"{SVG}title").text == "Выполнение по месяцам, 2022–2023 учебный год"
    labels = [t.text for t in months.iter(f"{SVG}text") if t.get("class") == "x-label"]
    assert labels[0] == "сен 2022" and labels[4] == "янв 2023" and labels[-1] == "авг"
    expected, done = (list(g.iter(f"{SVG}circle")) for g in months.iter(f"{SVG}g") if g.get("data-series"))
    assert len(expected) == 12 and len(done) == 5  # done: September to January (today)
    tips = [c.find(f"{SVG}title").text for c in expected]
    assert tips[1] == "Октябрь 2022: ожидалось к концу месяца 2"
    assert tips[3] == "Декабрь 2022: ожидалось к концу месяца 4"
    assert tips[-1] == "Август 2023: ожидалось к концу месяца 11"  # + 1.2. × 2 in May, + 2.1. in June
    assert [c.find(f"{SVG}title").text for c in done][1] == "Октябрь 2022: выполнено и принято 1 из 2 (50 %)"

    # The schools: a list of links with their figures, the bars decoration — no link inside an image.
    block = re.search(r'data-testid="chart-schools">(.*?)</figure>', page, re.S).group(1)
    schools = ET.fromstring(block)
    assert not [e for e in schools.iter() if e.get("role") == "img"]
    rows = schools.find("ul").findall("li")
    assert [r.get("title") for r in rows] == [
        "СОШ № 1: выполнено 1 из 2 (50 %), просрочено 1",
        "СОШ № 2: выполнено 0 из 2 (0 %), просрочено 2",
    ]
    assert [(a.get("href"), a.text) for a in schools.iter("a")] == [
        (url("school_progress", district["school_a"].pk), "СОШ № 1"),
        (url("school_progress", district["school_b"].pk), "СОШ № 2"),
    ]
    values = [r.find("span[@class='pg-bar-value']").text for r in rows]
    assert values == ["50\u00a0% · 1 из 2", "0\u00a0% · 0 из 2"]
    assert all(r.find("svg").get("aria-hidden") == "true" for r in rows)
    # Every column of the roadmaps' table has a header, the last one for screen readers only.
    assert '<th scope="col"><span class="visually-hidden">Таблица по школам</span></th>' in page


@pytest.mark.django_db
def test_start_page_cards(methodist_client, administrator_client, director_a_client):
    for client in (methodist_client, administrator_client):
        page = text(client.get("/"))
        assert url("dashboard") in page and url("review_queue") in page
    assert url("dashboard") not in text(director_a_client.get("/"))


# --- Query counts ---------------------------------------------------------------------------------------

DEADLINES = ["Ежемесячно", "1 раз в четверть", "Май 2023 г.", "По запросу", "до 30 сентября"]
STATES = [
    ("draft", "in_progress"),
    ("submitted", "done"),
    ("accepted", "done"),
    ("returned", "not_done"),
    ("accepted", "not_done"),
]


def big_district(district, methodist, n_items, n_schools):
    for number in range(3, n_schools + 1):
        directory.organization_save(
            data={"name": f"МБОУ «СОШ № {number}»", "short_name": f"СОШ № {number}", "kind": "school"}
        )
    rows = [RowData(number="1.", activity="Раздел", is_heading=True)]
    rows += [
        RowData(number=f"1.{i}.", activity=f"Мероприятие {i}", deadline_text=DEADLINES[i % len(DEADLINES)])
        for i in range(1, n_items + 1)
    ]
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=rows,
        title=f"Карта на {n_items} мероприятий",
        status=Roadmap.Status.APPROVED,
    )
    report_services.row_assign(user=methodist, row=roadmap.rows.get(is_heading=True), scope="all")
    schools = list(Organization.objects.filter(kind="school").values_list("pk", flat=True))
    assert len(schools) == n_schools
    reports = []
    for index, row in enumerate(RoadmapRow.objects.filter(roadmap=roadmap, is_heading=False)):
        occurrence = row.occurrences.order_by("due_date").first()
        if occurrence is None:
            continue
        for offset, school in enumerate(schools):
            state, progress_ = STATES[(index + offset) % len(STATES)]
            reports.append(
                ProgressReport(
                    occurrence=occurrence,
                    organization_id=school,
                    state=state,
                    progress=progress_,
                    reason="Не успели" if progress_ == "not_done" else "",
                    done_on=dt.date(2022, 10, 1) if progress_ == "done" else None,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    return roadmap


# Every page: session, user, the user's roles and person (user_scope), the unread-notice count, and the
# session saved back (SESSION_SAVE_EVERY_REQUEST: an UPDATE inside a savepoint) — 8 queries.
PAGE = 8
GRID_QUERIES = PAGE + 6  # roadmap, rows, their chosen schools, schools, occurrences, reports
DASHBOARD_QUERIES = PAGE + 7  # roadmaps in force, rows, chosen schools, schools, occurrences, reports, queue
QUEUE_QUERIES = PAGE + 5  # roadmaps and schools of the filter, counts per roadmap, page count, page
SCHOOL_QUERIES = PAGE + 4  # the organization, its items, their occurrences, its reports


@pytest.mark.django_db
@pytest.mark.parametrize(("n_items", "n_schools"), [(10, 3), (300, 50)])
def test_progress_pages_run_a_constant_number_of_queries(
    district, methodist, methodist_client, django_assert_max_num_queries, n_items, n_schools
):
    roadmap = big_district(district, methodist, n_items, n_schools)
    heading = roadmap.rows.get(is_heading=True)
    shown = min(n_items, progress.ps.PAGE_SIZE)
    grid = url("grid", roadmap.pk)
    # As it opens, one section chosen, every section (its last page): one page of items each.
    for query in ({}, {"section": heading.pk}, {"section": "all", "page": 99}):
        with django_assert_max_num_queries(GRID_QUERIES):
            response = methodist_client.get(grid, query)
        assert response.status_code == 200
        page = text(response)
        assert len(re.findall(r'<tr data-row="', page)) == shown  # 300 items: six full pages
        assert len(re.findall(r'<th class="pg-org', page)) == n_schools
    with django_assert_max_num_queries(GRID_QUERIES):
        response = methodist_client.get(url("grid_export", roadmap.pk))
    ws = load_workbook(io.BytesIO(response.content)).active  # the whole table, whatever the page shows
    assert ws.max_row == 4 + 1 + n_items + 1 and ws.max_column == 2 + n_schools + 1
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = text(methodist_client.get(url("dashboard")))
    assert page.count('class="pg-bar-row"') == n_schools
    with django_assert_max_num_queries(QUEUE_QUERIES):
        assert methodist_client.get(url("review_queue")).status_code == 200
    school = Organization.objects.filter(kind="school").first()
    with django_assert_max_num_queries(SCHOOL_QUERIES):
        assert methodist_client.get(url("school_progress", school.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n_items", [10, 300])
def test_the_badges_cost_one_query_on_the_roadmap_page(
    district, methodist, methodist_client, django_assert_num_queries, n_items
):
    """Chosen schools are read once for the whole page, however many rows have them."""
    roadmap = big_district(district, methodist, n_items, 3)
    detail = url("detail", roadmap.pk)
    with CaptureQueriesContext(connection) as before:
        assert methodist_client.get(detail).status_code == 200
    heading = roadmap.rows.get(is_heading=True)
    schools = Organization.objects.filter(kind="school").order_by("pk")[:2]
    report_services.row_assign(user=methodist, row=heading, scope="selected", schools=schools)
    with django_assert_num_queries(len(before) + 1):
        page = text(methodist_client.get(detail))
    assert page.count(">2 школы<") == n_items


@pytest.mark.django_db
@pytest.mark.parametrize("sections", [1, 25])
def test_excel_is_streamed_with_merged_sections_frozen_header_and_widths(
    district, methodist, director_a, director_b, methodist_client, monkeypatch, sections
):
    rows = []
    for s in range(1, sections + 1):
        rows += [
            RowData(number=f"{s}.", activity=f"Раздел {s}", is_heading=True),
            RowData(number=f"{s}.1.", activity=f'=HYPERLINK("x")·{s}', deadline_text="Май 2023 г."),
            RowData(number=f"{s}.2.", activity=f"Семинар {s}", deadline_text="Ежеквартально"),
        ]
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], rows=rows, status=Roadmap.Status.APPROVED
    )
    for heading in roadmap.rows.filter(is_heading=True):
        report_services.row_assign(user=methodist, row=heading, scope="all")

    def no_cells_kept(*args, **kwargs):
        raise AssertionError("the export keeps the sheet's cells in memory")

    monkeypatch.setattr(Worksheet, "_get_cell", no_cells_kept)  # write-only: rows streamed to the file
    response = methodist_client.get(url("grid_export", roadmap.pk))
    monkeypatch.undo()
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[4]]
    n_orgs = len(header) - 3
    assert n_orgs >= 2 and header[0] == "№" and header[-1] == "% выполнено"
    assert all(c.font.b for c in ws[4]) and ws["C4"].alignment.text_rotation == 90
    assert ws.freeze_panes == "C5" and ws.print_title_rows == "$4:$4"
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(n_orgs + 3)]
    assert widths == [8, 60, *[13] * n_orgs, 12]
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = chr(ord("A") + n_orgs + 2)
    assert {f"A1:{last}1", f"A2:{last}2", f"A3:{last}3"} <= merged
    assert ws.max_row == 4 + 3 * sections + 1
    for s in range(sections):
        r = 5 + 3 * s
        assert ws[f"B{r}"].value == f"Раздел {s + 1}" and ws[f"B{r}"].font.b
        assert f"B{r}:{chr(ord('B') + n_orgs)}{r}" in merged
        text = ws[f"B{r + 1}"]
        assert text.value == f'=HYPERLINK("x")·{s + 1}' and text.data_type == "s" and text.quotePrefix
        assert text.alignment.wrap_text and not ws[f"B{r + 2}"].quotePrefix
        assert ws.cell(row=r + 1, column=n_orgs + 3).number_format == "0%"
