"""The Excel helpers, read back with openpyxl: formula-like text stays text, widths, page setup."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from core.xlsx import fit_to_page_width, is_formula_like, set_column_widths, text_cell, workbook_bytes


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
