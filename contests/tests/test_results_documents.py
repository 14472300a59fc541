"""The jury's protocol of a closed round (PDF and DOCX), the results order through the orders app and the
diplomas of the whole contest (the Celery task runs eagerly in these tests)."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from contests.models import Contest, DiplomaBatch
from orders import services as order_services
from orders.models import Order

from .results_factories import build

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def closed(district, methodist_client):
    contest, (round,), seats, apps = build(district, participants=4)
    methodist_client.post(reverse("contests:round_close", args=[contest.pk, round.pk]))
    return contest, round, apps


@pytest.fixture
def published(closed, methodist_client):
    contest = closed[0]
    methodist_client.post(reverse("contests:results_publish", args=[contest.pk]))
    contest.refresh_from_db()
    assert contest.status == Contest.Status.RESULTS
    return closed


def test_protocol_pdf_and_docx(closed, methodist_client):
    contest, round, _ = closed
    response = methodist_client.get(reverse("contests:protocol_pdf", args=[contest.pk, round.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(b"".join(response)).split())
    assert "ПРОТОКОЛ" in text
    assert "председатель жюри — Орлов А.В." in text
    assert "Сводная ведомость" in text and "Смирнова Мария Петровна" in text
    assert "Признать победителем в номинации «Молодые учителя»: Смирнова Мария Петровна." in text
    response = methodist_client.get(reverse("contests:protocol_docx", args=[contest.pk, round.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response)))
    paragraphs = " ".join(p.text for p in document.paragraphs)
    assert "Заседания жюри" in paragraphs
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Смирнова Мария Петровна" in cells


def test_the_protocol_lists_the_absent_jurors_and_a_meeting_without_a_quorum_is_refused(
    closed, methodist_client
):
    from contests.models import JuryMember

    contest, round, _ = closed
    jury = list(JuryMember.objects.filter(contest=contest).select_related("person"))
    member = next(m for m in jury if m.role == JuryMember.Role.MEMBER)
    url = reverse("contests:attendance", args=[contest.pk, round.pk])
    page = methodist_client.get(
        reverse("contests:round_results", args=[contest.pk, round.pk])
    ).content.decode()
    assert "Отсутствовали на заседании" in page and f'value="{member.pk}"' in page
    # most of the jury absent: no quorum, nothing saved
    refused = methodist_client.post(url, {"absent": [m.pk for m in jury]}, follow=True)
    assert "правомочно, если присутствует больше половины" in refused.content.decode()
    assert not round.absent_jurors.exists()
    saved = methodist_client.post(url, {"absent": [member.pk]}, follow=True)
    assert f"отсутствовали {member.person.short_name}" in saved.content.decode()
    response = methodist_client.get(reverse("contests:protocol_pdf", args=[contest.pk, round.pk]))
    text = " ".join(pdf_text(b"".join(response)).split())
    assert f"Отсутствовали: {member.person.last_name}" in text
    assert f"({len(jury) - 1} из {len(jury)})" in text


def test_protocol_of_open_round_is_404(district, methodist_client):
    contest, (round,), _, _ = build(district)
    assert (
        methodist_client.get(reverse("contests:protocol_pdf", args=[contest.pk, round.pk])).status_code == 404
    )


def test_results_order_refused_before_publishing(closed, methodist_client):
    contest = closed[0]
    response = methodist_client.post(reverse("contests:results_order", args=[contest.pk]), follow=True)
    assert "Сначала опубликуйте итоги конкурса." in response.content.decode()
    assert not Order.objects.exists()


def test_results_order_drafted_and_signed_by_head(published, methodist_client, administrator, district):
    contest, _, apps = published
    district["office"].head = district["people"]["administrator"]
    district["office"].save()
    response = methodist_client.post(reverse("contests:results_order", args=[contest.pk]))
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert (
        order.heading == f"Об итогах муниципального этапа конкурса «Педагогический дебют» {contest.year} года"
    )
    texts = " ".join(p["text"] for p in order.points)
    assert "Утвердить итоги муниципального этапа конкурса" in texts
    assert "Наградить дипломом победителя" in texts and "Смирнову Марию Петровну (СОШ № 1)" in texts
    assert "Наградить дипломами призёров" in texts and "Контроль" in texts
    # the municipal stage sends its winner on to the regional one
    assert (
        "Направить для участия в региональном этапе конкурса «Педагогический дебют» Смирнову Марию" in texts
    )
    # a second draft is refused
    again = methodist_client.post(reverse("contests:results_order", args=[contest.pk]), follow=True)
    assert "Приказ об итогах уже подготовлен" in again.content.decode()
    assert Order.objects.count() == 1
    order.executor_phone = order.executor_phone or "8 (800) 000-00-00"
    order.save()
    signed = order_services.order_sign(user=administrator, order=order)
    assert signed.status in (Order.Status.SIGNING, Order.Status.SIGNED)
    contest.refresh_from_db()
    assert contest.results_order_id == order.pk
    page = methodist_client.get(reverse("contests:results", args=[contest.pk])).content.decode()
    assert "Подготовить приказ об итогах" not in page and order.get_absolute_url() in page


def test_diplomas_built_in_task_with_progress(
    published, methodist_client, teacher_a_client, django_capture_on_commit_callbacks
):
    contest = published[0]
    url = reverse("contests:diplomas", args=[contest.pk])
    assert teacher_a_client.post(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        methodist_client.post(url)
    batch = DiplomaBatch.objects.get()
    assert batch.state == DiplomaBatch.State.DONE and batch.done == batch.total == 4
    status = methodist_client.get(reverse("contests:diplomas_status", args=[contest.pk, batch.pk]))
    assert "Дипломы готовы: 4" in status.content.decode()
    response = methodist_client.get(reverse("contests:diplomas_file", args=[contest.pk, batch.pk]))
    data = b"".join(response)
    assert len(PdfReader(io.BytesIO(data)).pages) == 4
    text = " ".join(pdf_text(data).split())
    assert "ДИПЛОМ" in text and "Смирновой Марии Петровне" in text and "СЕРТИФИКАТ" in text


def test_diplomas_progress_shown_while_running(published, methodist_client):
    contest = published[0]
    batch = DiplomaBatch.objects.create(contest=contest, total=200, done=50, state=DiplomaBatch.State.RUNNING)
    text = methodist_client.get(
        reverse("contests:diplomas_status", args=[contest.pk, batch.pk])
    ).content.decode()
    assert "готово 50 из 200" in text and "hx-trigger" in text
    assert (
        methodist_client.get(reverse("contests:diplomas_file", args=[contest.pk, batch.pk])).status_code
        == 404
    )


def test_diplomas_refused_before_publishing(closed, methodist_client):
    contest = closed[0]
    response = methodist_client.post(reverse("contests:diplomas", args=[contest.pk]), follow=True)
    assert "Дипломы готовятся после публикации итогов." in response.content.decode()
    assert not DiplomaBatch.objects.exists()
