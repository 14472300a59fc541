"""Building directory workbooks in tests, the way a methodist would fill one in Excel."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

ORG_HEADINGS = ["Полное наименование", "Краткое наименование", "Тип", "Адрес", "Телефон", "Email"]
PEOPLE_HEADINGS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Должность",
    "Организация (краткое наименование)",
    "Предметы (через запятую)",
    "Квалификационная категория",
    "Начало педагогической деятельности",
    "Email",
    "Телефон",
    "Руководитель (да/нет)",
    "Табельный номер",
    "Дата рождения",
    "Образование (учебное заведение)",
    "Год окончания",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(
    organizations=(),
    people=(),
    *,
    org_headings=ORG_HEADINGS,
    people_headings=PEOPLE_HEADINGS,
    sheets=("Организации", "Сотрудники"),
) -> bytes:
    """A workbook with the given rows under the given headings (row 1); rows are lists of cell values."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    content = {"Организации": (org_headings, organizations), "Сотрудники": (people_headings, people)}
    for title in sheets:
        ws = workbook.create_sheet(title)
        headings, rows = content.get(title, ([], []))
        if headings:
            ws.append(list(headings))
        for row in rows:
            ws.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def upload(data: bytes, name: str = "spravochnik.xlsx", content_type: str = XLSX) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def org_row(short_name, name=None, kind="Школа", address="", phone="", email=""):
    name = name or f"Муниципальное бюджетное общеобразовательное учреждение «{short_name}»"
    return [name, short_name, kind, address, phone, email]


def person_row(
    last_name,
    first_name,
    patronymic,
    position,
    organization,
    subjects="",
    category="",
    teaching_since="",
    email="",
    phone="",
    head="",
    personal_number="",
    birth_date="",
    education_institution="",
    education_year="",
):
    return [last_name, first_name, patronymic, position, organization, subjects, category, teaching_since,
            email, phone, head, personal_number, birth_date, education_institution,
            education_year]  # fmt: skip
