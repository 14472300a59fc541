"""The issue's «Done when», for each fixture document: import → draft order → sign → the archived PDF.

The PDF is checked page by page against the ГОСТ Р 7.0.97-2025 checklist with orders.tests.pdfcheck,
against values taken from the fixture files and the signed order, and written with its page images
to test-artifacts/orders/ to look at.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from orders.models import Order
from orders.tests import pdfcheck
from orders.tests.factories import PHONE, edit_data, upload
from roadmaps import import_services
from roadmaps.models import Roadmap

BASE_DIR = Path(__file__).resolve().parents[2]
FIXTURES = BASE_DIR / "tests" / "fixtures" / "roadmaps"
ARTIFACTS = BASE_DIR / "test-artifacts" / "orders"


def rows_json(seed: str) -> list[dict]:
    return json.loads((FIXTURES / f"{seed}.rows.json").read_text(encoding="utf-8"))


def import_docx(user, seed: str) -> Roadmap:
    data = (FIXTURES / f"{seed}.docx").read_bytes()
    pending = import_services.roadmap_import_create(user=user, upload=upload(f"{seed}.docx", data))
    return import_services.roadmap_import_apply(roadmap_import=pending, user=user)


def save_artifacts(name: str, pdf: bytes) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.pdf"
    target.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(target), str(ARTIFACTS / name)], check=True)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", ["seed000", "seed001"])
def test_import_draft_sign_and_download_the_archived_pdf(
    seed, district, methodist, administrator, methodist_client, administrator_client, anonymous_client
):
    roadmap = import_docx(methodist, seed)
    if seed == "seed000":
        # The document starts with its order: the import recovered it as a draft.
        order = roadmap.approving_order
        assert order is not None and order.status == Order.Status.DRAFT
        assert order.heading.startswith("Об утверждении дорожной карты по развитию и сопровождению")
        assert "Исходный номер: приказ от 30.08.2022 №\u00a0344" in order.notes
        assert order.signatory.user == administrator  # «Ю.Н. Богинский» found in the directory
        assert order.executor_name == "Волкова Елена Викторовна"  # «Е.В. Волкова», in full
        page = methodist_client.get(roadmap.get_absolute_url()).content.decode()
        assert reverse("orders:detail", args=[order.pk]) in page
    else:
        # No order in front of the table: the methodist prepares one from the roadmap's page.
        assert roadmap.approving_order is None
        # The seed's period has ended: the page warns first (see test_order_views); approve anyway.
        response = methodist_client.post(
            reverse("orders:create_from_roadmap", args=[roadmap.pk]), {"past_period_confirmed": "1"}
        )
        order = Order.objects.get()
        assert response["Location"] == order.get_absolute_url()
        assert order.heading.startswith("Об утверждении «дорожной карты» реализации программы поддержки")
        assert order.signatory.user == administrator  # an administrator of the education office

    # The methodist opens the draft and fills in what signing needs: the executor's phone.
    assert methodist_client.get(order.get_absolute_url()).status_code == 200
    response = methodist_client.post(
        reverse("orders:edit", args=[order.pk]), edit_data(order, executor_phone=PHONE)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    draft_pdf = administrator_client.get(reverse("orders:pdf", args=[order.pk]))
    assert draft_pdf.status_code == 200 and draft_pdf["Content-Type"] == "application/pdf"

    response = administrator_client.post(reverse("orders:sign", args=[order.pk]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.SIGNED, [str(m) for m in response.wsgi_request._messages]
    assert order.registration_number == "1-од" and order.sequence_number == 1

    first = administrator_client.get(reverse("orders:pdf", args=[order.pk]))
    again = methodist_client.get(reverse("orders:pdf", args=[order.pk]))
    pdf = b"".join(first.streaming_content) if first.streaming else first.content
    assert first.status_code == 200 and again.content == pdf
    assert hashlib.sha256(pdf).hexdigest() == order.pdf_sha256
    save_artifacts(f"{seed}-signed", pdf)

    date_text = f"{order.date:%d.%m.%Y}"
    problems = pdfcheck.check_order_pdf(
        pdf,
        expect_signed="simple",
        expect_rows=rows_json(seed),
        number=order.registration_number,
        date_text=date_text,
        heading=order.heading,
        preamble=order.preamble,
        signatory_name=order.signatory_name,
        executor_name=order.executor_name,
        executor_phone=PHONE,
        verify_url=order.verify_url,
        appendix_count=1,
        approval_words=["УТВЕРЖДЕНА"],
        signer_name="Богинский Юрий Николаевич",
    )
    assert problems == [], "\n".join(problems)
    assert pdfcheck.zbar_decode(pdf) == [order.verify_url]

    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.APPROVED and roadmap.approving_order == order

    # Anyone with the QR code sees the requisites and the two hashes — and nothing of the text.
    page = anonymous_client.get(order.verify_path)
    text = page.content.decode()
    assert page.status_code == 200
    for shown in (order.registration_number, date_text, order.pdf_sha256, order.content_sha256):
        assert shown in text
    assert order.preamble[:40] not in text and order.points[0]["text"][:40] not in text
