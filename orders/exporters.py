"""The order journal as an Excel workbook («Журнал регистрации приказов»)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import BinaryIO

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.xlsx import HEADER_FILL, XLSX_CONTENT_TYPE, StreamedWorkbook, thin_border

from .models import Order

__all__ = ["HEADERS", "XLSX_CONTENT_TYPE", "journal_xlsx", "write_journal_xlsx"]

HEADERS = ("№", "Дата", "Заголовок", "Подписал", "Исполнитель", "Статус")
WIDTHS = (14, 12, 70, 28, 32, 16)
_BORDER = thin_border()
_WRAP = Alignment(wrap_text=True, vertical="top")


def journal_row(order: Order) -> tuple:
    signed = order.signed_or_signing
    signed_by = order.signer_name if signed else ""
    return (
        order.registration_number,
        order.date,
        order.heading,
        signed_by or (order.signatory_name if signed else ""),
        order.executor_name,
        order.get_status_display(),
    )


def journal_xlsx(orders: Iterable[Order], *, title: str = "Журнал регистрации приказов") -> bytes:
    """The workbook of write_journal_xlsx as bytes."""
    stream = io.BytesIO()
    write_journal_xlsx(orders, stream, title=title)
    return stream.getvalue()


def write_journal_xlsx(
    orders: Iterable[Order], file: BinaryIO, *, title: str = "Журнал регистрации приказов"
) -> None:
    """Written in write-only mode with shared named styles (core.xlsx.StreamedWorkbook) into `file`."""
    book = StreamedWorkbook()
    book.add_style("oj-title", font=Font(bold=True, size=13))
    book.add_style("oj-header", font=Font(bold=True), fill=HEADER_FILL, border=_BORDER, alignment=_WRAP)
    book.add_style("oj-text", border=_BORDER, alignment=_WRAP)
    book.add_style("oj-date", border=_BORDER, alignment=_WRAP, number_format="DD.MM.YYYY")
    header_row = 3
    sheet = book.sheet("Приказы", widths=WIDTHS, freeze=f"A{header_row + 1}")
    cell = sheet.cell
    sheet.append([cell(title, "oj-title")])
    sheet.append([])
    sheet.append([cell(header, "oj-header") for header in HEADERS])
    with_date = ("oj-text", "oj-date", *["oj-text"] * (len(HEADERS) - 2))
    for order in orders:
        values = journal_row(order)
        sheet.append_values(values, "oj-text" if values[1] is None else with_date)
    last_row = max(sheet.row, header_row)
    sheet.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{last_row}"
    book.save(file)
