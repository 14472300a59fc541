"""Importing a file into a roadmap (import_services): levels of rows as written, the title of a workbook."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from openpyxl import Workbook, load_workbook

from roadmaps import import_services, services
from roadmaps.models import Roadmap

TODAY = dt.date(2024, 1, 15)
HEADER = ["№", "Мероприятие", "Сроки", "Ответственные"]

# Sections «1.», «2.», «3.» with items, then plain top-level rows «4.» and «5.» (activity, deadline,
# responsible) that are no headings.
SECTIONS_THEN_ROWS = [
    HEADER,
    ["1.", "Организационная работа", "", ""],
    ["1.1.", "Совещание с руководителями ОО", "Сентябрь 2023", "Методисты РМК"],
    ["2.", "Работа с педагогами", "", ""],
    ["2.1.", "Семинар для молодых педагогов", "Октябрь 2023", "Методисты РМК"],
    ["3.", "Мониторинг", "", ""],
    ["3.1.", "Мониторинг сайтов ОО", "Ноябрь 2023", "Методисты РМК"],
    ["3.2.", "Мониторинг ВПР", "Апрель 2024", "Руководители ОО"],
    ["3.3.", "Мониторинг ГИА", "Июнь 2024", "Руководители ОО"],
    ["3.4.", "Анализ результатов мониторингов", "Июль 2024", "Методисты РМК"],
    ["4.", "Подготовка отчёта о реализации дорожной карты", "Август 2024", "Заведующий РМК"],
    ["5.", "Размещение отчёта на сайте", "Август 2024", "Методисты РМК"],
]
HEADING_ROWS = (1, 3, 5)


def sections_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Дорожная карта методической работы на 2023-2024 учебный год")
    table = document.add_table(rows=len(SECTIONS_THEN_ROWS), cols=len(HEADER))
    for r, values in enumerate(SECTIONS_THEN_ROWS):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for r in HEADING_ROWS:  # a section's title merged across the content columns
        text = table.cell(r, 1).text
        table.cell(r, 1).merge(table.cell(r, 3)).text = text
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def sections_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Дорожная карта методической работы на 2023-2024 учебный год"])
    sheet.merge_cells("A1:D1")
    for values in SECTIONS_THEN_ROWS:
        sheet.append(values)
    for r in HEADING_ROWS:
        sheet.merge_cells(start_row=r + 2, start_column=2, end_row=r + 2, end_column=4)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def outline(roadmap: Roadmap) -> list[tuple[str, int, bool]]:
    return [(r.number, r.level, r.is_heading) for r in roadmap.rows.order_by("position")]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build"), [("plan.docx", sections_docx), ("plan.xlsx", sections_xlsx)])
def test_top_level_rows_after_a_section_stay_top_level(name, build, methodist):
    roadmap = import_services.roadmap_import_file(user=methodist, name=name, data=build(), today=TODAY)
    assert outline(roadmap) == [
        ("1.", 0, True),
        ("1.1.", 1, False),
        ("2.", 0, True),
        ("2.1.", 1, False),
        ("3.", 0, True),
        ("3.1.", 1, False),
        ("3.2.", 1, False),
        ("3.3.", 1, False),
        ("3.4.", 1, False),
        ("4.", 0, False),
        ("5.", 0, False),
    ]
    # «Перенумеровать» keeps every number as written: nothing to change, nothing to confirm.
    assert services.roadmap_renumber(user=methodist, roadmap=roadmap) == 0
    assert [n for n, _, _ in outline(roadmap)][-2:] == ["4.", "5."]


def titled_workbook(*, title_row: str | None, sheet_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    if title_row:
        sheet.append([title_row])
        sheet.merge_cells("A1:D1")
        sheet.append([])
    sheet.append(HEADER)
    sheet.append(["1", "Заседание РМО учителей математики", "Ежемесячно", "Руководитель РМО"])
    sheet.append(["2", "Открытые уроки", "Март 2024", "Учителя"])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


@pytest.mark.django_db
def test_an_imported_workbook_is_titled_after_its_first_merged_row(methodist):
    title = "Мероприятия по повышению качества математического образования в 2023-2024 учебном году"
    data = titled_workbook(title_row=title, sheet_name="Лист1")
    assert load_workbook(io.BytesIO(data)).active["A1"].value == title
    roadmap = import_services.roadmap_import_file(
        user=methodist, name="plan_2024.xlsx", data=data, today=TODAY
    )
    assert roadmap.title == title
    assert (roadmap.period_start, roadmap.period_end) == (dt.date(2023, 9, 1), dt.date(2024, 8, 31))


@pytest.mark.django_db
def test_a_workbook_without_a_title_row_is_titled_after_its_sheet(methodist):
    data = titled_workbook(title_row=None, sheet_name="План РМО математики")
    roadmap = import_services.roadmap_import_file(
        user=methodist, name="plan_2024.xlsx", data=data, today=TODAY
    )
    assert roadmap.title == "План РМО математики"
    assert "plan_2024" not in roadmap.title
