"""Export of a roadmap to JSON and Excel (roadmaps.exporters), checked by reading the files back."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from roadmaps import exporters, import_services, importers
from roadmaps.models import RoadmapRow
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


def _rows_of_size(count: int) -> list[RoadmapRow]:
    """count rows: a heading every seventh, items with a formula-looking text every fifth."""
    rows = []
    for i in range(count):
        if i % 7 == 0:
            rows.append(RoadmapRow(number=f"{i // 7 + 1}.", activity=f"Раздел {i // 7 + 1}", is_heading=True))
            continue
        risky = i % 5 == 0
        rows.append(
            RoadmapRow(
                number=str(i),
                activity=f"=SUM(A1:A{i})" if risky else f"Мероприятие {i}: семинар для учителей",
                deadline_text="-по запросу" if risky else "Май 2023 г.",
                responsible_text="@РМК" if risky else "Специалисты районного методического кабинета",
                result_text="+1 методическая разработка" if risky else "Справка",
            )
        )
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 600])
def test_xlsx_is_streamed_with_shared_styles_and_reads_back_the_same(roadmap, monkeypatch, count):
    rows = _rows_of_size(count)

    def no_cells_kept(*args, **kwargs):
        raise AssertionError("the export keeps the sheet's cells in memory")

    # Write-only mode: no cell is held by a worksheet, every row goes to the file as it comes.
    monkeypatch.setattr(Worksheet, "_get_cell", no_cells_kept)
    content = exporters.export_xlsx(roadmap, rows)
    monkeypatch.undo()

    ws = _sheet(content)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:E1", "A2:E2"} <= merged
    assert ws["A1"].value == roadmap.title and ws["A1"].font.b and ws["A1"].font.sz == 14
    assert ws["A2"].font.i and ws.row_dimensions[1].height >= 30
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    widths = [ws.column_dimensions[letter].width for letter in "ABCDE"]
    assert widths == list(exporters.WIDTHS)
    header = ws[3]
    assert [c.value for c in header] == list(exporters.HEADERS)
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("DDEBF7") and c.alignment.wrap_text for c in header)
    assert ws.max_row == 3 + count
    for r, row in enumerate(rows, start=4):
        cells = ws[r]
        if row.is_heading:
            assert f"B{r}:E{r}" in merged
            assert cells[0].value == row.number and cells[1].value == row.activity
            assert cells[1].font.b and cells[1].fill.fgColor.rgb.endswith("F2F2F2")
            assert all(c.border.left.style == "thin" and c.alignment.wrap_text for c in cells[:2])
            continue
        values = [row.number, row.activity, row.deadline_text, row.responsible_text, row.result_text]
        assert [c.value for c in cells[:5]] == values
        assert all(c.alignment.wrap_text and c.border.top.style == "thin" for c in cells[:5])
        assert not cells[1].font.b
        for cell, value in zip(cells[:5], values, strict=True):
            assert cell.data_type == "s" and cell.quotePrefix == (value[:1] in "=+-@")
    # Shared styles: the same handful of cell formats at any size.
    styles_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/styles.xml").decode()
    cell_xfs = re.search(r'<cellXfs count="(\d+)"', styles_xml)
    assert cell_xfs and int(cell_xfs.group(1)) <= 12
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 120])
def test_xlsx_streams_the_stored_rows_from_the_database_in_chunks_without_model_instances(
    district, methodist, monkeypatch, django_assert_num_queries, count
):
    stored = [
        RowData(
            number=row.number,
            activity=row.activity,
            is_heading=row.is_heading,
            deadline_text=row.deadline_text,
            responsible_text=row.responsible_text,
            result_text=row.result_text,
        )
        for row in _rows_of_size(count)
    ]
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=stored)

    def no_instances(*args, **kwargs):
        raise AssertionError("the export builds a model instance per row")

    monkeypatch.setattr(exporters, "CHUNK_SIZE", 50)  # several chunks at the larger size
    monkeypatch.setattr(RoadmapRow, "from_db", classmethod(no_instances))
    with django_assert_num_queries(1):  # one query (a server-side cursor on PostgreSQL) at any size
        content = exporters.export_xlsx(roadmap)
    monkeypatch.undo()

    ws = _sheet(content)
    assert ws.max_row == 3 + count
    written = [[c.value for c in row][:5] for row in ws.iter_rows(min_row=4)]
    expected = [
        [r.number, r.activity, None, None, None]
        if r.is_heading
        else [r.number, r.activity, r.deadline_text, r.responsible_text, r.result_text]
        for r in stored
    ]
    assert written == expected
    headings = [r for r, row in enumerate(stored, start=4) if row.is_heading]
    assert {f"B{r}:E{r}" for r in headings} <= {str(m) for m in ws.merged_cells.ranges}
