"""Importing schools and staff from Excel: template, upload, preview, confirm — and files that go wrong."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from directory import services, xlsx_import
from directory.models import DirectoryImport, Organization, Person, Subject

from .workbooks import ORG_HEADINGS, PEOPLE_HEADINGS, org_row, person_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("directory:import_upload")


def _counts():
    return (
        Organization.objects.count(),
        Person.objects.count(),
        Subject.objects.count(),
        DirectoryImport.objects.count(),
    )


def _upload(client, data: bytes, name: str = "spravochnik.xlsx"):
    return client.post(UPLOAD_URL, {"file": upload(data, name)})


def _errors(response) -> list[str]:
    assert response.status_code == 200, "a refused file re-renders the upload page"
    return [str(p) for p in response.context["problems"]]


def _good_file() -> bytes:
    """One new school, an update of school A, a new head for the new school and a new teacher in A."""
    return workbook_bytes(
        [
            org_row("СОШ № 5", kind="школа", address="ул. Школьная, 5", email="school5@example.ru"),
            org_row(
                "СОШ № 1",
                name="Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»",
                phone="8 (800) 100-00-01",
            ),
        ],
        [
            person_row("Смирнова", "Анна", "Петровна", "Директор", "СОШ № 5", category="Высшая", head="да"),
            person_row(
                "Орлов",
                "Пётр",
                "",
                "Учитель физики",
                "сош № 5",
                subjects="Физика, Астрономия",
                teaching_since=dt.datetime(2024, 9, 2),  # noqa: DTZ001 - Excel dates are naive
            ),
            person_row(
                "Иванова",
                "Ольга",
                "Сергеевна",
                "Учитель математики и информатики",
                "СОШ № 1",
                subjects="Математика; Информатика",
                teaching_since="01.09.2025",
            ),
        ],
    )


# --- The template -----------------------------------------------------------------------------------


def test_methodist_downloads_a_template_with_both_sheets_and_instructions(methodist_client):
    response = methodist_client.get(reverse("directory:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Организации", "Сотрудники", "Инструкция"]
    orgs, people = workbook["Организации"], workbook["Сотрудники"]
    assert [c.value for c in orgs[1]] == ORG_HEADINGS
    assert [c.value for c in people[1]] == PEOPLE_HEADINGS
    for ws in (orgs, people):
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1])
        assert ws.column_dimensions["A"].width > 10
        assert ws.max_row == 2  # one example row
    kind_lists = [dv.formula1 for dv in orgs.data_validations.dataValidation]
    assert any(all(label in f for label in Organization.Kind.labels) for f in kind_lists)
    category_lists = [dv.formula1 for dv in people.data_validations.dataValidation]
    assert any(all(label in f for label in Person.Category.labels) for f in category_lists)
    instructions = " ".join(str(c.value or "") for c in workbook["Инструкция"]["A"])
    assert "ДД.ММ.ГГГГ" in instructions
    assert "Краткое наименование" in instructions


def test_the_filled_in_template_imports_its_example_rows(methodist_client):
    template = methodist_client.get(reverse("directory:import_template")).content
    workbook = load_workbook(io.BytesIO(template))
    people = workbook["Сотрудники"]
    people.append(["Кротов", "Илья", "", "Директор", "СОШ № 5", "", "высшая", "15.08.2005", "", "", "да"])
    stream = io.BytesIO()
    workbook.save(stream)

    response = _upload(methodist_client, stream.getvalue())
    assert response.status_code == 302, _errors(response)
    preview = methodist_client.get(response.url)
    assert preview.context["plan"].counts["organizations_created"] == 1
    assert preview.context["plan"].counts["people_created"] == 2

    methodist_client.post(reverse("directory:import_confirm", args=[preview.context["directory_import"].pk]))
    school = Organization.objects.get(short_name="СОШ № 5")
    assert school.kind == Organization.Kind.SCHOOL
    assert school.email == "school5@example.ru"
    smirnova = Person.objects.get(last_name="Смирнова")
    assert smirnova.organization == school
    assert smirnova.category == Person.Category.FIRST
    assert smirnova.teaching_since == dt.date(timezone.localdate().year - 1, 9, 1)
    assert sorted(s.name for s in smirnova.subjects.all()) == ["Литература", "Русский язык"]
    assert smirnova.personal_number == "000123"  # typed as text: the leading zeros stay
    assert smirnova.birth_date == dt.date(1990, 3, 15)
    assert school.head == Person.objects.get(last_name="Кротов")


def test_only_the_methodist_may_download_the_template(director_a_client, administrator_client):
    assert director_a_client.get(reverse("directory:import_template")).status_code == 403
    assert administrator_client.get(reverse("directory:import_template")).status_code == 403


# --- A good file ----------------------------------------------------------------------------------------


def test_good_file_is_previewed_with_counts_and_nothing_is_written_before_confirmation(
    methodist_client, district
):
    before = _counts()
    response = _upload(methodist_client, _good_file())
    assert response.status_code == 302
    directory_import = DirectoryImport.objects.get()
    assert response.url == reverse("directory:import_preview", args=[directory_import.pk])
    assert directory_import.status == DirectoryImport.Status.PENDING
    assert _counts()[:3] == before[:3]

    preview = methodist_client.get(response.url)
    assert preview.context["plan"].counts == {
        "organizations_created": 1,
        "organizations_updated": 1,
        "organizations_unchanged": 0,
        "people_created": 2,
        "people_updated": 1,
        "people_moved": 0,
        "people_unchanged": 0,
        "people_absent": 1,  # the director of school A is not in the file: listed, not deleted
    }
    html = preview.content.decode()
    assert "будет создана" in html
    assert "телефон" in html  # what changes in school A
    assert "Загрузить в справочник" in html


def test_confirmed_import_writes_organizations_people_subjects_and_heads(methodist_client, district):
    _upload(methodist_client, _good_file())
    directory_import = DirectoryImport.objects.get()
    response = methodist_client.post(
        reverse("directory:import_confirm", args=[directory_import.pk]), follow=True
    )
    assert (
        "Справочник обновлён. Организаций добавлено: 1, изменено: 1. Сотрудников добавлено: 2, изменено: 1."
        in response.content.decode()
    )

    school5 = Organization.objects.get(short_name="СОШ № 5")
    assert school5.address == "ул. Школьная, 5"
    assert school5.head == Person.objects.get(last_name="Смирнова", organization=school5)
    assert school5.head.category == Person.Category.HIGHEST
    orlov = Person.objects.get(last_name="Орлов")
    assert orlov.organization == school5
    assert orlov.teaching_since == dt.date(2024, 9, 2)
    assert sorted(s.name for s in orlov.subjects.all()) == ["Астрономия", "Физика"]

    school_a = Organization.objects.get(short_name="СОШ № 1")
    assert school_a.phone == "8 (800) 100-00-01"
    assert school_a.head == district["people"]["director_a"]  # no «да» for school A: head unchanged
    teacher_a = Person.objects.get(pk=district["people"]["teacher_a"].pk)
    assert teacher_a.position == "Учитель математики и информатики"
    assert teacher_a.teaching_since == dt.date(2025, 9, 1)
    assert sorted(s.name for s in teacher_a.subjects.all()) == ["Информатика", "Математика"]

    directory_import.refresh_from_db()
    assert directory_import.status == DirectoryImport.Status.APPLIED
    assert directory_import.applied_at is not None


def test_confirming_twice_does_not_duplicate_anything(methodist_client, district):
    _upload(methodist_client, _good_file())
    directory_import = DirectoryImport.objects.get()
    url = reverse("directory:import_confirm", args=[directory_import.pk])
    methodist_client.post(url)
    after_first = _counts()

    response = methodist_client.post(url, follow=True)
    assert _counts() == after_first
    assert "уже загружен в справочник" in response.content.decode()


def test_importing_the_same_file_again_updates_instead_of_duplicating(methodist_client, district):
    for _ in range(2):
        _upload(methodist_client, _good_file())
        directory_import = DirectoryImport.objects.filter(status=DirectoryImport.Status.PENDING).get()
        preview = methodist_client.get(reverse("directory:import_preview", args=[directory_import.pk]))
        methodist_client.post(reverse("directory:import_confirm", args=[directory_import.pk]))
    assert preview.context["plan"].counts["organizations_created"] == 0
    assert preview.context["plan"].counts["people_created"] == 0
    assert preview.context["plan"].counts["people_unchanged"] == 3
    assert "В файле нет изменений" in preview.content.decode()
    assert Organization.objects.filter(short_name="СОШ № 5").count() == 1
    assert Person.objects.filter(last_name="Орлов").count() == 1
    assert Subject.objects.filter(name="Физика").count() == 1


def test_columns_in_any_order_with_extra_columns_and_empty_rows_are_read(methodist_client, district):
    headings = ["Примечание", "Имя", "Фамилия", "Организация", "Должность", "Руководитель"]
    data = workbook_bytes(
        [],
        [
            ["любой текст", "Вера", "Белова", "СОШ № 2", "Учитель химии", "нет"],
            [None, None, None, None, None, None],
            ["", "Олег", "Серов", "СОШ № 2", "Учитель биологии", ""],
        ],
        people_headings=headings,
    )
    response = _upload(methodist_client, data)
    assert response.status_code == 302, _errors(response)
    plan = methodist_client.get(response.url).context["plan"]
    assert [(item.row, item.title) for item in plan.people] == [(2, "Белова Вера"), (4, "Серов Олег")]


def test_a_failure_while_applying_saves_nothing_and_tells_the_user(methodist_client, district, monkeypatch):
    _upload(methodist_client, _good_file())
    directory_import = DirectoryImport.objects.get()
    before = _counts()
    real_person_save = services.person_save
    calls = []

    def failing_person_save(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"position": ["Должность не подходит."]})
        return real_person_save(**kwargs)

    monkeypatch.setattr(services, "person_save", failing_person_save)
    response = methodist_client.post(
        reverse("directory:import_confirm", args=[directory_import.pk]), follow=True
    )
    html = response.content.decode()
    assert "Ничего не сохранено" in html
    assert "Лист «Сотрудники», строка 3, столбец «Должность»: Должность не подходит." in html
    assert _counts() == before
    assert not Organization.objects.filter(short_name="СОШ № 5").exists()
    assert Organization.objects.get(short_name="СОШ № 1").phone == ""
    directory_import.refresh_from_db()
    assert directory_import.status == DirectoryImport.Status.PENDING


# --- Broken files: reported by sheet, row and column; nothing is stored -----------------------------------


def test_impossible_date_is_reported_with_row_and_column(methodist_client, district):
    before = _counts()
    data = workbook_bytes(
        [org_row("СОШ № 5")],
        [
            person_row("Орлов", "Пётр", "", "Учитель", "СОШ № 5", teaching_since="01.09.2020"),
            person_row("Смирнова", "Анна", "", "Учитель", "СОШ № 5", teaching_since="31.02.2020"),
        ],
    )
    errors = _errors(_upload(methodist_client, data))
    assert errors == [
        "Лист «Сотрудники», строка 3, столбец «Начало педагогической деятельности»: "
        "«31.02.2020» — не дата; ожидается ДД.ММ.ГГГГ."
    ]
    assert _counts() == before


def test_date_in_the_future_is_an_error(methodist_client, district):
    before = _counts()
    data = workbook_bytes(
        [], [person_row("Орлов", "Пётр", "", "Учитель", "СОШ № 1", teaching_since="01.09.2999")]
    )
    errors = _errors(_upload(methodist_client, data))
    assert errors == [
        "Лист «Сотрудники», строка 2, столбец «Начало педагогической деятельности»: "
        "«01.09.2999» — дата в будущем; укажите уже наступившую дату."
    ]
    assert _counts() == before


def test_education_is_imported_and_a_wrong_year_is_named(methodist_client, district):
    before = _counts()
    bad = workbook_bytes(
        [],
        [
            person_row(
                "Орлов", "Пётр", "", "Учитель", "СОШ № 1", education_institution="КубГУ", education_year="20"
            )
        ],
    )
    errors = _errors(_upload(methodist_client, bad))
    assert len(errors) == 1 and errors[0].startswith(
        "Лист «Сотрудники», строка 2, столбец «Год окончания»: «20» — год окончания: четыре цифры"
    )
    assert _counts() == before
    good = workbook_bytes(
        [],
        [
            person_row(
                "Орлов", "Пётр", "", "Учитель", "СОШ № 1", education_institution="КубГУ", education_year=2024
            )
        ],
    )
    _upload(methodist_client, good)
    methodist_client.post(reverse("directory:import_confirm", args=[DirectoryImport.objects.get().pk]))
    orlov = Person.objects.get(last_name="Орлов")
    assert (orlov.education_institution, orlov.education_year) == ("КубГУ", 2024)


def test_unknown_kind_lists_the_allowed_values(methodist_client, district):
    before = _counts()
    data = workbook_bytes([org_row("СОШ № 5"), org_row("Гимназия № 1", kind="Гимназия")], [])
    (error,) = _errors(_upload(methodist_client, data))
    assert error.startswith("Лист «Организации», строка 3, столбец «Тип»: «Гимназия» — неизвестный тип")
    for label in Organization.Kind.labels:
        assert f"«{label}»" in error
    assert _counts() == before


def test_unknown_category_lists_the_allowed_values(methodist_client, district):
    data = workbook_bytes([], [person_row("Орлов", "Пётр", "", "Учитель", "СОШ № 1", category="вторая")])
    (error,) = _errors(_upload(methodist_client, data))
    assert error.startswith("Лист «Сотрудники», строка 2, столбец «Квалификационная категория»: «вторая»")
    assert "«высшая»" in error


def test_missing_required_column_is_named(methodist_client, district):
    before = _counts()
    headings = [h for h in PEOPLE_HEADINGS if h != "Должность"]
    data = workbook_bytes(
        [], [["Орлов", "Пётр", "", "СОШ № 1", "", "", "", "", "", ""]], people_headings=headings
    )
    (error,) = _errors(_upload(methodist_client, data))
    assert error.startswith("Лист «Сотрудники», столбец «Должность»: нет такого столбца, а он обязателен.")
    assert _counts() == before


def test_missing_required_value_is_reported_by_row_and_column(methodist_client, district):
    data = workbook_bytes([], [person_row("Орлов", "", "", "Учитель", "СОШ № 1")])
    assert _errors(_upload(methodist_client, data)) == [
        "Лист «Сотрудники», строка 2, столбец «Имя»: поле не заполнено, а оно обязательно."
    ]


def test_person_in_an_unknown_organization_is_reported_by_row_and_column(methodist_client, district):
    before = _counts()
    data = workbook_bytes(
        [org_row("СОШ № 5")],
        [
            person_row("Орлов", "Пётр", "", "Учитель", "СОШ № 5"),
            person_row("Серов", "Олег", "", "Учитель", "СОШ № 1"),
            person_row("Белова", "Вера", "", "Учитель", "СОШ № 99"),
        ],
    )
    (error,) = _errors(_upload(methodist_client, data))
    assert error.startswith(
        "Лист «Сотрудники», строка 4, столбец «Организация (краткое наименование)»: "
        "организации «СОШ № 99» нет"
    )
    assert _counts() == before


def test_duplicate_short_name_is_reported_on_the_second_row(methodist_client, district):
    before = _counts()
    data = workbook_bytes(
        [
            org_row("СОШ № 5", name="Школа пятая"),
            org_row("СОШ № 6"),
            org_row("сош  № 5", name="Школа пятая-бис"),
        ],
        [],
    )
    assert _errors(_upload(methodist_client, data)) == [
        "Лист «Организации», строка 4, столбец «Краткое наименование»: «сош № 5» уже встречается в строке 2; "
        "наименования не должны повторяться."
    ]
    assert _counts() == before


def test_full_name_of_another_organization_in_the_directory_is_refused(methodist_client, district):
    data = workbook_bytes([org_row("Школа 1", name=district["school_a"].name)], [])
    (error,) = _errors(_upload(methodist_client, data))
    assert error.startswith(
        "Лист «Организации», строка 2, столбец «Полное наименование»: организация «СОШ № 1»"
    )


def test_two_heads_of_one_organization_are_refused(methodist_client, district):
    data = workbook_bytes(
        [],
        [
            person_row("Орлов", "Пётр", "", "Директор", "СОШ № 1", head="да"),
            person_row("Серов", "Олег", "", "Директор", "СОШ № 1", head="Да"),
        ],
    )
    (error,) = _errors(_upload(methodist_client, data))
    assert error.startswith(
        "Лист «Сотрудники», строка 3, столбец «Руководитель (да/нет)»: руководитель организации"
    )


def test_bad_email_is_reported(methodist_client, district):
    data = workbook_bytes([org_row("СОШ № 5", email="school5@")], [])
    assert _errors(_upload(methodist_client, data)) == [
        "Лист «Организации», строка 2, столбец «Email»: «school5@» — неправильный адрес электронной почты."
    ]


def test_all_errors_of_a_file_are_listed_at_once(methodist_client, district):
    data = workbook_bytes(
        [org_row("СОШ № 5", kind="Лицей")],
        [
            person_row("Орлов", "Пётр", "", "", "СОШ № 5"),
            person_row("Серов", "Олег", "", "Учитель", "СОШ № 5", teaching_since="2020/09/01"),
        ],
    )
    response = _upload(methodist_client, data)
    errors = _errors(response)
    assert len(errors) == 3
    assert "ошибок: 3" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (
            b"\xd0\xa4\xd0\xb0\xd0\xbc\xd0\xb8\xd0\xbb\xd0\xb8\xd1\x8f;\xd0\x98\xd0\xbc\xd1\x8f\n",
            "spisok.xlsx",
        ),
        ("docx", "prikaz.xlsx"),
    ],
    ids=["a text file renamed to .xlsx", "a Word document renamed to .xlsx"],
)
def test_a_file_that_is_not_an_excel_workbook_is_refused(methodist_client, district, content, name):
    if content == "docx":
        document = docx.Document()
        document.add_paragraph("Приказ")
        stream = io.BytesIO()
        document.save(stream)
        content = stream.getvalue()
    before = _counts()
    (error,) = _errors(_upload(methodist_client, content, name))
    assert error.startswith("Файл не похож на книгу Excel (.xlsx)")
    assert _counts() == before


def test_a_file_with_another_extension_is_refused(methodist_client, district):
    (error,) = _errors(_upload(methodist_client, _good_file(), "spravochnik.xls"))
    assert "нужен файл с расширением .xlsx" in error
    assert DirectoryImport.objects.count() == 0


def test_an_oversized_file_is_refused(methodist_client, district, settings):
    settings.IMPORT_MAX_BYTES = 2048
    before = _counts()
    (error,) = _errors(_upload(methodist_client, _good_file()))
    assert error.startswith("Файл слишком большой:")
    assert "не больше 2 КБ" in error
    assert _counts() == before


def test_a_workbook_without_the_staff_sheet_is_refused(methodist_client, district):
    data = workbook_bytes([org_row("СОШ № 5")], [], sheets=("Организации",))
    (error,) = _errors(_upload(methodist_client, data))
    assert error.startswith("В книге нет листа «Сотрудники»")
    assert DirectoryImport.objects.count() == 0


def test_a_workbook_with_only_headings_is_refused(methodist_client, district):
    (error,) = _errors(_upload(methodist_client, workbook_bytes([], [])))
    assert "нет ни одной заполненной строки" in error


def test_only_the_methodist_may_upload(director_a_client, district):
    response = director_a_client.post(UPLOAD_URL, {"file": upload(_good_file())})
    assert response.status_code == 403
    assert DirectoryImport.objects.count() == 0


# --- The parser on its own ------------------------------------------------------------------------------


KINDS = dict(Organization.Kind.choices)
CATEGORIES = dict(Person.Category.choices)


def _read(data, today=dt.date(2026, 11, 22)):
    return xlsx_import.read_workbook(data, kinds=KINDS, categories=CATEGORIES, today=today)


def test_parser_accepts_real_excel_dates_and_text_dates_and_case_insensitive_labels():
    data = workbook_bytes(
        [org_row("ДС № 1", kind="ДЕТСКИЙ САД")],
        [
            person_row(
                "А", "Б", "", "Воспитатель", "ДС № 1", category="Первая", teaching_since=dt.date(2020, 1, 9)
            ),
            person_row(
                "В", "Г", "", "Воспитатель", "ДС № 1", category="без категории", teaching_since="9.1.2020"
            ),
        ],
    )
    parsed = _read(data)
    assert parsed.errors == []
    assert parsed.organizations[0]["kind"] == "kindergarten"
    assert [p["teaching_since"] for p in parsed.people] == [dt.date(2020, 1, 9)] * 2
    assert [p["category"] for p in parsed.people] == ["first", "none"]


def test_parser_treats_today_as_allowed_and_tomorrow_as_the_future():
    today = dt.date(2026, 11, 22)
    ok = _read(
        workbook_bytes([], [person_row("А", "Б", "", "Учитель", "Ш", teaching_since="22.11.2026")]), today
    )
    assert ok.errors == []
    late = _read(
        workbook_bytes([], [person_row("А", "Б", "", "Учитель", "Ш", teaching_since="23.11.2026")]), today
    )
    assert [e.row for e in late.errors] == [2]
    assert late.errors[0].column == "Начало педагогической деятельности"


def test_parser_problem_has_sheet_row_column_and_message_separately():
    parsed = _read(workbook_bytes([org_row("Ш", kind="Вуз")], []))
    (problem,) = parsed.errors
    assert (problem.sheet, problem.row, problem.column) == ("Организации", 2, "Тип")
    assert problem.message.startswith("«Вуз» — неизвестный тип организации.")


def test_parser_reads_phone_numbers_typed_as_numbers_without_a_decimal_point():
    parsed = _read(workbook_bytes([org_row("Ш", phone=89001234567)], []))
    assert parsed.organizations[0]["phone"] == "89001234567"


def test_a_workbook_without_the_template_sheets_is_refused_before_any_sheet_is_read():
    import datetime as dt

    from core.tests.bombs import MIB, many_rows_xlsx, peak_while
    from directory.xlsx_import import read_workbook

    data = many_rows_xlsx(200_000, header=["ФИО"], cell=lambda r: ["1"], sheet_names=["Sheet1"])

    outcome, peak = peak_while(
        lambda: read_workbook(data, kinds={}, categories={}, today=dt.date(2026, 1, 1))
    )

    assert [p.message for p in outcome.errors][0].startswith("в книге нет листа «Организации»")
    assert peak < 4 * MIB  # openpyxl scanning the sheet takes tens of MB


def test_a_million_row_workbook_is_refused_as_too_large_after_unpacking():
    import datetime as dt

    from core.tests.bombs import MIB, many_rows_xlsx, peak_while
    from directory.xlsx_import import read_workbook

    data = many_rows_xlsx(
        1_000_000, header=["Название"], cell=lambda r: ["1"], sheet_names=["Организации", "Сотрудники"]
    )

    outcome, peak = peak_while(
        lambda: read_workbook(data, kinds={}, categories={}, today=dt.date(2026, 1, 1))
    )

    assert [p.message for p in outcome.errors][0].startswith("Файл слишком велик после распаковки")
    assert peak < 4 * MIB
