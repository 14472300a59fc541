"""Uploads are streamed to disk, capped in number per request, and sized before anything reads them."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfWriter

from orders import services
from orders.tests.factories import SAMPLE_ROWS, make_roadmap, ready_draft

MIB = 1024 * 1024


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class HugeUpload:
    """An upload that says it is huge and fails the test if anyone reads it."""

    name = "huge.pdf"

    def __init__(self, size: int):
        self.size = size

    def read(self, *args):
        raise AssertionError("the upload was read before its size was checked")

    chunks = read


@pytest.fixture
def draft(district, methodist, administrator):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    return ready_draft(user=methodist, roadmap=roadmap)


def test_a_file_over_256_kb_is_streamed_to_a_temporary_file_not_held_in_memory():
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("scan.pdf", b"%PDF-" + bytes(MIB))})

    upload = request.FILES["file"]

    assert isinstance(upload, TemporaryUploadedFile)
    assert upload.size == MIB + 5


@pytest.mark.django_db
def test_more_files_than_the_cap_in_one_request_are_refused_and_nothing_is_attached(draft, methodist_client):
    files = [SimpleUploadedFile(f"p{n}.pdf", a_pdf()) for n in range(11)]

    response = methodist_client.post(
        reverse("orders:attach_file", args=[draft.pk]), {"file": files, "kind": "material", "title": "Файлы"}
    )

    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()
    assert not draft.attachments.exists()


@pytest.mark.django_db
def test_an_oversized_order_attachment_is_refused_before_it_is_read(draft, methodist):
    with pytest.raises(ValidationError, match="больше 20 МБ"):
        services.order_attach_file(
            user=methodist, order=draft, upload=HugeUpload(500 * MIB), title="", kind="material"
        )
    assert not draft.attachments.exists()


@pytest.mark.django_db
def test_an_oversized_signature_file_is_refused_before_it_is_read(draft, administrator, fake_pdf):
    signed = services.order_sign(user=administrator, order=draft)

    with pytest.raises(ValidationError, match="больше 1 МБ"):
        services.order_attach_qualified_signature(user=administrator, order=signed, file=HugeUpload(50 * MIB))
    signed.refresh_from_db()
    assert not signed.has_qualified_signature
