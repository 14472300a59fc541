"""The blank form in Excel (download, fill offline, upload back) and file indicators."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from monitoring import services
from monitoring.models import Indicator, MonitoringForm, Section, Submission, SubmissionEvidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def campaign(methodist, district):
    form = MonitoringForm.objects.create(title="Мониторинг ШМО", year=2025)
    staff = Section.objects.create(form=form, position=1, title="Кадры")
    work = Section.objects.create(form=form, position=2, title="Работа ШМО")
    specs = [
        (
            staff,
            "teachers",
            "Количество педагогов",
            Indicator.Kind.NUMBER_INT,
            {"required": True, "min_value": 0},
        ),
        (staff, "young", "Молодые специалисты", Indicator.Kind.NUMBER_INT, {"min_value": 0}),
        (staff, "young_share", "Доля молодых", Indicator.Kind.SHARE, {"formula": "young / teachers * 100"}),
        (work, "meetings", "Проведено заседаний", Indicator.Kind.NUMBER_INT, {"max_value": 20}),
        (work, "plan", "План работы утверждён", Indicator.Kind.YESNO, {"required": True}),
        (work, "format", "Формат", Indicator.Kind.CHOICE, {"choices": ["очно", "дистанционно, онлайн"]}),
        (work, "topics", "Темы", Indicator.Kind.MULTICHOICE, {"choices": ["ФГОС", "ВПР", "ОГЭ"]}),
        (work, "held_on", "Дата отчёта", Indicator.Kind.DATE, {}),
        (work, "comment", "Комментарий", Indicator.Kind.TEXT, {"help_text": '=HYPERLINK("http://evil")'}),
        (work, "protocol", "Протокол заседания", Indicator.Kind.FILE, {}),
    ]
    for position, (section, code, name, kind, extra) in enumerate(specs, start=1):
        Indicator.objects.create(
            form=form, section=section, position=position, code=code, name=name, kind=kind, **extra
        )
    return services.campaign_create(
        user=methodist,
        form=form,
        title="Мониторинг ШМО 2025-2026",
        opens_on=None,
        deadline=dt.date(2026, 12, 20),
        schools=None,
    )


def _sub(campaign, school) -> Submission:
    return Submission.objects.get(campaign=campaign, organization=school)


def _download(client, sub):
    response = client.get(reverse("monitoring_excel:blank", args=[sub.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(ws) -> dict[str, int]:
    return {ws.cell(row, 2).value: row for row in range(4, ws.max_row + 1) if ws.cell(row, 2).value}


def _upload(client, sub, workbook, version=None):
    stream = io.BytesIO()
    workbook.save(stream)
    return client.post(
        reverse("monitoring_excel:blank_upload", args=[sub.pk]),
        {
            "file": SimpleUploadedFile("бланк.xlsx", stream.getvalue()),
            "version": sub.version if version is None else version,
        },
    )


def test_blank_lists_indicators_with_lists_and_computed(director_a_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    page = director_a_client.get(reverse("monitoring:submission", args=[sub.pk])).content.decode()
    assert "Скачать бланк (Excel)" in page and "Загрузить заполненный бланк" in page
    workbook = _download(director_a_client, sub)
    ws = workbook["Бланк"]
    assert [c.value for c in ws[3]] == [
        "Раздел", "Код", "Показатель", "Как заполнять", "Обязательный", "Подсказка", "Значение", "Примечание"
    ]  # fmt: skip
    rows = _rows(ws)
    assert " ".join(rows) == "teachers young young_share meetings plan format topics held_on comment protocol"
    teachers = rows["teachers"]
    assert ws.cell(teachers, 1).value == "Кадры" and ws.cell(teachers, 5).value == "да"
    assert ws.cell(teachers, 7).value == 2  # prefilled from the directory (two people at school A)
    assert "вычисляется" in ws.cell(rows["young_share"], 4).value
    assert ws.cell(rows["young_share"], 7).value == 50  # 1 young of 2
    assert "не больше 20" in ws.cell(rows["meetings"], 4).value
    # Formula-like text is written as text, never as a formula.
    help_cell = ws.cell(rows["comment"], 6)
    assert help_cell.value == '=HYPERLINK("http://evil")' and help_cell.data_type == "s"
    assert help_cell.quotePrefix
    validations = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert validations[f"G{rows['plan']}"] == '"да,нет"'
    choice_list = validations[f"G{rows['format']}"]
    assert choice_list.startswith("'Списки'!")
    lists = workbook["Списки"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists[1] if c.value] == ["очно", "дистанционно, онлайн"]
    assert f"G{rows['young_share']}" not in validations


def test_filled_blank_saves_a_draft(director_a_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    workbook = _download(director_a_client, sub)
    ws = workbook["Бланк"]
    rows = _rows(ws)
    ws.cell(rows["teachers"], 7).value = 12
    ws.cell(rows["young"], 7).value = 3
    ws.cell(rows["young"], 8).value = "двое пришли в сентябре"
    ws.cell(rows["meetings"], 7).value = "5"
    ws.cell(rows["plan"], 7).value = "да"
    ws.cell(rows["format"], 7).value = "дистанционно, онлайн"
    ws.cell(rows["topics"], 7).value = "ФГОС; ОГЭ"
    ws.cell(rows["held_on"], 7).value = "15.05.2026"
    ws.cell(rows["comment"], 7).value = "=1+1 просто текст"
    response = _upload(director_a_client, sub, workbook)
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:submission", args=[sub.pk])
    sub.refresh_from_db()
    assert sub.state == Submission.State.DRAFT
    answers = {a.indicator.code: (a.value, a.note) for a in sub.answers.select_related("indicator")}
    assert answers["teachers"] == (12, "")
    assert answers["young"] == (3, "двое пришли в сентябре")
    assert answers["plan"][0] is True
    assert answers["format"][0] == "дистанционно, онлайн"
    assert answers["topics"][0] == ["ФГОС", "ОГЭ"]
    assert answers["held_on"][0] == "2026-05-15"
    assert answers["comment"][0] == "=1+1 просто текст"
    assert sub.events.filter(action="save").exists()
    # The page shows them; the blank downloaded again shows them too.
    page = director_a_client.get(reverse("monitoring:submission", args=[sub.pk])).content.decode()
    assert 'id="v_teachers" value="12"' in page
    ws = _download(director_a_client, sub)["Бланк"]
    assert ws.cell(rows["held_on"], 7).value == "15.05.2026"
    assert ws.cell(rows["young_share"], 7).value == 25


def test_errors_are_listed_per_row_and_nothing_is_saved(director_a_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    version = sub.version
    workbook = _download(director_a_client, sub)
    ws = workbook["Бланк"]
    rows = _rows(ws)
    ws.cell(rows["teachers"], 7).value = "двенадцать"
    ws.cell(rows["plan"], 7).value = "может быть"
    ws.cell(rows["young"], 7).value = 4
    ws.cell(ws.max_row + 1, 2).value = "ghost"
    response = _upload(director_a_client, sub, workbook)
    page = response.content.decode()
    assert response.status_code == 422
    assert f"Строка {rows['teachers']} («Количество педагогов»): Введите число." in page
    assert f"Строка {rows['plan']} («План работы утверждён»): Выберите «да» или «нет»." in page
    assert "показателя с кодом «ghost» в этой форме нет" in page
    sub.refresh_from_db()
    assert sub.version == version and not sub.answers.exists()


def test_not_a_blank_and_other_blanks_are_refused(director_a_client, director_b_client, campaign, district):
    sub_a, sub_b = _sub(campaign, district["school_a"]), _sub(campaign, district["school_b"])
    url = reverse("monitoring_excel:blank_upload", args=[sub_a.pk])
    bad = director_a_client.post(
        url, {"file": SimpleUploadedFile("x.xlsx", b"hello"), "version": sub_a.version}
    )
    assert "не похож на книгу Excel" in bad.content.decode()
    other = _download(director_b_client, sub_b)
    response = _upload(director_a_client, sub_a, other)
    assert "бланк другой организации" in response.content.decode()
    assert not sub_a.answers.exists()


def test_locked_and_foreign_submissions(director_a_client, campaign, district):
    sub_a, sub_b = _sub(campaign, district["school_a"]), _sub(campaign, district["school_b"])
    assert director_a_client.get(reverse("monitoring_excel:blank", args=[sub_b.pk])).status_code == 404
    assert director_a_client.get(reverse("monitoring_excel:blank_upload", args=[sub_b.pk])).status_code == 404
    workbook = _download(director_a_client, sub_a)
    Submission.objects.filter(pk=sub_a.pk).update(state=Submission.State.SUBMITTED)
    sub_a.refresh_from_db()
    response = _upload(director_a_client, sub_a, workbook)
    assert response.status_code == 409
    assert "ждут проверки" in response.content.decode()
    assert not sub_a.answers.exists()


def test_stale_version_is_refused(director_a_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    workbook = _download(director_a_client, sub)
    ws = workbook["Бланк"]
    ws.cell(_rows(ws)["teachers"], 7).value = 7
    response = _upload(director_a_client, sub, workbook, version=sub.version + 5)
    assert "Ответы уже изменил другой пользователь" in response.content.decode()
    assert not sub.answers.exists()


# --- File indicators --------------------------------------------------------------------------------------


def test_file_indicator_upload_link_and_replace(director_a_client, director_b_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    page_url = reverse("monitoring:submission", args=[sub.pk])
    upload_url = reverse("monitoring_excel:file_upload", args=[sub.pk, "protocol"])
    page = director_a_client.get(page_url).content.decode()
    assert 'id="file-protocol"' in page and f'action="{upload_url}"' in page

    response = director_a_client.post(upload_url, {"file": SimpleUploadedFile("протокол.pdf", PDF)})
    assert response.status_code == 302
    answer = sub.answers.get(indicator__code="protocol")
    evidence = SubmissionEvidence.objects.get(submission=sub)
    assert answer.value == {"evidence": evidence.pk, "name": "протокол.pdf"}
    download = reverse("monitoring_excel:evidence", args=[sub.pk, evidence.pk])
    assert download in director_a_client.get(page_url).content.decode()
    got = director_a_client.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert director_b_client.get(download).status_code == 404

    # The draft saved afterwards keeps the file's answer.
    sub.refresh_from_db()
    director_a_client.post(page_url, {"v_teachers": "3", "v_plan": "да", "version": sub.version, "save": ""})
    assert sub.answers.get(indicator__code="protocol").value["evidence"] == evidence.pk
    sub.refresh_from_db()
    bad = director_a_client.post(page_url, {"v_teachers": "много", "version": sub.version, "save": ""})
    assert bad.status_code == 422 and download in bad.content.decode()  # the file stays shown

    # A replacement removes the old file.
    director_a_client.post(upload_url, {"file": SimpleUploadedFile("протокол-2.pdf", PDF)})
    assert list(
        SubmissionEvidence.objects.filter(submission=sub).values_list("original_name", flat=True)
    ) == ["протокол-2.pdf"]


def test_hostile_files_are_refused(director_a_client, director_b_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    upload_url = reverse("monitoring_excel:file_upload", args=[sub.pk, "protocol"])
    response = director_a_client.post(
        upload_url, {"file": SimpleUploadedFile("протокол.pdf", b"MZ\x90\x00 a program")}, follow=True
    )
    assert "не похоже ни на один допустимый формат" in response.content.decode()
    response = director_a_client.post(
        upload_url, {"file": SimpleUploadedFile("script.exe", PDF)}, follow=True
    )
    assert "не принимаются" in response.content.decode()
    assert not SubmissionEvidence.objects.exists() and not sub.answers.exists()
    other = _sub(campaign, district["school_b"])
    foreign = reverse("monitoring_excel:file_upload", args=[other.pk, "protocol"])
    assert director_a_client.post(foreign, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    Submission.objects.filter(pk=sub.pk).update(state=Submission.State.ACCEPTED)
    response = director_a_client.post(upload_url, {"file": SimpleUploadedFile("a.pdf", PDF)}, follow=True)
    assert "Ответы приняты и закрыты" in response.content.decode()
    assert not SubmissionEvidence.objects.exists()
