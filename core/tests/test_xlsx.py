"""The Excel helpers, read back with openpyxl: formula-like text stays text, widths, page setup."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import IllegalCharacterError

from core.xlsx import (
    Formula,
    StreamedWorkbook,
    fit_to_page_width,
    is_formula_like,
    set_column_widths,
    text_cell,
    thin_border,
    workbook_bytes,
)


def test_formula_like_texts():
    for text in ("=1+1", "+7 900", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert is_formula_like(text)
    for value in ("Мероприятие", "1.1.", "", 5, None):
        assert not is_formula_like(value)


def test_formula_like_text_is_written_as_quoted_text_even_with_a_named_style():
    workbook = Workbook()
    ws = workbook.active
    text_cell(ws, 1, 1, '=HYPERLINK("http://evil")', "Normal")
    text_cell(ws, 1, 2, "обычный текст")
    text_cell(ws, 1, 3, 42)
    set_column_widths(ws, (10, 20), first=2)
    fit_to_page_width(ws)
    reread = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    formula = reread.cell(row=1, column=1)
    assert formula.value == '=HYPERLINK("http://evil")' and formula.data_type == "s" and formula.quotePrefix
    assert reread.cell(row=1, column=2).quotePrefix is False
    assert reread.cell(row=1, column=3).value == 42
    assert reread.column_dimensions["B"].width == 10 and reread.column_dimensions["C"].width == 20
    assert reread.page_setup.orientation == "landscape" and reread.page_setup.fitToWidth == 1


def test_streamed_workbook_shares_named_styles_and_keeps_formula_like_text_as_text():
    book = StreamedWorkbook()
    book.add_style("bold", font=Font(bold=True), alignment=Alignment(wrap_text=True))
    sheet = book.sheet("Лист", widths=(8, 40), freeze="A2", print_title_rows="1:1", fit_width=True)
    cell = sheet.cell
    assert sheet.append([cell("Заголовок", "bold"), cell("=1+1", "bold")], height=40) == 1
    sheet.merge(2, 3)
    own = cell("+7 900", "bold")
    own.font = Font(italic=True)  # changes this cell only
    sheet.append([cell("-РМК"), own, cell("текст", "bold"), 42, None, cell(None, "bold")])
    reread = load_workbook(io.BytesIO(book.content()))["Лист"]
    a1, b1 = reread["A1"], reread["B1"]
    assert a1.value == "Заголовок" and a1.font.b and a1.alignment.wrap_text and not a1.quotePrefix
    assert b1.value == "=1+1" and b1.data_type == "s" and b1.quotePrefix and b1.font.b
    a2, b2, c2 = reread["A2"], reread["B2"], reread["C2"]
    assert a2.value == "-РМК" and a2.data_type == "s" and a2.quotePrefix and not a2.font.b
    assert b2.value == "+7 900" and b2.quotePrefix and b2.font.i and not b2.font.b
    assert c2.value == "текст" and c2.font.b and not c2.font.i
    assert reread["D2"].value == 42 and reread["E2"].value is None and reread["F2"].font.b
    assert {str(r) for r in reread.merged_cells.ranges} == {"B1:C1"}
    assert reread.freeze_panes == "A2" and reread.print_title_rows == "$1:$1"
    assert reread.row_dimensions[1].height == 40
    assert reread.column_dimensions["A"].width == 8 and reread.column_dimensions["B"].width == 40
    assert reread.page_setup.orientation == "landscape" and reread.page_setup.fitToWidth == 1


def test_values_appended_in_named_styles_are_written_each_in_its_own_cell(tmp_path):
    book = StreamedWorkbook()
    book.add_style("framed", border=thin_border(), alignment=Alignment(wrap_text=True))
    book.add_style("bold", font=Font(bold=True), border=thin_border())
    book.add_style("date", border=thin_border(), number_format="DD.MM.YYYY")
    sheet = book.sheet("Лист")
    assert sheet.append_values(["1.", "Семинар", None, "=SUM(A1:A2)", 7], "framed") == 1
    sheet.append_values(["2.", "+7 900", "", "Справка", 8.5], "framed")
    sheet.append_values(("3.", "Раздел", None), ("bold", "bold", "framed"))
    sheet.append_values([dt.date(2026, 5, 6), dt.date(2026, 5, 7), "текст"], ("date", "date", "framed"))
    sheet.append([sheet.cell("своя", "bold"), "-просто", None, 42])
    target = tmp_path / "book.xlsx"
    with target.open("wb") as file:
        book.save(file)
    ws = load_workbook(target)["Лист"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[:2] == [
        ["1.", "Семинар", None, "=SUM(A1:A2)", 7],
        ["2.", "+7 900", None, "Справка", 8.5],
    ]
    # A None in a styled row is an empty cell that keeps the frame; every value kept its own text.
    assert all(c.border.left.style == "thin" and c.alignment.wrap_text for c in ws[1])
    assert ws["C1"].value is None and ws["C1"].border.top.style == "thin"
    formula, phone = ws["D1"], ws["B2"]
    assert formula.data_type == "s" and formula.quotePrefix
    assert phone.data_type == "s" and phone.quotePrefix and not ws["A2"].quotePrefix
    assert ws["A3"].font.b and ws["B3"].font.b and not ws["C3"].font.b and ws["C3"].border.left.style
    assert ws["A4"].value.date() == dt.date(2026, 5, 6) and ws["A4"].number_format == "DD.MM.YYYY"
    assert ws["B4"].number_format == "DD.MM.YYYY" and ws["C4"].number_format == "General"
    # Plain values of append(): no style, formula-like text still text; None leaves the cell out.
    assert ws["A5"].font.b and ws["B5"].value == "-просто" and ws["B5"].quotePrefix
    assert not ws["B5"].font.b and ws["B5"].border.left.style is None and ws["D5"].value == 42


def test_texts_keep_their_markup_characters_spaces_and_line_breaks_and_control_characters_are_refused():
    texts = ['A & B <c> "d"', "  отступ и пробел в конце ", "строка\r\nвторая\nтретья", "\tтаб"]
    book = StreamedWorkbook()
    book.add_style("framed", border=thin_border())
    sheet = book.sheet("Лист")
    sheet.append_values(texts, "framed")
    sheet.append(texts)
    ws = load_workbook(io.BytesIO(book.content()))["Лист"]
    assert [c.value for c in ws[1]] == texts and [c.value for c in ws[2]] == texts
    assert ws["D1"].quotePrefix and not ws["A1"].quotePrefix

    broken = StreamedWorkbook().sheet("Лист")
    with pytest.raises(IllegalCharacterError):  # as openpyxl refuses it: Excel could not open the file
        broken.append_values(["звонок\x07"], "")


def test_a_formula_from_code_is_a_formula_and_the_same_text_typed_by_a_user_stays_text():
    book = StreamedWorkbook()
    book.add_style("framed", border=thin_border())
    book.add_style("bold", font=Font(bold=True))
    sheet = book.sheet("Лист")
    sheet.append_values([1, 2, Formula('=IFERROR(A1/B1,"")'), "=A1+B1"], "framed")
    sheet.append_values([3, 4, Formula("=SUM(A1:A2)"), True], ("bold", "framed", "bold", "framed"))
    sheet.append([Formula("=A1<B1"), float("nan"), 10**17, 0.1 + 0.2])
    ws = load_workbook(io.BytesIO(book.content()))["Лист"]
    assert ws["C1"].data_type == "f" and ws["C1"].value == '=IFERROR(A1/B1,"")' and ws["C1"].border.left.style
    assert ws["D1"].data_type == "s" and ws["D1"].quotePrefix and ws["D1"].value == "=A1+B1"
    assert ws["C2"].value == "=SUM(A1:A2)" and ws["C2"].font.b and ws["D2"].value is True
    assert ws["A3"].value == "=A1<B1" and not ws["A3"].font.b  # escaped in XML, read back as written
    # Numbers as openpyxl writes them: 16 significant digits, NaN left empty.
    assert ws["B3"].value is None and ws["C3"].value == 10**17 and ws["D3"].value == 0.3
