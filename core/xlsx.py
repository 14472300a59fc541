"""Excel workbooks written with openpyxl: formula-safe text cells, the common styles, column widths.

A text that Excel would take for a formula («=…», «+…», «-…», «@…») is written as a text cell with
Excel's own quote prefix (the style flag that the apostrophe typed in Excel sets): the text stays
exactly as it is, and Excel neither computes it nor shows an apostrophe.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.utils import get_column_letter

from .web import XLSX_CONTENT_TYPE

__all__ = [
    "FORMULA_STARTS",
    "HEADER_FILL",
    "XLSX_CONTENT_TYPE",
    "fit_to_page_width",
    "is_formula_like",
    "set_column_widths",
    "text_cell",
    "thin_border",
    "workbook_bytes",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The light blue of header rows in every workbook the site writes.
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def is_formula_like(value) -> bool:
    """A text Excel would read as a formula (or a DDE command) if it were typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(ws, row: int, column: int, value, style: str = ""):
    """A cell; a text that Excel would read as a formula stays text (quote prefix, string type).

    The named style goes first: assigning one resets the quote prefix.
    """
    cell = ws.cell(row=row, column=column, value=value)
    if style:
        cell.style = style
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def thin_border(color: str = "808080") -> Border:
    """A thin frame on all four sides."""
    side = Side(style="thin", color=color)
    return Border(left=side, right=side, top=side, bottom=side)


def set_column_widths(ws, widths: Iterable[float], *, first: int = 1) -> None:
    """Widths (in characters) of consecutive columns starting at column `first`."""
    for column, width in enumerate(widths, start=first):
        ws.column_dimensions[get_column_letter(column)].width = width


def fit_to_page_width(ws) -> None:
    """Print landscape on A4, all columns on one page width, as many pages down as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
