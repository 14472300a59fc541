"""Commands: render_order, the contract (import_roadmap and export_roadmap: roadmaps' tests)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from orders.tests import pdfcheck

from .factories import SAMPLE_ROWS, make_roadmap, ready_draft, sign

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "roadmaps"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def draft(district, methodist, administrator):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    return ready_draft(user=methodist, roadmap=roadmap)


@pytest.mark.django_db
def test_render_order_writes_the_archived_pdf_of_a_signed_order(draft, administrator, tmp_path):
    order = sign(administrator=administrator, order=draft)
    target = tmp_path / "order.pdf"
    output = run("render_order", order.pk, "-o", target)
    assert "подписанный приказ № 1-од" in output
    assert hashlib.sha256(target.read_bytes()).hexdigest() == order.pdf_sha256
    run("render_order", order.pk, "-o", tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == target.read_bytes()


@pytest.mark.django_db
def test_render_order_renders_a_draft_fresh(draft, tmp_path):
    target = tmp_path / "draft.pdf"
    assert "проект приказа" in run("render_order", draft.pk, "-o", target)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert draft.heading[:40] in " ".join(pdfcheck.pdftotext(pdf).split())
    with pytest.raises(CommandError, match="Приказа с номером \\(id\\) 999999 нет."):
        run("render_order", 999999, "-o", target)
