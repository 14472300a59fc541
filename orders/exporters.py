"""The order journal as an Excel workbook («Журнал регистрации приказов»)."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.xlsx import HEADER_FILL, XLSX_CONTENT_TYPE, StreamedWorkbook, thin_border

from .models import Order

__all__ = ["HEADERS", "XLSX_CONTENT_TYPE", "journal_xlsx"]

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
    """Written in write-only mode with shared named styles (core.xlsx.StreamedWorkbook)."""
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
    for order in orders:
        sheet.append(
            [
                cell(value, "oj-date" if column == 2 and value is not None else "oj-text")
                for column, value in enumerate(journal_row(order), start=1)
            ]
        )
    last_row = max(sheet.row, header_row)
    sheet.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{last_row}"
    return book.content()
