"""Pages of orders through the real URLs: access, the journal and its Excel, the draft, signing, the PDF,
the public verification page."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from orders import services
from orders.exporters import HEADERS, WIDTHS, journal_xlsx
from orders.models import Order, OrderSettings
from roadmaps.services import RowData

from .factories import (
    PHONE,
    SAMPLE_ROWS,
    as_file,
    certificate_and_key,
    detached_signature,
    edit_data,
    make_roadmap,
    ready_draft,
    sign,
)


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)


@pytest.fixture
def draft(roadmap, methodist, administrator):
    return ready_draft(user=methodist, roadmap=roadmap)


@pytest.fixture
def signed(draft, administrator, fake_pdf):
    return sign(administrator=administrator, order=draft)


def url(name, order=None, *extra):
    return reverse(f"orders:{name}", args=[order.pk, *extra] if order is not None else list(extra))


def text(response) -> str:
    return response.content.decode()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def mutations(order, roadmap):
    """Every URL that changes something, with a POST body."""
    return [
        (url("review", order), {}),
        (url("return_to_draft", order), {}),
        (url("decide", order, 1), {"decision": "approved"}),
        (url("sign", order), {}),
        (url("signing_retry", order), {}),
        (url("attach_signature", order), {}),
        (url("attach_file", order), {}),
        (url("cancel", order), {}),
        (url("follow_up", order), {}),
        (url("pdf_prepare", order), {}),
        (reverse("orders:create_from_roadmap", args=[roadmap.pk]), {}),
    ]


# --- Access -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_district_staff_see_the_journal_and_the_order(draft, methodist_client, administrator_client):
    for client in (methodist_client, administrator_client):
        assert client.get(url("journal")).status_code == 200
        page = client.get(url("detail", draft))
        assert page.status_code == 200 and draft.heading in text(page)
        assert client.get(url("pdf", draft)).status_code == 200


@pytest.mark.django_db
def test_others_do_not_see_orders(draft, director_a_client, teacher_a_client, anonymous_client):
    # a director reads the journal of their school's orders: the district's draft is not in it
    journal = director_a_client.get(url("journal"))
    assert journal.status_code == 200 and draft.heading not in text(journal)
    assert teacher_a_client.get(url("journal")).status_code == 403
    for client in (director_a_client, teacher_a_client):
        for name in ("detail", "edit", "pdf", "docx", "pdf_status", "signing_status"):
            assert client.get(url(name, draft)).status_code == 404, name
        assert client.post(url("sign", draft)).status_code == 404
    fresh = Order.objects.get(pk=draft.pk)
    assert (fresh.status, fresh.registration_number, fresh.pdf_sha256) == (Order.Status.DRAFT, "", "")
    response = anonymous_client.get(url("detail", draft))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_every_mutation_is_post_only(draft, roadmap, methodist_client):
    for target, _ in mutations(draft, roadmap):
        assert methodist_client.get(target).status_code == 405, target


@pytest.mark.django_db
def test_mutations_need_the_csrf_token(draft, roadmap, administrator, csrf_client_for):
    client = csrf_client_for(administrator)
    for target, data in mutations(draft, roadmap):
        assert client.post(target, data).status_code == 403, target
    draft.refresh_from_db()
    assert draft.status == Order.Status.DRAFT


@pytest.mark.django_db
def test_a_methodist_drafts_but_only_an_administrator_signs(
    draft, methodist_client, administrator_client, fake_pdf
):
    assert methodist_client.post(url("sign", draft)).status_code == 403
    assert methodist_client.get(url("settings")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Order.Status.DRAFT
    response = administrator_client.post(url("sign", draft), follow=True)
    assert "Приказ подписан: № 1-од" in text(response)
    draft.refresh_from_db()
    assert draft.status == Order.Status.SIGNED


@pytest.mark.django_db
def test_the_order_page_shows_buttons_by_role_and_status(
    draft, administrator, methodist_client, administrator_client, fake_pdf
):
    page = text(methodist_client.get(url("detail", draft)))
    assert "Изменить проект" in page and 'data-testid="sign-button"' not in page
    page = text(administrator_client.get(url("detail", draft)))
    assert (
        'data-testid="sign-button"' in page
        and "disabled" not in page.split('data-testid="sign-button"')[1][:20]
    )
    order = sign(administrator=administrator, order=draft)
    page = text(methodist_client.get(url("detail", order)))
    assert "Изменить проект" not in page and "Скачать PDF (архив)" in page
    assert "Приказ о внесении изменений" in page and "Прикрепить квалифицированную подпись" not in page
    page = text(administrator_client.get(url("detail", order)))
    assert "Прикрепить квалифицированную подпись" in page and "Отметить отменённым" in page


# --- Editing ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_edit_form_parses_numbered_points(draft, methodist_client):
    points = "1. Утвердить план (приложение).\n1.1. В части семинаров\n2. Контроль оставляю за собой"
    response = methodist_client.post(url("edit", draft), edit_data(draft, points_text=points))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.points == [
        {
            "text": "Утвердить план (приложение).",
            "children": [{"text": "В части семинаров.", "children": []}],
        },
        {"text": "Контроль оставляю за собой.", "children": []},
    ]
    form = text(methodist_client.get(url("edit", draft)))
    assert "1.1. В части семинаров." in form


@pytest.mark.django_db
def test_a_form_sent_back_unchanged_changes_nothing(draft, methodist, methodist_client):
    draft = services.order_update(user=methodist, order=draft, data={"notes": "Первая строка\nвторая"})
    before = draft.events.count()
    data = edit_data(draft)
    data.update(
        {k: v.replace("\n", "\r\n") for k, v in data.items() if isinstance(v, str)}
    )  # as browsers send
    assert methodist_client.post(url("edit", draft), data).status_code == 302
    assert draft.events.count() == before


@pytest.mark.django_db
def test_the_edit_form_explains_what_is_wrong(draft, methodist_client):
    response = methodist_client.post(
        url("edit", draft), edit_data(draft, points_text="1. Раз\n1.1.1. Три", heading="Утверждение плана")
    )
    assert response.status_code == 400
    page = text(response)
    assert "Строка 2: подпункт «1.1.1.» идёт без пункта «1.1.»." in page
    assert "Заголовок начинается с «О » или «Об »" in page


@pytest.mark.django_db
def test_a_signed_order_has_no_edit_page(signed, methodist_client):
    response = methodist_client.get(url("edit", signed), follow=True)
    assert "Подписанный приказ нельзя изменить; оформите новый приказ о внесении изменений." in text(response)
    response = methodist_client.post(url("edit", signed), edit_data(signed, heading="Об ином"), follow=True)
    signed.refresh_from_db()
    assert signed.heading != "Об ином"


# --- Review -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_named_approvers_decide(draft, district, methodist_client, administrator_client, methodist):
    boss = district["people"]["administrator"]
    response = methodist_client.post(url("review", draft), {"approvers": [boss.pk]}, follow=True)
    assert "Проект направлен на согласование." in text(response)
    approval = draft.approvals.get()
    assert (
        methodist_client.post(url("decide", draft, approval.pk), {"decision": "approved"}).status_code == 403
    )
    approval.refresh_from_db()
    assert (approval.decision, approval.decided_at) == (
        "pending",
        None,
    )  # still waiting for the named approver
    page = text(administrator_client.get(url("detail", draft)))
    assert "Ваше решение" in page
    response = administrator_client.post(
        url("decide", draft, approval.pk), {"decision": "rejected"}, follow=True
    )
    assert "Напишите, что нужно исправить." in text(response)
    administrator_client.post(url("decide", draft, approval.pk), {"decision": "rejected", "comment": "Сроки"})
    draft.refresh_from_db()
    assert draft.status == Order.Status.DRAFT
    assert "«Сроки»" in text(methodist_client.get(url("detail", draft)))


# --- PDF, archive, Word -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_signed_pdf_is_the_archived_bytes_every_time(draft, administrator, methodist_client):
    order = sign(administrator=administrator, order=draft)
    first = methodist_client.get(url("pdf", order))
    second = methodist_client.get(url("pdf", order))
    assert first["Content-Type"] == "application/pdf"
    assert body(first) == body(second)
    assert hashlib.sha256(body(first)).hexdigest() == order.pdf_sha256
    assert "filename*=utf-8''%D0%9F%D1%80%D0%B8%D0%BA%D0%B0%D0%B7" in first["Content-Disposition"]


@pytest.mark.django_db
def test_a_damaged_archive_is_not_served(signed, methodist_client):
    with open(signed.pdf.path, "ab") as handle:
        handle.write(b"tampered")
    response = methodist_client.get(url("pdf", signed))
    assert response.status_code == 500 and "Архивный файл повреждён" in text(response)


@pytest.mark.django_db
def test_the_word_file_is_built_from_the_order(draft, administrator, methodist_client, fake_pdf):
    from docx import Document

    def words(order) -> str:
        response = methodist_client.get(url("docx", order))
        assert response.status_code == 200
        document = Document(io.BytesIO(body(response)))
        return "\n".join(p.text for p in document.paragraphs)

    assert "ПРИКАЗ" in words(draft) and draft.points[0]["text"][:30] in words(draft)
    signed = sign(administrator=administrator, order=draft)
    assert "1-од" in words(signed)


@pytest.mark.django_db
def test_a_large_drafts_pdf_shows_progress_until_it_is_ready(
    district, methodist, administrator, methodist_client, fake_pdf, django_capture_on_commit_callbacks
):
    rows = [
        RowData(number=f"{i}.", activity=f"Мероприятие {i}", deadline_text="май 2023 г.")
        for i in range(1, 160)
    ]
    big = make_roadmap(
        user=methodist, organization=district["method_office"], rows=rows, title="Дорожная карта"
    )
    order = ready_draft(user=methodist, roadmap=big)
    page = text(methodist_client.get(url("detail", order)))
    assert "Подготовить PDF проекта" in page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = methodist_client.post(url("pdf_prepare", order), HTTP_HX_REQUEST="true")
    assert 'data-testid="pdf-pending"' in text(response) and 'hx-trigger="every 1s"' in text(response)
    assert 'data-testid="pdf-pending"' in text(methodist_client.get(url("pdf_status", order)))
    assert methodist_client.get(url("pdf", order)).status_code == 202  # still being prepared
    for callback in queued:  # the worker's turn
        callback()
    status = text(methodist_client.get(url("pdf_status", order)))
    assert 'data-testid="pdf-ready"' in status and "hx-trigger" not in status
    response = methodist_client.get(url("pdf", order))
    assert response.status_code == 200 and body(response).startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_long_order_is_signed_at_once_and_archived_by_the_worker_with_progress_on_its_page(
    district, methodist, methodist_client, administrator_client, fake_pdf, django_capture_on_commit_callbacks
):
    rows = [
        RowData(number=f"{i}.", activity=f"Мероприятие {i}", deadline_text="май 2023 г.")
        for i in range(1, services.BACKGROUND_RENDER_ROWS + 10)
    ]
    big = make_roadmap(
        user=methodist, organization=district["method_office"], rows=rows, title="Дорожная карта"
    )
    order = ready_draft(user=methodist, roadmap=big)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = administrator_client.post(url("sign", order), follow=True)
    page = text(response)
    assert "Приказ подписан и зарегистрирован: № 1-од" in page and "PDF формируется" in page
    assert fake_pdf == [] and len(queued) == 1  # the request rendered nothing
    # The page says «подписывается» with the indicator, polling until the worker is done.
    assert 'data-testid="order-status">подписывается<' in page and "№ 1-од от" in page
    assert 'data-testid="signing-pending"' in page and 'hx-trigger="every 1s"' in page
    assert "в приложении много строк" in page and 'data-testid="sign-button"' not in page
    assert "Изменить проект" not in page and "Повторить формирование PDF" not in page
    status = methodist_client.get(url("signing_status", order))
    assert 'data-testid="signing-pending"' in text(status)
    assert methodist_client.get(url("pdf", order)).status_code == 202  # the archive is on its way
    assert order.verify_path and "PDF ещё формируется" in text(methodist_client.get(order.verify_path))
    for callback in queued:  # the worker's turn
        callback()
    status = methodist_client.get(url("signing_status", order))
    assert status.status_code == 204 and status["HX-Refresh"] == "true"  # the page reloads itself
    page = text(methodist_client.get(url("detail", order)))
    assert 'data-testid="order-status">подписан<' in page and "Скачать PDF (архив)" in page
    assert "signing-pending" not in page
    response = methodist_client.get(url("pdf", order))
    assert response.status_code == 200 and body(response).startswith(b"%PDF-")


@pytest.mark.django_db
def test_an_administrator_retries_a_failed_archive_pdf_from_the_page(
    draft, administrator_client, methodist_client, pdf_failing_once, django_capture_on_commit_callbacks
):
    response = administrator_client.post(url("sign", draft), follow=True)
    draft.refresh_from_db()
    assert draft.status == Order.Status.SIGNING and draft.registration_number == "1-од"
    page = text(response)
    assert 'data-testid="signing-failed"' in page and "нет памяти для вёрстки" in page
    assert "Повторить формирование PDF" in page and "номер за приказом сохранён" in page
    assert "Повторить формирование PDF" not in text(methodist_client.get(url("detail", draft)))
    assert methodist_client.post(url("signing_retry", draft)).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):  # the worker's turn when the request is done
        response = administrator_client.post(url("signing_retry", draft), follow=True)
    assert "Формирование PDF запущено снова" in text(response)
    assert 'data-testid="signing-pending"' in text(response)
    draft.refresh_from_db()
    assert draft.status == Order.Status.SIGNED and draft.registration_number == "1-од"
    assert "Скачать PDF (архив)" in text(administrator_client.get(url("detail", draft)))
    response = administrator_client.post(url("signing_retry", draft), follow=True)
    assert "PDF приказа уже сохранён в архив" in text(response)


# --- The journal --------------------------------------------------------------------------------------


@pytest.fixture
def journal_orders(district, methodist, administrator, fake_pdf):
    orders = []
    dates = [dt.date(2025, 3, 4), dt.date(2026, 2, 10), dt.date(2026, 5, 6)]
    for who, today in zip(["математиков", "физиков", "химиков"], dates, strict=True):
        roadmap = make_roadmap(
            user=methodist,
            organization=district["method_office"],
            rows=SAMPLE_ROWS,
            title=f"План работы РМО {who}",
        )
        orders.append(
            sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap), today=today)
        )
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS, title="=SUM(A1)"
    )
    orders.append(ready_draft(user=methodist, roadmap=roadmap))
    return orders


def journal_numbers(response) -> list[str]:
    page = text(response)
    return [o.registration_number or "—" for o in response.context["page"].object_list] if page else []


@pytest.mark.django_db
def test_the_journal_lists_and_filters(journal_orders, methodist_client, district):
    response = methodist_client.get(url("journal"))
    assert journal_numbers(response) == ["—", "2-од", "1-од", "1-од"]  # drafts first, newest number first
    assert journal_numbers(methodist_client.get(url("journal"), {"year": 2026})) == ["2-од", "1-од"]
    assert journal_numbers(methodist_client.get(url("journal"), {"status": "draft"})) == ["—"]
    assert journal_numbers(methodist_client.get(url("journal"), {"q": "№ 2-од"})) == ["2-од"]
    assert journal_numbers(methodist_client.get(url("journal"), {"q": "РМО физиков"})) == ["1-од"]
    assert journal_numbers(
        methodist_client.get(url("journal"), {"date_from": "2026-01-01", "date_to": "2026-03-01"})
    ) == ["1-од"]
    assert len(journal_numbers(methodist_client.get(url("journal"), {"issuer": district["office"].pk}))) == 4
    response = methodist_client.get(url("journal"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert "Дата «по» не может быть раньше даты «с»." in text(response)


@pytest.mark.django_db
def test_the_journal_in_excel_reloads_with_the_same_rows(journal_orders, methodist_client):
    response = methodist_client.get(url("journal_xlsx"), {"year": 2026})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet["A1"].value == "Журнал регистрации приказов"
    assert [c.value for c in sheet[3]] == ["№", "Дата", "Заголовок", "Подписал", "Исполнитель", "Статус"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [(r[0], r[1].date(), r[3], r[4], r[5]) for r in rows] == [
        ("2-од", dt.date(2026, 5, 6), "Богинский Юрий Николаевич", "Волкова Елена Викторовна", "подписан"),
        ("1-од", dt.date(2026, 2, 10), "Богинский Юрий Николаевич", "Волкова Елена Викторовна", "подписан"),
    ]
    assert rows[0][2] == "Об утверждении плана работы РМО химиков на 2022–2023 учебный год"
    everything = load_workbook(io.BytesIO(body(methodist_client.get(url("journal_xlsx"))))).active
    draft_row = [c for c in everything[4]]
    assert draft_row[5].value == "черновик" and draft_row[2].value.startswith(
        "Об утверждении дорожной карты «=SUM"
    )


# --- Settings -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_administrator_edits_numbering_and_layout(district, administrator_client):
    office = district["office"]
    page = administrator_client.get(url("settings"), {"issuer": office.pk})
    assert page.status_code == 200 and "управления образования администрации Тестового района" in text(page)
    form = page.context["form"]
    data = {
        name: "" if value is None else value for name, value in form.initial.items() if name in form.fields
    }
    data.update({"number_pattern": "од-{n}", "qr_code": "on"})
    response = administrator_client.post(f"{url('settings')}?issuer={office.pk}", data)
    assert response.status_code == 400 and "Номер приказа начинается с цифр" in text(response)
    data["number_pattern"] = "01-07/{n}"
    response = administrator_client.post(f"{url('settings')}?issuer={office.pk}", data)
    assert response.status_code == 302
    assert OrderSettings.objects.get(issuer=office).number_pattern == "01-07/{n}"


# --- The public verification page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_verification_page_shows_the_requisites_and_hashes_and_nothing_more(signed, anonymous_client):
    response = anonymous_client.get(signed.verify_path)
    page = text(response)
    assert response.status_code == 200
    for shown in (
        signed.registration_number,
        f"{signed.date:%d.%m.%Y}",
        signed.heading,
        signed.signatory_name,
        signed.signatory_position,
        signed.pdf_sha256,
        signed.content_sha256,
    ):
        assert shown in page
    for hidden in (
        signed.preamble[:30],
        signed.points[0]["text"][:30],
        signed.executor_name,
        PHONE,
        signed.signer_name,
        "ПРИКАЗЫВАЮ",
        "Приложени",
        str(signed.pk) + "/pdf",
    ):
        assert hidden not in page, hidden
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_the_verification_page_of_unknown_drafts_and_cancelled_orders(
    signed, draft, district, methodist, administrator, anonymous_client, fake_pdf
):
    assert anonymous_client.get(url("verify", None, "no-such-token")).status_code == 404
    other = ready_draft(
        user=methodist,
        roadmap=make_roadmap(
            user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS, title="План"
        ),
    )
    assert anonymous_client.get(other.verify_path).status_code == 404  # a draft is not verifiable
    cancelling = sign(administrator=administrator, order=other)
    services.order_cancel(user=administrator, order=signed, by_order=cancelling)
    page = text(anonymous_client.get(signed.verify_path))
    assert "Приказ отменён" in page and signed.registration_number in page


@pytest.mark.django_db
def test_a_qualified_signature_is_attached_on_the_page(signed, administrator_client, methodist_client):
    from django.utils import timezone

    cert, key = certificate_and_key(valid_from=timezone.now() - dt.timedelta(days=1))
    archived = services.archived_pdf(order=signed)
    sig = detached_signature(archived, certificate=cert, key=key)
    response = administrator_client.post(
        url("attach_signature", signed), {"file": as_file(sig, "prikaz.pdf.sig")}, follow=True
    )
    page = text(response)
    assert "Квалифицированная подпись прикреплена" in page and "Богинский Юрий Николаевич" in page
    assert body(methodist_client.get(url("signature_file", signed))) == sig
    assert methodist_client.get(url("stamped_pdf", signed)).status_code == 200
    broken = administrator_client.post(
        url("attach_signature", signed), {"file": as_file(b"x", "a.sig")}, follow=True
    )
    assert "уже прикреплена" in text(broken)


@pytest.mark.django_db
def test_the_journal_runs_the_same_number_of_queries_for_few_and_many_orders(
    district, methodist, methodist_client, administrator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert methodist_client.get(url("journal")).status_code == 200
        return len(queries)

    def add(n):
        for index in range(n):
            roadmap = make_roadmap(
                user=methodist,
                organization=district["method_office"],
                rows=SAMPLE_ROWS[:2],
                title=f"План {index}",
            )
            ready_draft(user=methodist, roadmap=roadmap)

    add(2)
    few = count()
    add(10)
    assert count() == few


@pytest.mark.django_db
def test_orders_are_in_the_menu_of_district_staff_and_directors_only(
    methodist_client, administrator_client, director_a_client, teacher_a_client
):
    journal = url("journal")
    assert f'href="{journal}"' in text(methodist_client.get(reverse("home")))
    assert f'href="{journal}"' in text(administrator_client.get(reverse("home")))
    assert f'href="{journal}"' in text(director_a_client.get(reverse("home")))  # the school's own orders
    assert f'href="{journal}"' not in text(teacher_a_client.get(reverse("home")))


@pytest.mark.django_db
@pytest.mark.parametrize("repeat", [1, 50])
def test_the_journal_workbook_is_streamed_with_a_frozen_bold_header_and_dates(
    journal_orders, monkeypatch, repeat
):
    def no_cells_kept(*args, **kwargs):
        raise AssertionError("the export keeps the sheet's cells in memory")

    monkeypatch.setattr(Worksheet, "_get_cell", no_cells_kept)  # write-only: rows streamed to the file
    content = journal_xlsx(journal_orders * repeat, title="=Журнал 2026")
    monkeypatch.undo()
    sheet = load_workbook(io.BytesIO(content)).active
    title = sheet["A1"]
    assert title.value == "=Журнал 2026" and title.data_type == "s" and title.quotePrefix and title.font.b
    assert [c.value for c in sheet[3]] == list(HEADERS) and all(
        c.font.b and c.alignment.wrap_text for c in sheet[3]
    )
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == f"A3:F{3 + 4 * repeat}"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEF"] == list(WIDTHS)
    assert sheet.max_row == 3 + 4 * repeat
    signed = [row for row in sheet.iter_rows(min_row=4) if row[1].value is not None]
    assert len(signed) == 3 * repeat and all(row[1].number_format == "DD.MM.YYYY" for row in signed)
    assert all(c.border.left.style == "thin" for row in sheet.iter_rows(min_row=4) for c in row)


@pytest.mark.django_db
def test_a_director_sets_the_schools_order_numbering_and_place_but_not_anothers(
    district, director_a_client, director_b_client
):
    from orders.models import OrderSettings

    school_a, school_b = district["school_a"], district["school_b"]
    page = director_a_client.get(url("settings"))
    assert page.status_code == 200 and school_a.short_name in text(page)
    assert list(page.context["chooser"].fields["issuer"].queryset) == [school_a]
    # another school's settings: 404, and nothing saved
    assert director_a_client.get(url("settings") + f"?issuer={school_b.pk}").status_code == 404
    assert director_a_client.post(url("settings") + f"?issuer={school_b.pk}", {}).status_code == 404
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"number_pattern": "{n}-о", "place": "ст. Школьная"})
    response = director_a_client.post(url("settings") + f"?issuer={school_a.pk}", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    saved = OrderSettings.objects.get(issuer=school_a)
    assert (saved.number_pattern, saved.place) == ("{n}-о", "ст. Школьная")
    assert not OrderSettings.objects.filter(issuer=school_b).exists()
