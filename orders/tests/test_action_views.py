"""The attachment, cancel, follow-up and return-to-draft views, as users meet them.

Each allowed action changes the order as the user then sees it (the page, the file, the journal); each
refused one — wrong role, wrong state, an order the user cannot see — changes nothing: the order, its
files, events, approvals and the number of orders are reloaded from the database and compared.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from pypdf import PdfWriter

from orders import services
from orders.models import Order, OrderAttachment

from .factories import SAMPLE_ROWS, make_roadmap, ready_draft, sign


def url(name, order, *extra):
    return reverse(f"orders:{name}", args=[order.pk, *extra])


def page(client, order) -> str:
    return client.get(url("detail", order)).content.decode()


def another_draft(district, methodist, title: str) -> Order:
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS, title=title
    )
    return ready_draft(user=methodist, roadmap=roadmap)


def real_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def snapshot(order: Order) -> dict:
    """Everything a refused action must leave as it was, read afresh from the database."""
    fresh = Order.objects.get(pk=order.pk)
    return {
        "order": model_to_dict(fresh),
        "attachments": list(fresh.attachments.values_list("pk", "title", "sha256")),
        "events": fresh.events.count(),
        "approvals": list(fresh.approvals.values_list("pk", "round", "decision")),
        "orders": list(Order.objects.order_by("pk").values_list("pk", "status", "cancels_id", "amends_id")),
    }


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)


@pytest.fixture
def draft(roadmap, methodist, administrator):
    return ready_draft(user=methodist, roadmap=roadmap)


@pytest.fixture
def signed(draft, administrator, fake_pdf):
    return sign(administrator=administrator, order=draft)


@pytest.fixture
def on_review(draft, methodist, administrator):
    return services.order_send_for_review(user=methodist, order=draft, approvers=[administrator.person])


# --- Attachments --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_methodist_attaches_a_file_that_shows_on_the_page_and_downloads_unchanged(
    draft, methodist_client
):
    data = real_pdf()
    response = methodist_client.post(
        url("attach_file", draft),
        {"file": SimpleUploadedFile("график.pdf", data), "title": "График проверок", "kind": "appendix"},
        follow=True,
    )
    assert "Файл прикреплён." in response.content.decode()
    [attachment] = Order.objects.get(pk=draft.pk).attachments.all()
    assert (attachment.title, attachment.kind, attachment.original_name) == (
        "График проверок",
        "appendix",
        "график.pdf",
    )
    assert "График проверок" in page(methodist_client, draft)
    download = methodist_client.get(url("attachment", draft, attachment.pk))
    assert download.status_code == 200 and download.content == data


@pytest.mark.django_db
def test_attaching_is_refused_to_outsiders_and_on_a_signed_order_and_changes_nothing(
    draft, director_a_client, teacher_a_client, administrator, methodist_client, fake_pdf, district, methodist
):
    form = {"file": SimpleUploadedFile("x.pdf", real_pdf()), "title": "Лишнее", "kind": "appendix"}
    before = snapshot(draft)
    for client in (director_a_client, teacher_a_client):
        assert client.post(url("attach_file", draft), form).status_code == 404
    assert snapshot(draft) == before
    signed = sign(administrator=administrator, order=draft)
    before = snapshot(signed)
    form["file"] = SimpleUploadedFile("x.pdf", real_pdf())
    response = methodist_client.post(url("attach_file", signed), form, follow=True)
    assert "Файл прикреплён." not in response.content.decode()
    assert snapshot(signed) == before
    # A non-PDF as a printed appendix is refused with the reason.
    fresh = another_draft(district, methodist, "План на другой год")
    before = snapshot(fresh)
    response = methodist_client.post(
        url("attach_file", fresh),
        {"file": SimpleUploadedFile("x.docx", b"PK\x03\x04 not a pdf"), "title": "", "kind": "appendix"},
        follow=True,
    )
    assert "загружается в формате PDF" in response.content.decode()
    assert snapshot(fresh) == before


@pytest.mark.django_db
def test_an_attachment_downloads_only_for_those_who_see_the_order(draft, methodist, director_a_client):
    attachment = services.order_attach_file(
        user=methodist,
        order=draft,
        upload=SimpleUploadedFile("материал.pdf", real_pdf()),
        title="Материал",
        kind=OrderAttachment.Kind.MATERIAL,
    )
    assert director_a_client.get(url("attachment", draft, attachment.pk)).status_code == 404


# --- Cancelling ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_methodist_withdraws_a_draft_and_the_page_says_cancelled(draft, methodist_client):
    response = methodist_client.post(url("cancel", draft), follow=True)
    assert "Проект отменён." in response.content.decode()
    assert Order.objects.get(pk=draft.pk).status == Order.Status.CANCELLED
    assert "отменён" in page(methodist_client, draft)


@pytest.mark.django_db
def test_cancelling_is_refused_to_outsiders_and_a_signed_order_only_by_the_administrator(
    draft,
    methodist,
    administrator,
    director_a_client,
    methodist_client,
    administrator_client,
    fake_pdf,
    district,
):
    before = snapshot(draft)
    assert director_a_client.post(url("cancel", draft)).status_code == 404
    assert snapshot(draft) == before

    signed = sign(administrator=administrator, order=draft)
    other = sign(administrator=administrator, order=another_draft(district, methodist, "План об отмене"))
    before = snapshot(signed)
    # The methodist may not cancel a signed order, even naming a cancelling one.
    assert methodist_client.post(url("cancel", signed), {"by_order": other.pk}).status_code == 403
    assert snapshot(signed) == before
    # The administrator must name the signed order that cancels it.
    response = administrator_client.post(url("cancel", signed), {}, follow=True)
    assert "Выберите подписанный приказ" in response.content.decode()
    assert snapshot(signed) == before
    response = administrator_client.post(url("cancel", signed), {"by_order": other.pk}, follow=True)
    assert "Приказ отменён." in response.content.decode()
    assert Order.objects.get(pk=signed.pk).status == Order.Status.CANCELLED
    assert Order.objects.get(pk=other.pk).cancels_id == signed.pk
    # Cancelling it again is refused and changes nothing.
    before = snapshot(signed)
    administrator_client.post(url("cancel", signed), {"by_order": other.pk})
    assert snapshot(signed) == before


# --- Follow-up orders ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("what", "heading", "link"),
    [
        ("cancel", "О признании утратившим силу приказа", "cancels"),
        ("amend", "О внесении изменений в приказ", "amends"),
    ],
)
def test_a_follow_up_draft_is_made_from_a_signed_order_and_opens(
    what, heading, link, signed, methodist_client
):
    before = snapshot(signed)
    response = methodist_client.post(url("follow_up", signed), {"what": what})
    follow_up = Order.objects.exclude(pk=signed.pk).get()
    assert response.status_code == 302 and response["Location"] == url("detail", follow_up)
    assert follow_up.status == Order.Status.DRAFT and follow_up.heading.startswith(heading)
    assert getattr(follow_up, f"{link}_id") == signed.pk
    assert heading in page(methodist_client, follow_up)
    assert snapshot(signed)["order"] == before["order"]  # the signed order itself is untouched


@pytest.mark.django_db
def test_a_follow_up_is_refused_for_a_draft_and_to_outsiders_and_makes_no_order(
    draft, methodist_client, director_a_client, teacher_a_client
):
    before = snapshot(draft)
    response = methodist_client.post(url("follow_up", draft), {"what": "cancel"}, follow=True)
    assert "только подписанный и действующий приказ" in response.content.decode()
    for client in (director_a_client, teacher_a_client):
        assert client.post(url("follow_up", draft), {"what": "cancel"}).status_code == 404
    assert snapshot(draft) == before


# --- Back from review ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_methodist_takes_a_project_back_from_review_to_edit_it(on_review, methodist_client):
    assert Order.objects.get(pk=on_review.pk).status == Order.Status.REVIEW
    response = methodist_client.post(url("return_to_draft", on_review), follow=True)
    assert "Проект возвращён на доработку." in response.content.decode()
    assert Order.objects.get(pk=on_review.pk).status == Order.Status.DRAFT
    assert "Изменить проект" in page(methodist_client, on_review)


@pytest.mark.django_db
def test_return_to_draft_is_refused_to_outsiders_and_for_a_draft_and_changes_nothing(
    on_review, draft, methodist_client, director_a_client, teacher_a_client
):
    before = snapshot(on_review)
    for client in (director_a_client, teacher_a_client):
        assert client.post(url("return_to_draft", on_review)).status_code == 404
    assert snapshot(on_review) == before
    services.order_return_to_draft(user=on_review.created_by, order=on_review)
    before = snapshot(on_review)
    response = methodist_client.post(url("return_to_draft", on_review), follow=True)
    assert "Проект не на согласовании." in response.content.decode()
    assert snapshot(on_review) == before
