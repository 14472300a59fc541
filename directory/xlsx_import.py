"""The directory workbook: the blank template and the reader of a filled one.

Pure: openpyxl and the standard library only, no database. The reader turns a workbook into plain
dicts and a list of problems, each pointing at a sheet, an Excel row (1-based, as the user sees it)
and a column heading. Whether an organization named on the «Сотрудники» sheet exists in the
directory is decided later, by the import service, which reports it the same way.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.imports import ImportProblem
from core.safezip import ZipTooLarge, check_zip, read_member
from core.xlsx import HEADER_FILL, workbook_bytes

ORGANIZATIONS_SHEET = "Организации"
PEOPLE_SHEET = "Сотрудники"
INSTRUCTIONS_SHEET = "Инструкция"
REQUIRED_SHEETS = (ORGANIZATIONS_SHEET, PEOPLE_SHEET)

DATE_HINT = "ДД.ММ.ГГГГ"
#: Rows read from one sheet at most; a district has a few thousand staff, not more.
MAX_ROWS = 10_000
#: What a directory workbook may unpack to, in all and one sheet: openpyxl scans a whole sheet when it
#: opens it; 10 000 rows of the template take a few MB.
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024
#: Rows of the template covered by the drop-down lists.
TEMPLATE_ROWS = 1000

NOT_XLSX_MESSAGE = (
    "Файл не похож на книгу Excel (.xlsx). Откройте его в Excel или LibreOffice и сохраните "
    "как «Книга Excel (.xlsx)», или скачайте шаблон и заполните его."
)

YES_WORDS = ("да", "д", "yes", "y", "+", "1", "true", "истина")
NO_WORDS = ("нет", "н", "no", "n", "-", "0", "false", "ложь")


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool = False
    max_length: int | None = None
    width: int = 20
    #: Other headings the column is recognised by (a sheet made before the template named it so).
    aliases: tuple[str, ...] = ()

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.heading, *self.aliases)


ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column("name", "Полное наименование", required=True, max_length=500, width=60),
    Column("short_name", "Краткое наименование", required=True, max_length=200, width=24),
    Column("kind", "Тип", width=34),
    Column("address", "Адрес", max_length=500, width=40),
    Column("phone", "Телефон", max_length=100, width=20),
    Column("email", "Email", max_length=254, width=30),
)

PEOPLE_COLUMNS: tuple[Column, ...] = (
    Column("last_name", "Фамилия", required=True, max_length=100, width=18),
    Column("first_name", "Имя", required=True, max_length=100, width=16),
    Column("patronymic", "Отчество", max_length=100, width=18),
    Column("position", "Должность", required=True, max_length=200, width=34),
    Column("organization", "Организация (краткое наименование)", required=True, max_length=200, width=26),
    Column("subjects", "Предметы (через запятую)", width=34),
    Column("category", "Квалификационная категория", width=32),
    Column("teaching_since", "Начало педагогической деятельности", width=22),
    Column("email", "Email", max_length=254, width=30),
    Column("phone", "Телефон", max_length=100, width=20),
    Column("is_head", "Руководитель (да/нет)", width=16),
    Column(
        "personal_number",
        "Табельный номер",
        max_length=50,
        width=18,
        aliases=("Личный номер", "СНИЛС", "Табельный номер или СНИЛС"),
    ),
    Column("birth_date", "Дата рождения", width=16),
    Column("education_institution", "Образование (учебное заведение)", max_length=300, width=34),
    Column("education_year", "Год окончания", width=12),
)

SUBJECT_MAX_LENGTH = 200

COLUMNS_BY_SHEET = {ORGANIZATIONS_SHEET: ORGANIZATION_COLUMNS, PEOPLE_SHEET: PEOPLE_COLUMNS}


def heading_of(sheet: str, key: str) -> str:
    """The column heading for a data key, e.g. ("Сотрудники", "position") → «Должность»."""
    for column in COLUMNS_BY_SHEET[sheet]:
        if column.key == key:
            return column.heading
    raise KeyError(key)


@dataclass
class ParsedWorkbook:
    organizations: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)


# --- Normalisation -----------------------------------------------------------------------------------


def clean_text(value: Any) -> str:
    """A cell as text: whitespace collapsed, whole numbers without «.0», dates as ДД.ММ.ГГГГ."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def name_key(value: str) -> str:
    """How names are compared: case, «ё» and repeated spaces do not matter."""
    return " ".join(value.replace("ё", "е").replace("Ё", "Е").split()).casefold()


def person_key(last_name: str, first_name: str, patronymic: str) -> str:
    return name_key(f"{last_name} {first_name} {patronymic}")


def _heading_key(value: Any) -> str:
    return name_key(clean_text(value))


def _heading_base(value: Any) -> str:
    """A heading without its parenthesised hint: «Предметы (через запятую)» → «предметы»."""
    return name_key(re.sub(r"\([^)]*\)", " ", clean_text(value)))


# --- Reading ------------------------------------------------------------------------------------------


def read_workbook(
    source: bytes | IO[bytes],
    *,
    kinds: Mapping[str, str],
    categories: Mapping[str, str],
    today: dt.date,
) -> ParsedWorkbook:
    """Parse a filled template. `kinds` and `categories` map stored values to their Russian labels."""
    result = ParsedWorkbook()
    data = source if isinstance(source, bytes) else source.read()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        result.errors.append(ImportProblem(NOT_XLSX_MESSAGE))
        return result
    try:
        # An archive bomb is refused before openpyxl unpacks anything.
        check_zip(data, max_total=MAX_UNPACKED_BYTES, max_member=MAX_PART_BYTES, verify=True)
        names = _sheet_names(data)
    except ZipTooLarge as exc:
        result.errors.append(ImportProblem(str(exc)))
        return result
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError, ElementTree.ParseError):
        result.errors.append(ImportProblem(NOT_XLSX_MESSAGE))
        return result
    missing = [name for name in REQUIRED_SHEETS if name_key(name) not in names]
    if missing:  # said before openpyxl opens (and scans) any sheet
        result.errors.extend(_missing_sheet(name) for name in missing)
        return result
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a zip that is not a workbook
        result.errors.append(ImportProblem(NOT_XLSX_MESSAGE))
        return result
    try:
        sheets = {name_key(ws.title): ws for ws in workbook.worksheets}
        missing = [name for name in REQUIRED_SHEETS if name_key(name) not in sheets]
        result.errors.extend(_missing_sheet(name) for name in missing)
        if missing:
            return result
        reader = _RowReader(kinds=kinds, categories=categories, today=today, errors=result.errors)
        result.organizations = reader.read_sheet(
            sheets[name_key(ORGANIZATIONS_SHEET)], ORGANIZATIONS_SHEET, ORGANIZATION_COLUMNS
        )
        result.people = reader.read_sheet(sheets[name_key(PEOPLE_SHEET)], PEOPLE_SHEET, PEOPLE_COLUMNS)
    except Exception:  # a damaged part inside a valid zip shows up only while reading the rows
        if not result.errors:
            result.errors.append(ImportProblem(NOT_XLSX_MESSAGE))
        return result
    finally:
        workbook.close()
    if not result.errors:
        _check_duplicates(result)
        if not result.organizations and not result.people:
            result.errors.append(
                ImportProblem(
                    f"в файле нет ни одной заполненной строки: заполните листы «{ORGANIZATIONS_SHEET}» "
                    f"и (или) «{PEOPLE_SHEET}», начиная со второй строки."
                )
            )
    return result


def _missing_sheet(name: str) -> ImportProblem:
    return ImportProblem(
        f"в книге нет листа «{name}». Скачайте шаблон: в нём листы "
        f"«{ORGANIZATIONS_SHEET}» и «{PEOPLE_SHEET}».",
    )


def _sheet_names(data: bytes) -> set[str]:
    """The workbook's sheet names (as name_key), read from xl/workbook.xml alone."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = read_member(archive, "xl/workbook.xml", limit=1024 * 1024)
    root = ElementTree.fromstring(xml)
    return {name_key(sheet.get("name", "")) for sheet in root.iter() if sheet.tag.endswith("}sheet")}


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class _RowReader:
    def __init__(self, *, kinds, categories, today: dt.date, errors: list[ImportProblem]):
        self.kinds = {name_key(label): value for value, label in kinds.items()}
        self.kinds.update({name_key(value): value for value in kinds})
        self.kind_labels = list(kinds.values())
        self.categories = {name_key(label): value for value, label in categories.items()}
        self.categories.update({name_key(value): value for value in categories})
        self.category_labels = list(categories.values())
        self.today = today
        self.errors = errors

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(ImportProblem(message, sheet=sheet, row=row, column=column))

    def read_sheet(self, ws, sheet: str, columns: tuple[Column, ...]) -> list[dict[str, Any]]:
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or not any(clean_text(v) for v in header):
            return []  # an empty sheet: nothing of this kind to import
        positions = self.match_columns(header, sheet, columns)
        if positions is None:
            return []
        records: list[dict[str, Any]] = []
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                self.problem(
                    sheet, number, None, f"слишком много строк: за один раз можно загрузить {MAX_ROWS}."
                )
                break
            cells = {
                column.key: (values[index] if index < len(values) else None)
                for column, index in positions.items()
            }
            if not any(clean_text(v) for v in cells.values()):
                continue  # empty rows are skipped
            record = self.read_row(sheet, number, columns, cells)
            if record is not None:
                records.append(record)
        return records

    def match_columns(self, header, sheet: str, columns: tuple[Column, ...]) -> dict[Column, int] | None:
        positions: dict[Column, int] = {}
        ok = True
        for index, value in enumerate(header):
            if not clean_text(value):
                continue
            for column in columns:
                if any(
                    _heading_key(value) == _heading_key(heading)
                    or _heading_base(value) == _heading_base(heading)
                    for heading in column.headings
                ):
                    if column in positions:
                        self.problem(
                            sheet,
                            1,
                            column.heading,
                            "этот столбец встречается дважды; оставьте один.",
                        )
                        ok = False
                    positions[column] = index
                    break
        for column in columns:
            if column.required and column not in positions:
                self.problem(
                    sheet,
                    None,
                    column.heading,
                    "нет такого столбца, а он обязателен. Заголовки должны быть в первой строке листа, "
                    "как в шаблоне.",
                )
                ok = False
        return positions if ok else None

    def read_row(self, sheet: str, row: int, columns: tuple[Column, ...], cells: dict[str, Any]):
        record: dict[str, Any] = {"row": row}
        errors_before = len(self.errors)
        for column in columns:
            if column.key not in cells:
                continue
            raw = cells[column.key]
            text = clean_text(raw)
            if not text:
                if column.required:
                    self.problem(sheet, row, column.heading, "поле не заполнено, а оно обязательно.")
                continue
            if column.max_length and len(text) > column.max_length:
                self.problem(
                    sheet,
                    row,
                    column.heading,
                    f"слишком длинное значение ({len(text)} симв.; "
                    f"допускается не больше {column.max_length}).",
                )
                continue
            value = self.convert(sheet, row, column, raw, text)
            if value is not None:
                record[column.key] = value
        if len(self.errors) > errors_before:
            return None
        if sheet == PEOPLE_SHEET:
            record.setdefault("patronymic", "")
            record.setdefault("is_head", False)
        return record

    def convert(self, sheet: str, row: int, column: Column, raw: Any, text: str):
        key = column.key
        if key == "kind":
            return self.choice(
                sheet, row, column, text, self.kinds, self.kind_labels, "неизвестный тип организации"
            )
        if key == "category":
            return self.choice(
                sheet, row, column, text, self.categories, self.category_labels, "неизвестная категория"
            )
        if key == "email":
            if not _EMAIL_RE.match(text):
                self.problem(sheet, row, column.heading, f"«{text}» — неправильный адрес электронной почты.")
                return None
            return text
        if key in ("teaching_since", "birth_date"):
            return self.date(sheet, row, column, raw, text)
        if key == "education_year":
            this_year = self.today.year
            if not (text.isdigit() and 1940 <= int(text) <= this_year):
                self.problem(
                    sheet, row, column.heading, f"«{text}» — год окончания: четыре цифры, до {this_year}."
                )
                return None
            return int(text)
        if key == "subjects":
            names: list[str] = []
            for part in re.split(r"[,;]", text):
                name = " ".join(part.split())
                if not name or name_key(name) in {name_key(n) for n in names}:
                    continue
                if len(name) > SUBJECT_MAX_LENGTH:
                    self.problem(
                        sheet, row, column.heading, f"слишком длинное название предмета «{name[:40]}…»."
                    )
                    return None
                names.append(name)
            return names or None
        if key == "is_head":
            if isinstance(raw, bool):
                return raw
            word = name_key(text)
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
            self.problem(sheet, row, column.heading, f"«{text}» — ожидается «да» или «нет».")
            return None
        return text

    def choice(self, sheet, row, column: Column, text: str, mapping, labels, what: str):
        value = mapping.get(name_key(text))
        if value is None:
            allowed = ", ".join(f"«{label}»" for label in labels)
            self.problem(sheet, row, column.heading, f"«{text}» — {what}. Допустимые значения: {allowed}.")
        return value

    def date(self, sheet, row, column: Column, raw: Any, text: str) -> dt.date | None:
        value: dt.date | None = None
        if isinstance(raw, dt.datetime):
            value = raw.date()
        elif isinstance(raw, dt.date):
            value = raw
        else:
            match = _DATE_RE.match(text)
            if match:
                day, month, year = (int(g) for g in match.groups())
                try:
                    value = dt.date(year, month, day)
                except ValueError:
                    value = None
        if value is None:
            self.problem(sheet, row, column.heading, f"«{text}» — не дата; ожидается {DATE_HINT}.")
            return None
        if value > self.today:
            self.problem(
                sheet,
                row,
                column.heading,
                f"«{value:%d.%m.%Y}» — дата в будущем; укажите уже наступившую дату.",
            )
            return None
        if value.year < 1900:
            self.problem(sheet, row, column.heading, f"«{text}» — слишком ранняя дата; проверьте год.")
            return None
        return value


def _check_duplicates(result: ParsedWorkbook) -> None:
    """Within the file: unique organization names, unique people per organization, one head each."""
    sheet = ORGANIZATIONS_SHEET
    seen_short: dict[str, int] = {}
    seen_full: dict[str, int] = {}
    for record in result.organizations:
        for key, seen in (("short_name", seen_short), ("name", seen_full)):
            value = record[key]
            first = seen.setdefault(name_key(value), record["row"])
            if first != record["row"]:
                result.errors.append(
                    ImportProblem(
                        f"«{value}» уже встречается в строке {first}; наименования не должны повторяться.",
                        sheet=sheet,
                        row=record["row"],
                        column=heading_of(sheet, key),
                    )
                )

    sheet = PEOPLE_SHEET
    seen_people: dict[tuple[str, str], int] = {}
    seen_heads: dict[str, int] = {}
    for record in result.people:
        org = name_key(record["organization"])
        who = person_key(record["last_name"], record["first_name"], record["patronymic"])
        first = seen_people.setdefault((org, who), record["row"])
        if first != record["row"]:
            full_name = " ".join(
                p for p in (record["last_name"], record["first_name"], record["patronymic"]) if p
            )
            result.errors.append(
                ImportProblem(
                    f"«{full_name}» в организации «{record['organization']}» уже есть в строке {first}.",
                    sheet=sheet,
                    row=record["row"],
                    column=heading_of(sheet, "last_name"),
                )
            )
        if record.get("is_head"):
            first = seen_heads.setdefault(org, record["row"])
            if first != record["row"]:
                result.errors.append(
                    ImportProblem(
                        f"руководитель организации «{record['organization']}» уже указан в строке {first}; "
                        "у организации может быть только один руководитель.",
                        sheet=sheet,
                        row=record["row"],
                        column=heading_of(sheet, "is_head"),
                    )
                )


# --- The template --------------------------------------------------------------------------------------


_HEADER_FONT = Font(bold=True)
_EXAMPLE_FONT = Font(italic=True, color="555555")


def build_template(
    *, kind_labels: Iterable[str], category_labels: Iterable[str], example_date: dt.date
) -> bytes:
    """The blank workbook users fill in: two data sheets with one example row each, and instructions."""
    kind_labels = list(kind_labels)
    category_labels = list(category_labels)
    workbook = Workbook()
    orgs = workbook.active
    orgs.title = ORGANIZATIONS_SHEET
    _header(orgs, ORGANIZATION_COLUMNS)
    orgs.append(
        [
            "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»",
            "СОШ № 5",
            "Школа" if "Школа" in kind_labels else kind_labels[0],
            "ул. Школьная, д. 5",
            "+7 (900) 000-00-05",
            "school5@example.ru",
        ]
    )
    _style_example(orgs)
    _list_validation(orgs, ORGANIZATION_COLUMNS, "kind", kind_labels, "Тип организации")

    people = workbook.create_sheet(PEOPLE_SHEET)
    _header(people, PEOPLE_COLUMNS)
    people.append(
        [
            "Смирнова",
            "Анна",
            "Петровна",
            "Учитель русского языка и литературы",
            "СОШ № 5",
            "Русский язык, Литература",
            "первая" if "первая" in category_labels else category_labels[0],
            example_date,
            "smirnova@example.ru",
            "+7 (900) 000-00-06",
            "нет",
            "000123",
            dt.date(1990, 3, 15),
            "КубГУ, филологический факультет",
            2012,
        ]
    )
    _style_example(people)
    date_letter = get_column_letter(_index_of(PEOPLE_COLUMNS, "teaching_since") + 1)
    people.column_dimensions[date_letter].number_format = "DD.MM.YYYY"
    people[f"{date_letter}2"].number_format = "DD.MM.YYYY"
    people[f"{date_letter}1"].comment = Comment(
        f"Дата в формате {DATE_HINT}, например 01.09.2023. По ней определяется молодой специалист.",
        "Методкабинет",
    )
    birth_letter = get_column_letter(_index_of(PEOPLE_COLUMNS, "birth_date") + 1)
    people.column_dimensions[birth_letter].number_format = "DD.MM.YYYY"
    people[f"{birth_letter}2"].number_format = "DD.MM.YYYY"
    people[f"{birth_letter}1"].comment = Comment(
        f"Необязательно. Дата в формате {DATE_HINT}. Помогает узнать сотрудника, перешедшего "
        "в другую школу, и найти дубликаты.",
        "Методкабинет",
    )
    number_letter = get_column_letter(_index_of(PEOPLE_COLUMNS, "personal_number") + 1)
    people.column_dimensions[number_letter].number_format = "@"  # text: leading zeros stay
    people[f"{number_letter}2"].number_format = "@"
    people[f"{number_letter}1"].comment = Comment(
        "Необязательно. Номер, который не повторяется в районе и не меняется при переходе в другую "
        "школу (табельный номер централизованной бухгалтерии или СНИЛС). По нему сотрудник находится "
        "при повторной загрузке, даже если сменил школу или фамилию.",
        "Методкабинет",
    )
    _list_validation(people, PEOPLE_COLUMNS, "category", category_labels, "Квалификационная категория")
    _list_validation(people, PEOPLE_COLUMNS, "is_head", ["да", "нет"], "Руководитель")

    help_sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    help_sheet.column_dimensions["A"].width = 120
    for number, line in enumerate(_instructions(kind_labels, category_labels), start=1):
        cell = help_sheet.cell(row=number, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1:
            cell.font = Font(bold=True, size=14)

    return workbook_bytes(workbook)


def _index_of(columns: tuple[Column, ...], key: str) -> int:
    return next(i for i, c in enumerate(columns) if c.key == key)


def _header(ws, columns: tuple[Column, ...]) -> None:
    ws.append([c.heading for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = _HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"


def _style_example(ws) -> None:
    for cell in ws[2]:
        cell.font = _EXAMPLE_FONT


def _list_validation(ws, columns, key: str, values: list[str], title: str) -> None:
    formula = ",".join(values)
    # Excel limits an inline list to 255 characters, and a comma would split a value.
    assert len(formula) <= 250 and not any("," in v for v in values), "list too long for inline validation"
    validation = DataValidation(
        type="list",
        formula1=f'"{formula}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error="Выберите значение из списка.",
        promptTitle=title,
        prompt="Выберите значение из списка.",
    )
    letter = get_column_letter(_index_of(columns, key) + 1)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(validation)


def _instructions(kind_labels: list[str], category_labels: list[str]) -> list[str]:
    return [
        "Как заполнить шаблон справочника",
        "",
        f"1. Лист «{ORGANIZATIONS_SHEET}»: одна строка — одна организация. Обязательны «Полное наименование» "
        "и «Краткое наименование». Краткое наименование не должно повторяться: по нему организация "
        "находится в справочнике при повторной загрузке и по нему на неё ссылаются сотрудники.",
        f"2. «Тип» выбирается из списка: {', '.join(kind_labels)}. Если тип не указан, новая организация "
        "считается школой.",
        f"3. Лист «{PEOPLE_SHEET}»: одна строка — один сотрудник. Обязательны «Фамилия», «Имя», "
        "«Должность» и «Организация (краткое наименование)». Организация должна быть на листе "
        f"«{ORGANIZATIONS_SHEET}» этого файла или уже в справочнике.",
        "4. «Предметы» перечисляются через запятую: «Математика, Информатика». Новые предметы добавятся "
        "в справочник предметов.",
        f"5. «Квалификационная категория» выбирается из списка: {', '.join(category_labels)}.",
        f"6. «Начало педагогической деятельности» — дата в формате {DATE_HINT} (например, 01.09.2023), "
        "не позже сегодняшнего дня. По ней определяется молодой специалист.",
        "7. «Руководитель (да/нет)»: «да» — у одного сотрудника организации; он станет её руководителем. "
        "«нет» или пустая ячейка не меняют руководителя.",
        "8. Вторая строка каждого листа — пример. Замените её своими данными или удалите.",
        "9. Пустые строки пропускаются. Порядок столбцов можно менять, лишние столбцы не читаются, "
        "но заголовки должны оставаться в первой строке.",
        "10. Повторная загрузка не создаёт дубликатов, а обновляет справочник: организации находятся по "
        "краткому наименованию, сотрудники — по «Табельному номеру», если он указан, иначе по организации "
        "и Ф.И.О. Пустая ячейка не стирает уже сохранённое значение.",
        "11. «Табельный номер» и «Дата рождения» необязательны. Сотрудник, перешедший в другую школу, "
        "находится по табельному номеру (или по Ф.И.О. и дате рождения) и переводится в новую школу "
        "со всей историей; новая карточка не создаётся. Один человек — одна строка файла: повтор "
        "табельного номера или одинаковые Ф.И.О. и дата рождения в двух организациях — ошибка.",
        "12. Сотрудники школ из файла, которых в файле нет, не удаляются: сайт покажет их списком "
        "«Нет в файле», чтобы вы решили, что с ними делать.",
        "13. Перед сохранением сайт покажет, кто будет добавлен, что изменится (было → стало), кто "
        "переходит в другую школу и кого нет в файле. Если в файле есть ошибки, ничего не сохраняется, "
        "а в списке ошибок указаны лист, строка и столбец.",
    ]
