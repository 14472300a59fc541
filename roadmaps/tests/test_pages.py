"""The roadmap list, the create/edit form and copy to a new period, as each role sees them."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from conftest import TODAY
from directory.models import Organization
from roadmaps.forms import next_period, shift_title_years
from roadmaps.models import Occurrence, Roadmap
from roadmaps.services import RowData

from .factories import SAMPLE_ROWS, make_roadmap

THIS_YEAR = (dt.date(2026, 9, 1), dt.date(2027, 8, 31))


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The pages read `timezone.localdate()`; the tests run on 22.11.2026."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def roadmaps(district, methodist):
    office = district["method_office"]
    return {
        "approved": make_roadmap(
            user=methodist,
            organization=office,
            title="Дорожная карта по развитию ШМО на 2022-2023 учебный год",
            rows=SAMPLE_ROWS,
            status=Roadmap.Status.APPROVED,
        ),
        "draft": make_roadmap(
            user=methodist,
            organization=office,
            title="План работы с молодыми специалистами на 2026-2027 учебный год",
            period=THIS_YEAR,
            kind=Roadmap.Kind.PLAN,
            rows=[
                RowData(activity="Организационная работа", is_heading=True),
                RowData(number="1", activity="Встречи с наставниками", deadline_text="Ежемесячно"),
                RowData(number="2", activity="Анализ анкет", deadline_text="Май 2023 г."),
                RowData(number="3", activity="Отчёт", deadline_text="когда-нибудь потом"),
            ],
        ),
        "archived": make_roadmap(
            user=methodist,
            organization=district["office"],
            title="Программа развития образования на 2021–2025 годы",
            period=(dt.date(2021, 1, 1), dt.date(2025, 12, 31)),
            kind=Roadmap.Kind.PROGRAMME,
            status=Roadmap.Status.ARCHIVED,
        ),
    }


def listed_titles(response) -> list[str]:
    page = response.content.decode()
    return re.findall(r'<a href="/roadmaps/\d+/">([^<]+)</a>', page)


def form_data(district, **changes):
    data = {
        "title": "Дорожная карта по наставничеству на 2026-2027 учебный год",
        "kind": "roadmap",
        "period_start": "2026-09-01",
        "period_end": "2027-08-31",
        "goal": "Поддержка молодых педагогов",
        "tasks": "1. Закрепить наставников.",
        "status": "draft",
        "organization": district["method_office"].pk,
    }
    data.update(changes)
    return data


def flash_messages(client) -> str:
    """The messages a user sees on the next page they open."""
    return " ".join(
        re.findall(r'role="alert">\s*([^<]+?)\s*<button', client.get("/roadmaps/").content.decode())
    )


# --- Access ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_methodist_sees_every_roadmap_with_the_buttons_to_create_and_import(roadmaps, methodist_client):
    response = methodist_client.get("/roadmaps/")
    assert response.status_code == 200
    assert len(listed_titles(response)) == 3
    page = response.content.decode()
    assert "Новая дорожная карта" in page
    assert "/roadmaps/import/" in page


@pytest.mark.django_db
def test_administrator_sees_the_list_and_agenda_but_may_not_create_edit_or_copy(
    roadmaps, administrator_client
):
    response = administrator_client.get("/roadmaps/")
    assert response.status_code == 200
    assert len(listed_titles(response)) == 3
    assert "Новая дорожная карта" not in response.content.decode()
    assert administrator_client.get("/roadmaps/agenda/").status_code == 200
    pk = roadmaps["approved"].pk
    for url in ("/roadmaps/new/", f"/roadmaps/{pk}/edit/", f"/roadmaps/{pk}/copy/"):
        assert administrator_client.get(url).status_code == 403, url
        assert administrator_client.post(url, {}).status_code == 403, url


@pytest.mark.django_db
def test_director_sees_approved_and_archived_roadmaps_only_and_a_draft_is_not_found(
    roadmaps, director_a_client
):
    response = director_a_client.get("/roadmaps/")
    assert sorted(listed_titles(response)) == sorted([roadmaps["approved"].title, roadmaps["archived"].title])
    assert "Новая дорожная карта" not in response.content.decode()
    draft = roadmaps["draft"].pk
    assert director_a_client.get(f"/roadmaps/{draft}/edit/").status_code == 404
    assert director_a_client.get(f"/roadmaps/{draft}/copy/").status_code == 404
    assert director_a_client.get(f"/roadmaps/{roadmaps['approved'].pk}/edit/").status_code == 403
    assert director_a_client.get("/roadmaps/new/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/roadmaps/", "/roadmaps/new/", "/roadmaps/agenda/", "/roadmaps/1/edit/"])
def test_anonymous_visitor_is_sent_to_login(anonymous_client, url):
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.django_db
def test_a_form_sent_without_the_csrf_token_is_refused_and_nothing_is_saved(
    roadmaps, district, methodist, csrf_client_for
):
    client = csrf_client_for(methodist)
    pk = roadmaps["approved"].pk
    for url in ("/roadmaps/new/", f"/roadmaps/{pk}/edit/", f"/roadmaps/{pk}/copy/"):
        assert client.post(url, form_data(district)).status_code == 403, url
    assert Roadmap.objects.count() == 3


@pytest.mark.django_db
def test_an_archived_roadmap_cannot_be_edited_but_can_be_copied(roadmaps, methodist_client):
    pk = roadmaps["archived"].pk
    assert methodist_client.get(f"/roadmaps/{pk}/edit/").status_code == 403
    assert methodist_client.get(f"/roadmaps/{pk}/copy/").status_code == 200


# --- The list ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_period_status_rows_and_unparsed_deadlines(roadmaps, methodist_client):
    page = methodist_client.get("/roadmaps/").content.decode()
    draft_row = re.search(rf'<tr data-roadmap="{roadmaps["draft"].pk}">(.*?)</tr>', page, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", draft_row, re.S)
    ]
    # title + organization, kind, period, status, rows, unparsed (a heading never counts)
    assert cells[1:6] == ["план", "2026–2027 учебный год", "черновик", "4", "2"]
    assert "01.01.2021 – 31.12.2025" in page
    assert "в архиве" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", ["draft"]),
        ("kind=programme", ["archived"]),
        ("period=2022-2023", ["approved", "archived"]),
        ("period=2026-2027", ["draft"]),
        ("period=2024", ["archived"]),
        ("q=молодыми специалистами", ["draft"]),
        ("q=ШМО", ["approved"]),
    ],
)
def test_list_filters_narrow_the_roadmaps(roadmaps, methodist_client, query, expected):
    response = methodist_client.get(f"/roadmaps/?{query}")
    assert sorted(listed_titles(response)) == sorted(roadmaps[k].title for k in expected)


@pytest.mark.django_db
def test_list_filters_by_organization(roadmaps, district, methodist_client):
    response = methodist_client.get(f"/roadmaps/?organization={district['office'].pk}")
    assert listed_titles(response) == [roadmaps["archived"].title]


@pytest.mark.django_db
def test_director_cannot_pick_drafts_in_the_status_filter(roadmaps, director_a_client):
    page = director_a_client.get("/roadmaps/").content.decode()
    assert 'value="draft"' not in page
    assert 'value="approved"' in page


def _many_roadmaps(methodist, district, n):
    for i in range(n):
        make_roadmap(
            user=methodist,
            organization=district["method_office"],
            title=f"План № {i}",
            rows=[RowData(number="1", activity="Семинар", deadline_text="Май 2023 г.")],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 40])
def test_list_runs_the_same_number_of_queries_for_3_and_40_roadmaps(
    district, methodist, methodist_client, django_assert_max_num_queries, size
):
    _many_roadmaps(methodist, district, size)
    # session, user, roles, person, period span, count, organizations, the page; session save (3)
    with django_assert_max_num_queries(12):
        response = methodist_client.get("/roadmaps/")
    assert len(listed_titles(response)) == size


@pytest.mark.django_db
def test_list_shows_50_roadmaps_per_page(district, methodist, methodist_client):
    _many_roadmaps(methodist, district, 51)
    assert len(listed_titles(methodist_client.get("/roadmaps/"))) == 50
    second = methodist_client.get("/roadmaps/?page=2")
    assert len(listed_titles(second)) == 1
    assert "Страница 2 из 2" in second.content.decode()


# --- Create ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_roadmap_form_starts_with_the_current_academic_year_and_own_organization(
    district, methodist_client
):
    page = methodist_client.get("/roadmaps/new/").content.decode()
    assert 'name="period_start" value="2026-09-01"' in page
    assert 'name="period_end" value="2027-08-31"' in page
    selected = re.search(r'<option value="(\d+)" selected>', page)
    assert int(selected.group(1)) == district["method_office"].pk
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
    assert options[:2] == ["УО Тестового района", "РМК"]  # the district bodies come first


@pytest.mark.django_db
def test_methodist_creates_a_roadmap_and_lands_on_its_page(district, methodist, methodist_client):
    response = methodist_client.post("/roadmaps/new/", form_data(district))
    roadmap = Roadmap.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/roadmaps/{roadmap.pk}/"
    assert roadmap.title == "Дорожная карта по наставничеству на 2026-2027 учебный год"
    assert (roadmap.period_start, roadmap.period_end) == THIS_YEAR
    assert roadmap.organization == district["method_office"]
    assert roadmap.created_by == methodist
    assert "создана" in flash_messages(methodist_client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"period_start": "2026-02-30"}, "Неправильная дата. Укажите существующие день, месяц и год."),
        ({"period_end": "2026-08-31"}, "Конец периода не может быть раньше начала."),
        ({"title": "  "}, "Укажите название."),
        ({"period_end": "2040-08-31"}, "Период дорожной карты не может быть длиннее 10 лет."),
    ],
)
def test_a_wrong_roadmap_form_saves_nothing_and_keeps_the_typed_values(
    district, methodist_client, changes, error
):
    response = methodist_client.post("/roadmaps/new/", form_data(district, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "Поддержка молодых педагогов" in page
    for value in changes.values():
        if value.strip():
            assert f'value="{value}"' in page
    assert not Roadmap.objects.exists()


# --- Edit --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_edit_form_shows_the_saved_details(roadmaps, methodist_client):
    page = methodist_client.get(f"/roadmaps/{roadmaps['approved'].pk}/edit/").content.decode()
    assert "Дорожная карта по развитию ШМО на 2022-2023 учебный год</textarea>" in page
    assert 'name="period_start" value="2022-09-01"' in page
    assert '<option value="approved" selected>' in page


@pytest.mark.django_db
def test_changing_the_period_rereads_deadlines_and_says_how_many_were_not_recognised(
    roadmaps, district, methodist_client
):
    roadmap = roadmaps["approved"]
    data = form_data(
        district, title=roadmap.title, status="approved", period_start="2023-09-01", period_end="2024-08-31"
    )
    response = methodist_client.post(f"/roadmaps/{roadmap.pk}/edit/", data)
    assert response["Location"] == f"/roadmaps/{roadmap.pk}/"
    # «2022-2023 уч.г.» and «Май 2023 г.» do not fit 2023-2024.
    assert "Сроки пересчитаны для нового периода: 2 строки не распознаны" in flash_messages(methodist_client)
    quarterly = roadmap.rows.get(number="2")
    assert [d.isoformat() for d in quarterly.occurrences.values_list("due_date", flat=True)] == [
        "2023-10-31",
        "2023-12-31",
        "2024-03-31",
        "2024-05-31",
    ]


@pytest.mark.django_db
def test_saving_without_a_new_period_keeps_the_deadlines(roadmaps, district, methodist_client):
    roadmap = roadmaps["approved"]
    before = set(Occurrence.objects.filter(row__roadmap=roadmap).values_list("pk", flat=True))
    data = form_data(
        district,
        title="Новое название",
        status="approved",
        period_start="2022-09-01",
        period_end="2023-08-31",
    )
    methodist_client.post(f"/roadmaps/{roadmap.pk}/edit/", data)
    roadmap.refresh_from_db()
    assert roadmap.title == "Новое название"
    assert set(Occurrence.objects.filter(row__roadmap=roadmap).values_list("pk", flat=True)) == before
    messages = flash_messages(methodist_client)
    assert "Изменения сохранены." in messages
    assert "пересчитаны" not in messages


@pytest.mark.django_db
def test_a_wrong_edit_changes_nothing_and_keeps_the_typed_values(roadmaps, district, methodist_client):
    roadmap = roadmaps["approved"]
    data = form_data(district, title="Опечатка в периоде", period_start="2023-09-01", period_end="2023-01-31")
    response = methodist_client.post(f"/roadmaps/{roadmap.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Конец периода не может быть раньше начала." in page
    assert "Опечатка в периоде</textarea>" in page
    assert 'value="2023-01-31"' in page
    roadmap.refresh_from_db()
    assert roadmap.title == "Дорожная карта по развитию ШМО на 2022-2023 учебный год"
    assert roadmap.period_start == dt.date(2022, 9, 1)


# --- Copy ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_copy_form_offers_the_next_academic_year_and_a_title_with_the_years_moved(roadmaps, methodist_client):
    page = methodist_client.get(f"/roadmaps/{roadmaps['approved'].pk}/copy/").content.decode()
    assert "Дорожная карта по развитию ШМО на 2023-2024 учебный год</textarea>" in page
    assert 'name="period_start" value="2023-09-01"' in page
    assert 'name="period_end" value="2024-08-31"' in page


@pytest.mark.django_db
def test_copy_of_a_five_year_programme_moves_it_by_five_years(roadmaps, methodist_client):
    page = methodist_client.get(f"/roadmaps/{roadmaps['archived'].pk}/copy/").content.decode()
    assert "Программа развития образования на 2026–2030 годы</textarea>" in page
    assert 'name="period_start" value="2026-01-01"' in page
    assert 'name="period_end" value="2030-12-31"' in page


@pytest.mark.django_db
def test_copy_creates_a_draft_with_every_row_and_counts_the_deadlines_to_fix(roadmaps, methodist_client):
    source = roadmaps["approved"]
    data = {
        "title": "Дорожная карта по развитию ШМО на 2023-2024 учебный год",
        "period_start": "2023-09-01",
        "period_end": "2024-08-31",
    }
    response = methodist_client.post(f"/roadmaps/{source.pk}/copy/", data)
    copy = Roadmap.objects.exclude(pk__in=[r.pk for r in roadmaps.values()]).get()
    assert response["Location"] == f"/roadmaps/{copy.pk}/"
    assert copy.status == Roadmap.Status.DRAFT
    assert copy.copied_from == source
    assert [r.activity for r in copy.rows.order_by("position")] == [r.activity for r in SAMPLE_ROWS]
    quarterly = copy.rows.get(number="2")
    assert quarterly.occurrences.order_by("due_date").first().due_date == dt.date(2023, 10, 31)
    messages = flash_messages(methodist_client)
    assert "Создана копия на 2023–2024 учебный год (черновик): 6 строк." in messages
    assert "В новом периоде 2 срока не распознаны (например, «2022-2023 уч.г.») — укажите даты вручную." in (
        messages
    )


@pytest.mark.django_db
def test_a_wrong_copy_period_creates_nothing(roadmaps, methodist_client):
    data = {"title": "Копия", "period_start": "2024-09-01", "period_end": "2023-08-31"}
    response = methodist_client.post(f"/roadmaps/{roadmaps['approved'].pk}/copy/", data)
    assert response.status_code == 200
    assert "Конец периода не может быть раньше начала." in response.content.decode()
    assert Roadmap.objects.count() == 3


# --- The title and period of a copy ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "years", "expected"),
    [
        ("План на 2022-2023 учебный год", 1, "План на 2023-2024 учебный год"),
        ("План на 2022–2023 уч. г.", 1, "План на 2023–2024 уч. г."),
        ("План на 2022/23 учебный год", 1, "План на 2023/24 учебный год"),
        ("План на 2099-00 учебный год", 1, "План на 2100-01 учебный год"),
        ("Программа на 2021-2025 годы", 5, "Программа на 2026-2030 годы"),
        ("План на 2026 год", 1, "План на 2027 год"),
        (
            "План (приказ от 12.05.2022 № 214) на 2022-2023 год",
            1,
            "План (приказ от 12.05.2022 № 214) на 2023-2024 год",
        ),
        ("Дорожная карта по наставничеству", 1, "Дорожная карта по наставничеству"),
    ],
)
def test_the_copy_title_moves_every_year_but_not_dates_of_orders(title, years, expected):
    assert shift_title_years(title, years) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (("2022-09-01", "2023-08-31"), ("2023-09-01", "2024-08-31")),
        (("2021-01-01", "2025-12-31"), ("2026-01-01", "2030-12-31")),
        (("2023-03-01", "2024-02-29"), ("2024-03-01", "2025-02-28")),
        (("2022-03-01", "2023-02-28"), ("2023-03-01", "2024-02-29")),
        (("2026-01-01", "2026-06-30"), ("2027-01-01", "2027-06-30")),
    ],
)
def test_the_next_period_follows_the_old_one_by_its_length_in_years(period, expected):
    start, end = (dt.date.fromisoformat(d) for d in period)
    assert next_period(start, end) == tuple(dt.date.fromisoformat(d) for d in expected)


# --- The start page ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_methodist_start_page_offers_roadmaps_the_agenda_a_new_roadmap_and_the_import(methodist_client):
    page = methodist_client.get("/").content.decode()
    for title, url in [
        ("Дорожные карты", "/roadmaps/"),
        ("Календарь сроков", "/roadmaps/agenda/"),
        ("Новая дорожная карта", "/roadmaps/new/"),
        ("Импорт из Word/Excel", "/roadmaps/import/"),
    ]:
        assert f'<a href="{url}" class="stretched-link">{title}</a>' in page


@pytest.mark.django_db
def test_director_start_page_offers_the_agenda_but_not_a_new_roadmap(director_a_client):
    page = director_a_client.get("/").content.decode()
    assert "Календарь сроков" in page
    assert "/roadmaps/new/" not in page
    assert "/roadmaps/import/" not in page


@pytest.mark.django_db
def test_organizations_of_every_kind_can_own_a_roadmap(district, methodist_client):
    data = form_data(district, organization=district["school_a"].pk)
    methodist_client.post("/roadmaps/new/", data)
    assert Roadmap.objects.get().organization.kind == Organization.Kind.SCHOOL


@pytest.mark.django_db
def test_roadmap_list_lights_up_roadmaps_in_the_menu_not_the_calendar(methodist_client):
    response = methodist_client.get("/roadmaps/")
    assert response.context["active_nav"] == "roadmaps"
    html = response.content.decode()
    active = re.findall(r'<a class="nav-link active" href="([^"]+)">([^<]+)</a>', html)
    assert active == [("/roadmaps/", "Дорожные карты")]
