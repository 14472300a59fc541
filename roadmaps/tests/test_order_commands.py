"""Commands where roadmaps meet orders: import_roadmap's order_id, export_roadmap --format pdf (the table
alone in the orders' layout, with the approval stamp once a signed order approved it)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from orders.models import Order
from orders.tests import pdfcheck
from orders.tests.factories import ready_draft, sign
from roadmaps import order_services as roadmap_order_services

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "roadmaps"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*map(str, args), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("seed", "has_order"), [("seed000", True), ("seed001", False)])
def test_import_roadmap_prints_the_recovered_draft_order(district, methodist, administrator, seed, has_order):
    output = run("import_roadmap", FIXTURES / f"{seed}.docx")
    result = json.loads(output.strip().splitlines()[-1])
    if has_order:
        order = Order.objects.get()
        assert result["order_id"] == order.pk and order.status == Order.Status.DRAFT
        assert "восстановлен проект приказа" in output
    else:
        assert result["order_id"] is None and not Order.objects.exists()


@pytest.mark.django_db
def test_export_roadmap_pdf_is_the_table_alone_with_the_stamp_once_approved(
    district, methodist, administrator, tmp_path
):
    result = json.loads(run("import_roadmap", FIXTURES / "seed001.docx").strip().splitlines()[-1])
    rows = json.loads((FIXTURES / "seed001.rows.json").read_text(encoding="utf-8"))
    target = tmp_path / "roadmap.pdf"
    assert "Записано" in run("export_roadmap", result["roadmap_id"], "--format", "pdf", "-o", target)
    problems = pdfcheck.check_roadmap_pdf(target.read_bytes(), expect_rows=rows)
    assert problems == [], "\n".join(problems)

    from roadmaps.models import Roadmap

    roadmap = Roadmap.objects.get(pk=result["roadmap_id"])
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    run("export_roadmap", roadmap.pk, "--format", "pdf", "-o", target)
    pdf = target.read_bytes()
    problems = pdfcheck.check_roadmap_pdf(pdf, expect_rows=rows)
    assert problems == [], "\n".join(problems)
    # The approval stamp, upper right on page 1 (its long middle line wraps, so it is compared as text).
    first_page = pdfcheck.norm(pdfcheck.pdftotext(pdf, first=1, last=1))
    stamp = f"УТВЕРЖДЕНА приказом {order.signed_content['issuer_genitive']} от {order.date:%d.%m.%Y} № 1-од"
    assert first_page.startswith(stamp)
    assert roadmap_order_services.roadmap_pdf(roadmap=roadmap).startswith(b"%PDF-")
