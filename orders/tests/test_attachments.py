"""Files attached to a draft: a damaged PDF is refused at upload, a damaged stored one never turns into a
500, and the author removes a file from a draft."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from orders import services
from orders.models import Order, OrderAttachment

from .factories import SAMPLE_ROWS, make_roadmap, ready_draft

DAMAGED = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n...cut short"


def good_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def draft(district, methodist, administrator):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    return ready_draft(user=methodist, roadmap=roadmap)


def url(name, order, *extra):
    return reverse(f"orders:{name}", args=[order.pk, *extra])


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def stored_as_before(order: Order, data: bytes, title: str = "Положение о конкурсе") -> OrderAttachment:
    """An appendix file saved as an older version did, without opening it."""
    attachment = OrderAttachment(
        order=order,
        kind=OrderAttachment.Kind.APPENDIX,
        title=title,
        original_name="polozhenie.pdf",
        size=len(data),
        sha256="0" * 64,
        position=5,
    )
    attachment.file.save("polozhenie.pdf", ContentFile(data), save=False)
    attachment.save()
    return attachment


@pytest.mark.django_db
def test_a_damaged_pdf_is_refused_at_upload_and_nothing_is_saved(draft, methodist_client):
    upload = SimpleUploadedFile("polozhenie.pdf", DAMAGED)
    response = methodist_client.post(
        url("attach_file", draft), {"file": upload, "kind": "appendix", "title": "Положение"}
    )

    assert response.status_code == 302
    assert any("«polozhenie.pdf» не открывается" in m for m in said(response))
    assert not draft.attachments.exists()


@pytest.mark.django_db
def test_a_readable_pdf_is_attached(draft, methodist_client):
    upload = SimpleUploadedFile("polozhenie.pdf", good_pdf())
    response = methodist_client.post(
        url("attach_file", draft), {"file": upload, "kind": "appendix", "title": "Положение"}
    )

    assert "Файл прикреплён." in said(response)
    assert draft.attachments.get().title == "Положение"


@pytest.mark.django_db
def test_the_author_removes_an_attachment_from_a_draft(draft, methodist, methodist_client):
    attachment = services.order_attach_file(
        user=methodist,
        order=draft,
        upload=SimpleUploadedFile("p.pdf", good_pdf()),
        title="Положение",
        kind="appendix",
    )
    page = methodist_client.get(url("detail", draft)).content.decode()
    assert url("attachment_remove", draft, attachment.pk) in page

    response = methodist_client.post(url("attachment_remove", draft, attachment.pk))

    assert "Файл удалён из проекта." in said(response)
    assert not draft.attachments.exists()
    assert draft.events.filter(note="удалён файл «Положение»").exists()


@pytest.mark.django_db
def test_only_district_staff_remove_attachments_and_only_by_post(
    draft, methodist, director_a_client, teacher_a_client, anonymous_client, methodist_client
):
    attachment = services.order_attach_file(
        user=methodist,
        order=draft,
        upload=SimpleUploadedFile("p.pdf", good_pdf()),
        title="Положение",
        kind="appendix",
    )
    target = url("attachment_remove", draft, attachment.pk)

    assert director_a_client.post(target).status_code == 404
    assert teacher_a_client.post(target).status_code == 404
    assert anonymous_client.post(target).url.startswith(reverse("login"))
    assert methodist_client.get(target).status_code == 405
    assert methodist_client.post(url("attachment_remove", draft, attachment.pk + 100)).status_code == 404
    assert draft.attachments.filter(pk=attachment.pk).exists()


@pytest.mark.django_db
def test_an_attachment_of_an_order_on_review_is_not_removed(draft, methodist, district, methodist_client):
    attachment = services.order_attach_file(
        user=methodist,
        order=draft,
        upload=SimpleUploadedFile("p.pdf", good_pdf()),
        title="Положение",
        kind="material",
    )
    Order.objects.filter(pk=draft.pk).update(status=Order.Status.REVIEW)

    response = methodist_client.post(url("attachment_remove", draft, attachment.pk))

    assert any("на согласовании" in m for m in said(response))
    assert draft.attachments.filter(pk=attachment.pk).exists()


@pytest.mark.django_db
def test_a_damaged_stored_pdf_is_named_on_every_page_and_removing_it_unblocks_signing(
    draft, methodist_client, administrator_client
):
    attachment = stored_as_before(draft, DAMAGED)
    message = "Приложение «Положение о конкурсе» не открывается"

    page = administrator_client.get(url("detail", draft))
    assert page.status_code == 200
    assert message in page.content.decode()

    preview = methodist_client.get(url("pdf", draft))
    assert preview.status_code == 302
    assert any(message in m for m in said(preview))

    word = methodist_client.get(url("docx", draft))
    assert word.status_code == 302

    signing = administrator_client.post(url("sign", draft))
    assert signing.status_code == 302
    assert any(message in m for m in said(signing))
    draft.refresh_from_db()
    assert not draft.was_signed

    methodist_client.post(url("attachment_remove", draft, attachment.pk))
    signing = administrator_client.post(url("sign", draft))

    draft.refresh_from_db()
    assert draft.was_signed, said(signing)
