"""Import pages (upload → preview → confirm) and the export view, through the real URLs."""

from __future__ import annotations

import datetime as dt
import io
import json

import pdfplumber
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from directory import services as directory
from directory.access import user_scope
from directory.models import Role
from roadmaps import import_services
from roadmaps.deadlines import UNPARSED
from roadmaps.models import Occurrence, Roadmap, RoadmapImport, RoadmapRow

from .factories import SAMPLE_ROWS, make_roadmap
from .test_importers import docx_with_table, expected_rows, fixture_bytes, normalised, pasted_text

UPLOAD = reverse("roadmaps:import_upload")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload(client, name: str, data: bytes, **extra):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), **extra})


def preview_url(pk) -> str:
    return reverse("roadmaps:import_preview", args=[pk])


def confirm_url(pk) -> str:
    return reverse("roadmaps:import_confirm", args=[pk])


@pytest.fixture
def seed000_import(methodist_client):
    response = upload(methodist_client, "seed000.docx", fixture_bytes("seed000.docx"))
    assert response.status_code == 302
    return RoadmapImport.objects.get()


@pytest.fixture
def other_methodist(district):
    person = directory.person_save(
        data={
            "organization": district["method_office"],
            "last_name": "Орлова",
            "first_name": "Нина",
            "position": "Методист",
        }
    )
    user = directory.user_ensure(username="metodist2", password="pass-for-tests-1", person=person)
    directory.role_grant(user=user, kind=Role.Kind.METHODIST)
    return user


# --- Who may import ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_go_to_login(anonymous_client):
    for url in (UPLOAD, preview_url(1)):
        response = anonymous_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = anonymous_client.post(confirm_url(1))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["administrator_client", "director_a_client", "teacher_a_client"])
def test_only_a_methodist_may_import(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, "seed000.docx", fixture_bytes("seed000.docx")).status_code == 403
    assert RoadmapImport.objects.count() == 0


@pytest.mark.django_db
def test_upload_page_offers_a_file_or_pasted_text_with_title_and_period(methodist_client):
    response = methodist_client.get(UPLOAD)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ('name="file"', 'name="text"', 'name="title"', 'name="period_start"', 'name="period_end"'):
        assert name in html
    assert "10 МБ" in html


# --- Upload ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_docx_becomes_a_pending_import_and_the_preview_opens(methodist_client, methodist):
    response = upload(methodist_client, "seed000.docx", fixture_bytes("seed000.docx"))
    roadmap_import = RoadmapImport.objects.get()
    assert response["Location"] == preview_url(roadmap_import.pk)
    assert roadmap_import.status == RoadmapImport.Status.PENDING
    assert roadmap_import.created_by == methodist
    assert (roadmap_import.source, roadmap_import.file_name) == ("docx", "seed000.docx")
    payload = roadmap_import.payload
    assert normalised(payload["rows"]) == expected_rows("seed000")
    assert payload["period"] == ["2022-09-01", "2023-08-31"]
    assert payload["order"]["number"] == "344" and payload["order"]["order_id"] is None
    assert Roadmap.objects.count() == 0


@pytest.mark.django_db
def test_title_and_period_given_on_upload_win(methodist_client):
    response = upload(
        methodist_client,
        "seed001.xlsx",
        fixture_bytes("seed001.xlsx"),
        title="Программа поддержки ШМО",
        period_start="2020-09-01",
        period_end="2022-12-31",
    )
    assert response.status_code == 302
    payload = RoadmapImport.objects.get().payload
    assert payload["title"] == "Программа поддержки ШМО"
    assert (payload["period"], payload["period_source"]) == (["2020-09-01", "2022-12-31"], "user")


@pytest.mark.django_db
def test_pasted_text_becomes_a_pending_import(methodist_client):
    response = methodist_client.post(UPLOAD, {"text": pasted_text(expected_rows("seed001"))})
    assert response.status_code == 302
    roadmap_import = RoadmapImport.objects.get()
    assert (roadmap_import.source, roadmap_import.file_name) == ("text", "")
    assert normalised(roadmap_import.payload["rows"]) == expected_rows("seed001")
    assert roadmap_import.payload["title"].startswith("Дорожная карта (импорт от ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "plan.docx",
            docx_with_table([["№", "Мероприятие", "Дата"], ["1", "Совещание", "01.09.2023"]]),
            "В документе не найдена таблица с колонками «Мероприятие», «Сроки», «Ответственные»: "
            "в самой похожей таблице нет колонки «Ответственные».",
        ),
        ("plan.docx", "№\tМероприятие\n1\tСовещание\n".encode(), "Файл не похож на документ Word (.docx)."),
        ("photo.xlsx", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "Файл не похож на книгу Excel (.xlsx)."),
        ("plan.pdf", b"%PDF-1.4\n", "Файл «plan.pdf» — не документ Word (.docx) и не книга Excel (.xlsx)."),
    ],
)
def test_a_file_that_is_not_a_roadmap_is_refused_and_nothing_is_stored(methodist_client, name, data, message):
    response = upload(methodist_client, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'data-testid="import-errors"' in response.content.decode()
    assert RoadmapImport.objects.count() == 0


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(methodist_client, settings):
    settings.IMPORT_MAX_BYTES = 20 * 1024
    response = upload(methodist_client, "seed000.docx", fixture_bytes("seed000.docx"))
    assert "Файл слишком большой: 38,4 КБ, а можно не больше 20 КБ" in response.content.decode()
    assert RoadmapImport.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "  \n\t "}, "Выберите файл с дорожной картой или вставьте её таблицу"),
        (
            {"text": "1\tА\tБ\tВ", "file": SimpleUploadedFile("a.docx", b"x")},
            "Загрузите файл или вставьте текст — что-то одно.",
        ),
        ({"text": "1\tА\tМай\tВ", "period_start": "2023-09-01"}, "Укажите и начало, и конец периода"),
        (
            {"text": "1\tА\tМай\tВ", "period_start": "2023-09-01", "period_end": "2023-01-01"},
            "Конец периода не может быть раньше начала.",
        ),
    ],
)
def test_form_errors(methodist_client, data, message):
    response = methodist_client.post(UPLOAD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RoadmapImport.objects.count() == 0


@pytest.mark.django_db
def test_a_paste_without_columns_is_refused(methodist_client):
    response = methodist_client.post(UPLOAD, {"text": "Просто текст без таблицы\nещё строка"})
    assert "Во вставленном тексте нет колонок" in response.content.decode()
    assert RoadmapImport.objects.count() == 0


# --- Preview --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_shows_details_order_rows_and_parsed_schedules(methodist_client, seed000_import):
    response = methodist_client.get(preview_url(seed000_import.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Дорожная карта по развитию и сопровождению школьных методических объединений" in html
    assert "2022–2023 учебный год" in html and "(из названия)" in html
    assert "повышение эффективности деятельности" in html
    assert "№ 344" in html and "30.08.2022" in html and "Ю.Н. Богинский" in html
    assert html.count('data-row="heading"') == 6
    assert html.count('data-row="item"') == 20 and 'data-row="unparsed"' not in html
    assert "все сроки распознаны" in html
    # «1 раз в четверть» → the four quarter ends, in Russian, as dd.mm.yyyy.
    assert "периодически" in html and "31.10.2022, 31.12.2022, 31.03.2023, 31.05.2023" in html
    assert "по запросу" in html and "однократно" in html and "31.05.2023" in html
    preview = response.context["preview"]
    counts = response.context["counts"]
    assert {k: counts[k] for k in ("rows", "headings", "items", "unparsed")} == {
        "rows": 26,
        "headings": 6,
        "items": 20,
        "unparsed": 0,
    }
    assert counts["dates"] > 40  # «Ежемесячно» alone gives 12 a row
    assert preview.kind == "roadmap"


@pytest.mark.django_db
def test_unparsed_deadlines_are_highlighted(methodist_client):
    text = "№\tМероприятие\tСроки\tОтветственные\n1\tСовещание\tкогда получится\tРМК\n2\tСеминар\tМай\tРМК\n"
    methodist_client.post(UPLOAD, {"text": text})
    html = methodist_client.get(preview_url(RoadmapImport.objects.get().pk)).content.decode()
    assert html.count('data-row="unparsed"') == 1
    assert "не распознан" in html and "не распознано сроков: 1" in html


@pytest.mark.django_db
def test_changing_the_period_on_the_preview_rereads_the_deadlines(methodist_client, seed000_import):
    response = methodist_client.post(
        preview_url(seed000_import.pk),
        {"title": "Дорожная карта ШМО", "period_start": "2023-09-01", "period_end": "2024-08-31"},
    )
    assert response.status_code == 302
    seed000_import.refresh_from_db()
    assert seed000_import.payload["title"] == "Дорожная карта ШМО"
    assert seed000_import.payload["period"] == ["2023-09-01", "2024-08-31"]
    response = methodist_client.get(preview_url(seed000_import.pk))
    counts = response.context["counts"]
    # «2022-2023 уч.г.», «Май 2023 г.», «Июнь 2023 г.» … now fall outside the period.
    assert counts["unparsed"] == 12
    assert "Срок не попадает в период дорожной карты." in response.content.decode()


@pytest.mark.django_db
def test_an_invalid_period_on_the_preview_is_refused(methodist_client, seed000_import):
    response = methodist_client.post(
        preview_url(seed000_import.pk),
        {"title": "Дорожная карта", "period_start": "2024-09-01", "period_end": "2023-08-31"},
    )
    assert response.status_code == 400
    assert "Конец периода не может быть раньше начала." in response.content.decode()
    seed000_import.refresh_from_db()
    assert seed000_import.payload["period"] == ["2022-09-01", "2023-08-31"]


@pytest.mark.django_db
def test_only_the_uploader_sees_and_confirms_a_pending_import(
    seed000_import, other_methodist, csrf_client_for
):
    client = csrf_client_for(other_methodist)
    client.get(UPLOAD)  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.get(preview_url(seed000_import.pk)).status_code == 404
    assert client.post(confirm_url(seed000_import.pk), {"csrfmiddlewaretoken": token}).status_code == 404
    assert Roadmap.objects.count() == 0


@pytest.mark.django_db
def test_confirm_needs_the_csrf_token(seed000_import, methodist, csrf_client_for):
    client = csrf_client_for(methodist)
    assert client.post(confirm_url(seed000_import.pk)).status_code == 403
    assert Roadmap.objects.count() == 0


# --- Confirm --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_confirm_is_post_only(methodist_client, seed000_import):
    assert methodist_client.get(confirm_url(seed000_import.pk)).status_code == 405


@pytest.mark.django_db
def test_confirm_creates_the_roadmap_once(methodist_client, methodist, district, seed000_import):
    response = methodist_client.post(confirm_url(seed000_import.pk))
    roadmap = Roadmap.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roadmaps:detail", args=[roadmap.pk])
    assert roadmap.title.startswith("Дорожная карта по развитию и сопровождению")
    assert (roadmap.period_start, roadmap.period_end) == (dt.date(2022, 9, 1), dt.date(2023, 8, 31))
    assert roadmap.status == Roadmap.Status.DRAFT and roadmap.kind == Roadmap.Kind.ROADMAP
    assert roadmap.organization == district["method_office"]
    assert roadmap.created_by == methodist
    assert roadmap.source_file_name == "seed000.docx"
    assert roadmap.source_order["number"] == "344" and roadmap.source_order["order_id"] is None
    assert roadmap.goal.startswith("повышение эффективности")
    assert roadmap.rows.count() == 26 and Occurrence.objects.filter(row__roadmap=roadmap).exists()
    seed000_import.refresh_from_db()
    assert (seed000_import.status, seed000_import.roadmap) == (RoadmapImport.Status.APPLIED, roadmap)

    again = methodist_client.post(confirm_url(seed000_import.pk))
    assert again["Location"] == reverse("roadmaps:detail", args=[roadmap.pk])
    assert Roadmap.objects.count() == 1
    # The preview of an applied import links to the roadmap and offers no more changes.
    html = methodist_client.get(preview_url(seed000_import.pk)).content.decode()
    assert 'data-testid="import-applied"' in html and 'data-testid="confirm-form"' not in html
    assert methodist_client.post(preview_url(seed000_import.pk), {"title": "x"}).status_code == 302
    seed000_import.refresh_from_db()
    assert seed000_import.payload["title"] != "x"


@pytest.mark.django_db
def test_a_failing_confirm_leaves_nothing_behind(methodist_client, seed000_import, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("roadmaps.services.occurrences_sync", broken)
    with pytest.raises(RuntimeError):
        methodist_client.post(confirm_url(seed000_import.pk))
    assert Roadmap.objects.count() == 0 and RoadmapRow.objects.count() == 0
    seed000_import.refresh_from_db()
    assert seed000_import.status == RoadmapImport.Status.PENDING


@pytest.mark.django_db
def test_a_superuser_without_a_staff_card_imports_into_the_method_office(district, methodist_client):
    admin = get_user_model().objects.create_superuser("root", "root@example.ru", "pass-for-tests-1")
    assert import_services.issuing_organization(admin) == district["method_office"]


# --- Acceptance: upload → confirm → export gives rows.json --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("seed", ["seed000", "seed001"])
@pytest.mark.parametrize("source", ["docx", "xlsx", "text"])
def test_import_then_export_json_gives_the_rows_json(methodist_client, seed, source):
    if source == "text":
        response = methodist_client.post(UPLOAD, {"text": pasted_text(expected_rows(seed))})
    else:
        response = upload(methodist_client, f"{seed}.{source}", fixture_bytes(f"{seed}.{source}"))
    assert response.status_code == 302, response.content.decode()[:2000]
    pk = RoadmapImport.objects.get().pk
    assert methodist_client.post(confirm_url(pk)).status_code == 302
    roadmap = Roadmap.objects.get()
    exported = methodist_client.get(reverse("roadmaps:export", args=[roadmap.pk, "json"]))
    assert exported.status_code == 200
    assert exported["Content-Type"] == "application/json; charset=utf-8"
    assert normalised(json.loads(exported.content)) == expected_rows(seed)
    items = roadmap.rows.filter(is_heading=False)
    assert not items.filter(schedule_kind=UNPARSED).exists()


# --- Export ---------------------------------------------------------------------------------------------


@pytest.fixture
def approved(district, methodist):
    return make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=SAMPLE_ROWS,
        status=Roadmap.Status.APPROVED,
        title="Дорожная карта по развитию ШМО на 2022-2023 учебный год",
    )


@pytest.mark.django_db
def test_export_xlsx_with_a_cyrillic_file_name(methodist_client, approved):
    response = methodist_client.get(reverse("roadmaps:export", args=[approved.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%D0%94%D0%BE%D1%80%D0%BE%D0%B6%D0%BD%D0%B0%D1%8F" in disposition and disposition.endswith(".xlsx")
    assert response.streaming and int(response["Content-Length"]) > 0  # sent from a temporary file
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["A1"].value == approved.title


@pytest.mark.django_db
def test_export_follows_roadmap_visibility(
    director_a_client, administrator_client, approved, district, methodist
):
    draft = make_roadmap(user=methodist, organization=district["method_office"], title="Черновик")
    assert director_a_client.get(reverse("roadmaps:export", args=[approved.pk, "json"])).status_code == 200
    assert director_a_client.get(reverse("roadmaps:export", args=[draft.pk, "json"])).status_code == 404
    assert administrator_client.get(reverse("roadmaps:export", args=[draft.pk, "xlsx"])).status_code == 200


@pytest.mark.django_db
def test_export_of_an_unknown_format_or_roadmap_is_404(methodist_client, approved):
    assert methodist_client.get(reverse("roadmaps:export", args=[approved.pk, "docx"])).status_code == 404
    assert methodist_client.get(reverse("roadmaps:export", args=[approved.pk, "csv"])).status_code == 404
    assert (
        methodist_client.get(reverse("roadmaps:export", args=[approved.pk + 100, "json"])).status_code == 404
    )


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


@pytest.mark.django_db
def test_roadmap_page_offers_the_pdf_of_the_roadmap_alone(methodist_client, director_a_client, approved):
    page = methodist_client.get(reverse("roadmaps:detail", args=[approved.pk]))
    url = reverse("roadmaps:export", args=[approved.pk, "pdf"])
    assert f'href="{url}"' in page.content.decode()
    response = director_a_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''") and disposition.endswith(".pdf")
    assert "%D0%94%D0%BE%D1%80%D0%BE%D0%B6%D0%BD%D0%B0%D1%8F" in disposition  # «Дорожная» in the name
    text = _pdf_text(response.content)
    assert "ДОРОЖНАЯ КАРТА по развитию ШМО на 2022-2023 учебный год" in text  # the appendix title
    for activity in (
        "Нормативно-правовая деятельность",
        "Обновление положений о ШМО",
        "Анализ компетентности",
    ):
        assert activity in text
    assert "1 раз в четверть" in text and "Май 2023 г." in text


@pytest.mark.django_db
def test_roadmap_pdf_is_404_without_access(
    client, director_a_client, anonymous_client, approved, district, methodist
):
    draft = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    assert director_a_client.get(reverse("roadmaps:export", args=[draft.pk, "pdf"])).status_code == 404
    nobody = get_user_model().objects.create_user("bez_roli", password="x-12345-y")
    client.force_login(nobody)  # an account with no role sees no roadmap
    url = reverse("roadmaps:export", args=[approved.pk, "pdf"])
    assert client.get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 302


@pytest.mark.django_db
def test_export_needs_a_login(anonymous_client, approved):
    response = anonymous_client.get(reverse("roadmaps:export", args=[approved.pk, "json"]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- Query counts ---------------------------------------------------------------------------------------

DEADLINES = ("Ежемесячно", "1 раз в четверть", "По запросу", "Май 2023 г.", "В течение года", "апрель")
# Queries of confirming an import: constant in the number of rows on PostgreSQL (up to one batch of the
# bulk writes, 500 rows). On SQLite Django splits every bulk insert/update at 999 parameters (≈ 58 rows,
# ≈ 333 occurrences), which adds a few queries at 300 rows: the budget covers both sizes. (32: the
# two columns of who is reminded, reminders_by_hand and reminder_groups, make one more batch of rows.)
MAX_IMPORT_QUERIES = 32


def _payload(rows: int) -> dict:
    table = []
    for index in range(rows):
        heading = index % 20 == 0
        table.append(
            {
                "number": "" if heading else str(index),
                "heading": heading,
                "activity": f"Раздел {index // 20 + 1}" if heading else f"Мероприятие {index}",
                "deadline": "" if heading else DEADLINES[index % len(DEADLINES)],
                "responsible": "" if heading else "РМК",
                "result": "",
            }
        )
    return {
        "title": f"Дорожная карта на {rows} строк",
        "kind": "roadmap",
        "period": ["2022-09-01", "2023-08-31"],
        "period_source": "title",
        "goal": "",
        "tasks": "",
        "order": {},
        "rows": table,
    }


@pytest.mark.django_db
def test_confirming_an_import_takes_the_same_queries_for_10_and_300_rows(
    methodist, district, django_assert_max_num_queries
):
    user_scope(methodist)  # as in a request, where the scope is computed once before the view
    counts = {}
    for rows in (10, 300):
        roadmap_import = RoadmapImport.objects.create(
            created_by=methodist, source="text", payload=_payload(rows)
        )
        with django_assert_max_num_queries(MAX_IMPORT_QUERIES) as captured:
            roadmap = import_services.roadmap_import_apply(roadmap_import=roadmap_import, user=methodist)
        counts[rows] = len(captured)
        assert roadmap.rows.count() == rows
    if connection.vendor == "postgresql":
        assert counts[10] == counts[300], counts
