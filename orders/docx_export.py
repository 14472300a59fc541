"""An order as a Word document (python-docx) that an office can edit: same texts as the PDF.

    render_order_docx(document, layout=OrderLayout()) -> bytes

Times New Roman 14 pt (Liberation Serif has the same metrics where Word is absent), the layout's margins,
justified paragraphs with a 1.25 cm first-line indent, the date and the number on one line (a right tab
stop at the right margin), a three-column borderless table for the signature (position, mark, name), the
executor mark and the QR code after it. Page numbers: a centred PAGE field in the header, none on the
first page. Each appendix is a new section (landscape for a wide table) with its mark upper right, its
title and its table: the header and the column-number row repeat on every page (w:tblHeader), rows do
not split (w:cantSplit), fixed column widths. An uploaded PDF appendix is only named («на N л.»): Word
cannot hold its pages.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from orders import signature_marks as marks
from orders.document import Appendix, OrderDocument, OrderLayout, Table
from orders.qr import qr_png

DEFAULT_LAYOUT = OrderLayout()
FONT = "Times New Roman"
SINGLE = 1.0  # Word's «одинарный»
FRAME_COLOR = RGBColor(0x1F, 0x3A, 0x93)
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def render_order_docx(document: OrderDocument, layout: OrderLayout = DEFAULT_LAYOUT) -> bytes:
    """The order and its appendices as .docx bytes."""
    word = Document()
    _styles(word, layout)
    section = word.sections[0]
    _page(section, layout, landscape=False)
    section.different_first_page_header_footer = True
    _page_number(section, layout)

    _order(word, document, layout)
    count = len(document.appendices)
    for index, appendix in enumerate(document.appendices, start=1):
        _appendix(word, document, layout, appendix, index, count)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- page and styles


def _styles(word, layout: OrderLayout) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(layout.font_size_pt)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    paragraph.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    paragraph.line_spacing = min(max(layout.line_height, 1.0), 1.5)
    paragraph.widow_control = True
    # the document's language: Russian (spelling, hyphenation off in justified text is Word's default)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    normal.element.get_or_add_rPr().append(lang)


def _page(section, layout: OrderLayout, *, landscape: bool) -> None:
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = Mm(layout.margin_left_mm)
    section.right_margin = Mm(layout.margin_right_mm)
    section.top_margin = Mm(layout.margin_top_mm)
    section.bottom_margin = Mm(layout.margin_bottom_mm)
    section.header_distance = Mm(max(layout.margin_top_mm / 2, 10))
    section.footer_distance = Mm(10)


def _text_width_mm(layout: OrderLayout, landscape: bool) -> float:
    return (297 if landscape else 210) - layout.margin_left_mm - layout.margin_right_mm


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE) as begin / instruction / separate / result / end runs."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run("2")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _page_number(section, layout: OrderLayout, *, restart: bool = False) -> None:
    """Centred page number in the header; none on the section's first page when it is the order's first
    page or (restart) an appendix's first page."""
    section.header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in list(header.runs):
        run._r.getparent().remove(run._r)
    _field(header, "PAGE")
    if restart:
        section.different_first_page_header_footer = True
        number_type = section._sectPr.find(qn("w:pgNumType"))
        if number_type is None:
            number_type = OxmlElement("w:pgNumType")
            section._sectPr.append(number_type)
        number_type.set(qn("w:start"), "1")


# ---------------------------------------------------------------- paragraphs


def _paragraph(
    container,
    text: str = "",
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    bold: bool = False,
    size: float | None = None,
    single: bool = False,
    before: float = 0,
    after: float = 0,
    left_cm: float | None = None,
    right_cm: float | None = None,
    keep_with_next: bool = False,
    layout: OrderLayout | None = None,
    color: RGBColor | None = None,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if indent and layout is not None:
        fmt.first_line_indent = Cm(layout.paragraph_indent_cm)
    else:
        fmt.first_line_indent = Cm(0)
    if single:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if left_cm is not None:
        fmt.left_indent = Cm(left_cm)
    if right_cm is not None:
        fmt.right_indent = Cm(right_cm)
    fmt.keep_with_next = keep_with_next
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size is not None:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def _blank_lines(container, count: int) -> None:
    for _ in range(count):
        _paragraph(container, single=True, align=WD_ALIGN_PARAGRAPH.LEFT)


_TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)
_TCPR_AFTER_BORDERS = (
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)


def _fixed(table, widths_mm: list[float]) -> None:
    """Fixed layout (w:tblLayout type="fixed") with the given column widths."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)


def _cell_borders(cell, size_eighths: int = 6, color: str = "1F3A93") -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size_eighths))
        element.set(qn("w:color"), color)
        borders.append(element)
    tc_pr.insert_element_before(borders, *_TCPR_AFTER_BORDERS)


def _row_flag(row, name: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement(f"w:{name}")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _cell_text(cell, text: str, *, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Cm(0)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


# ---------------------------------------------------------------- the order


def _order(word, document: OrderDocument, layout: OrderLayout) -> None:
    body = layout.font_size_pt
    small = min(max(layout.small_font_size_pt, 10), 12)
    text_width = _text_width_mm(layout, landscape=False)
    if document.is_draft:
        _paragraph(word, "ПРОЕКТ", align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, single=True, after=6)
    for name in (document.higher_body, document.issuer_name):
        if name.strip():
            _paragraph(
                word, marks.requisite_name(name), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, single=True
            )
    kind = document.kind
    _paragraph(
        word,
        kind.title.strip().upper(),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        bold=True,
        single=True,
        before=body,
        after=body,
    )

    date_text = marks.requisite_date(document, layout) if kind.print_date else ""
    number_text = marks.requisite_number(document) if kind.print_number else ""
    if date_text or number_text:
        regline = _paragraph(word, align=WD_ALIGN_PARAGRAPH.LEFT, single=True)
        regline.paragraph_format.tab_stops.add_tab_stop(Mm(text_width), WD_TAB_ALIGNMENT.RIGHT)
        regline.add_run(f"{date_text}\t{number_text}")
    if kind.print_place and document.place.strip():
        _paragraph(
            word, marks.one_line(document.place), align=WD_ALIGN_PARAGRAPH.CENTER, single=True, before=6
        )

    side = max((text_width / 10 - 12) / 2, 0)  # the heading's lines ≤ 12 cm
    if kind.print_heading:
        _paragraph(
            word,
            marks.heading(document),
            align=WD_ALIGN_PARAGRAPH.CENTER,
            bold=True,
            single=True,
            before=body,
            after=2 * body * 1.15,
            left_cm=side,
            right_cm=side,
            keep_with_next=True,
        )

    preamble = marks.preamble(document, layout)
    for index, paragraph in enumerate(preamble.paragraphs):
        p = _paragraph(word, paragraph, indent=True, layout=layout)
        if index == len(preamble.paragraphs) - 1 and preamble.spaced_tail:
            p.add_run(" " + preamble.spaced_tail)
    if preamble.prikazyvayu:
        _paragraph(word, preamble.prikazyvayu, align=WD_ALIGN_PARAGRAPH.LEFT, keep_with_next=True)
    for point in marks.flatten_points(document.points):
        for index, paragraph in enumerate(point.paragraphs):
            numbered = index == 0 and point.number and kind.numbered_points
            text = f"{point.number} {paragraph}" if numbered else paragraph
            _paragraph(word, text, indent=True, layout=layout)

    _blank_lines(word, 2)
    _signature(word, document, layout, text_width, small)

    has_executor = document.executor_name.strip() or document.executor_phone.strip()
    has_qr = layout.qr_code and document.verify_url
    if has_executor or has_qr:
        _blank_lines(word, 2)
        qr_mm = max(layout.qr_size_mm, 15)
        table = word.add_table(rows=1, cols=2)
        _no_borders(table)
        _fixed(table, [text_width - qr_mm - 2, qr_mm + 2])
        left, right = table.rows[0].cells
        left.vertical_alignment = right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        if has_executor:
            lines = [
                f"Исп. {marks.one_line(document.executor_name)}",
                " ".join(document.executor_phone.split()),
            ]
            _cell_text(left, "\n".join(line for line in lines if line.strip() != "Исп."), size=small)
        if has_qr:
            right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            right.paragraphs[0].add_run().add_picture(
                io.BytesIO(qr_png(document.verify_url)), width=Mm(qr_mm)
            )


def _signature(word, document: OrderDocument, layout: OrderLayout, text_width: float, small: float) -> None:
    """Position (left, ≤ 8 cm), the signature mark (a bordered middle cell, text) and the name (right), the
    name on the baseline of the position's last line (both cells bottom-aligned)."""
    position_mm, mark_mm = 65, 76
    lines = document.signature_lines()
    table = word.add_table(rows=len(lines), cols=3)
    _no_borders(table)
    _fixed(table, [position_mm, mark_mm, text_width - position_mm - mark_mm])
    for row, (position_text, name_text) in zip(table.rows, lines, strict=True):
        position, middle, name = row.cells
        _row_flag(row, "cantSplit")
        for cell in (position, name):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        middle.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_text(position, marks.one_line(position_text), size=layout.font_size_pt)
        _cell_text(name, marks.one_line(name_text), size=layout.font_size_pt, align=WD_ALIGN_PARAGRAPH.RIGHT)
    middle = table.rows[0].cells[1]  # the mark belongs to the first signatory
    mark = marks.signature_mark(document)
    if mark is None:
        return  # a draft or an unsigned order: room for a handwritten signature
    _cell_borders(middle)
    for number, line in enumerate(mark[1]):
        centred = line.css in ("frame-title", "frame-subtitle")
        paragraph = middle.paragraphs[0] if number == 0 else middle.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Cm(0)
        fmt.left_indent = fmt.right_indent = Mm(1.5)
        run = paragraph.add_run(line.text)
        run.font.size = Pt(small)
        run.font.color.rgb = FRAME_COLOR
        run.bold = line.css == "frame-title"


# ---------------------------------------------------------------- appendices


def _appendix(
    word, document: OrderDocument, layout: OrderLayout, appendix: Appendix, index: int, count: int
) -> None:
    landscape = appendix.landscape and bool(appendix.rows)
    section = word.add_section(WD_SECTION.NEW_PAGE)
    _page(section, layout, landscape=landscape)
    section.different_first_page_header_footer = False
    restart = layout.appendix_page_numbers == "restart"
    _page_number(section, layout, restart=restart)
    if restart:
        section.first_page_header.is_linked_to_previous = False
    text_width = _text_width_mm(layout, landscape)
    mark_left_cm = text_width / 10 - 7.9

    for line in marks.appendix_mark(document, layout, index, count):
        _paragraph(word, line, align=WD_ALIGN_PARAGRAPH.LEFT, single=True, left_cm=mark_left_cm)
    stamp = marks.approval_stamp(document, layout, appendix)
    for position, line in enumerate(stamp):
        _paragraph(
            word,
            line,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            single=True,
            left_cm=mark_left_cm,
            before=14 if not position else 0,
        )
    title = marks.appendix_title(appendix)
    if title:
        _paragraph(
            word,
            title,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            bold=True,
            single=True,
            before=layout.font_size_pt,
            after=layout.font_size_pt,
            left_cm=1,
            right_cm=1,
            keep_with_next=True,
        )
    for line in marks.appendix_intro(appendix):
        _paragraph(word, line, indent=True, layout=layout)
    for line in marks.paragraphs(appendix.text):
        _paragraph(word, line, indent=True, layout=layout)
    if appendix.pdf:
        _paragraph(word, "(приложение в отдельном файле PDF)", align=WD_ALIGN_PARAGRAPH.CENTER)
    if appendix.rows:
        _table(word, layout, appendix.table, text_width)


def _table(word, layout: OrderLayout, data: Table, text_width: float) -> None:
    size = min(max(layout.table_font_size_pt, 10), layout.font_size_pt)
    columns = data.columns
    widths = [text_width * share / 100 for share in marks.column_shares(data)]
    header_rows = 2 if data.number_row else 1
    table = word.add_table(rows=header_rows, cols=len(columns))
    table.style = word.styles["Table Grid"]
    for index, column in enumerate(columns):
        _cell_text(
            table.rows[0].cells[index], column.title, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        if data.number_row:
            _cell_text(table.rows[1].cells[index], str(index + 1), size=size, align=WD_ALIGN_PARAGRAPH.CENTER)
        table.rows[0].cells[index].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in table.rows[:header_rows]:
        _row_flag(row, "tblHeader")  # repeated at the top of every page
        _row_flag(row, "cantSplit")
    for source in data.rows:
        row = table.add_row()
        _row_flag(row, "cantSplit")
        if source.heading:
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(
                merged, marks.heading_row_text(source), size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
            )
            merged.paragraphs[0].paragraph_format.keep_with_next = True  # not alone at a page's end
            continue
        for index, column in enumerate(columns):
            value = source.cells[index] if index < len(source.cells) else ""
            _cell_text(
                row.cells[index],
                value.strip(),
                size=size,
                align=ALIGN.get(column.align, WD_ALIGN_PARAGRAPH.LEFT),
            )
    _fixed(table, widths)
