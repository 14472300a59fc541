"""A campaign's results as the district keeps them: JSON for programs, XLSX in the offices' layout.

`results.campaign_table` reads everything in a constant number of queries (indicators, submissions, answers);
computed indicators are evaluated per row with monitoring.formulas, and the district totals follow
each indicator's aggregate: sum, mean, share of «да» (per cent), or the formula over the district sums.
"""

from __future__ import annotations

from copy import copy
from typing import Any, BinaryIO

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from core.xlsx import StreamedWorkbook, thin_border

from . import formulas
from .models import Campaign, Indicator
from .results import CampaignTable, campaign_table

TOTAL_LABEL = "Итого по району"
#: Columns whose «Итого» cell is the district sum (or a formula over sums): a formula may refer to them.
_SUMMED = (Indicator.Aggregate.SUM, Indicator.Aggregate.FORMULA)


def _json_value(indicator: Indicator, value: Any) -> Any:
    if indicator.kind == Indicator.Kind.YESNO and isinstance(value, bool):
        return "да" if value else "нет"
    return value


def export_json(campaign: Campaign) -> dict[str, Any]:
    """The contract: {"title", "indicators": [{"code", "name", "kind"}], "rows": [{"organization",
    "values"}], "totals"}."""
    table = campaign_table(campaign)
    return {
        "title": campaign.title,
        "indicators": [{"code": i.code, "name": i.full_name, "kind": i.kind} for i in table.indicators],
        "rows": [
            {
                "organization": name,
                "values": {i.code: _json_value(i, values.get(i.code)) for i in table.indicators},
            }
            for name, values in table.rows
        ],
        "totals": table.totals,
    }


def _xlsx_value(indicator: Indicator, value: Any) -> Any:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):  # a file indicator: {"evidence": id, "name": …}
        return value.get("name") or str(value)
    return value


def export_xlsx(campaign: Campaign, file: BinaryIO, states: tuple[str, ...] | None = None) -> int:
    """Write the summary workbook into `file`; returns the number of organization rows.

    `states` limits the rows to submissions in those states (the results page exports what it counts).
    """
    return write_xlsx(campaign_table(campaign, states), file)


def write_xlsx(table: CampaignTable, file: BinaryIO) -> int:
    """The workbook of a table read by campaign_table (no queries)."""
    indicators = table.indicators
    first = 3  # columns A (№) and B (organization) come first
    letters = {i.code: get_column_letter(first + n) for n, i in enumerate(indicators)}
    two_levels = any(i.section_id for i in indicators)

    book = StreamedWorkbook()
    frame = thin_border()
    book.add_header_style("mon_head", frame)
    book.add_style("mon_cell", border=frame, alignment=Alignment(vertical="top", wrap_text=True))
    book.add_style("mon_total", font=Font(bold=True), border=frame)
    header_rows = 2 if two_levels else 1
    sheet = book.sheet(
        "Сводная",
        widths=[6, 40, *([18] * len(indicators))],
        freeze=f"C{2 + header_rows + 1}",
        print_title_rows=f"2:{1 + header_rows}",
    )
    sheet.append([book.cell(table.campaign.title, "")])
    if len(indicators) + 2 > 1:
        sheet.merge(1, len(indicators) + 2)

    top = ["№ п/п", "Наименование организации"]
    bottom = ["", ""]
    runs: list[tuple[int, int]] = []  # columns of each section's heading
    for n, indicator in enumerate(indicators):
        column = first + n
        if indicator.section_id:
            if n and indicators[n - 1].section_id == indicator.section_id:
                top.append("")
                runs[-1] = (runs[-1][0], column)
            else:
                top.append(indicator.section.title)
                runs.append((column, column))
            bottom.append(indicator.name)
        else:
            top.append(indicator.name)
            bottom.append("")
    top_row = sheet.append_values(top, "mon_head", height=30)
    if two_levels:
        for start, end in runs:
            if end > start:
                sheet.merge(start, end, top_row)
        sheet.append_values(bottom, "mon_head", height=45)
        grouped = {c for start, end in runs for c in range(start, end + 1)}
        for column in range(1, len(top) + 1):
            if column not in grouped:
                sheet.merges.append(
                    CellRange(min_col=column, min_row=top_row, max_col=column, max_row=top_row + 1)
                )

    first_data = sheet.row + 1
    for number, (name, values) in enumerate(table.rows, start=1):
        row_index = sheet.row + 1
        cells: list[Any] = [number, name]
        for indicator in indicators:
            if indicator.is_computed and indicator.formula:
                cells.append(_formula_cell(book, sheet, indicator.formula, letters, row_index, "mon_cell"))
            else:
                cells.append(_xlsx_value(indicator, values.get(indicator.code)))
        sheet.append_values(cells, "mon_cell")
    last_data = sheet.row

    total_index = sheet.row + 1
    cells = ["", TOTAL_LABEL]
    for indicator in indicators:
        letter = letters[indicator.code]
        total = table.totals.get(indicator.code)
        if table.rows and indicator.aggregate == Indicator.Aggregate.SUM:
            cells.append(
                _excel_formula(book, sheet, f"=SUM({letter}{first_data}:{letter}{last_data})", "mon_total")
            )
        elif (
            table.rows
            and indicator.aggregate == Indicator.Aggregate.FORMULA
            and indicator.formula
            and all(_aggregate_of(indicators, code) in _SUMMED for code in formulas.codes(indicator.formula))
        ):
            cells.append(_formula_cell(book, sheet, indicator.formula, letters, total_index, "mon_total"))
        else:
            cells.append(_xlsx_value(indicator, total))
    sheet.append_values(cells, "mon_total")
    book.save(file)
    return len(table.rows)


def _aggregate_of(indicators: list[Indicator], code: str) -> str | None:
    for indicator in indicators:
        if indicator.code == code:
            return indicator.aggregate
    return None


def _excel_formula(book: StreamedWorkbook, sheet, text: str, style: str) -> WriteOnlyCell:
    """A real formula cell (the safe-text helper would quote it: formulas are written only from here)."""
    cell = WriteOnlyCell(sheet.ws, text)
    cell._style = copy(book._array(sheet.ws, style, False))
    return cell


def _formula_cell(book, sheet, formula: str, letters: dict[str, str], row: int, style: str) -> WriteOnlyCell:
    excel = formulas.to_excel(formula, letters, row)
    if "/" in excel:
        # A row whose divisor is empty or 0 shows an empty cell, as the site does.
        excel = f'=IFERROR({excel[1:]},"")'
    return _excel_formula(book, sheet, excel, style)
