"""The Word export: same texts as the PDF, Times 14 pt, the layout's margins, an editable roadmap table
whose header rows repeat (w:tblHeader) and whose rows do not split (w:cantSplit)."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from core.russian import NBSP
from orders.document import OrderLayout
from orders.docx_export import render_order_docx
from orders.tests import samples


def plain(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


@pytest.fixture(scope="module")
def rendered():
    """{name: python-docx Document} for a few variants, each rendered once."""
    two = (samples.roadmap_appendix("seed000"), samples.roadmap_appendix("seed001", approval_word=""))
    cases = {
        "simple": (samples.order(signature=samples.simple_signature()), OrderLayout()),
        "qualified": (
            samples.order(signature=samples.qualified_signature(), appendices=two),
            OrderLayout(appendix_page_numbers="restart"),
        ),
        "draft": (samples.draft_order(), OrderLayout()),
        "verbal": (samples.order(), OrderLayout(date_format="verbal", prikazyvayu_style="spaced")),
    }
    out = {}
    for name, (document, layout) in cases.items():
        data = render_order_docx(document, layout)
        out[name] = (docx.Document(io.BytesIO(data)), data, document)
    return out


def texts(document) -> list[str]:
    return [plain(p.text) for p in document.paragraphs if p.text.strip()]


def all_text(document) -> str:
    parts = texts(document)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(plain(cell.text))
    return "\n".join(parts)


def test_page_font_and_margins(rendered):
    document, _, _ = rendered["simple"]
    first = document.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert abs(first.page_width - Mm(210)) < Mm(0.1) and abs(first.page_height - Mm(297)) < Mm(0.1)
    assert [
        round(m.mm) for m in (first.left_margin, first.right_margin, first.top_margin, first.bottom_margin)
    ] == [
        20,
        10,
        20,
        20,
    ]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    appendix = document.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and abs(appendix.page_width - Mm(297)) < Mm(0.1)


def test_order_texts_in_order(rendered):
    document, _, order = rendered["simple"]
    lines = texts(document)
    assert lines[0] == samples.ISSUER
    assert lines[1] == "ПРИКАЗ"
    assert lines[2] == "30.08.2022 № 344" and "\t" in document.paragraphs[2].text
    assert lines[3] == "пгт Мостовской"
    assert lines[4] == samples.HEADING
    assert lines[5] == samples.PREAMBLE + ","  # the preamble and «ПРИКАЗЫВАЮ:» are one sentence
    assert lines[6] == "ПРИКАЗЫВАЮ:"
    assert lines[7:10] == [plain(f"{p.number} {p.text}") for p in order.points]


def test_text_paragraphs_justified_with_indent(rendered):
    document, _, _ = rendered["simple"]
    paragraph = next(p for p in document.paragraphs if p.text.startswith("1. Утвердить"))
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(paragraph.paragraph_format.first_line_indent.cm, 2) == 1.25
    prikaz = next(p for p in document.paragraphs if p.text == "ПРИКАЗЫВАЮ:")
    assert prikaz.paragraph_format.first_line_indent == 0


def test_signature_table_and_simple_mark(rendered):
    document, _, _ = rendered["simple"]
    signature = document.tables[0]
    position, mark, name = (plain(cell.text) for cell in signature.rows[0].cells)
    assert position == "Начальник районного управления образованием"
    assert name == "Ю.Н. Богинский"
    assert signature.rows[0].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert mark.startswith("ПОДПИСАНО ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ")
    assert "Дата и время: 30.08.2022 10:15 (МСК)" in mark and "ДОКУМЕНТ ПОДПИСАН" not in mark
    borders = signature.rows[0].cells[1]._tc.tcPr.find(qn("w:tcBorders"))
    assert borders is not None  # the thin frame


def test_qualified_mark(rendered):
    document, _, _ = rendered["qualified"]
    mark = plain(document.tables[0].rows[0].cells[1].text)
    assert "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ" in mark
    assert "Владелец Богинский Юрий Николаевич" in mark
    assert "Действителен с 01.03.2022 по 01.06.2023" in mark


def test_draft_blanks_no_mark(rendered):
    document, _, _ = rendered["draft"]
    lines = texts(document)
    assert lines[0] == "ПРОЕКТ"
    assert "___________ № _______" in lines
    mark_cell = document.tables[0].rows[0].cells[1]
    assert plain(mark_cell.text) == "" and mark_cell._tc.tcPr.find(qn("w:tcBorders")) is None
    assert "ПОДПИС" not in all_text(document)


def test_verbal_date_and_spaced_prikazyvayu(rendered):
    document, _, _ = rendered["verbal"]
    lines = texts(document)
    assert "30 августа 2022 г. № 344" in lines
    assert any(line.endswith("объединений, п р и к а з ы в а ю:") for line in lines)
    assert "от 30 августа 2022 г. № 344" in lines


def test_executor_and_qr_code(rendered):
    document, _, _ = rendered["simple"]
    footer = document.tables[1]
    assert plain(footer.rows[0].cells[0].text) == "Исп. Волкова Елена Викторовна 8 (86192) 5-14-46"
    assert len(document.inline_shapes) == 1


def _table_rows(table) -> list[list[str]]:
    out = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cells and cell._tc is getattr(cells[-1], "_tc", None):
                continue
            cells.append(cell)
        out.append([plain(cell.text) for cell in cells])
    return out


@pytest.mark.parametrize(
    ("name", "index", "seed", "columns"), [("simple", 2, "seed000", 4), ("qualified", 3, "seed001", 5)]
)
def test_roadmap_table(rendered, name, index, seed, columns):
    document, _, _ = rendered[name]
    table = document.tables[index]
    rows = _table_rows(table)
    header = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"][:columns]
    assert rows[0] == header and rows[1] == [str(i) for i in range(1, columns + 1)]
    for tr in table._tbl.tr_lst[:2]:
        assert tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    expected = samples.load_rows(seed)
    assert len(rows) == len(expected) + 2
    for printed, row in zip(rows[2:], expected, strict=True):
        if row["heading"]:
            assert printed == [plain(f"{row['number']} {row['activity']}")]
        else:
            values = [row["number"], row["activity"], row["deadline"], row["responsible"], row["result"]][
                :columns
            ]
            assert printed == [plain(v) for v in values]


def test_appendix_marks(rendered):
    document, _, _ = rendered["qualified"]
    lines = texts(document)
    assert lines.count("от 30.08.2022 № 344") == 3  # two appendix marks and one approval stamp
    assert "Приложение № 1" in lines and "Приложение № 2" in lines
    assert "УТВЕРЖДЕНА" in lines


def test_page_numbers(rendered):
    document, data, _ = rendered["qualified"]
    first = document.sections[0]
    assert first.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in first.header._element.xml
    for section in document.sections[1:]:
        number_type = section._sectPr.find(qn("w:pgNumType"))
        assert number_type is not None and number_type.get(qn("w:start")) == "1"  # restart
        assert section.different_first_page_header_footer
    simple, _, _ = rendered["simple"]
    assert simple.sections[1]._sectPr.find(qn("w:pgNumType")) is None  # continuous


# the schema order of the property elements this module writes (Word rejects files that break it)
SEQUENCES = {
    "tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
    ],
    "tcPr": [
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ],
}


@pytest.mark.parametrize("name", ["simple", "qualified", "draft", "verbal"])
def test_property_elements_in_schema_order(rendered, name):
    _, data, _ = rendered[name]
    from lxml import etree

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(xml)
    for parent, sequence in SEQUENCES.items():
        for element in root.iter(qn(f"w:{parent}")):
            names = [etree.QName(child).localname for child in element]
            positions = [sequence.index(n) for n in names if n in sequence]
            assert positions == sorted(positions), (parent, names)


def test_restart_layout_is_optional():
    data = render_order_docx(dataclasses.replace(samples.order(), appendices=()))
    document = docx.Document(io.BytesIO(data))
    assert len(document.sections) == 1 and texts(document)[1] == "ПРИКАЗ"
