"""A campaign's results as the district keeps them: JSON for programs, XLSX in the offices' layout.

`results.campaign_table` reads everything in a constant number of queries (indicators, submissions, answers);
computed indicators are evaluated per row with monitoring.formulas, and the district totals follow
each indicator's aggregate: sum, mean, share of «да» (per cent), or the formula over the district sums.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from core.xlsx import Formula, StreamedWorkbook, thin_border

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
    book.add_style("mon_title", font=Font(bold=True, size=13))
    header_rows = 2 if two_levels else 1
    sheet = book.sheet(
        "Сводная",
        widths=[6, 40, *([18] * len(indicators))],
        freeze=f"C{2 + header_rows + 1}",
        print_title_rows=f"2:{1 + header_rows}",
    )
    sheet.append_values([table.campaign.title], "mon_title", height=22)
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
    # Per column: a formula (computed indicators) or the answer, converted only when not a plain
    # number or text; the row's formula texts are made once with a placeholder for the row number.
    templates = {
        n: _formula_template(indicator.formula, letters)
        for n, indicator in enumerate(indicators)
        if indicator.is_computed and indicator.formula
    }
    codes = [indicator.code for indicator in indicators]
    converted = [n for n, indicator in enumerate(indicators) if indicator.kind in _CONVERTED_KINDS]
    for number, (name, values) in enumerate(table.rows, start=1):
        row = list(map(values.get, codes))
        for n in converted:
            if type(row[n]) not in _AS_IS:
                row[n] = _xlsx_value(indicators[n], row[n])
        if not _AS_IS.issuperset(map(type, row)):  # a value of another kind than its column's (rare)
            row = [
                v if type(v) in _AS_IS else _xlsx_value(i, v) for i, v in zip(indicators, row, strict=True)
            ]
        if templates:
            row_index = str(sheet.row + 1)
            for n, template in templates.items():
                row[n] = Formula(template.replace(_ROW, row_index))
        sheet.append_values([number, name, *row], "mon_cell")
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


#: The row number's placeholder in a formula template (no formula text has a «#» of its own).
_ROW = "#"
#: Answers written as they are: numbers, texts, empty.
_AS_IS = frozenset({int, float, str, type(None)})
#: Kinds whose answers are written converted: «да»/«нет» for a bool, «a; b» for a list.
_CONVERTED_KINDS = (Indicator.Kind.YESNO, Indicator.Kind.MULTICHOICE)


def _excel_formula(book: StreamedWorkbook, sheet, text: str, style: str) -> Formula:
    """A real formula (the safe-text path would quote it: formulas are written only from here); the
    style is the row's (append_values)."""
    return Formula(text)


def _formula_template(formula: str, letters: dict[str, str]) -> str:
    """The Excel formula of a computed column with _ROW for the row number («=D#/C#*100»)."""
    excel = formulas.to_excel(formula, letters, _ROW)
    if "/" in excel:
        # A row whose divisor is empty or 0 shows an empty cell, as the site does.
        excel = f'=IFERROR({excel[1:]},"")'
    return excel


def _formula_cell(book, sheet, formula: str, letters: dict[str, str], row: int, style: str) -> Formula:
    return Formula(_formula_template(formula, letters).replace(_ROW, str(row)))
