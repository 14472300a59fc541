"""The directory pages as each persona sees them: who gets in, who is refused, and what forms do."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from directory import import_services, services
from directory.models import DirectoryImport, Organization, Person, Subject

from .workbooks import org_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db

PERSONAS = ("methodist", "administrator", "director_a", "director_b", "teacher_a")


@pytest.fixture(autouse=True)
def teacher_a_is_young(db, request):
    """Teacher A started a year ago, so she is a young specialist whatever day the tests run on."""
    if "district" not in request.fixturenames:
        return
    district = request.getfixturevalue("district")
    services.person_save(
        data={"teaching_since": timezone.localdate() - dt.timedelta(days=365)},
        person=district["people"]["teacher_a"],
    )


@pytest.fixture
def pending_import(methodist):
    """A pending import uploaded by the methodist."""
    return import_services.directory_import_create(
        user=methodist, upload=upload(workbook_bytes([org_row("СОШ № 7")]))
    )


def _url(name, district, pending_import=None):
    school_a, people = district["school_a"], district["people"]
    args = {
        "organization_list": [],
        "organization_create": [],
        "organization_detail": [school_a.pk],
        "organization_update": [school_a.pk],
        "person_list": [],
        "person_create": [],
        "person_detail": [people["teacher_a"].pk],
        "person_update": [people["teacher_a"].pk],
        "import_upload": [],
        "import_template": [],
        "import_preview": [pending_import.pk] if pending_import else [],
    }[name]
    return reverse(f"directory:{name}", args=args)


# (page, persona, expected status). School A and its teacher are the objects on the object pages.
ACCESS = [
    ("organization_list", "methodist", 200),
    ("organization_list", "administrator", 200),
    ("organization_list", "director_a", 200),
    ("organization_list", "teacher_a", 200),
    ("organization_detail", "methodist", 200),
    ("organization_detail", "administrator", 200),
    ("organization_detail", "director_a", 200),
    ("organization_detail", "teacher_a", 200),
    ("organization_detail", "director_b", 404),
    ("organization_create", "methodist", 200),
    ("organization_create", "administrator", 403),
    ("organization_create", "director_a", 403),
    ("organization_create", "teacher_a", 403),
    ("organization_update", "methodist", 200),
    ("organization_update", "director_a", 200),
    ("organization_update", "administrator", 403),
    ("organization_update", "teacher_a", 403),
    ("organization_update", "director_b", 404),
    ("person_list", "methodist", 200),
    ("person_list", "administrator", 200),
    ("person_list", "director_a", 200),
    ("person_list", "teacher_a", 200),
    ("person_detail", "methodist", 200),
    ("person_detail", "administrator", 200),
    ("person_detail", "director_a", 200),
    ("person_detail", "teacher_a", 200),
    ("person_detail", "director_b", 404),
    ("person_create", "methodist", 200),
    ("person_create", "director_a", 200),
    ("person_create", "administrator", 403),
    ("person_create", "teacher_a", 403),
    ("person_update", "methodist", 200),
    ("person_update", "director_a", 200),
    ("person_update", "administrator", 403),
    ("person_update", "teacher_a", 403),
    ("person_update", "director_b", 404),
    ("import_upload", "methodist", 200),
    ("import_upload", "administrator", 403),
    ("import_upload", "director_a", 403),
    ("import_upload", "teacher_a", 403),
    ("import_template", "methodist", 200),
    ("import_template", "administrator", 403),
    ("import_template", "director_a", 403),
    ("import_preview", "methodist", 200),
    ("import_preview", "administrator", 403),
    ("import_preview", "director_a", 403),
]


@pytest.mark.parametrize(
    ("page", "persona", "expected"),
    ACCESS,
    ids=[f"{persona} opens {page} and gets {expected}" for page, persona, expected in ACCESS],
)
def test_each_persona_gets_the_right_answer_on_each_directory_page(
    request, district, pending_import, page, persona, expected
):
    client = request.getfixturevalue(f"{persona}_client")
    response = client.get(_url(page, district, pending_import))
    assert response.status_code == expected
    if expected == 403:
        assert "Доступ запрещён" in response.content.decode()
    if expected == 404:
        assert "Страница не найдена" in response.content.decode()


@pytest.mark.parametrize(
    "page",
    [
        "organization_list",
        "organization_create",
        "organization_detail",
        "organization_update",
        "person_list",
        "person_create",
        "person_detail",
        "person_update",
        "import_upload",
        "import_template",
        "import_preview",
    ],
)
def test_anonymous_visitor_is_sent_to_the_login_page_and_back(
    anonymous_client, district, pending_import, page
):
    url = _url(page, district, pending_import)
    response = anonymous_client.get(url)
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == "/accounts/login/"
    assert parse_qs(target.query)["next"] == [url]


def test_anonymous_confirm_of_an_import_is_sent_to_the_login_page(anonymous_client, pending_import):
    url = reverse("directory:import_confirm", args=[pending_import.pk])
    response = anonymous_client.post(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    pending_import.refresh_from_db()
    assert pending_import.status == DirectoryImport.Status.PENDING


def test_director_a_cannot_open_school_b_or_its_teacher(director_a_client, district):
    school_b, teacher_b = district["school_b"], district["people"]["teacher_b"]
    for url in (
        reverse("directory:organization_detail", args=[school_b.pk]),
        reverse("directory:organization_update", args=[school_b.pk]),
        reverse("directory:person_detail", args=[teacher_b.pk]),
        reverse("directory:person_update", args=[teacher_b.pk]),
    ):
        assert director_a_client.get(url).status_code == 404, url


def test_confirming_an_import_by_get_is_not_allowed(methodist_client, pending_import):
    response = methodist_client.get(reverse("directory:import_confirm", args=[pending_import.pk]))
    assert response.status_code == 405
    pending_import.refresh_from_db()
    assert pending_import.status == DirectoryImport.Status.PENDING


def test_another_methodist_cannot_see_or_confirm_someone_elses_import(pending_import, district):
    from django.test import Client

    other = services.user_ensure(username="metodist2", password="pass-for-tests-2")
    services.role_grant(user=other, kind="methodist")
    client = Client()
    client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("directory:import_preview", args=[pending_import.pk])).status_code == 404
    assert client.post(reverse("directory:import_confirm", args=[pending_import.pk])).status_code == 404
    assert not Organization.objects.filter(short_name="СОШ № 7").exists()


def test_a_post_without_csrf_token_is_refused_and_nothing_is_saved(csrf_client_for, methodist, district):
    client = csrf_client_for(methodist)
    before = Person.objects.count()
    response = client.post(
        reverse("directory:person_create"),
        {
            "last_name": "Новикова",
            "first_name": "Вера",
            "position": "Учитель",
            "organization": district["school_a"].pk,
            "category": "none",
        },
    )
    assert response.status_code == 403
    assert Person.objects.count() == before


def test_confirming_an_import_without_csrf_token_is_refused(csrf_client_for, methodist, pending_import):
    response = csrf_client_for(methodist).post(reverse("directory:import_confirm", args=[pending_import.pk]))
    assert response.status_code == 403
    assert not Organization.objects.filter(short_name="СОШ № 7").exists()


# --- Organizations ---------------------------------------------------------------------------------


def test_organization_list_shows_short_name_kind_head_and_staff_count(methodist_client, district):
    response = methodist_client.get(reverse("directory:organization_list"))
    html = response.content.decode()
    assert response.context["active_nav"] == "organizations"
    rows = {o.short_name: o for o in response.context["page"].object_list}
    assert rows["СОШ № 1"].staff_count == 2
    assert rows["СОШ № 1"].head == district["people"]["director_a"]
    assert "Петров А.И." in html
    assert "Методический кабинет" in html


def test_organization_list_filters_by_kind_and_by_name(methodist_client, district):
    url = reverse("directory:organization_list")
    by_kind = methodist_client.get(url, {"kind": Organization.Kind.METHOD_OFFICE})
    assert [o.short_name for o in by_kind.context["page"].object_list] == ["РМК"]
    by_text = methodist_client.get(url, {"q": "соШ № 2"})
    assert [o.short_name for o in by_text.context["page"].object_list] == ["СОШ № 2"]
    by_full_name = methodist_client.get(url, {"q": "управление"})
    assert [o.short_name for o in by_full_name.context["page"].object_list] == ["УО Тестового района"]


def test_director_sees_only_his_own_school_in_the_organization_list(director_a_client, district):
    response = director_a_client.get(reverse("directory:organization_list"))
    assert [o.short_name for o in response.context["page"].object_list] == ["СОШ № 1"]


def test_organization_card_lists_its_staff_with_the_young_specialist_badge(methodist_client, district):
    response = methodist_client.get(reverse("directory:organization_detail", args=[district["school_a"].pk]))
    html = response.content.decode()
    assert "Иванова Ольга Сергеевна" in html
    assert "Петров Андрей Иванович" in html
    assert "Кузнецов" not in html  # school B's teacher
    assert html.count("молодой специалист") == 1


def test_methodist_adds_an_organization(methodist_client):
    response = methodist_client.post(
        reverse("directory:organization_create"),
        {
            "name": "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 3»",
            "short_name": "Детский сад № 3",
            "kind": Organization.Kind.KINDERGARTEN,
            "address": "ул. Садовая, 3",
            "phone": "",
            "email": "sad3@example.ru",
        },
        follow=True,
    )
    organization = Organization.objects.get(short_name="Детский сад № 3")
    assert response.redirect_chain[-1][0] == organization.get_absolute_url()
    assert organization.kind == Organization.Kind.KINDERGARTEN
    assert organization.email == "sad3@example.ru"
    assert "Организация «Детский сад № 3» добавлена." in [str(m) for m in get_messages(response.wsgi_request)]


def test_adding_an_organization_with_a_taken_short_name_keeps_the_typed_values(methodist_client, district):
    before = Organization.objects.count()
    response = methodist_client.post(
        reverse("directory:organization_create"),
        {"name": "Совсем новая школа", "short_name": "СОШ № 1", "kind": "school", "address": "ул. Новая, 1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "уже существует" in html
    assert 'value="Совсем новая школа"' in html
    assert 'value="ул. Новая, 1"' in html
    assert Organization.objects.count() == before


def test_director_changes_the_phone_and_head_of_his_school(director_a_client, district):
    school_a, teacher_a = district["school_a"], district["people"]["teacher_a"]
    response = director_a_client.post(
        reverse("directory:organization_update", args=[school_a.pk]),
        {
            "name": school_a.name,
            "short_name": school_a.short_name,
            "kind": Organization.Kind.EDUCATION_OFFICE,  # ignored: only the methodist changes the kind
            "phone": "8 (800) 000-00-01",
            "head": teacher_a.pk,
        },
    )
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.phone == "8 (800) 000-00-01"
    assert school_a.head == teacher_a
    assert school_a.kind == Organization.Kind.SCHOOL


def test_head_of_an_organization_is_chosen_only_among_its_staff(methodist_client, district):
    school_a, teacher_b = district["school_a"], district["people"]["teacher_b"]
    url = reverse("directory:organization_update", args=[school_a.pk])
    form = methodist_client.get(url).context["form"]
    assert set(form.fields["head"].queryset) == {
        district["people"]["director_a"],
        district["people"]["teacher_a"],
    }

    response = methodist_client.post(
        url,
        {"name": school_a.name, "short_name": school_a.short_name, "kind": "school", "head": teacher_b.pk},
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    school_a.refresh_from_db()
    assert school_a.head == district["people"]["director_a"]


# --- People --------------------------------------------------------------------------------------


def _person_post(district, **overrides):
    data = {
        "last_name": "Новикова",
        "first_name": "Вера",
        "patronymic": "Андреевна",
        "position": "Учитель биологии",
        "organization": district["school_a"].pk,
        "category": Person.Category.FIRST,
        "teaching_since": "2024-09-01",
        "email": "novikova@example.ru",
        "phone": "",
        "new_subjects": "",
    }
    data.update(overrides)
    return data


def test_person_list_shows_name_position_organization_subjects_category_and_badge(methodist_client, district):
    teacher_a = district["people"]["teacher_a"]
    teacher_a.subjects.set(services.subjects_from_names(["Математика", "Информатика"]))
    response = methodist_client.get(reverse("directory:person_list"))
    html = response.content.decode()
    assert response.context["active_nav"] == "people"
    assert "Иванова Ольга Сергеевна" in html
    assert "Учитель математики" in html
    assert "Информатика, Математика" in html
    assert "без категории" in html
    assert html.count('class="badge badge-young"') == 1


def test_person_list_filters_by_organization_subject_position_category_and_name(methodist_client, district):
    people = district["people"]
    people["teacher_b"].subjects.set(services.subjects_from_names(["История"]))
    services.person_save(data={"category": Person.Category.HIGHEST}, person=people["director_b"])
    url = reverse("directory:person_list")

    def names(params):
        return sorted(p.last_name for p in methodist_client.get(url, params).context["page"].object_list)

    assert names({"organization": district["school_b"].pk}) == ["Кузнецов", "Сидорова"]
    assert names({"subject": Subject.objects.get(name="История").pk}) == ["Кузнецов"]
    assert names({"position": "учитель"}) == ["Иванова", "Кузнецов"]
    assert names({"category": Person.Category.HIGHEST}) == ["Сидорова"]
    assert names({"q": "иванова ольга"}) == ["Иванова"]


def test_director_can_filter_only_by_organizations_he_sees(director_a_client, district):
    response = director_a_client.get(reverse("directory:person_list"))
    choices = list(response.context["filter"].form.fields["organization"].queryset)
    assert choices == [district["school_a"]]
    assert sorted(p.last_name for p in response.context["page"].object_list) == ["Иванова", "Петров"]
    refused = director_a_client.get(
        reverse("directory:person_list"), {"organization": district["school_b"].pk}
    )
    assert "Выберите корректный вариант" in refused.content.decode()


def test_director_adds_a_teacher_with_existing_and_new_subjects(director_a_client, district):
    services.subjects_from_names(["Биология"])
    biology = Subject.objects.get(name="Биология")
    response = director_a_client.post(
        reverse("directory:person_create"),
        _person_post(district, subjects=[biology.pk], new_subjects="Экология, астрономия ,  "),
        follow=True,
    )
    person = Person.objects.get(last_name="Новикова")
    assert response.redirect_chain[-1][0] == person.get_absolute_url()
    assert person.organization == district["school_a"]
    assert person.teaching_since == dt.date(2024, 9, 1)
    assert sorted(s.name for s in person.subjects.all()) == ["Биология", "Экология", "астрономия"]
    assert "Карточка сотрудника «Новикова Вера Андреевна» добавлена." in response.content.decode()


def test_director_cannot_add_a_teacher_to_another_school(director_a_client, district):
    before = Person.objects.count()
    response = director_a_client.post(
        reverse("directory:person_create"), _person_post(district, organization=district["school_b"].pk)
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert Person.objects.count() == before


def test_wrong_teaching_date_is_reported_in_russian_and_the_typed_values_stay(methodist_client, district):
    before = Person.objects.count()
    response = methodist_client.post(
        reverse("directory:person_create"), _person_post(district, teaching_since="2020-02-31")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Неправильная дата" in html
    assert 'value="Новикова"' in html
    assert 'value="Учитель биологии"' in html
    assert 'value="novikova@example.ru"' in html
    assert Person.objects.count() == before


def test_teaching_date_in_the_future_is_refused(methodist_client, district):
    response = methodist_client.post(
        reverse("directory:person_create"), _person_post(district, teaching_since="2099-09-01")
    )
    assert "не может быть в будущем" in response.content.decode()
    assert not Person.objects.filter(last_name="Новикова").exists()


def test_education_is_kept_on_the_card_and_a_wrong_year_is_refused(methodist_client, district):
    response = methodist_client.post(
        reverse("directory:person_create"),
        _person_post(district, education_institution="КубГУ", education_year="2099"),
    )
    assert "Год окончания — четыре цифры, от 1940 до" in response.content.decode()
    assert not Person.objects.filter(last_name="Новикова").exists()
    response = methodist_client.post(
        reverse("directory:person_create"),
        _person_post(district, education_institution="КубГУ, биологический факультет", education_year="2024"),
    )
    person = Person.objects.get(last_name="Новикова")
    page = methodist_client.get(reverse("directory:person_detail", args=[person.pk])).content.decode()
    assert "КубГУ, биологический факультет, 2024 г." in page


def test_missing_position_is_reported_and_the_typed_values_stay(methodist_client, district):
    before = Person.objects.count()
    response = methodist_client.post(
        reverse("directory:person_create"), _person_post(district, position="", new_subjects="Экология")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Обязательное поле." in html
    assert 'value="Новикова"' in html
    assert 'value="Экология"' in html
    assert Person.objects.count() == before
    assert not Subject.objects.filter(name="Экология").exists()


def test_the_same_person_twice_in_one_school_is_refused(methodist_client, district):
    response = methodist_client.post(
        reverse("directory:person_create"),
        _person_post(district, last_name="Иванова", first_name="Ольга", patronymic="Сергеевна"),
    )
    assert response.status_code == 200
    assert "уже существует" in response.content.decode()
    assert Person.objects.filter(last_name="Иванова").count() == 1


def test_methodist_edits_a_teacher_card(methodist_client, district):
    teacher_a = district["people"]["teacher_a"]
    response = methodist_client.post(
        reverse("directory:person_update", args=[teacher_a.pk]),
        _person_post(
            district,
            last_name="Иванова",
            first_name="Ольга",
            patronymic="Сергеевна",
            position="Учитель математики и информатики",
            teaching_since="2019-09-01",
            new_subjects="Информатика",
        ),
    )
    assert response.status_code == 302
    teacher_a.refresh_from_db()
    assert teacher_a.position == "Учитель математики и информатики"
    assert teacher_a.teaching_since == dt.date(2019, 9, 1)
    assert [s.name for s in teacher_a.subjects.all()] == ["Информатика"]
    assert not teacher_a.is_young_specialist()


def test_editing_with_a_wrong_date_changes_nothing(director_a_client, district):
    teacher_a = district["people"]["teacher_a"]
    response = director_a_client.post(
        reverse("directory:person_update", args=[teacher_a.pk]),
        _person_post(district, last_name="Иванова-Петрова", teaching_since="31.13.2020"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Неправильная дата" in html
    assert 'value="Иванова-Петрова"' in html
    teacher_a.refresh_from_db()
    assert teacher_a.last_name == "Иванова"


# --- Query counts ----------------------------------------------------------------------------------


def _more_staff(district, count):
    subjects = services.subjects_from_names(["Математика", "Физика", "Химия"])
    schools = [district["school_a"], district["school_b"]]
    for i in range(count):
        person = services.person_save(
            data={
                "organization": schools[i % 2],
                "last_name": f"Учитель{i:03d}",
                "first_name": "Имя",
                "position": "Учитель",
                "teaching_since": dt.date(2015 + i % 10, 9, 1),
            }
        )
        person.subjects.set(subjects[: 1 + i % 3])


def _more_organizations(count):
    for i in range(count):
        org = services.organization_save(data={"name": f"Школа номер {i}", "short_name": f"Школа {i:03d}"})
        head = services.person_save(
            data={
                "organization": org,
                "last_name": f"Директор{i}",
                "first_name": "Имя",
                "position": "Директор",
            }
        )
        services.organization_set_head(organization=org, person=head)


@pytest.mark.parametrize("extra_people", [5, 60])
def test_person_list_query_count_does_not_grow_with_the_number_of_people(
    methodist_client, district, extra_people, django_assert_max_num_queries
):
    _more_staff(district, extra_people)
    with django_assert_max_num_queries(13):
        response = methodist_client.get(reverse("directory:person_list"))
    assert len(response.context["page"].object_list) == min(50, extra_people + 6)


@pytest.mark.parametrize("extra_people", [5, 60])
def test_filtered_person_list_query_count_does_not_grow(
    methodist_client, district, extra_people, django_assert_max_num_queries
):
    _more_staff(district, extra_people)
    with django_assert_max_num_queries(13):
        response = methodist_client.get(
            reverse("directory:person_list"), {"young": "on", "position": "учитель"}
        )
    assert all(p.is_young_specialist() for p in response.context["page"].object_list)


@pytest.mark.parametrize("extra_organizations", [5, 60])
def test_organization_list_query_count_does_not_grow_with_the_number_of_organizations(
    methodist_client, district, extra_organizations, django_assert_max_num_queries
):
    _more_organizations(extra_organizations)
    with django_assert_max_num_queries(10):
        response = methodist_client.get(reverse("directory:organization_list"))
    assert len(response.context["page"].object_list) == min(50, extra_organizations + 4)


@pytest.mark.parametrize("extra_people", [5, 60])
def test_organization_card_query_count_does_not_grow_with_its_staff(
    methodist_client, district, extra_people, django_assert_max_num_queries
):
    _more_staff(district, extra_people)
    with django_assert_max_num_queries(12):
        methodist_client.get(reverse("directory:organization_detail", args=[district["school_a"].pk]))


def test_search_reads_yo_as_ye_and_ignores_case_in_people_and_organizations(methodist_client, district):
    school = district["school_a"]
    for last, first, patronymic in [
        ("Фёдорова", "Анна", "Петровна"),
        ("Федорова", "Ольга", "Сергеевна"),
        ("Семёнов", "Пётр", "Алексеевич"),
    ]:
        services.person_save(
            data={
                "organization": school,
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "position": "Учитель",
            }
        )
    services.organization_save(
        data={"name": "МБОУ ООШ № 4 с. Берёзовка", "short_name": "ООШ № 4 Берёзовка", "kind": "school"}
    )
    people_url = reverse("directory:person_list")

    def names(query):
        page = methodist_client.get(people_url, {"q": query}).context["page"]
        return sorted(f"{p.last_name} {p.first_name}" for p in page.object_list)

    both = ["Федорова Ольга", "Фёдорова Анна"]
    assert names("федорова") == both
    assert names("фёдорова") == both
    assert names("ФЕДОРОВА") == both
    assert names("фЁдорова анна") == ["Фёдорова Анна"]
    assert names("петр семенов") == ["Семёнов Пётр"]

    organizations_url = reverse("directory:organization_list")
    for query in ("березовка", "БЕРЁЗОВКА", "ооШ № 4 берез"):
        page = methodist_client.get(organizations_url, {"q": query}).context["page"]
        assert [o.short_name for o in page.object_list] == ["ООШ № 4 Берёзовка"], query
