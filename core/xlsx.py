"""Excel workbooks written with openpyxl: formula-safe text cells, the common styles, column widths.

A text that Excel would take for a formula («=…», «+…», «-…», «@…») is written as a text cell with
Excel's own quote prefix (the style flag that the apostrophe typed in Excel sets): the text stays
exactly as it is, and Excel neither computes it nor shows an apostrophe.

Exports are written with `StreamedWorkbook`: openpyxl's write-only mode (each row goes to the file as
it is appended, nothing is kept per cell) with named styles registered once per workbook. Plain values
appended in a named style (`StreamedSheet.append_values`, the fast path for rows read straight from
the database) are written through one reusable cell per style whose style index is looked up once; a
cell made with `StreamedSheet.cell` takes a copy of its style's small index array and may be changed
further. Column widths, the frozen header and print titles are set before the first row; a row's
height before that row; merged ranges and the auto-filter at any time before `save()`/`content()`.
`save(file)` writes the .xlsx into an open binary file (a temporary file a view then streams,
core.web.streamed_file_response), so a large workbook is never held in memory as a whole.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import copy
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Border, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from .web import XLSX_CONTENT_TYPE

__all__ = [
    "FORMULA_STARTS",
    "HEADER_FILL",
    "StreamedSheet",
    "StreamedWorkbook",
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
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


class StreamedWorkbook:
    """A write-only workbook whose cells share named styles registered once (`add_style`)."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self._arrays: dict[tuple[str, bool], StyleArray] = {}
        self._sheets: list[StreamedSheet] = []

    def add_style(self, name: str, **attributes) -> None:
        """A named style: font, fill, border, alignment, number_format (openpyxl's NamedStyle)."""
        self.workbook.add_named_style(NamedStyle(name=name, **attributes))

    def sheet(
        self,
        title: str,
        *,
        widths: Sequence[float] = (),
        freeze: str | None = None,
        print_title_rows: str | None = None,
        fit_width: bool = False,
    ) -> StreamedSheet:
        """A new sheet: column widths from A, the first unfrozen cell («A4»), rows repeated on print."""
        ws = self.workbook.create_sheet(title)
        set_column_widths(ws, widths)
        if freeze:
            ws.freeze_panes = freeze
        if print_title_rows:
            ws.print_title_rows = print_title_rows
        if fit_width:
            fit_to_page_width(ws)
        sheet = StreamedSheet(self, ws)
        self._sheets.append(sheet)
        return sheet

    def _array(self, ws, style: str, quoted: bool) -> StyleArray:
        key = (style, quoted)
        array = self._arrays.get(key)
        if array is None:
            probe = WriteOnlyCell(ws)
            if style:
                probe.style = style
            else:
                probe._style = StyleArray()
            if quoted:
                probe.quotePrefix = True
            array = self._arrays[key] = probe._style
        return array

    def cell(self, ws, value=None, style: str = "") -> WriteOnlyCell:
        """A cell in a named style; a text Excel would read as a formula stays text (quote prefix)."""
        cell = WriteOnlyCell(ws, value)
        quoted = is_formula_like(value)
        if quoted:
            cell.data_type = "s"
        if style or quoted:
            # A copy: setting cell.font etc. afterwards changes this cell only.
            cell._style = copy(self._array(ws, style, quoted))
        return cell

    def save(self, file: BinaryIO) -> None:
        """Write the .xlsx into an open binary file (once: a write-only workbook is saved only once)."""
        for sheet in self._sheets:
            # Set at once: adding ranges one by one compares each with all before it.
            sheet.ws.merged_cells = MultiCellRange(sheet.merges)
        self.workbook.save(file)

    def content(self) -> bytes:
        """The workbook as the bytes of an .xlsx file (for small workbooks and tests; views use save())."""
        stream = io.BytesIO()
        self.save(stream)
        return stream.getvalue()


#: Values a reusable cell can take without changing its style (a date would set its number format).
_PLAIN_TYPES = frozenset({str, int, float, Decimal, bool, type(None)})


class _SharedStyleCell(Cell):
    """A cell reused for every value written in one style; its style index is looked up once."""

    __slots__ = ("_style_id",)

    @property
    def style_id(self) -> int:
        return self._style_id


class _StyledValues(list):
    """A row of plain values with its named style (one for all, or one per column)."""

    __slots__ = ("styles",)


class StreamedSheet:
    """A write-only sheet that counts its rows, so that merges and heights can name them."""

    def __init__(self, book: StreamedWorkbook, ws) -> None:
        self.book = book
        self.ws = ws
        self.row = 0  # the number of the last row appended
        self.merges: list[CellRange] = []
        self._shared: dict[tuple[str, bool], _SharedStyleCell] = {}
        # openpyxl turns each appended row into cells here; ours takes cells as they are (openpyxl's
        # tries each as a value first and fails) and writes plain values through the shared cells.
        ws._values_to_row = self._cells

    def cell(self, value=None, style: str = "") -> WriteOnlyCell:
        return self.book.cell(self.ws, value, style)

    def append(self, cells: Iterable, *, height: float | None = None) -> int:
        """The next row (cells or plain values; None leaves a cell out); returns its number.

        A plain value is written without a style; a text Excel would read as a formula stays text.
        """
        return self._append(list(cells), height)

    def append_values(
        self, values: Iterable, style: str | Sequence[str], *, height: float | None = None
    ) -> int:
        """The next row of plain values in a named style (or one per column); returns its number.

        Every value gets a cell, None an empty one that still shows the style's frame and fill. The fast
        path: no cell object is made per value.
        """
        row = _StyledValues(values)
        row.styles = style
        return self._append(row, height)

    def _append(self, row: list, height: float | None) -> int:
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(row)
        return self.row

    def _shared_cell(self, style: str, quoted: bool) -> _SharedStyleCell:
        key = (style, quoted)
        cell = self._shared.get(key)
        if cell is None:
            cell = _SharedStyleCell(self.ws)
            cell._style = copy(self.book._array(self.ws, style, quoted))
            cell._style_id = self.book.workbook._cell_styles.add(cell._style)
            self._shared[key] = cell
        return cell

    def _cells(self, row: list, row_idx: int):
        """The cells of an appended row, one at a time: openpyxl writes each before asking for the next."""
        styles = getattr(row, "styles", None)
        keep_empty = styles is not None
        for column, value in enumerate(row, start=1):
            if isinstance(value, Cell):
                cell = value
            elif value is None and not keep_empty:
                continue
            else:
                style = styles[column - 1] if isinstance(styles, (list, tuple)) else styles or ""
                if type(value) in _PLAIN_TYPES:
                    quoted = is_formula_like(value)
                    cell = self._shared_cell(style, quoted)
                    cell.value = value
                    if quoted:
                        cell.data_type = "s"
                else:  # a date sets its cell's number format: a cell of its own
                    cell = self.book.cell(self.ws, value, style)
            cell.row = row_idx
            cell.column = column
            yield cell

    def merge(self, first_column: int, last_column: int, row: int | None = None) -> None:
        """Merge columns first..last of a row (by default the last row appended); ranges must not overlap."""
        row = row or self.row
        self.merges.append(CellRange(min_col=first_column, min_row=row, max_col=last_column, max_row=row))
