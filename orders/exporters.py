"""The order journal as an Excel workbook («Журнал регистрации приказов»)."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.xlsx import (
    HEADER_FILL,
    XLSX_CONTENT_TYPE,
    set_column_widths,
    text_cell,
    thin_border,
    workbook_bytes,
)

from .models import Order

__all__ = ["HEADERS", "XLSX_CONTENT_TYPE", "journal_xlsx"]

HEADERS = ("№", "Дата", "Заголовок", "Подписал", "Исполнитель", "Статус")
WIDTHS = (14, 12, 70, 28, 32, 16)
_BORDER = thin_border()
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(ws, row: int, column: int, value):
    """A cell; a text Excel would read as a formula stays text (quote prefix)."""
    cell = text_cell(ws, row, column, value)
    cell.alignment = _WRAP
    cell.border = _BORDER
    return cell


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
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Приказы"
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    header_row = 3
    for column, header in enumerate(HEADERS, start=1):
        cell = _cell(ws, header_row, column, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    set_column_widths(ws, WIDTHS)
    row = header_row
    for order in orders:
        row += 1
        for column, value in enumerate(journal_row(order), start=1):
            cell = _cell(ws, row, column, value)
            if column == 2 and value is not None:
                cell.number_format = "DD.MM.YYYY"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{max(row, header_row)}"
    return workbook_bytes(workbook)
