"""The blank form as an Excel workbook: a school fills it offline and uploads it back.

The workbook lists the form's indicators one per row (section, code, name, how to fill it, required,
help, the current value) with the column «Значение» to fill; yes/no and one-of-a-list indicators get a
drop-down list (Excel's data validation), computed ones say they are computed. Reading it back, the
values are found by code and go through the same checks and the same draft save as the web form
(services.check_input and services.answers_save): any error, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.http import QueryDict
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.imports import rejected
from core.xlsx import StreamedWorkbook, thin_border

from . import services
from .importer import open_workbook
from .models import Indicator, Submission

Kind = Indicator.Kind

HEADINGS = (
    "Раздел",
    "Код",
    "Показатель",
    "Как заполнять",
    "Обязательный",
    "Подсказка",
    "Значение",
    "Примечание",
)
CODE_HEADING, VALUE_HEADING, NOTE_HEADING = "Код", "Значение", "Примечание"
VALUE_COLUMN = HEADINGS.index(VALUE_HEADING) + 1
HEADER_ROW = 3
MARK_RE = re.compile(r"Бланк мониторинга №\s*(\d+)")
LIST_SEPARATOR = ";"
_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")

NOT_A_BLANK = (
    "В файле не найден бланк: нет строки заголовков со столбцами «Код» и «Значение». "
    "Скачайте бланк на этой странице заново и заполните столбец «Значение»."
)


def kind_hint(indicator: Indicator) -> str:
    """How to fill the indicator's cell, in the user's words."""
    if indicator.is_computed:
        return f"вычисляется ({indicator.formula}), не заполняйте"
    hints = {
        Kind.NUMBER_INT: "целое число",
        Kind.NUMBER_DEC: "число (можно дробное)",
        Kind.YESNO: "«да» или «нет» (выберите из списка)",
        Kind.CHOICE: "один вариант из списка",
        Kind.MULTICHOICE: "варианты через «;»: " + "; ".join(indicator.choices),
        Kind.TEXT: "текст",
        Kind.DATE: "дата ДД.ММ.ГГГГ",
        Kind.LINK: "ссылка http:// или https://",
        Kind.FILE: "файл — приложите его на сайте, здесь не заполняется",
    }
    hint = hints.get(indicator.kind, indicator.get_kind_display())
    limits = []
    if indicator.min_value is not None:
        limits.append(f"не меньше {services._fmt(indicator.min_value)}")
    if indicator.max_value is not None:
        limits.append(f"не больше {services._fmt(indicator.max_value)}")
    return f"{hint}, {' '.join(limits)}" if limits else hint


def cell_text(indicator: Indicator, value) -> object:
    """A stored answer as the blank shows it (numbers stay numbers)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return services.YES if value else services.NO
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(str(v) for v in value)
    if isinstance(value, dict):  # a file: its name
        return value.get("name") or ""
    if indicator.kind == Kind.DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return value


def current_values(submission: Submission, indicators: list[Indicator]) -> tuple[dict, dict]:
    """code → the saved value (or the directory's prefill), code → the saved note."""
    answers = {a.indicator_id: a for a in submission.answers.all()}
    prefill = (
        {}
        if submission.is_personal
        else services.prefill_for(indicators, submission.organization_id, submission.campaign.form.year)
    )
    values, notes = {}, {}
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        values[indicator.code] = answer.value if answer else prefill.get(indicator.code)
        notes[indicator.code] = answer.note if answer else ""
    values.update(
        {k: v for k, v in services.computed_values(indicators, values).items() if k in _computed(indicators)}
    )
    return values, notes


def _computed(indicators: list[Indicator]) -> set[str]:
    return {i.code for i in indicators if i.is_computed}


def blank_filename(submission: Submission) -> str:
    name = f"Бланк {submission.organization.short_name} — {submission.campaign.title}"
    return re.sub(r'[\\/:*?"<>|]+', "-", name)[:140] + ".xlsx"


def write_blank(submission: Submission, file) -> None:
    """Write the blank of one school's submission into an open binary file."""
    indicators = services.indicators_of(submission)
    values, notes = current_values(submission, indicators)
    book = StreamedWorkbook()
    border = thin_border()
    book.add_header_style("blank_head", border=border)
    book.add_style("blank_cell", border=border, alignment=Alignment(wrap_text=True, vertical="top"))
    book.add_style(
        "blank_input",
        border=border,
        fill=PatternFill("solid", fgColor="FFF2CC"),
        alignment=Alignment(wrap_text=True, vertical="top"),
    )
    book.add_style(
        "blank_computed",
        border=border,
        fill=PatternFill("solid", fgColor="EDEDED"),
        font=Font(italic=True, color="595959"),
        alignment=Alignment(wrap_text=True, vertical="top"),
    )
    book.add_style("blank_title", font=Font(bold=True, size=13))
    sheet = book.sheet(
        "Бланк", widths=(22, 14, 45, 28, 13, 35, 24, 30), freeze=f"A{HEADER_ROW + 1}", fit_width=True
    )
    lists = book.sheet("Списки")
    lists.ws.sheet_state = "hidden"

    campaign = submission.campaign
    sheet.append_values([f"{submission.organization.short_name}: {campaign.title}"], "blank_title", height=20)
    sheet.append(
        [
            f"Бланк мониторинга № {submission.pk}. Заполните жёлтый столбец «Значение» и загрузите файл "
            "на странице ответов («Загрузить заполненный бланк»). Не меняйте столбец «Код»."
        ]
    )
    sheet.append_values(HEADINGS, "blank_head", height=30)
    validations: dict[str, DataValidation] = {}
    for indicator in indicators:
        value = values.get(indicator.code)
        if indicator.is_computed and value is not None:
            value = round(value, 2)
        fixed = indicator.is_computed or indicator.kind == Kind.FILE
        row = sheet.append_values(
            [
                indicator.section.title if indicator.section_id else "",
                indicator.code,
                indicator.name,
                kind_hint(indicator),
                "да" if indicator.required else "",
                indicator.help_text,
                cell_text(indicator, value),
                "" if fixed else notes.get(indicator.code, ""),
            ],
            ["blank_cell"] * 6 + ["blank_computed" if fixed else "blank_input", "blank_cell"],
        )
        if fixed:
            continue
        cell = f"{get_column_letter(VALUE_COLUMN)}{row}"
        if indicator.kind == Kind.YESNO:
            key = "yesno"
            if key not in validations:
                validations[key] = DataValidation(type="list", formula1=f'"{services.YES},{services.NO}"')
            validations[key].add(cell)
        elif indicator.kind == Kind.CHOICE and indicator.choices:
            list_row = lists.append(list(indicator.choices))
            last = get_column_letter(len(indicator.choices))
            validation = DataValidation(type="list", formula1=f"'Списки'!$A${list_row}:${last}${list_row}")
            validations[indicator.code] = validation
            validation.add(cell)
    for validation in validations.values():
        validation.error = "Выберите значение из списка."
        validation.errorTitle = "Значение не из списка"
        validation.showErrorMessage = True
        validation.allow_blank = True
        sheet.ws.data_validations.append(validation)
    if not lists.row:
        lists.append([""])
    book.save(file)


# --- Reading it back ----------------------------------------------------------------------------------


@dataclass
class BlankResult:
    saved: bool = False
    submission: Submission | None = None
    errors: list[str] = field(default_factory=list)
    filled: int = 0


def _raw(value) -> str:
    """A cell's value as the web form would send it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return services.YES if value else services.NO
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = " ".join(str(value).split())
    if match := _DATE_RE.match(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def _find_header(ws) -> tuple[int, dict[str, int]] | None:
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 10)):
        columns = {str(c.value).strip(): c.column for c in row if isinstance(c.value, str)}
        if CODE_HEADING in columns and VALUE_HEADING in columns:
            return row[0].row, columns
    return None


def _mark(ws, header_row: int) -> int | None:
    for row in ws.iter_rows(min_row=1, max_row=header_row, values_only=True):
        for value in row:
            if isinstance(value, str) and (match := MARK_RE.search(value)):
                return int(match.group(1))
    return None


def read_blank(submission: Submission, data: bytes) -> tuple[QueryDict, dict[str, int], list[str]]:
    """The blank's values as the web form's data (indicators left out of the file keep their saved
    value), the row of each code, and the problems of the file itself (ImportRejected if unreadable)."""
    indicators = services.indicators_of(submission)
    workbook = open_workbook(data)
    try:
        ws = workbook["Бланк"] if "Бланк" in workbook.sheetnames else workbook.worksheets[0]
        found = _find_header(ws)
        if found is None:
            raise rejected(NOT_A_BLANK)
        header_row, columns = found
        mark = _mark(ws, header_row)
        if mark is not None and mark != submission.pk:
            return (
                QueryDict(),
                {},
                ["Это бланк другой организации или другого мониторинга. Скачайте бланк на этой странице."],
            )
        cells: dict[str, tuple[int, object, object]] = {}
        problems: list[str] = []
        by_code = {i.code: i for i in indicators}
        for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row):
            values = {c.column: c.value for c in row}
            code = _raw(values.get(columns[CODE_HEADING]))
            if not code:
                continue
            number = row[0].row
            if code not in by_code:
                problems.append(f"Строка {number}: показателя с кодом «{code}» в этой форме нет.")
            elif code in cells:
                problems.append(f"Строка {number}: показатель «{code}» уже есть в строке {cells[code][0]}.")
            else:
                note = values.get(columns[NOTE_HEADING]) if NOTE_HEADING in columns else None
                cells[code] = (number, values.get(columns[VALUE_HEADING]), note)
    finally:
        workbook.close()

    saved, notes = current_values(submission, indicators)
    form = QueryDict(mutable=True)
    for indicator in indicators:
        if indicator.is_computed or indicator.kind == Kind.FILE:
            continue
        name, note_name = services.field_name(indicator), services.note_name(indicator)
        if indicator.code in cells:
            _row, value, note = cells[indicator.code]
            raw = _raw(value)
            if indicator.kind == Kind.MULTICHOICE:
                form.setlist(name, [part.strip() for part in raw.split(LIST_SEPARATOR) if part.strip()])
            else:
                form[name] = raw
            form[note_name] = _raw(note) if NOTE_HEADING in columns else notes[indicator.code]
        else:
            value = saved.get(indicator.code)
            if indicator.kind == Kind.MULTICHOICE:
                form.setlist(name, list(value or []))
            else:
                form[name] = _raw(cell_text(indicator, value))
            form[note_name] = notes[indicator.code]
    return form, {code: cell[0] for code, cell in cells.items()}, problems


def blank_upload(*, user, submission: Submission, data: bytes, version: int | None) -> BlankResult:
    """Check every value of the filled blank and save them as the draft, or save nothing and list the
    errors («Строка 7 («Количество педагогов»): Введите целое число.»). ImportRejected for a file that is
    not a blank; the workflow's StaleSubmissionError / SubmissionLocked pass through."""
    form, rows, problems = read_blank(submission, data)
    indicators = services.indicators_of(submission)
    names = {i.code: i.name for i in indicators}
    if problems:
        checked = services.check_input(indicators, form, final=False)
        return BlankResult(errors=problems + _messages(checked.errors, rows, names))
    saved, checked = services.answers_save(user=user, submission=submission, data=form, version=version)
    if checked.errors:
        return BlankResult(errors=_messages(checked.errors, rows, names))
    return BlankResult(saved=True, submission=saved, filled=len(rows))


def _messages(errors: dict[str, str], rows: dict[str, int], names: dict[str, str]) -> list[str]:
    ordered = sorted(errors.items(), key=lambda item: rows.get(item[0], 10**9))
    return [
        f"Строка {rows[code]} («{names[code]}»): {message}" if code in rows else f"«{names[code]}»: {message}"
        for code, message in ordered
    ]
