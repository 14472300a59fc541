"""The методист imports last year's summary sheet in the browser: upload → preview → confirm."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from monitoring import importer
from monitoring.models import Campaign, MonitoringForm, Submission
from monitoring.views_excel import SESSION_KEY, _tmp_path

pytestmark = pytest.mark.django_db

UPLOAD = reverse("monitoring_excel:import_upload")
PREVIEW = reverse("monitoring_excel:import_preview")


def summary(*schools: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Сводная"
    ws.append(["Мониторинг сайтов школ"])
    ws.append(["Наименование ОО", "Количество педагогов", "Наличие сайта"])
    for number, name in enumerate(schools, start=1):
        ws.append([name, 10 * number, "да" if number % 2 else "нет"])
    ws.append(["Итого", sum(10 * n for n in range(1, len(schools) + 1)), None])
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


def xlsx(data: bytes, name: str = "svod.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def upload(client, data: bytes, name="svod.xlsx", **fields):
    return client.post(UPLOAD, {"title": "", "year": "2024-2025", "file": xlsx(data, name), **fields})


def test_methodist_previews_maps_an_unknown_school_and_confirms(methodist_client, district):
    data = summary('МБОУ "СОШ №1"', "Школа на Луне", "Вечерняя школа")
    response = upload(methodist_client, data)
    assert response.status_code == 302 and response["Location"] == PREVIEW
    assert not MonitoringForm.objects.exists()  # nothing saved before the confirmation

    page = methodist_client.get(PREVIEW).content.decode()
    assert "Количество педагогов" in page and "целое число" in page and "да/нет" in page
    assert "Строка 6 — «Итого» по району" in page
    assert "СОШ № 1" in page
    assert 'name="map_4"' in page and 'name="map_5"' in page  # the two unknown names ask for a choice
    assert 'name="map_3"' not in page

    # A choice left out: refused with a message at the row, nothing saved.
    response = methodist_client.post(PREVIEW, {"map_4": str(district["school_b"].pk), "map_5": ""})
    assert response.status_code == 422
    assert "Строка 5 («Вечерняя школа»): выберите организацию" in response.content.decode()
    assert not Campaign.objects.exists()

    response = methodist_client.post(PREVIEW, {"map_4": str(district["school_b"].pk), "map_5": "skip"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:campaign", args=[campaign.pk])
    assert campaign.form.year == 2024 and campaign.form.title == "Мониторинг сайтов школ"
    schools = {
        s.organization.short_name: {a.indicator.name: a.value for a in s.answers.select_related("indicator")}
        for s in Submission.objects.filter(campaign=campaign).select_related("organization")
    }
    assert schools == {
        "СОШ № 1": {"Количество педагогов": 10, "Наличие сайта": True},
        "СОШ № 2": {"Количество педагогов": 20, "Наличие сайта": False},
    }
    # The waiting file is gone and the session forgets it.
    assert SESSION_KEY not in methodist_client.session
    assert methodist_client.get(PREVIEW).status_code == 302


def test_choosing_an_organization_already_in_the_sheet_saves_nothing(methodist_client, district):
    upload(methodist_client, summary("СОШ № 1", "Неизвестная"))
    response = methodist_client.post(PREVIEW, {"map_4": str(district["school_a"].pk)})
    assert response.status_code == 422
    assert "та же организация, что в строке 3" in response.content.decode()
    assert not MonitoringForm.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not a workbook", "не похож на книгу Excel"),
        (summary()[:200], "не похож на книгу Excel"),
    ],
)
def test_bad_files_are_refused_on_the_page(methodist_client, district, data, message):
    response = upload(methodist_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SESSION_KEY not in methodist_client.session
    assert not MonitoringForm.objects.exists()


def test_a_sheet_without_a_table_or_empty_is_refused(methodist_client, district):
    wb = Workbook()
    wb.active.append(["Просто заметка"])
    stream = io.BytesIO()
    wb.save(stream)
    page = upload(methodist_client, stream.getvalue()).content.decode()
    assert "В книге не найдена сводная таблица" in page
    empty = io.BytesIO()
    Workbook().save(empty)
    assert "В книге не найдена сводная таблица" in upload(methodist_client, empty.getvalue()).content.decode()
    headers_only = summary()
    page = upload(methodist_client, headers_only).content.decode()
    assert "нет ни одной строки организации" in page
    assert not MonitoringForm.objects.exists()


def test_bad_year_is_said_next_to_the_field(methodist_client, district):
    response = upload(methodist_client, summary("СОШ № 1"), year="2024-2026")
    assert "второй год должен следовать за первым" in response.content.decode()
    assert SESSION_KEY not in methodist_client.session


def test_only_the_methodist_imports(director_a_client, administrator_client, district):
    assert director_a_client.get(UPLOAD).status_code == 404
    assert administrator_client.get(UPLOAD).status_code == 404
    assert director_a_client.post(PREVIEW, {}).status_code == 404


def test_the_session_token_is_the_only_key_to_the_waiting_file(methodist_client, district):
    upload(methodist_client, summary("СОШ № 1"))
    token = methodist_client.session[SESSION_KEY]["token"]
    assert _tmp_path(token).is_file()
    session = methodist_client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "token": "../../settings"}
    session.save()
    assert methodist_client.get(PREVIEW).status_code == 302  # refused, back to the upload
    assert not MonitoringForm.objects.exists()


def test_campaign_list_links_the_import_for_methodists(methodist_client, director_a_client, district):
    assert UPLOAD in methodist_client.get(reverse("monitoring:list")).content.decode()
    assert UPLOAD not in director_a_client.get(reverse("monitoring:list")).content.decode()


def test_import_summary_mapping_leaves_the_command_unchanged(district, tmp_path):
    data = summary("СОШ № 1", "Неизвестная")
    with pytest.raises(importer.ImportRejected):
        importer.import_summary(data=data, year=2024)
    result = importer.import_summary(data=data, year=2024, mapping={"Неизвестная": None})
    assert result.schools == 1
    path = tmp_path / "s.xlsx"
    path.write_bytes(data)
    with pytest.raises(Exception, match="«Неизвестная» не найдена"):
        call_command("import_monitoring", str(path), "--year", "2024-2025", stdout=io.StringIO())
