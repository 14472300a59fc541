"""import_monitoring / export_monitoring: the district's summary sheet in and out, with their contracts."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from monitoring.models import Answer, Campaign, Indicator, MonitoringForm, Submission

pytestmark = pytest.mark.django_db


def _save(workbook, tmp_path, name="summary.xlsx"):
    path = tmp_path / name
    workbook.save(path)
    return path


def one_level_sheet(tmp_path, school_a='МБОУ "СОШ №1"', school_b="СОШ № 2 пгт Тестовый"):
    wb = Workbook()
    ws = wb.active
    ws.title = "Сводная"
    ws.append(
        ["Наименование ОО", "Количество педагогов", "Средний балл", "Наличие сайта", "Сайт", "Примечание"]
    )
    ws.append([school_a, 25, 4.2, "да", "https://school1.example.ru", "всё хорошо"])
    ws.append([school_b, 30, 3.9, "Нет", "https://school2.example.ru", "ремонт"])
    ws.append(["Итого", 55, None, None, None, None])
    return _save(wb, tmp_path)


def two_level_sheet(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Мониторинг деятельности ШМО"])
    ws.merge_cells("A1:F1")
    ws.append(["№ п/п", "Наименование ОО", "Педагоги", None, None, "Наличие ШМО"])
    ws.append([None, None, "Всего", "Молодых", "Доля молодых, %", None])
    for column in "ABF":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("C2:E2")
    ws.append(
        [1, "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»", 20, 5, "=D4/C4*100", "да"]
    )
    ws.append([2, "сош №2", 40, 0, "=D5/C5*100", "нет"])
    ws.append([None, "Всего по району", "=SUM(C4:C5)", "=SUM(D4:D5)", "=D6/C6*100", None])
    return _save(wb, tmp_path, "shmo.xlsx")


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_monitoring", str(path), *args, stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def run_export(campaign_id, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    call_command(
        "export_monitoring", str(campaign_id), "--format", fmt, "-o", str(path), stdout=io.StringIO()
    )
    return path


def test_one_level_sheet_guesses_kinds_and_skips_the_total(district, tmp_path):
    result = run_import(one_level_sheet(tmp_path), "--title", "Сайты школ", "--year", "2024-2025")
    assert result == {
        "monitoring_id": result["monitoring_id"],
        "indicators": 5,
        "schools": 2,
        "unmatched": [],
    }
    campaign = Campaign.objects.get(pk=result["monitoring_id"])
    assert campaign.status == Campaign.Status.CLOSED
    assert campaign.form.title == "Сайты школ" and campaign.form.year == 2024
    kinds = {i.name: i.kind for i in campaign.form.indicators.all()}
    assert kinds == {
        "Количество педагогов": "number_int",
        "Средний балл": "number_dec",
        "Наличие сайта": "yesno",
        "Сайт": "link",
        "Примечание": "text",
    }
    submissions = Submission.objects.filter(campaign=campaign).select_related("organization")
    assert {s.organization.short_name for s in submissions} == {"СОШ № 1", "СОШ № 2"}
    assert all(s.state == Submission.State.ACCEPTED for s in submissions)
    school_b = submissions.get(organization=district["school_b"])
    values = {a.indicator.name: a.value for a in school_b.answers.select_related("indicator")}
    assert values["Количество педагогов"] == 30 and values["Наличие сайта"] is False


def test_two_level_header_with_a_formula_column(district, tmp_path):
    result = run_import(two_level_sheet(tmp_path))
    assert result["indicators"] == 4 and result["schools"] == 2 and result["unmatched"] == []
    form = Campaign.objects.get(pk=result["monitoring_id"]).form
    assert form.title == "Мониторинг деятельности ШМО"
    indicators = list(form.indicators.select_related("section").order_by("position"))
    assert [i.full_name for i in indicators] == [
        "Педагоги: Всего",
        "Педагоги: Молодых",
        "Педагоги: Доля молодых, %",
        "Наличие ШМО",
    ]
    share = indicators[2]
    assert share.kind == Indicator.Kind.SHARE and share.formula == "p2/p1*100"
    assert indicators[3].kind == Indicator.Kind.YESNO
    answer = Answer.objects.get(indicator=share, submission__organization=district["school_a"])
    assert answer.value == 25.0

    data = json.loads(run_export(result["monitoring_id"], tmp_path, "json").read_text(encoding="utf-8"))
    assert set(data) == {"title", "indicators", "rows", "totals"}
    assert data["indicators"][2] == {"code": "p3", "name": "Педагоги: Доля молодых, %", "kind": "share"}
    rows = {row["organization"]: row["values"] for row in data["rows"]}
    assert rows == {
        "СОШ № 1": {"p1": 20, "p2": 5, "p3": 25, "p4": "да"},
        "СОШ № 2": {"p1": 40, "p2": 0, "p3": 0, "p4": "нет"},
    }
    # Sum, the formula over the district sums (5 / 60), the share of «да».
    assert data["totals"] == {"p1": 60, "p2": 5, "p3": 8.33, "p4": 50}


def test_export_xlsx_reopens_in_the_offices_layout(district, tmp_path):
    result = run_import(two_level_sheet(tmp_path))
    campaign = Campaign.objects.get(pk=result["monitoring_id"])
    text = Indicator.objects.create(
        form=campaign.form, position=10, code="note", name="Примечание", kind="text"
    )
    hostile = '=HYPERLINK("http://evil.example","нажми")'
    Answer.objects.create(
        submission=Submission.objects.get(campaign=campaign, organization=district["school_a"]),
        indicator=text,
        value=hostile,
    )
    ws = load_workbook(run_export(campaign.pk, tmp_path, "xlsx")).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "C2:E2" in merged and "A2:A3" in merged and "B2:B3" in merged
    assert ws["A1"].value == campaign.title and "A1:G1" in merged  # the title over the table
    assert ws["C2"].value == "Педагоги" and ws["E3"].value == "Доля молодых, %"
    assert ws["B4"].value == "СОШ № 1" and ws["C4"].value == 20
    assert ws["E4"].value.startswith("=") and "D4/C4" in ws["E4"].value
    assert ws["B6"].value == "Итого по району"
    assert ws["C6"].value == "=SUM(C4:C5)"
    assert ws["E6"].value.startswith("=") and "D6/C6" in ws["E6"].value
    note = ws["G4"]
    assert note.value == hostile and note.data_type == "s" and note.quotePrefix
    # The exported sheet is a summary the importer reads back.
    again = run_import(run_export(campaign.pk, tmp_path, "xlsx"))
    assert again["schools"] == 2 and again["indicators"] == 5


def test_unmatched_names_are_refused_with_their_rows_and_nothing_is_saved(district, tmp_path):
    path = one_level_sheet(tmp_path, school_b="Гимназия № 7")
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert "строка 3" in str(error.value) and "Гимназия № 7" in str(error.value)
    assert not MonitoringForm.objects.exists() and not Submission.objects.exists()


def test_not_xlsx_and_not_a_table_are_refused(district, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"<html>not a workbook</html>")
    with pytest.raises(CommandError, match="не похож на книгу Excel"):
        run_import(fake)
    wb = Workbook()
    wb.active.append(["Просто заметка на листе"])
    wb.active.append([])
    wb.active.append(["и ещё одна"])
    with pytest.raises(CommandError, match="не найдена сводная таблица"):
        run_import(_save(wb, tmp_path, "notes.xlsx"))
    assert not MonitoringForm.objects.exists()


def test_export_of_an_unknown_campaign(db, tmp_path):
    with pytest.raises(CommandError, match="нет"):
        run_export(999, tmp_path, "json")


def test_bad_sheets_are_refused_whole(district, tmp_path):
    def refused(rows, match):
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        with pytest.raises(CommandError, match=match):
            run_import(_save(wb, tmp_path, "bad.xlsx"))

    header = ["Наименование ОО", "Педагогов", "Молодых", "Доля"]
    refused(
        [header, ["СОШ № 1", 10, 2, "=C2/B2*100"], ["МБОУ СОШ №1", 5, 1, "=C3/B3*100"]], "строка 3.*та же"
    )
    refused([header, ["СОШ № 1", 10, 2, "=C2/B2*100"], ["СОШ № 2", 5, 1, 20]], "формулы.*значения")
    refused([header, ["СОШ № 1", 10, 2, "=SUM(B2:C2)"]], "строка 2.*нельзя перенести")
    refused([header, ["СОШ № 1", 10, 2, "=C3/B3*100"], ["СОШ № 2", 5, 1, "=C3/B3*100"]], "строка 2")
    refused([header, ["СОШ № 1", 10, 2, "=C2/B2*100"], ["СОШ № 2", 5, 1, "=B3/C3*100"]], "разные формулы")
    refused([header, ["Итого", 1, 2, 3]], "нет ни одной строки")
    zipped = tmp_path / "other.xlsx"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(CommandError, match="не похож на книгу Excel"):
        run_import(zipped)
    assert not MonitoringForm.objects.exists() and not Answer.objects.exists()


@pytest.mark.parametrize("year", ["2024-2026", "двадцать четвёртый", "24-25"])
def test_a_year_not_understood(district, tmp_path, year):
    with pytest.raises(CommandError, match="Учебный год"):
        run_import(one_level_sheet(tmp_path), "--year", year)


def test_a_one_column_heading_keeps_its_second_level_text_and_the_title_its_year(district, tmp_path):
    """«Сайт» over «Ссылка» (not merged down): both texts kept; a title naming the year is not repeated."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Мониторинг деятельности ШМО за 2025-2026 уч. г."])
    ws.append(["Наименование ОО", "Педагоги", None, "Сайт"])
    ws.append([None, "Всего", "Молодых", "Ссылка"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:C2")
    ws.append(['МБОУ "СОШ №1"', 20, 5, "https://school1.example.ru"])
    ws.append(["сош №2", 40, 0, "https://school2.example.ru"])
    result = run_import(_save(wb, tmp_path), "--year", "2025-2026")
    names = [i.full_name for i in Indicator.objects.order_by("position")]
    assert names == ["Педагоги: Всего", "Педагоги: Молодых", "Сайт: Ссылка"]
    assert (
        Campaign.objects.get(pk=result["monitoring_id"]).title
        == "Мониторинг деятельности ШМО за 2025-2026 уч. г."
    )
