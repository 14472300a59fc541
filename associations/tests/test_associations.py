"""Associations: who sees and changes what, members with history, the «Состав МО» from the directory."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from associations import services
from associations.models import Association, Membership
from core.academic_year import academic_year_start
from directory import services as directory_services
from directory.models import Person, Role

from .conftest import client_for, other_head, teacher

pytestmark = pytest.mark.django_db

YEAR = academic_year_start(timezone.localdate())


def _detail(association):
    return reverse("associations:detail", args=[association.pk])


def test_the_head_role_follows_the_head(district, mo):
    user = mo["head_user"]
    assert Role.objects.filter(user=user, kind=Role.Kind.ASSOCIATION_HEAD, scope_id=mo["rmo"].pk).exists()
    services.association_save(
        association=mo["rmo"],
        name=mo["rmo"].name,
        kind=mo["rmo"].kind,
        organization=mo["rmo"].organization,
        head=None,
    )
    assert not Role.objects.filter(user=user, kind=Role.Kind.ASSOCIATION_HEAD).exists()


def test_head_sees_and_edits_their_association_and_gets_404_for_another(district, mo, head_client):
    response = head_client.get(_detail(mo["rmo"]))
    assert response.status_code == 200
    assert "Добавить участника" in response.content.decode()
    assert head_client.get(_detail(mo["shmo_b"])).status_code == 404
    assert head_client.get(reverse("associations:edit", args=[mo["shmo_b"].pk])).status_code == 404
    response = head_client.post(reverse("associations:theme", args=[mo["shmo_b"].pk]), {"theme": "Чужая"})
    assert response.status_code == 404
    # The head of another association: 404 on this one.
    assert client_for(other_head(district, mo)).get(_detail(mo["rmo"])).status_code == 404


def test_a_member_reads_their_association_and_cannot_change_it(district, mo):
    member = teacher(district["school_b"], "Орлова")
    services.member_add(association=mo["rmo"], person=member)
    user = directory_services.user_ensure(username="orlova", password="pass-for-tests-1", person=member)
    directory_services.role_grant(user=user, kind=Role.Kind.TEACHER)
    client = client_for(user)
    page = client.get(_detail(mo["rmo"])).content.decode()
    assert "Орлова" in page and "Добавить участника" not in page
    assert client.get(reverse("associations:edit", args=[mo["rmo"].pk])).status_code == 403
    assert client.post(reverse("associations:theme", args=[mo["rmo"].pk]), {"theme": "x"}).status_code == 403
    assert client.get(_detail(mo["shmo_a"])).status_code == 404


def test_director_manages_own_schools_shmo_only(district, mo, director_a_client):
    people = district["people"]
    response = director_a_client.post(
        reverse("associations:create"),
        {
            "name": "ШМО учителей начальных классов",
            "kind": "shmo",
            "organization": district["school_a"].pk,
            "head": people["teacher_a"].pk,
        },
    )
    created = Association.objects.get(name="ШМО учителей начальных классов")
    assert response.status_code == 302 and created.organization == district["school_a"]
    assert created.head == people["teacher_a"]
    response = director_a_client.post(
        reverse("associations:member_add", args=[mo["shmo_a"].pk]), {"person": people["teacher_a"].pk}
    )
    assert mo["shmo_a"].memberships.filter(person=people["teacher_a"]).exists()
    # Another school's ШМО: not even seen; a РМО: seen? no — a director reads only the school's.
    assert director_a_client.get(_detail(mo["shmo_b"])).status_code == 404
    assert (
        director_a_client.post(
            reverse("associations:member_add", args=[mo["shmo_b"].pk]), {"person": people["teacher_b"].pk}
        ).status_code
        == 404
    )
    # A director cannot create a РМО nor place a ШМО in another school.
    response = director_a_client.post(
        reverse("associations:create"),
        {"name": "Чужое ШМО", "kind": "shmo", "organization": district["school_b"].pk},
    )
    assert response.status_code == 200 and not Association.objects.filter(name="Чужое ШМО").exists()


def test_administrator_reads_all_and_changes_nothing(district, mo, administrator_client):
    assert administrator_client.get(_detail(mo["shmo_b"])).status_code == 200
    assert administrator_client.get(reverse("associations:edit", args=[mo["shmo_b"].pk])).status_code == 403
    assert administrator_client.get(reverse("associations:create")).status_code == 403


def test_shmo_refuses_a_member_of_another_school(district, mo, methodist_client):
    stranger = district["people"]["teacher_b"]
    with pytest.raises(ValidationError, match="работает в другой организации"):
        services.member_add(association=mo["shmo_a"], person=stranger)
    response = methodist_client.post(
        reverse("associations:member_add", args=[mo["shmo_a"].pk]), {"person": stranger.pk}, follow=True
    )
    assert "в ШМО входят только сотрудники СОШ № 1" in response.content.decode()
    assert not mo["shmo_a"].memberships.exists()
    # A РМО takes people of every school.
    services.member_add(association=mo["rmo"], person=stranger)


def test_leaving_keeps_the_history(district, mo, methodist_client):
    person = district["people"]["teacher_b"]
    membership = services.member_add(association=mo["rmo"], person=person, joined_on=dt.date(2024, 9, 1))
    response = methodist_client.post(
        reverse("associations:member_leave", args=[mo["rmo"].pk, membership.pk]), follow=True
    )
    membership.refresh_from_db()
    assert membership.left_on == timezone.localdate()
    page = response.content.decode()
    assert "Выбывшие участники (1)" in page and "с 01.09.2024" in page
    assert "В объединении пока нет участников" in page  # not in the current members' table
    # They may join again: a new row, the old one stays.
    services.member_add(association=mo["rmo"], person=person)
    assert Membership.objects.filter(association=mo["rmo"], person=person).count() == 2


def _rich_member(district, mo):
    person = teacher(
        district["school_b"],
        "Смирнова",
        category=Person.Category.FIRST,
        category_date=dt.date(2023, 4, 12),
        teaching_since=timezone.localdate().replace(year=timezone.localdate().year - 12)
        - dt.timedelta(days=3),
        attestation_planned_year=2028,
    )
    person.subjects.set(directory_services.subjects_from_names(["Алгебра"]))
    directory_services.self_education_set(
        person=person, year=YEAR, topic="Функциональная грамотность на уроках"
    )
    directory_services.self_education_set(person=person, year=YEAR - 1, topic="Прошлогодняя тема")
    directory_services.course_save(
        person=person, data={"topic": "ФГОС ООО", "provider": "ИРО", "hours": 72, "year": 2025}
    )
    services.member_add(association=mo["rmo"], person=person)
    return person


def test_roster_columns_come_from_the_directory(district, mo, head_client):
    _rich_member(district, mo)
    young = teacher(
        district["school_a"], "Юнина", teaching_since=timezone.localdate() - dt.timedelta(days=200)
    )
    services.member_add(association=mo["rmo"], person=young)
    page = head_client.get(_detail(mo["rmo"])).content.decode()
    row = page.split("Смирнова")[1].split("</tr>")[0]
    for text in (
        "Учитель математики",
        "Алгебра",
        "первая (12.04.2023)",
        "12 лет",
        "Функциональная грамотность на уроках",
        "ФГОС ООО (ИРО, 72 ч., 2025)",
        "2028",
    ):
        assert text in row, text
    assert "Прошлогодняя тема" not in page
    young_row = page.split("Юнина")[1].split("</tr>")[0]
    assert "badge-young" in young_row


def test_roster_xlsx_reloads_with_the_members(district, mo, head_client):
    _rich_member(district, mo)
    response = head_client.get(reverse("associations:roster_export", args=[mo["rmo"].pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "Ф.И.О." and rows[1][8] == "Тема самообразования"
    assert rows[2][1] == "Смирнова Анна Петровна"
    assert rows[2][5] == "первая (12.04.2023)" and rows[2][10] == 2028


def test_theme_is_kept_per_academic_year(district, mo, head_client):
    head_client.post(
        reverse("associations:theme", args=[mo["rmo"].pk]), {"theme": "Качество математического образования"}
    )
    assert mo["rmo"].themes.get().year == YEAR
    page = head_client.get(reverse("associations:list")).content.decode()
    assert "Качество математического образования" in page


def test_member_edit_adds_a_course_kept_in_the_directory(district, mo, head_client):
    person = district["people"]["teacher_b"]
    membership = services.member_add(association=mo["rmo"], person=person)
    url = reverse("associations:member_edit", args=[mo["rmo"].pk, membership.pk])
    head_client.post(url, {"topic": "Проектная деятельность"})
    assert person.self_education_topics.get(year=YEAR).topic == "Проектная деятельность"
    course = {"add_course": "1", "course-provider": "ИРО", "course-hours": "36", "course-year": "2026"}
    response = head_client.post(url, course)
    assert response.status_code == 200 and not person.courses.exists()  # no topic: refused, form shown
    head_client.post(url, {**course, "course-topic": "Наставничество в школе"})
    assert str(person.courses.get()) == "Наставничество в школе (ИРО, 36 ч., 2026)"
    # Seen on the member table of the association, as a directory record.
    assert (
        "Наставничество в школе"
        in head_client.get(reverse("associations:detail", args=[mo["rmo"].pk])).content.decode()
    )


def test_district_view_filters_and_exports(district, mo, methodist_client):
    url = reverse("associations:list")
    page = methodist_client.get(url, {"kind": "shmo"}).content.decode()
    assert "ШМО учителей истории" in page and "РМО учителей математики" not in page
    page = methodist_client.get(url, {"organization": district["school_b"].pk}).content.decode()
    assert "ШМО учителей истории" in page and "ШМО учителей математики" not in page
    response = methodist_client.get(reverse("associations:export"), {"kind": "rmo"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Объединение" and [r[0] for r in rows[2:]] == ["РМО учителей математики"]


def test_start_page_card_of_the_head_leads_to_the_association(mo, head_client):
    page = head_client.get("/").content.decode()
    assert _detail(mo["rmo"]) in page and "РМО учителей математики" in page
    assert "План работы: нет; заседаний проведено 0 из 0" in page


def test_start_page_card_says_where_the_heads_year_stands(mo, head_client):
    import datetime as dt

    from associations import plans
    from associations import services_meetings as meetings
    from core.academic_year import academic_year_start

    today = mo["today"]
    year = academic_year_start(today)
    plans.plan_create(user=mo["head_user"], association=mo["rmo"], year=year)
    for date in (today + dt.timedelta(days=3), today + dt.timedelta(days=10)):
        if academic_year_start(date) == year:
            meetings.meeting_save(
                association=mo["rmo"],
                year=year,
                date=date,
                form="seminar",
                topic="Семинар",
                place="",
                agenda=[],
            )
    planned = mo["rmo"].meetings.count()
    page = head_client.get("/").content.decode()
    assert f"План работы: черновик; заседаний проведено 0 из {planned}" in page
    if planned:
        assert f"следующее {today + dt.timedelta(days=3):%d.%m.%Y}" in page


def test_the_person_card_shows_the_category_date_attestation_and_courses(district, mo, methodist_client):
    person = _rich_member(district, mo)
    page = methodist_client.get(reverse("directory:person_detail", args=[person.pk])).content.decode()
    assert "первая, с 12.04.2023" in page
    assert "ФГОС ООО (ИРО, 72 ч., 2025)" in page and "2028" in page


def test_a_shmo_outside_a_school_and_a_rmo_in_a_school_are_refused(district, methodist_client):
    response = methodist_client.post(
        reverse("associations:create"),
        {"name": "ШМО в кабинете", "kind": "shmo", "organization": district["method_office"].pk},
    )
    assert "ШМО создаётся в школе" in response.content.decode()
    response = methodist_client.post(
        reverse("associations:create"),
        {"name": "РМО в школе", "kind": "rmo", "organization": district["school_a"].pk},
    )
    assert "РМО и ГМО относятся к району" in response.content.decode()
    assert not Association.objects.exists()


def test_a_new_shmo_heads_login_is_reminded_as_a_school_association_head(district, mo):
    from roadmaps.reminder_recipients import group_members

    user = directory_services.user_ensure(
        username="shmo-head", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    services.association_save(
        association=mo["shmo_b"],
        name=mo["shmo_b"].name,
        kind="shmo",
        organization=district["school_b"],
        head=district["people"]["teacher_b"],
    )
    members = group_members()
    assert user.pk in members.school_heads[district["school_b"].pk]
    assert mo["head_user"].pk in members.district_heads
