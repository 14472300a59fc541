"""`manage.py import_roadmap` and `manage.py export_roadmap`: the contract of their output and errors."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from directory import services as directory
from directory.models import Organization
from roadmaps.models import Roadmap

from .test_importers import FIXTURES, docx_with_table, expected_rows, normalised, pasted_text

BASE_DIR = Path(__file__).resolve().parents[2]


def run_import(*args) -> tuple[dict, str]:
    out = io.StringIO()
    call_command("import_roadmap", *map(str, args), stdout=out)
    lines = out.getvalue().strip().splitlines()
    return json.loads(lines[-1]), out.getvalue()


def fixture_file(seed: str, source: str, tmp_path: Path) -> Path:
    if source == "txt":
        path = tmp_path / f"{seed}.txt"
        path.write_text(pasted_text(expected_rows(seed)), encoding="utf-8")
        return path
    return FIXTURES / f"{seed}.{source}"


@pytest.mark.django_db
@pytest.mark.parametrize("seed", ["seed000", "seed001"])
@pytest.mark.parametrize("source", ["docx", "xlsx", "txt"])
def test_import_then_export_gives_the_rows_json(district, methodist, tmp_path, seed, source):
    from orders.models import Order

    result, output = run_import(fixture_file(seed, source, tmp_path))
    rows = expected_rows(seed)
    # Only seed000's Word file starts with an order: its preamble becomes a draft order.
    order = Order.objects.first()
    assert result == {
        "roadmap_id": Roadmap.objects.get().pk,
        "rows": len(rows),
        "headings": sum(r["heading"] for r in rows),
        "order_id": order.pk if (seed, source) == ("seed000", "docx") else None,
    }
    if order is not None:
        assert order.status == "draft" and order.heading.startswith("Об утверждении дорожной карты")
    assert "Создана дорожная карта" in output
    roadmap = Roadmap.objects.get(pk=result["roadmap_id"])
    assert roadmap.created_by == methodist
    assert roadmap.organization == district["method_office"]

    target = tmp_path / "out.json"
    call_command(
        "export_roadmap",
        str(result["roadmap_id"]),
        "--format",
        "json",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    assert normalised(json.loads(target.read_text(encoding="utf-8"))) == rows


@pytest.mark.django_db
def test_seed000_keeps_its_order_and_period(district, methodist):
    result, _ = run_import(FIXTURES / "seed000.docx")
    roadmap = Roadmap.objects.get(pk=result["roadmap_id"])
    assert (roadmap.period_start, roadmap.period_end) == (dt.date(2022, 9, 1), dt.date(2023, 8, 31))
    assert roadmap.source_order["number"] == "344" and roadmap.source_order["order_id"] is None
    assert roadmap.source_file_name == "seed000.docx"
    assert roadmap.status == Roadmap.Status.DRAFT


@pytest.mark.django_db
def test_period_and_title_options(district, methodist):
    result, _ = run_import(
        FIXTURES / "seed001.docx", "--period", "2020-09-01:2023-08-31", "--title", "Программа ШМО"
    )
    roadmap = Roadmap.objects.get(pk=result["roadmap_id"])
    assert roadmap.title == "Программа ШМО"
    assert (roadmap.period_start, roadmap.period_end) == (dt.date(2020, 9, 1), dt.date(2023, 8, 31))


def _method_office():
    return directory.organization_save(
        data={
            "name": "Районный методический кабинет",
            "short_name": "РМК",
            "kind": Organization.Kind.METHOD_OFFICE,
        }
    )


@pytest.mark.django_db
def test_a_superuser_goes_before_a_methodist(district, methodist):
    admin = get_user_model().objects.create_superuser("root", "root@example.ru", "pass-for-tests-1")
    result, _ = run_import(FIXTURES / "seed000.xlsx")
    assert Roadmap.objects.get(pk=result["roadmap_id"]).created_by == admin


@pytest.mark.django_db
def test_without_users_the_roadmap_has_no_author():
    _method_office()
    result, _ = run_import(FIXTURES / "seed000.xlsx")
    assert Roadmap.objects.get(pk=result["roadmap_id"]).created_by is None


@pytest.mark.django_db
def test_import_errors_are_command_errors_in_russian(district, methodist, tmp_path):
    with pytest.raises(CommandError, match="Файл «.*nothing.docx» не найден."):
        run_import(tmp_path / "nothing.docx")
    not_a_roadmap = tmp_path / "plan.docx"
    not_a_roadmap.write_bytes(docx_with_table([["№", "Мероприятие"], ["1", "Совещание"]]))
    with pytest.raises(
        CommandError, match="В документе не найдена таблица с колонками «Мероприятие», «Сроки»"
    ):
        run_import(not_a_roadmap)
    text_as_docx = tmp_path / "text.docx"
    text_as_docx.write_text("№\tМероприятие\tСроки\tОтветственные\n", encoding="utf-8")
    with pytest.raises(CommandError, match="не похож на документ Word"):
        run_import(text_as_docx)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Вставленный текст пуст"):
        run_import(empty)
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД:ГГГГ-ММ-ДД"):
        run_import(FIXTURES / "seed000.docx", "--period", "2022-2023")
    assert Roadmap.objects.count() == 0


@pytest.mark.django_db
def test_import_without_a_method_office_is_refused(tmp_path):
    with pytest.raises(CommandError, match="В справочнике нет методического кабинета"):
        run_import(FIXTURES / "seed000.docx")


def test_a_failing_import_exits_with_a_non_zero_code(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_roadmap", str(tmp_path / "missing.docx")],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "не найден" in done.stderr


@pytest.mark.django_db
def test_export_xlsx_and_pdf(district, methodist, tmp_path):
    result, _ = run_import(FIXTURES / "seed001.xlsx")
    target = tmp_path / "out.xlsx"
    out = io.StringIO()
    call_command(
        "export_roadmap", str(result["roadmap_id"]), "--format", "xlsx", "-o", str(target), stdout=out
    )
    assert "Записано" in out.getvalue()
    ws = load_workbook(target).active
    assert [c.value for c in ws[3]] == [
        "№ п/п",
        "Мероприятие",
        "Сроки",
        "Ответственные",
        "Ожидаемый результат",
    ]
    assert ws["A4"].value == "1." and ws["B4"].value.startswith("Информационная поддержка")
    pdf = tmp_path / "x.pdf"
    call_command("export_roadmap", str(result["roadmap_id"]), "--format", "pdf", "-o", str(pdf), stdout=out)
    text = PdfReader(pdf).pages[0].extract_text()
    assert pdf.read_bytes().startswith(b"%PDF") and "Мероприятие" in text and "Информационная" in text
    with pytest.raises(CommandError, match="Дорожной карты с номером 999999 нет."):
        call_command("export_roadmap", "999999", "--format", "json", "-o", str(tmp_path / "x.json"))
