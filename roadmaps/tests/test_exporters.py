"""Export of a roadmap to JSON and Excel (roadmaps.exporters), checked by reading the files back."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from roadmaps import exporters, import_services, importers
from roadmaps.services import RowData

from .factories import SAMPLE_ROWS, make_roadmap
from .test_importers import TODAY, expected_rows, exported, fixture_bytes, normalised

RISKY_ROWS = [
    RowData(activity='=HYPERLINK("http://example.com","Нажмите")', is_heading=True),
    RowData(number="1", activity="+7 (900) 000-00-00 — телефон горячей линии", deadline_text="-"),
    RowData(number="2", activity="@методисты: сверка списков", deadline_text="=1+1", responsible_text="-РМК"),
    RowData(number="3", activity="Обычная строка", deadline_text="Май 2023 г.", result_text="Справка"),
]


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.django_db
def test_json_is_the_rows_in_document_order_with_the_rows_json_keys(roadmap):
    content = exporters.export_json(roadmap)
    assert "Нормативно-правовая деятельность".encode() in content  # ensure_ascii=False
    data = json.loads(content)
    assert data == [row.as_export() for row in roadmap.rows.order_by("position")]
    assert list(data[0]) == ["number", "heading", "activity", "deadline", "responsible", "result"]
    assert [r["activity"] for r in data][:2] == [
        "Нормативно-правовая деятельность",
        "Обновление положений о ШМО",
    ]


@pytest.mark.django_db
def test_xlsx_layout_title_header_widths_frozen_header_and_merged_bold_headings(roadmap):
    ws = _sheet(exporters.export_xlsx(roadmap))
    assert ws["A1"].value == roadmap.title and ws["A1"].font.b
    assert "A1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "Период: 2022–2023 учебный год"
    assert [c.value for c in ws[3]] == [
        "№ п/п",
        "Мероприятие",
        "Сроки",
        "Ответственные",
        "Ожидаемый результат",
    ]
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "A4"
    assert ws.column_dimensions["B"].width > 50 and ws.column_dimensions["A"].width < 12
    # Row 4: the first heading, bold and merged across the text columns.
    assert ws["B4"].value == "Нормативно-правовая деятельность" and ws["B4"].font.b
    assert "B4:E4" in {str(r) for r in ws.merged_cells.ranges}
    # Row 5: an item, wrapped text.
    assert [c.value for c in ws[5]][:4] == ["1", "Обновление положений о ШМО", "2022-2023 уч.г.", "РМК"]
    assert ws["B5"].alignment.wrap_text
    assert ws.max_row == 3 + len(SAMPLE_ROWS)


@pytest.mark.django_db
def test_xlsx_never_holds_a_formula_and_keeps_risky_texts_as_they_are(district, methodist):
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], rows=RISKY_ROWS, title="=cmd|' /C calc'!A0"
    )
    content = exporters.export_xlsx(roadmap)
    ws = _sheet(content)
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    for text in ("=cmd|' /C calc'!A0", '=HYPERLINK("http://example.com","Нажмите")', "=1+1", "-РМК", "-"):
        assert text in values
    assert ws["C6"].value == "=1+1" and ws["C6"].quotePrefix
    assert not ws["B7"].quotePrefix  # ordinary text is left alone
    # The raw sheet XML holds no <f> (formula) element at all.
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


@pytest.mark.django_db
@pytest.mark.parametrize("seed", ["seed000", "seed001"])
def test_exported_workbook_imports_back_to_the_same_rows(district, methodist, seed):
    parsed = importers.parse_file(f"{seed}.docx", fixture_bytes(f"{seed}.docx"), today=TODAY)
    roadmap = import_services.roadmap_import_file(
        user=methodist, name=f"{seed}.docx", data=fixture_bytes(f"{seed}.docx"), today=TODAY
    )
    assert normalised(json.loads(exporters.export_json(roadmap))) == expected_rows(seed)
    again = importers.parse_xlsx(exporters.export_xlsx(roadmap), today=TODAY)
    assert exported(again) == expected_rows(seed)
    assert again.title == parsed.title


@pytest.mark.django_db
def test_file_names_come_from_the_title(district, methodist):
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], title='План "РМК" 2023/2024: ШМО?'
    )
    assert exporters.export_filename(roadmap, "xlsx") == "План РМК 2023 2024 ШМО.xlsx"
    roadmap.title = "Дорожная карта " + "очень длинная " * 20
    name = exporters.export_filename(roadmap, "json")
    assert name.endswith(".json") and len(name) <= 125 and "  " not in name
