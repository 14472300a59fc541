"""Keeping the directory current: re-importing the staff sheet, people who change school, duplicates.

The workbooks are built with openpyxl and uploaded like a methodist's file; each preview is read from the
page the methodist sees, and each confirmation from the directory afterwards.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from directory import duplicates, services
from directory.models import DirectoryImport, Organization, Person, Role

from .workbooks import person_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("directory:import_upload")
DUPLICATES_URL = reverse("directory:person_duplicates")
MERGE_URL = reverse("directory:person_merge")


def _reloaded(data: bytes) -> bytes:
    """The workbook as Excel would hand it back: opened with openpyxl, checked, saved again."""
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Организации", "Сотрудники"]
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _preview(client, people):
    response = client.post(UPLOAD_URL, {"file": upload(_reloaded(workbook_bytes([], people)))})
    assert response.status_code == 302, [str(p) for p in response.context["problems"]]
    preview = client.get(response.url)
    assert preview.status_code == 200
    return preview


def _section(preview, testid: str, end: str = "</table>") -> str:
    """The HTML of one part of the preview (by its data-testid), or "" when the page has none."""
    html = preview.content.decode()
    marker = f'data-testid="{testid}"'
    if marker not in html:
        return ""
    start = html.index(marker)
    return html[start : html.index(end, start)]


def _confirm(client, preview):
    pk = preview.context["directory_import"].pk
    return client.post(reverse("directory:import_confirm", args=[pk]), follow=True)


def _refused(client, people) -> list[str]:
    response = client.post(UPLOAD_URL, {"file": upload(_reloaded(workbook_bytes([], people)))})
    assert response.status_code == 200, "a refused file re-renders the upload page"
    return [str(p) for p in response.context["problems"]]


# --- Re-import --------------------------------------------------------------------------------------


def test_reimport_updates_a_position_adds_a_new_person_and_lists_an_absent_one(methodist_client, district):
    teacher = district["people"]["teacher_a"]
    director = district["people"]["director_a"]
    people_before = Person.objects.count()
    preview = _preview(
        methodist_client,
        [
            person_row("Иванова", "Ольга", "Сергеевна", "Заместитель директора по УВР", "СОШ № 1"),
            person_row("Новикова", "Дарья", "Игоревна", "Учитель химии", "СОШ № 1"),
        ],
    )
    assert Person.objects.count() == people_before, "nothing is written before the confirmation"
    updated = _section(preview, "import-updated")
    assert "Иванова Ольга Сергеевна" in updated
    assert "должность: Учитель математики → Заместитель директора по УВР" in updated
    assert "Новикова Дарья Игоревна" in _section(preview, "import-created")
    absent = _section(preview, "import-absent")
    assert "Петров Андрей Иванович" in absent  # the director of school A is not in the file
    assert "Кузнецов" not in absent  # school B is not in the file: its staff are not listed

    response = _confirm(methodist_client, preview)
    assert "Нет в файле и оставлены без изменений: 1." in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.position == "Заместитель директора по УВР"
    assert Person.objects.get(last_name="Новикова").organization == district["school_a"]
    director.refresh_from_db()  # listed, not deleted, not changed
    assert director.organization == district["school_a"]
    assert Organization.objects.get(pk=district["school_a"].pk).head == director
    assert Person.objects.count() == people_before + 1


def test_a_person_found_by_personal_number_moves_to_another_school_keeping_the_login(
    methodist_client, district, teacher_a
):
    teacher = district["people"]["teacher_a"]
    services.person_save(person=teacher, data={"personal_number": "123-456-789 01"})
    teacher.subjects.set(services.subjects_from_names(["Математика"]))
    people_before = Person.objects.count()

    preview = _preview(
        methodist_client,
        # a new surname too (married): the number finds the card all the same
        [
            person_row(
                "Орлова", "Ольга", "Сергеевна", "Учитель математики", "СОШ № 2", personal_number="12345678901"
            )
        ],
    )
    moved = _section(preview, "import-moved")
    assert "Орлова Ольга Сергеевна" in moved
    assert "СОШ № 1" in moved and "СОШ № 2" in moved
    assert "по табельному номеру" in moved
    assert "фамилия: Иванова → Орлова" in moved
    assert preview.context["plan"].counts["people_created"] == 0

    _confirm(methodist_client, preview)
    teacher.refresh_from_db()
    assert teacher.organization == district["school_b"]
    assert teacher.last_name == "Орлова"
    assert teacher.user == teacher_a  # the same card: the login stays
    assert [s.name for s in teacher.subjects.all()] == ["Математика"]
    assert Person.objects.count() == people_before


def test_a_moving_director_leaves_the_old_school_headless_and_their_role_is_listed_for_review(
    methodist_client, district, director_a
):
    from associations.models import Association

    director = district["people"]["director_a"]
    services.person_save(person=director, data={"birth_date": dt.date(1975, 4, 2)})
    shmo = Association.objects.create(
        name="ШМО учителей истории", kind=Association.Kind.SCHOOL, organization=district["school_a"]
    )
    services.role_grant(user=director_a, kind=Role.Kind.ASSOCIATION_HEAD, scope=shmo)
    preview = _preview(
        methodist_client,
        [person_row("Петров", "Андрей", "Иванович", "Учитель истории", "СОШ № 2", birth_date="02.04.1975")],
    )
    assert "по Ф.И.О. и дате рождения" in _section(preview, "import-moved")
    assert "перестанет быть руководителем «СОШ № 1»" in _section(preview, "import-moved")
    warning = _section(preview, "import-role-warnings", end="</div>")
    assert "Петров Андрей Иванович" in warning
    assert "Руководитель ОО — СОШ № 1" in warning
    assert "Руководитель МО — ШМО учителей истории" in warning

    _confirm(methodist_client, preview)
    director.refresh_from_db()
    assert director.organization == district["school_b"]
    assert Organization.objects.get(pk=district["school_a"].pk).head is None
    # the role is kept, as the preview said: the methodist reviews it on the person's card
    assert Role.objects.filter(
        user=director_a, kind=Role.Kind.DIRECTOR, organization=district["school_a"]
    ).exists()


def test_one_person_in_two_schools_of_the_file_refuses_the_file(methodist_client, district):
    errors = _refused(
        methodist_client,
        [
            person_row("Смирнова", "Анна", "Петровна", "Учитель", "СОШ № 1", birth_date="15.03.1990"),
            person_row("Смирнова", "Анна", "Петровна", "Учитель", "СОШ № 2", birth_date="15.03.1990"),
            person_row("Орлов", "Пётр", "", "Учитель", "СОШ № 1", personal_number="555"),
            person_row("Орлов", "Пётр", "", "Учитель", "СОШ № 2", personal_number="555"),
        ],
    )
    assert any(
        e.startswith("Лист «Сотрудники», строка 3, столбец «Дата рождения»: «Смирнова Анна Петровна», "
                     "дата рождения 15.03.1990, уже есть в строке 2 (СОШ № 1). Один человек не может "
                     "числиться в двух организациях")
        for e in errors
    ), errors  # fmt: skip
    number_error = (
        "Лист «Сотрудники», строка 5, столбец «Табельный номер»: табельный номер «555» уже указан в строке 4"
    )
    assert any(e.startswith(number_error) for e in errors), errors
    assert not DirectoryImport.objects.exists()
    assert not Person.objects.filter(last_name__in=["Смирнова", "Орлов"]).exists()


def test_namesakes_with_different_personal_numbers_are_two_people(methodist_client, district):
    smirnova = ("Смирнова", "Анна", "Петровна", "Учитель")
    preview = _preview(
        methodist_client,
        [
            person_row(*smirnova, "СОШ № 1", personal_number="1", birth_date="15.03.1990"),
            person_row(*smirnova, "СОШ № 2", personal_number="2", birth_date="15.03.1990"),
        ],
    )
    assert preview.context["plan"].counts["people_created"] == 2


def test_a_person_found_in_one_school_while_another_card_has_their_name_in_the_new_one_is_refused(
    methodist_client, district
):
    teacher = district["people"]["teacher_a"]
    services.person_save(person=teacher, data={"personal_number": "777"})
    services.person_save(
        data={
            "organization": district["school_b"],
            "last_name": "Иванова",
            "first_name": "Ольга",
            "patronymic": "Сергеевна",
            "position": "Учитель",
        }
    )
    errors = _refused(
        methodist_client,
        [person_row("Иванова", "Ольга", "Сергеевна", "Учитель", "СОШ № 2", personal_number="777")],
    )
    assert any("уже есть другая карточка" in e and "Возможные дубликаты" in e for e in errors), errors
    assert Person.objects.get(pk=teacher.pk).organization == district["school_a"]


def test_the_personal_number_is_unique_whatever_the_spaces_and_dashes(district):
    services.person_save(person=district["people"]["teacher_a"], data={"personal_number": "123-456 789"})
    with pytest.raises(ValidationError) as error:
        services.person_save(person=district["people"]["teacher_b"], data={"personal_number": "123456789"})
    assert "Сотрудник с таким табельным номером уже есть" in str(error.value)


# --- Duplicates --------------------------------------------------------------------------------------


def _twin(district, *, organization, **extra) -> Person:
    """A second card of the teacher of school A, made in another school."""
    teacher = district["people"]["teacher_a"]
    return services.person_save(
        data={
            "organization": organization,
            "last_name": teacher.last_name,
            "first_name": teacher.first_name,
            "patronymic": teacher.patronymic,
            "position": "Учитель информатики",
            **extra,
        }
    )


def test_duplicates_page_lists_same_name_and_birth_date_and_only_for_the_district(
    methodist_client, administrator_client, director_a_client, district
):
    teacher = district["people"]["teacher_a"]
    services.person_save(person=teacher, data={"birth_date": dt.date(1990, 1, 2)})
    _twin(district, organization=district["school_b"], birth_date=dt.date(1990, 1, 2))
    _twin(district, organization=district["method_office"], birth_date=dt.date(1985, 5, 5))  # someone else

    page = methodist_client.get(DUPLICATES_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="duplicate-pair"') == 1
    assert "совпадают Ф.И.О. и дата рождения" in html
    assert "Объединить" in html
    assert "Возможные дубликаты" in methodist_client.get(reverse("directory:person_list")).content.decode()
    assert administrator_client.get(DUPLICATES_URL).status_code == 200
    assert director_a_client.get(DUPLICATES_URL).status_code == 403
    assert director_a_client.post(MERGE_URL, {}).status_code == 403


def test_merge_keeps_the_chosen_card_and_repoints_roadmap_rows_approvals_login_and_subjects(
    methodist_client, methodist, district, teacher_a
):
    from orders.models import OrderApproval
    from orders.tests.factories import ready_draft
    from roadmaps.tests.factories import SAMPLE_ROWS, make_roadmap

    old_card = district["people"]["teacher_a"]  # has the login
    services.person_save(person=old_card, data={"birth_date": dt.date(1990, 1, 2)})
    new_card = _twin(
        district, organization=district["school_b"], birth_date=dt.date(1990, 1, 2), phone="8 900 000-00-00"
    )
    new_card.subjects.set(services.subjects_from_names(["Информатика"]))
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    row = roadmap.rows.get(number="2")
    row.responsible_people.add(old_card)
    order = ready_draft(user=methodist, roadmap=roadmap)
    approval = OrderApproval.objects.create(order=order, person=old_card)  # related_name="+", PROTECT

    response = methodist_client.post(
        MERGE_URL, {"keep": new_card.pk, "first": old_card.pk, "second": new_card.pk}, follow=True
    )
    html = response.content.decode()
    assert "Карточки объединены" in html
    assert "Учётная запись перешла к оставленной карточке" in html
    assert not Person.objects.filter(pk=old_card.pk).exists()
    new_card.refresh_from_db()
    assert new_card.organization == district["school_b"]
    assert new_card.user == teacher_a
    assert new_card.teaching_since == dt.date(2025, 9, 1)  # filled in from the removed card
    assert list(row.responsible_people.all()) == [new_card]
    approval.refresh_from_db()
    assert approval.person == new_card
    assert sorted(s.name for s in new_card.subjects.all()) == ["Информатика"]
    assert 'data-testid="no-duplicates"' in html


def test_merge_is_refused_when_both_cards_have_logins_and_nothing_changes(
    methodist_client, district, teacher_a
):
    other = _twin(district, organization=district["school_b"])
    services.user_ensure(username="ivanova2", password="pass-for-tests-1", person=other)
    page = methodist_client.get(DUPLICATES_URL).content.decode()
    assert "объединить их нельзя" in page

    response = methodist_client.post(
        MERGE_URL,
        {"keep": other.pk, "first": district["people"]["teacher_a"].pk, "second": other.pk},
        follow=True,
    )
    assert "Карточки не объединены. У обеих карточек" in response.content.decode()
    assert Person.objects.filter(pk=district["people"]["teacher_a"].pk, user=teacher_a).exists()
    assert Person.objects.filter(pk=other.pk).exists()


def test_a_merged_head_keeps_heading_their_own_school_only(district):
    director = district["people"]["director_a"]
    twin = services.person_save(
        data={
            "organization": district["school_b"],
            "last_name": director.last_name,
            "first_name": director.first_name,
            "patronymic": director.patronymic,
            "position": "Учитель",
        }
    )
    result = duplicates.person_merge(keep=twin, remove=director)
    assert result.heads_cleared == ["СОШ № 1"]
    assert Organization.objects.get(pk=district["school_a"].pk).head is None


def test_cards_with_different_birth_dates_are_not_merged(district):
    teacher = district["people"]["teacher_a"]
    services.person_save(person=teacher, data={"birth_date": dt.date(1990, 1, 2)})
    twin = _twin(district, organization=district["school_b"], birth_date=dt.date(1991, 1, 2))
    assert duplicates.possible_duplicates() == []
    with pytest.raises(duplicates.MergeRefused, match="не похожи на дубликаты"):
        duplicates.person_merge(keep=twin, remove=teacher)
    assert Person.objects.filter(pk=teacher.pk).exists()


def test_a_snils_column_is_read_as_the_personal_number(methodist_client, district):
    teacher = district["people"]["teacher_a"]
    services.person_save(person=teacher, data={"personal_number": "12345678901"})
    headings = ["Фамилия", "Имя", "Отчество", "Должность", "Организация", "СНИЛС"]
    data = workbook_bytes(
        [],
        [["Иванова", "Ольга", "Сергеевна", "Учитель", "СОШ № 2", "123-456-789 01"]],
        people_headings=headings,
    )
    response = methodist_client.post(UPLOAD_URL, {"file": upload(_reloaded(data))})
    preview = methodist_client.get(response.url)
    assert "по табельному номеру" in _section(preview, "import-moved")
