"""Excel workbooks written with openpyxl: formula-safe text cells, the common styles, column widths.

A text that Excel would take for a formula («=…», «+…», «-…», «@…») is written as a text cell with
Excel's own quote prefix (the style flag that the apostrophe typed in Excel sets): the text stays
exactly as it is, and Excel neither computes it nor shows an apostrophe.

Exports are written with `StreamedWorkbook`: openpyxl's write-only mode (each row goes to the file as
it is appended, nothing is kept per cell) with named styles registered once per workbook. Plain values
(texts, numbers, None) appended in a named style — `StreamedSheet.append_values`, the path for rows read
straight from the database — make no cell object at all: the row is formatted as XML text in UTF-8
with its style's index, looked up once (`_SheetWriter`). A cell made with `StreamedSheet.cell` (and
any date) is an openpyxl cell with a copy of its style's small index array, and may be changed further
before it is appended. Column widths, the frozen header and print titles are set before the first row;
a row's height before that row; merged ranges and the auto-filter at any time before `save()`.
`save(file)` writes the .xlsx into an open binary file (a temporary file that a view then streams,
core.web.streamed_file_response), so a large workbook is never held in memory as a whole.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import copy
from decimal import Decimal
from typing import BinaryIO
from xml.sax.saxutils import escape

from lxml.etree import xmlfile
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS

from .web import XLSX_CONTENT_TYPE

__all__ = [
    "FORMULA_STARTS",
    "Formula",
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

    def add_header_style(self, name: str, border: Border | None = None) -> None:
        """The style of a table's header cells: bold, light blue, framed, wrapped and centred."""
        self.add_style(
            name,
            font=Font(bold=True),
            fill=HEADER_FILL,
            border=border or thin_border(),
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )

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


class Formula(str):
    """An Excel formula written as one («=SUM(C4:C9)»), from code only: a text typed by a user that
    looks like a formula stays text (quote prefix). Appended as a plain value (no cell object)."""

    __slots__ = ()


#: Values written as XML text by _SheetWriter; any other (a date sets its cell's number format) becomes
#: an openpyxl cell.
_PLAIN_TYPES = frozenset({str, int, float, Decimal, bool, type(None)})


#: Kept as written: a parser reads a bare carriage return in XML text as a line feed.
_CARRIAGE_RETURN = {"\r": "&#13;"}


class _Row(list):
    """An appended row: openpyxl cells and plain values, with the named style(s) of its plain values."""

    __slots__ = ("styles",)


class StreamedSheet:
    """A write-only sheet that counts its rows, so that merges and heights can name them."""

    def __init__(self, book: StreamedWorkbook, ws) -> None:
        self.book = book
        self.ws = ws
        self.row = 0  # the number of the last row appended
        self.merges: list[CellRange] = []
        self._style_ids: dict[tuple[str, bool], int] = {}
        self._style_attributes: dict[tuple[str, bool], str] = {}
        # openpyxl makes a cell of each appended value (_values_to_row) and writes it through its
        # worksheet writer; here the row goes as it is to our writer (_SheetWriter).
        ws._values_to_row = _row_as_is
        ws._get_writer = self._get_writer

    def cell(self, value=None, style: str = "") -> WriteOnlyCell:
        return self.book.cell(self.ws, value, style)

    def append(self, cells: Iterable, *, height: float | None = None) -> int:
        """The next row (cells or plain values; None leaves a cell out); returns its number.

        A plain value is written without a style; a text Excel would read as a formula stays text.
        """
        row = _Row(cells)
        row.styles = None
        return self._append(row, height)

    def append_values(
        self, values: Iterable, style: str | Sequence[str], *, height: float | None = None
    ) -> int:
        """The next row of plain values in a named style (or one per column); returns its number.

        Every value gets a cell, None an empty one that still shows the style's frame and fill. The fast
        path: no cell object is made for a text, a number or None.
        """
        row = _Row(values)
        row.styles = style
        return self._append(row, height)

    def _append(self, row: _Row, height: float | None) -> int:
        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(row)
        return self.row

    def _get_writer(self) -> None:
        # As openpyxl's own, at the first row: the sheet's views and columns are written then.
        if self.ws._writer is None:
            self.ws._writer = _SheetWriter(self.ws, self)
            self.ws._writer.write_top()

    def style_id(self, style: str, quoted: bool) -> int:
        """The workbook's index of a named style's cell format (with the quote prefix); 0: none."""
        key = (style, quoted)
        style_id = self._style_ids.get(key)
        if style_id is None:
            array = self.book._array(self.ws, style, quoted)
            style_id = self._style_ids[key] = self.book.workbook._cell_styles.add(array) if any(array) else 0
        return style_id

    def style_attribute(self, style: str, quoted: bool) -> str:
        """' s="3"': the cell's attribute for a named style (with the quote prefix); "" for none."""
        key = (style, quoted)
        attribute = self._style_attributes.get(key)
        if attribute is None:
            style_id = self.style_id(style, quoted)
            attribute = self._style_attributes[key] = f' s="{style_id}"' if style_id else ""
        return attribute

    def merge(self, first_column: int, last_column: int, row: int | None = None) -> None:
        """Merge columns first..last of a row (by default the last row appended); ranges must not overlap."""
        row = row or self.row
        self.merges.append(CellRange(min_col=first_column, min_row=row, max_col=last_column, max_row=row))


def _row_as_is(row: _Row, row_idx: int) -> _Row:
    return row


_INFINITIES = (float("inf"), float("-inf"))
#: Texts up to this length are formatted once per sheet, at most this many of them.
_CACHED_TEXT, _CACHED_TEXTS = 100, 20_000


def _inline_text(value: str) -> str:
    """An inline string's <is> element: cut to Excel's 32,767 characters, escaped, checked."""
    value = value[:32767]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f"<is><t{space}>{escape(value, _CARRIAGE_RETURN)}</t></is>"


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer, in UTF-8, with the plain values of a row written as XML text.

    openpyxl writes every cell through lxml's incremental writer (three nested elements per text cell)
    in ASCII, so that each Cyrillic letter becomes a character reference («&#1052;»): several times
    slower than formatting the row as one string, and 2.4 times the bytes to compress. Here a row's
    plain values are formatted as text (escaped, checked for characters a sheet cannot hold, as openpyxl
    checks them) and written to the file once lxml has flushed what it holds; openpyxl cells (made by
    `StreamedSheet.cell`, and dates) go through openpyxl's own cell writer. Everything else of the
    sheet (views, columns, merges, page setup) is written by openpyxl.
    """

    def __init__(self, ws, sheet: StreamedSheet) -> None:
        self._sheet = sheet
        self._letters: list[str] = []  # column letters by index from 0 ("A"), grown as needed
        self._texts: dict[str, str] = {}  # short texts met again («да», a list's options) → their XML
        super().__init__(ws)

    def get_stream(self):
        with (
            open(self.out, "wb") as self._file,
            xmlfile(self._file, encoding="utf-8") as xf,
            xf.element("worksheet", xmlns=SHEET_MAIN_NS),
        ):
            try:
                while True:
                    element = yield
                    if element is True:
                        yield xf
                    elif element is not None:
                        xf.write(element)
            except GeneratorExit:
                pass

    def write_row(self, xf, row: _Row, row_idx: int) -> None:
        sheet, styles = self._sheet, row.styles
        dimensions = "".join(f' {key}="{value}"' for key, value in self.ws.row_dimensions.get(row_idx, {}))
        parts = [f'<row r="{row_idx}"{dimensions}>']
        append = parts.append
        letters, texts = self._letters, self._texts
        if len(letters) < len(row):
            letters.extend(get_column_letter(n) for n in range(len(letters) + 1, len(row) + 1))
        number = str(row_idx)
        one_style = styles if isinstance(styles, str) else None
        # The attributes of the row's one style, plain and quoted: looked up at first need (a style is
        # registered in the workbook when first used), then kept for the row.
        plain = quoted = None
        for index, value in enumerate(row):
            kind = type(value)
            if styles is None:
                if value is None:
                    continue
                style = ""
                plain = quoted = None
            elif one_style is None:
                style = styles[index]
                plain = quoted = None
            else:
                style = one_style
            # The common values first: numbers and texts (no cell object, no call per value).
            if kind is int or kind is float:
                if plain is None:
                    plain = sheet.style_attribute(style, False)
                # As openpyxl's safe_string: 16 significant digits, an empty value for NaN and ±∞.
                text = "" if kind is float and (value != value or value in _INFINITIES) else f"{value:.16g}"
                append(f'<c r="{letters[index]}{number}"{plain} t="n"><v>{text}</v></c>')
                continue
            if kind is str:
                if value:
                    is_quoted = value.startswith(FORMULA_STARTS)
                    if is_quoted:
                        if quoted is None:
                            quoted = sheet.style_attribute(style, True)
                        attribute = quoted
                    else:
                        if plain is None:
                            plain = sheet.style_attribute(style, False)
                        attribute = plain
                    text = texts.get(value)
                    if text is None:
                        text = _inline_text(value)
                        if len(value) <= _CACHED_TEXT and len(texts) < _CACHED_TEXTS:
                            texts[value] = text
                    append(f'<c r="{letters[index]}{number}"{attribute} t="inlineStr">{text}</c>')
                    continue
            elif kind is Formula:
                if plain is None:
                    plain = sheet.style_attribute(style, False)
                attribute = plain
                body = escape(value[1:], _CARRIAGE_RETURN)
                append(f'<c r="{letters[index]}{number}"{attribute}><f>{body}</f><v></v></c>')
                continue
            elif kind not in _PLAIN_TYPES:
                cell = value if isinstance(value, Cell) else sheet.book.cell(self.ws, value, style)
                self._flush(xf, parts)
                self._write_cell(xf, cell, row_idx, index + 1)
                continue
            if plain is None:
                plain = sheet.style_attribute(style, False)
            attribute = plain
            if value is None or kind is str:  # an empty cell that still shows its style
                if attribute:
                    append(f'<c r="{letters[index]}{number}"{attribute}/>')
            else:  # bool, Decimal
                data_type = "b" if kind is bool else "n"
                text = safe_string(value)
                append(f'<c r="{letters[index]}{number}"{attribute} t="{data_type}"><v>{text}</v></c>')
        append("</row>")
        self._flush(xf, parts)

    def _flush(self, xf, parts: list[str]) -> None:
        """The text of the row so far after what lxml holds (an openpyxl cell written before)."""
        if parts:
            xf.flush()
            self._file.write("".join(parts).encode())
            parts.clear()

    def _write_cell(self, xf, cell: Cell, row_idx: int, column: int) -> None:
        """An openpyxl cell, as openpyxl's write-only sheet and writer would write it."""
        cell.row, cell.column = row_idx, column
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
        if cell._comment is not None:
            self.ws._comments.append(CommentRecord.from_cell(cell))
        if cell._value is None and not cell.has_style and not cell._comment:
            return
        write_cell(xf, self.ws, cell, cell.has_style)
