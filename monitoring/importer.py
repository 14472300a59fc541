"""Reading the district's summary sheet (rows = schools, columns = indicators) into a monitoring.

The header is one or two rows: a heading merged over several columns is a group (a section), and the
indicator under it is named «Группа: показатель». Kinds are guessed from the values: whole numbers,
decimals, да/нет, links, else text; a column whose cells are Excel formulas over cells of the same row
becomes a computed indicator with the formula over codes (monitoring.formulas). The «Итого»/«Всего» row
is the district total, not a school. School names are matched with directory.matching; an unmatched
name refuses the whole file with its row number. All or nothing: `import_summary` saves in one
transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.imports import ImportProblem, ImportRejected, rejected, size_problems
from core.safezip import ZipTooLarge, check_zip
from directory.matching import OrganizationMatcher
from directory.models import Organization

from . import formulas
from .models import Answer, Campaign, Indicator, MonitoringForm, Section, Submission

NOT_XLSX_MESSAGE = (
    "Файл не похож на книгу Excel (.xlsx). Откройте его в Excel или LibreOffice и сохраните "
    "как «Книга Excel (.xlsx)»."
)
NO_TABLE_MESSAGE = (
    "В книге не найдена сводная таблица: нужна строка заголовков (первый столбец — наименование "
    "организации, дальше — показатели) и под ней строки организаций."
)
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 15
MAX_ROWS = 5000
MAX_COLUMNS = 300
_TOTAL_RE = re.compile(r"^\s*(итого|всего)\b", re.IGNORECASE)
_NUMBER_COLUMN_RE = re.compile(r"^№\s*(п\s*/\s*п)?\.?$", re.IGNORECASE)
_LINK_RE = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_YES = {"да", "yes", "+"}
_NO = {"нет", "no", "-"}


@dataclass
class ParsedIndicator:
    column: int
    code: str
    name: str
    group: str = ""
    kind: str = Indicator.Kind.TEXT
    formula: str = ""


@dataclass
class ParsedRow:
    row: int
    name: str
    values: dict[str, Any]


@dataclass
class ParsedSummary:
    sheet: str
    title: str
    indicators: list[ParsedIndicator]
    rows: list[ParsedRow]
    total_row: int | None = None
    groups: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def open_workbook(data: bytes):
    """An uploaded .xlsx opened safely (size, zip bomb, not a workbook); ImportRejected in Russian."""
    problems = size_problems(len(data), advice="Разделите таблицу на несколько файлов.")
    if problems:
        raise ImportRejected(problems)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise rejected(NOT_XLSX_MESSAGE)
    try:
        check_zip(data, max_total=MAX_UNPACKED_BYTES, verify=True)
    except ZipTooLarge as exc:
        raise rejected(str(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise rejected(NOT_XLSX_MESSAGE) from exc
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on a zip that is not a workbook
        raise rejected(NOT_XLSX_MESSAGE) from exc


def parse_summary(data: bytes) -> ParsedSummary:
    """The summary table of the first sheet that has one; ImportRejected with Russian problems."""
    workbook = open_workbook(data)
    try:
        for ws in workbook.worksheets:
            parsed = _parse_sheet(ws)
            if parsed is not None:
                return parsed
    finally:
        workbook.close()
    raise rejected(NO_TABLE_MESSAGE)


def _merged_value(ws, merges: dict[tuple[int, int], tuple[int, int, int, int]], row: int, column: int) -> str:
    bounds = merges.get((row, column))
    if bounds:
        return _text(ws.cell(bounds[0], bounds[1]).value)
    return _text(ws.cell(row, column).value)


def _parse_sheet(ws) -> ParsedSummary | None:
    if ws.max_row > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise rejected(
            f"На листе «{ws.title}» больше {MAX_ROWS} строк: разделите таблицу на несколько файлов."
        )
    last_column = min(ws.max_column, MAX_COLUMNS)
    merges: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    wide: set[int] = set()  # rows with a heading merged across several columns
    for merged in ws.merged_cells.ranges:
        bounds = (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        if merged.max_col > merged.min_col:
            wide.update(range(merged.min_row, merged.max_row + 1))
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                merges[(row, column)] = bounds

    header_row = None
    title = ""
    for row in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1):
        filled = [c for c in range(1, last_column + 1) if _text(ws.cell(row, c).value)]
        if len(filled) >= 2:
            header_row = row
            break
        if filled and not title:
            title = _text(ws.cell(row, filled[0]).value)
    if header_row is None:
        return None
    top = [_merged_value(ws, merges, header_row, c) for c in range(1, last_column + 1)]
    two_levels = header_row in wide and any(
        _text(ws.cell(header_row + 1, c).value) for c in range(1, last_column + 1)
    )
    first_data = header_row + (2 if two_levels else 1)

    name_column = None
    indicators: list[ParsedIndicator] = []
    groups: list[str] = []
    for column in range(1, last_column + 1):
        head = top[column - 1]
        bounds = merges.get((header_row, column))
        grouped = two_levels and bounds is not None and bounds[3] > bounds[1]
        leaf = _text(ws.cell(header_row + 1, column).value) if grouped else ""
        if not head and not leaf:
            continue
        if name_column is None:
            if _NUMBER_COLUMN_RE.match(head):
                continue
            name_column = column
            continue
        if grouped:
            name, group = (leaf or head), (head if leaf else "")
        elif two_levels and (sub := _text(ws.cell(header_row + 1, column).value)) and sub != head:
            # A one-column heading with its own second-level text («Доля» over «Доля молодых, %»): a group
            # of one, so that neither text is lost (a heading merged down two rows has no text below).
            name, group = sub, head
        else:
            name, group = head, ""
        if group and group not in groups:
            groups.append(group)
        indicators.append(
            ParsedIndicator(column=column, code=f"p{len(indicators) + 1}", name=name, group=group)
        )
    if name_column is None or not indicators:
        return None

    raw_rows: list[tuple[int, str, dict[int, Any]]] = []
    total_row = None
    for row in range(first_data, ws.max_row + 1):
        name = _text(ws.cell(row, name_column).value)
        if not name:
            continue
        if _TOTAL_RE.match(name):
            total_row = row
            continue
        raw_rows.append((row, name, {i.column: _value(ws.cell(row, i.column)) for i in indicators}))
    if not raw_rows:
        raise rejected(f"На листе «{ws.title}» под заголовками нет ни одной строки организации.")

    letters = {get_column_letter(i.column): i.code for i in indicators}
    for indicator in indicators:
        _guess_kind(
            ws.title,
            indicator,
            [row for row, _name, _cells in raw_rows],
            [cells[indicator.column] for _row, _name, cells in raw_rows],
            letters,
        )
    rows = [
        ParsedRow(row=row, name=name, values={i.code: _convert(i, cells[i.column]) for i in indicators})
        for row, name, cells in raw_rows
    ]
    computed = {i.code: i.formula for i in indicators if i.formula}
    for parsed in rows:
        formulas.evaluate_all(computed, parsed.values, digits=4)
    return ParsedSummary(
        sheet=ws.title, title=title, indicators=indicators, rows=rows, total_row=total_row, groups=groups
    )


class _Formula(str):
    """The text of a formula cell (a text cell «=…» typed with a quote prefix stays a plain str)."""


def _value(cell) -> Any:
    if cell.data_type == "f" and isinstance(cell.value, str):
        return _Formula(cell.value)
    return cell.value


def _is_formula(value: Any) -> bool:
    return isinstance(value, _Formula)


def _guess_kind(
    sheet: str, indicator: ParsedIndicator, rows: list[int], values: list[Any], letters: dict[str, str]
) -> None:
    """The kind from the column's values; a column of formulas gets its formula over codes (every row's
    formula must say the same over its own row)."""
    present = [v for v in values if v is not None and _text(v) != ""]
    column = indicator.name if not indicator.group else f"{indicator.group}: {indicator.name}"
    formula_rows = [(row, v) for row, v in zip(rows, values, strict=True) if _is_formula(v)]
    if formula_rows:
        if len(formula_rows) != len(present):
            raise ImportRejected(
                [
                    ImportProblem(
                        "в одних строках формулы, в других — значения; оставьте что-то одно.",
                        sheet,
                        None,
                        column,
                    )
                ]
            )
        converted: dict[str, int] = {}
        for row, formula in formula_rows:
            try:
                converted.setdefault(formulas.from_excel(formula, letters, row), row)
            except formulas.FormulaError as exc:
                raise ImportRejected([ImportProblem(str(exc), sheet, row, column)]) from exc
        if len(converted) > 1:
            rows_named = ", ".join(str(row) for row in converted.values())
            raise ImportRejected(
                [
                    ImportProblem(
                        f"в строках {rows_named} разные формулы; нужна одна формула на столбец.",
                        sheet,
                        None,
                        column,
                    )
                ]
            )
        indicator.formula = next(iter(converted))
        share = "/" in indicator.formula and re.search(r"\*\s*100(\.0)?\s*$", indicator.formula)
        indicator.kind = Indicator.Kind.SHARE if share else Indicator.Kind.FORMULA
        return
    texts = [_text(v).casefold() for v in present]
    if not present:
        indicator.kind = Indicator.Kind.TEXT
    elif all(isinstance(v, bool) or t in _YES | _NO for v, t in zip(present, texts, strict=True)):
        indicator.kind = Indicator.Kind.YESNO
    elif all(_number(v) is not None for v in present):
        numbers = [_number(v) for v in present]
        whole = all(n == int(n) for n in numbers)
        indicator.kind = Indicator.Kind.NUMBER_INT if whole else Indicator.Kind.NUMBER_DEC
    elif all(_LINK_RE.match(_text(v)) for v in present):
        indicator.kind = Indicator.Kind.LINK
    else:
        indicator.kind = Indicator.Kind.TEXT


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    text = _text(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return float(text)
    return None


def _convert(indicator: ParsedIndicator, value: Any) -> Any:
    if value is None or _text(value) == "" or indicator.formula:
        return None
    kind = indicator.kind
    if kind == Indicator.Kind.YESNO:
        return value if isinstance(value, bool) else _text(value).casefold() in _YES
    if kind == Indicator.Kind.NUMBER_INT:
        return int(_number(value))
    if kind == Indicator.Kind.NUMBER_DEC:
        return _number(value)
    return _text(value)


_AGGREGATES = {
    Indicator.Kind.NUMBER_INT: Indicator.Aggregate.SUM,
    Indicator.Kind.NUMBER_DEC: Indicator.Aggregate.MEAN,
    Indicator.Kind.YESNO: Indicator.Aggregate.SHARE_YES,
    Indicator.Kind.SHARE: Indicator.Aggregate.FORMULA,
    Indicator.Kind.FORMULA: Indicator.Aggregate.FORMULA,
}


@dataclass
class ImportResult:
    campaign: Campaign
    indicators: int
    schools: int


@dataclass
class RowMatch:
    """A school row of the sheet and the directory organization it stands for (None: unmatched)."""

    row: ParsedRow
    organization: Any = None
    skipped: bool = False
    mapped: bool = False  # chosen by the user, not found by the name


def match_rows(parsed: ParsedSummary, mapping: dict[str, int | None] | None = None) -> list[RowMatch]:
    """Each row with its organization: the user's choice in `mapping` (name → organization id, None to
    skip the row) first, else the one directory.matching finds."""
    mapping = mapping or {}
    chosen_ids = {pk for pk in mapping.values() if pk is not None}
    chosen = Organization.objects.in_bulk(chosen_ids) if chosen_ids else {}
    matcher = OrganizationMatcher()
    matches = []
    for parsed_row in parsed.rows:
        if parsed_row.name in mapping:
            pk = mapping[parsed_row.name]
            if pk is None:
                matches.append(RowMatch(parsed_row, skipped=True, mapped=True))
            else:
                matches.append(RowMatch(parsed_row, chosen.get(pk), mapped=True))
        else:
            matches.append(RowMatch(parsed_row, matcher.match(parsed_row.name)))
    return matches


def import_summary(
    *,
    data: bytes,
    title: str = "",
    year: int,
    file_name: str = "",
    mapping: dict[str, int | None] | None = None,
) -> ImportResult:
    """Create the form, its sections and indicators, a closed campaign and one accepted submission per
    school; ImportRejected (nothing saved) when the file is not a summary or a school is not found.

    `mapping` (name in the sheet → organization id, None: leave the row out) settles the names the
    directory does not know; without it every name must be found."""
    parsed = parse_summary(data)
    problems: list[ImportProblem] = []
    matched: dict[int, tuple[ParsedRow, Any]] = {}
    for found in match_rows(parsed, mapping):
        parsed_row, organization = found.row, found.organization
        if found.skipped:
            continue
        if organization is None:
            problems.append(
                ImportProblem(
                    f"организация «{parsed_row.name}» не найдена в справочнике.", parsed.sheet, parsed_row.row
                )
            )
        elif organization.pk in matched:
            first = matched[organization.pk][0].row
            problems.append(
                ImportProblem(
                    f"«{parsed_row.name}» — та же организация, что в строке {first} "
                    f"({organization.short_name}).",
                    parsed.sheet,
                    parsed_row.row,
                )
            )
        else:
            matched[organization.pk] = (parsed_row, organization)
    if problems:
        raise ImportRejected(problems)
    if not matched:
        raise rejected("Не осталось ни одной организации: все строки пропущены.")

    title = (title or parsed.title or file_name.rsplit(".", 1)[0] or "Мониторинг").strip()[:300]
    now = timezone.now()
    with transaction.atomic():
        form = MonitoringForm.objects.create(title=title, year=year)
        sections = {
            group: Section.objects.create(form=form, position=position, title=group[:500])
            for position, group in enumerate(parsed.groups, start=1)
        }
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    form=form,
                    section=sections.get(p.group),
                    position=position,
                    code=p.code,
                    name=p.name[:500],
                    kind=p.kind,
                    formula=p.formula,
                    aggregate=_AGGREGATES.get(p.kind, Indicator.Aggregate.NONE),
                )
                for position, p in enumerate(parsed.indicators, start=1)
            ]
        )
        campaign = Campaign.objects.create(
            form=form,
            # «… за 2025-2026 уч. г.» unless the sheet's title already names the year.
            title=(title if form.year_label in title else f"{title} за {form.year_label} уч. г.")[:300],
            audience=Campaign.Audience.SCHOOLS,
            status=Campaign.Status.CLOSED,
        )
        submissions = Submission.objects.bulk_create(
            [
                Submission(
                    campaign=campaign,
                    organization=organization,
                    state=Submission.State.ACCEPTED,
                    submitted_at=now,
                    reviewed_at=now,
                    review_comment=f"Загружено из сводной таблицы, строка {parsed_row.row}.",
                )
                for parsed_row, organization in matched.values()
            ]
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    submission=submission, indicator=indicator, value=parsed_row.values.get(indicator.code)
                )
                for submission, (parsed_row, _org) in zip(submissions, matched.values(), strict=True)
                for indicator in indicators
                if parsed_row.values.get(indicator.code) is not None
            ],
            batch_size=2000,
        )
    return ImportResult(campaign=campaign, indicators=len(indicators), schools=len(submissions))
