"""Services of orders: drafting, review, signing with numbering and the archive, signatures, cancelling."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from directory import services as directory
from notifications.models import OutgoingEmail
from orders import services
from orders.content import content_sha256
from orders.document import QualifiedSignature, SimpleSignature
from orders.models import (
    NumberSequence,
    Order,
    OrderApproval,
    OrderEvent,
    OrderPreview,
    OrderQualifiedSignature,
    OrderSettings,
)
from roadmaps import services as roadmap_services
from roadmaps.order_services import roadmap_approval_order_create
from roadmaps.services import RowData

from .factories import (
    SAMPLE_ROWS,
    as_file,
    certificate_and_key,
    detached_signature,
    make_roadmap,
    ready_draft,
    sign,
)

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=SAMPLE_ROWS,
        title="Дорожная карта по развитию ШМО",
    )


def another_roadmap(district, methodist, title="План работы РМК", **extra):
    return make_roadmap(
        user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS[:3], title=title, **extra
    )


# --- Drafts from a roadmap -------------------------------------------------------------------------


# --- Editing ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_is_edited_and_the_history_says_what_changed(roadmap, methodist, district):
    order = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    other = another_roadmap(district, methodist)
    order = services.order_update(
        user=methodist,
        order=order,
        data={"heading": "  об утверждении  плана.  ", "executor_phone": "8 800 100-00-00"},
        appendices={"roadmaps.roadmap": [other.pk, roadmap.pk]},
    )
    assert order.heading == "Об утверждении плана"
    assert list(order.appendices.values_list("source_id", "position")) == [
        (other.pk, 1),
        (roadmap.pk, 2),
    ]
    note = order.events.filter(action=OrderEvent.Action.UPDATE).get().note
    assert "заголовок" in note and "телефон исполнителя" in note and "приложения" in note


@pytest.mark.django_db
@pytest.mark.parametrize("heading", ["Утверждение плана", "Об"])
def test_a_heading_must_start_with_o_or_ob(roadmap, methodist, heading):
    order = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    with pytest.raises(ValidationError) as error:
        services.order_update(user=methodist, order=order, data={"heading": heading})
    assert "начинается с «О » или «Об »" in str(error.value)


@pytest.mark.django_db
def test_choosing_a_signatory_fills_in_the_decryption(roadmap, methodist, district):
    order = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    person = district["people"]["director_a"]
    order = services.order_update(user=methodist, order=order, data={"signatory": person})
    assert (order.signatory_name, order.signatory_position) == ("А.И.\u00a0Петров", "Директор")


@pytest.mark.django_db
def test_a_signed_order_cannot_be_changed(roadmap, methodist, administrator, fake_pdf):
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    with pytest.raises(ValidationError) as error:
        services.order_update(user=methodist, order=order, data={"heading": "Об ином"})
    assert error.value.messages == [
        "Подписанный приказ нельзя изменить; оформите новый приказ о внесении изменений."
    ]
    order.refresh_from_db()
    assert order.heading.startswith("Об утверждении дорожной карты")


# --- Signing and numbering ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_an_administrator_signs(roadmap, methodist, fake_pdf):
    order = ready_draft(user=methodist, roadmap=roadmap)
    with pytest.raises(PermissionDenied):
        services.order_sign(user=methodist, order=order)
    assert not NumberSequence.objects.exists()


@pytest.mark.django_db
def test_signing_numbers_dates_freezes_and_archives(roadmap, methodist, administrator, fake_pdf):
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap), today=TODAY)
    assert order.status == Order.Status.SIGNED
    assert (order.date, order.registration_number, order.sequence_year, order.sequence_number) == (
        TODAY,
        "1-од",
        2026,
        1,
    )
    assert order.signed_by == administrator and order.signer_name == "Богинский Юрий Николаевич"
    assert order.signed_content["number"] == "1-од" and order.signed_content["date"] == "2026-11-22"
    assert order.content_sha256 == content_sha256(order.signed_content)
    assert order.pdf_sha256 == hashlib.sha256(services.archived_pdf(order=order)).hexdigest()
    (document,) = fake_pdf
    assert isinstance(document.signature, SimpleSignature)
    assert document.signature.content_sha256 == order.content_sha256
    assert document.verify_url == order.verify_url and not document.is_draft
    assert NumberSequence.objects.get(issuer=order.issuer, year=2026).last == 1


@pytest.mark.django_db
def test_numbers_follow_the_issuers_pattern_and_restart_each_year(
    district, roadmap, methodist, administrator, fake_pdf
):
    services.order_settings_save(
        user=administrator, issuer=district["office"], data={"number_pattern": "01-07/{n}"}
    )
    numbers = []
    for index, today in enumerate([dt.date(2025, 12, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 9)]):
        plan = another_roadmap(district, methodist, title=f"План {index}")
        numbers.append(
            sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=plan), today=today)
        )
    assert [(o.sequence_year, o.registration_number) for o in numbers] == [
        (2025, "01-07/1"),
        (2025, "01-07/2"),
        (2026, "01-07/1"),
    ]


@pytest.mark.django_db
def test_serial_signings_never_repeat_or_skip_a_number(
    district, methodist, administrator, fake_pdf, monkeypatch
):
    drafts = [
        ready_draft(user=methodist, roadmap=another_roadmap(district, methodist, title=f"План {i}"))
        for i in range(4)
    ]
    sign(administrator=administrator, order=drafts[0], today=TODAY)
    # A signing refused half-way (here: a numbering pattern gone wrong) takes its number back with it.
    from orders import numbering, pdf

    real_format = numbering.format_number
    monkeypatch.setattr(numbering, "format_number", lambda pattern, *, n, year: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        services.order_sign(user=administrator, order=drafts[1], today=TODAY)
    drafts[1].refresh_from_db()
    assert drafts[1].status == Order.Status.DRAFT and drafts[1].registration_number == ""
    monkeypatch.setattr(numbering, "format_number", real_format)
    # A PDF that cannot be rendered loses nothing: the order keeps its number until the render is retried.
    real = pdf.render_order_pdf
    monkeypatch.setattr(pdf, "render_order_pdf", lambda document, layout: 1 / 0)
    services.order_sign(user=administrator, order=drafts[1], today=TODAY)
    drafts[1].refresh_from_db()
    assert drafts[1].status == Order.Status.SIGNING and drafts[1].registration_number == "2-од"
    monkeypatch.setattr(pdf, "render_order_pdf", real)
    assert services.order_signing_finish(order_id=drafts[1].pk).status == Order.Status.SIGNED
    # Signing again an order already signed gives no second number.
    with pytest.raises(ValidationError):
        services.order_sign(user=administrator, order=drafts[0], today=TODAY)
    with pytest.raises(ValidationError):
        services.order_sign(user=administrator, order=drafts[1], today=TODAY)
    for draft in drafts[2:]:
        sign(administrator=administrator, order=draft, today=TODAY)
    numbers = list(Order.objects.order_by("sequence_number").values_list("sequence_number", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert NumberSequence.objects.get().last == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_signings_on_postgresql_get_different_numbers(
    district, methodist, administrator, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks are a PostgreSQL matter; SQLite runs one writer at a time (serial test above)."
        )
    from orders import numbering, pdf

    def slow_render(document, layout):
        time.sleep(0.3)  # renders overlap (outside any lock)
        return b"%PDF-1.4\n" + document.number.encode() + b"\n%%EOF\n"

    real_format = numbering.format_number

    def slow_format(pattern, *, n, year):
        time.sleep(0.3)  # keep the numbering transactions open at the same time, under the sequence lock
        return real_format(pattern, n=n, year=year)

    monkeypatch.setattr(pdf, "render_order_pdf", slow_render)
    monkeypatch.setattr(numbering, "format_number", slow_format)
    drafts = [
        ready_draft(user=methodist, roadmap=another_roadmap(district, methodist, title=f"План {i}"))
        for i in range(4)
    ]
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def sign_in_thread(order):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.order_sign(user=administrator, order=order, today=TODAY)
        except BaseException as exc:  # collected and reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=sign_in_thread, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    signed = Order.objects.filter(status=Order.Status.SIGNED)
    assert sorted(signed.values_list("sequence_number", flat=True)) == [1, 2, 3, 4]
    assert sorted(signed.values_list("registration_number", flat=True)) == ["1-од", "2-од", "3-од", "4-од"]
    assert NumberSequence.objects.get().last == 4


@pytest.mark.django_db(transaction=True)
def test_the_pdf_is_rendered_after_the_number_lock_is_released(district, methodist, administrator, fake_pdf):
    """Signing renders outside any transaction: on PostgreSQL another connection takes the issuer's
    sequence lock with NOWAIT while the PDF is being rendered; everywhere no transaction is open then."""
    from orders import pdf

    order = ready_draft(user=methodist, roadmap=another_roadmap(district, methodist))
    seen: list[tuple[bool, str]] = []
    stand_in = pdf.render_order_pdf

    def take_the_lock_elsewhere() -> str:
        from django.db import connection as thread_connection
        from django.db import transaction as thread_transaction

        try:
            with thread_transaction.atomic():
                sequence = NumberSequence.objects.select_for_update(nowait=True).get(year=TODAY.year)
                return f"locked elsewhere at {sequence.last}"
        except Exception as exc:  # DatabaseError: could not obtain lock
            return f"busy: {exc}"
        finally:
            thread_connection.close()

    def render(document, layout=None):
        outcome = "sqlite"
        if connection.vendor == "postgresql":
            results: list[str] = []
            thread = threading.Thread(target=lambda: results.append(take_the_lock_elsewhere()))
            thread.start()
            thread.join(timeout=30)
            outcome = results[0] if results else "no answer"
        seen.append((connection.in_atomic_block, outcome))
        return stand_in(document, layout)

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(pdf, "render_order_pdf", render)
    try:
        signed = services.order_sign(user=administrator, order=order, today=TODAY)
    finally:
        monkeypatch.undo()
    assert signed.status == Order.Status.SIGNED and signed.registration_number == "1-од"
    assert seen and seen[0][0] is False  # no transaction (and so no row lock) while rendering
    if connection.vendor == "postgresql":
        assert seen[0][1] == "locked elsewhere at 1"


@pytest.mark.django_db
def test_a_render_that_fails_once_keeps_the_number_and_the_retry_finishes(
    district, methodist, administrator, pdf_failing_once
):
    first, second = (
        ready_draft(user=methodist, roadmap=another_roadmap(district, methodist, title=f"План {i}"))
        for i in range(2)
    )
    order = services.order_sign(user=administrator, order=first, today=TODAY)
    # Numbered, frozen, not yet «подписан»: nothing is lost.
    assert order.status == Order.Status.SIGNING and order.get_status_display() == "подписывается"
    assert (order.registration_number, order.sequence_number, order.date) == ("1-од", 1, TODAY)
    assert order.signed_content["number"] == "1-од" and order.content_sha256 == content_sha256(
        order.signed_content
    )
    assert order.pdf_sha256 == "" and not order.pdf and order.archive_error == "нет памяти для вёрстки"
    assert NumberSequence.objects.get().last == 1
    assert [e.action for e in order.events.order_by("pk")][-1] == OrderEvent.Action.SIGN
    # It is no project any more: not edited, not withdrawn, not signed twice, no fresh PDF in its place.
    assert services.signing_problems(order, user=administrator) == [
        "Приказ уже подписан; PDF формируется для архива."
    ]
    with pytest.raises(ValidationError):
        services.order_update(user=methodist, order=order, data={"heading": "Об ином"})
    with pytest.raises(ValidationError):
        services.order_cancel(user=administrator, order=order)
    with pytest.raises(ValidationError):
        services.order_sign(user=administrator, order=order, today=TODAY)
    with pytest.raises(services.ArchivePending):
        services.order_pdf(order=order)
    assert services.signing_is_stuck(order)
    # The retry (the task's body) archives the same frozen content under the same number.
    order = services.order_signing_finish(order_id=order.pk)
    assert order.status == Order.Status.SIGNED and order.registration_number == "1-од"
    assert order.archive_error == "" and order.content_hash() == order.content_sha256
    archived = services.archived_pdf(order=order)
    assert order.pdf_sha256 == hashlib.sha256(archived).hexdigest()
    assert b"1-\xd0\xbe\xd0\xb4" in archived  # «1-од», as the stand-in renderer writes it
    assert [d.number for d in pdf_failing_once] == ["1-од", "1-од"]
    # Finishing again (a duplicate task) changes nothing and renders nothing.
    again = services.order_signing_finish(order_id=order.pk)
    assert (again.pdf.name, again.pdf_sha256) == (order.pdf.name, order.pdf_sha256)
    assert len(pdf_failing_once) == 2
    assert list(order.events.values_list("action", flat=True)).count(OrderEvent.Action.ARCHIVE) == 1
    # The next order gets the next number: no gap, no duplicate.
    following = services.order_sign(user=administrator, order=second, today=TODAY)
    assert (following.status, following.registration_number) == (Order.Status.SIGNED, "2-од")
    assert NumberSequence.objects.get().last == 2


@pytest.mark.django_db
def test_a_long_order_is_archived_by_the_task_which_retries_a_failed_render(
    district, methodist, administrator, pdf_failing_once, django_capture_on_commit_callbacks
):
    rows = [
        RowData(number=f"{i}.", activity=f"Мероприятие {i}", deadline_text="май 2023 г.")
        for i in range(1, services.BACKGROUND_RENDER_ROWS + 2)
    ]
    big = make_roadmap(
        user=methodist, organization=district["method_office"], rows=rows, title="Дорожная карта"
    )
    order = ready_draft(user=methodist, roadmap=big)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        order = services.order_sign(user=administrator, order=order, today=TODAY)
    # Nothing rendered in the request: the number is taken, the PDF is the task's.
    assert order.status == Order.Status.SIGNING and order.registration_number == "1-од"
    assert pdf_failing_once == [] and len(queued) == 1
    assert services.needs_background_archive(order) and not services.signing_is_stuck(order)
    for callback in queued:  # the worker's turn (Celery is eager in tests): fails once, retries
        callback()
    order.refresh_from_db()
    assert order.status == Order.Status.SIGNED and order.registration_number == "1-од"
    assert len(pdf_failing_once) == 2 and services.archived_pdf(order=order).startswith(b"%PDF-")


@pytest.mark.django_db
def test_signing_problems_are_listed_and_block_signing(roadmap, methodist, administrator, fake_pdf):
    order = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    order = services.order_update(
        user=methodist,
        order=order,
        data={"points": [{"text": "утвердить план", "children": []}], "executor_phone": "", "preamble": ""},
    )
    problems = services.signing_problems(order, user=administrator)
    assert "Пункт 1. должен начинаться с заглавной буквы." in problems
    assert "Нет пункта о контроле («Контроль за исполнением настоящего приказа …»)." in problems
    assert "В тексте нет ссылки на приложение («(приложение)»)." in problems
    assert "Укажите исполнителя (Ф.И.О. полностью) и его телефон." in problems
    assert "Нет преамбулы («В целях …», «В соответствии с …»)." in problems
    with pytest.raises(ValidationError):
        services.order_sign(user=administrator, order=order)
    assert not NumberSequence.objects.exists()


@pytest.mark.django_db
def test_an_administrator_cannot_sign_for_someone_else(district, roadmap, methodist, administrator, fake_pdf):
    other = directory.person_save(
        data={
            "organization": district["office"],
            "last_name": "Орлов",
            "first_name": "Антон",
            "patronymic": "Викторович",
            "position": "Заместитель начальника",
        }
    )
    deputy = directory.user_ensure(username="zam", password="pass-for-tests-1", person=other)
    directory.role_grant(user=deputy, kind="administrator")
    order = ready_draft(user=methodist, roadmap=roadmap)
    problems = services.signing_problems(order, user=deputy)
    assert any("подписать его может только" in p for p in problems)
    order = services.order_update(user=methodist, order=order, data={"signatory": other})
    signed = services.order_sign(user=deputy, order=order)
    assert signed.signatory_name == "А.В.\u00a0Орлов" and signed.signer_name == "Орлов Антон Викторович"


# --- The archive --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_archived_pdf_is_returned_byte_for_byte_even_after_the_roadmap_changes(
    roadmap, methodist, administrator
):
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    first = services.order_pdf(order=order)
    assert first.startswith(b"%PDF-") and hashlib.sha256(first).hexdigest() == order.pdf_sha256
    row = roadmap.rows.filter(is_heading=False).first()
    roadmap_services.row_update(
        user=methodist, row=row, data={"activity": "Совсем другое"}, version=row.version
    )
    order.refresh_from_db()
    assert services.order_pdf(order=order) == first
    assert order.content_hash() == order.content_sha256  # the printed content is frozen at signing
    assert "Совсем другое" not in str(order.to_document())

    with open(order.pdf.path, "r+b") as handle:  # the archive damaged on disk
        handle.seek(20)
        handle.write(b"X")
    with pytest.raises(services.ArchiveDamaged):
        services.order_pdf(order=order)


@pytest.mark.django_db
def test_a_large_drafts_pdf_is_rendered_in_the_background_and_kept_while_fresh(
    district, methodist, fake_pdf, django_capture_on_commit_callbacks
):
    rows = [
        RowData(number=f"{i}.", activity=f"Мероприятие {i}", deadline_text="май 2023 г.")
        for i in range(1, 152)
    ]
    big = make_roadmap(
        user=methodist, organization=district["method_office"], rows=rows, title="Дорожная карта"
    )
    order = ready_draft(user=methodist, roadmap=big)
    assert services.needs_background_render(order)
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_preview_request(order=order)  # Celery is eager in tests: done at once
    order.refresh_from_db()
    assert order.preview_state.status == OrderPreview.Status.READY and services.preview_is_fresh(order)
    assert services.preview_bytes(order=order).startswith(b"%PDF-")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.order_preview_request(order=order)
    assert queued == [] and len(fake_pdf) == 1  # fresh: not queued, not rendered again
    order = services.order_update(user=methodist, order=order, data={"preamble": "В целях иного"})
    assert not services.preview_is_fresh(order)


# --- Review -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_review_round_with_a_rejection_then_approval_then_signing(
    district, roadmap, methodist, administrator, fake_pdf, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    people = district["people"]
    directory.person_save(person=people["administrator"], data={"email": "boss@example.ru"})
    order = ready_draft(user=methodist, roadmap=roadmap)
    order = services.order_send_for_review(user=methodist, order=order, approvers=[people["administrator"]])
    assert order.status == Order.Status.REVIEW and order.review_round == 1
    assert OutgoingEmail.objects.filter(to="boss@example.ru").exists()
    with pytest.raises(ValidationError):
        services.order_update(user=methodist, order=order, data={"preamble": "В целях"})
    approval = order.approvals.get()
    with pytest.raises(PermissionDenied):
        services.order_decide(user=methodist, approval=approval, decision="approved")
    with pytest.raises(ValidationError):
        services.order_decide(user=administrator, approval=approval, decision="rejected", comment=" ")
    services.order_decide(
        user=administrator, approval=approval, decision="rejected", comment="Уточнить сроки"
    )
    order.refresh_from_db()
    assert order.status == Order.Status.DRAFT

    order = services.order_send_for_review(user=methodist, order=order, approvers=[people["administrator"]])
    assert any("ещё не согласовали" in p for p in services.signing_problems(order, user=administrator))
    approval = order.approvals.get(round=2)
    services.order_decide(user=administrator, approval=approval, decision="approved")
    signed = sign(administrator=administrator, order=order)
    assert signed.status == Order.Status.SIGNED
    assert list(signed.approvals.order_by("round").values_list("round", "decision")) == [
        (1, OrderApproval.Decision.REJECTED),
        (2, OrderApproval.Decision.APPROVED),
    ]
    assert mail.outbox is not None


@pytest.mark.django_db
def test_review_letters_reach_the_inbox_with_absolute_links_and_greet_by_name_and_patronymic(
    district, roadmap, methodist, administrator, settings
):
    settings.SITE_URL = "https://metod.example.ru"
    people = district["people"]
    directory.person_save(person=people["administrator"], data={"email": "boss@example.ru"})
    directory.person_save(person=people["methodist"], data={"email": "author@example.ru"})
    order = ready_draft(user=methodist, roadmap=roadmap)
    order = services.order_send_for_review(user=methodist, order=order, approvers=[people["administrator"]])
    link = f"https://metod.example.ru/orders/{order.pk}/"

    letter = OutgoingEmail.objects.get(to="boss@example.ru")
    boss = people["administrator"]
    assert letter.subject == f"Согласование проекта приказа «{order.heading}»"
    assert f"Здравствуйте, {boss.first_name} {boss.patronymic}!" in letter.text
    assert link in letter.text
    notice = administrator.notices.get(kind="order_review")
    assert notice.url == f"/orders/{order.pk}/"

    services.order_decide(
        user=administrator, approval=order.approvals.get(), decision="rejected", comment="Уточнить сроки"
    )
    returned = OutgoingEmail.objects.get(to="author@example.ru")
    assert "Уточнить сроки" in returned.text and link in returned.text
    assert methodist.notices.filter(kind="order_rejected", url=f"/orders/{order.pk}/").exists()


@pytest.mark.django_db
def test_only_district_staff_with_an_account_approve(district, roadmap, methodist):
    order = ready_draft(user=methodist, roadmap=roadmap)
    with pytest.raises(ValidationError) as error:
        services.order_send_for_review(
            user=methodist, order=order, approvers=[district["people"]["teacher_b"]]
        )
    assert "Кузнецов И.О." in str(error.value)


# --- Qualified signature ------------------------------------------------------------------------------


@pytest.fixture
def signed_order(roadmap, methodist, administrator):
    return sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))


def sig_for(order, **certificate):
    now = timezone.now()
    cert, key = certificate_and_key(valid_from=now - dt.timedelta(days=10), **certificate)
    return cert, detached_signature(services.archived_pdf(order=order), certificate=cert, key=key)


@pytest.mark.django_db
def test_a_qualified_signature_is_read_and_a_stamped_copy_archived(signed_order, administrator):
    archived = services.archived_pdf(order=signed_order)
    cert, data = sig_for(signed_order)
    order = services.order_attach_qualified_signature(
        user=administrator, order=signed_order, file=as_file(data)
    )
    assert order.qualified.owner == "Богинский Юрий Николаевич"
    assert int(order.qualified.certificate_serial, 16) == cert.serial_number
    assert order.qualified.valid_from <= order.date <= order.qualified.valid_to
    assert services.archived_pdf(order=order) == archived  # the signed bytes never change
    assert services.stamped_pdf(order=order).startswith(b"%PDF-")
    document = order.to_document()
    assert isinstance(document.signature, QualifiedSignature)
    assert document.signature.certificate_serial == order.qualified.certificate_serial
    with pytest.raises(ValidationError, match="уже прикреплена"):
        services.order_attach_qualified_signature(user=administrator, order=order, file=as_file(data))


@pytest.mark.django_db
def test_a_qualified_signature_of_someone_else_or_expired_is_refused(signed_order, administrator, methodist):
    _, other = sig_for(signed_order, surname="Орлов", given="Антон Викторович")
    with pytest.raises(ValidationError, match="Подпись принадлежит Орлов Антон Викторович"):
        services.order_attach_qualified_signature(user=administrator, order=signed_order, file=as_file(other))
    cert, key = certificate_and_key(valid_from=timezone.now() - dt.timedelta(days=800), days=365)
    expired = detached_signature(b"x", certificate=cert, key=key)
    with pytest.raises(ValidationError, match="не охватывает дату приказа"):
        services.order_attach_qualified_signature(
            user=administrator, order=signed_order, file=as_file(expired)
        )
    with pytest.raises(ValidationError, match="Не удалось прочитать файл подписи"):
        services.order_attach_qualified_signature(
            user=administrator, order=signed_order, file=as_file(b"garbage")
        )
    with pytest.raises(PermissionDenied):
        services.order_attach_qualified_signature(user=methodist, order=signed_order, file=as_file(other))
    signed_order.refresh_from_db()
    assert signed_order.qualified is None and not OrderQualifiedSignature.objects.exists()


# --- Cancelling and amending --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_order_is_cancelled_by_a_signed_cancelling_order(
    district, roadmap, methodist, administrator, fake_pdf
):
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    with pytest.raises(ValidationError, match="отменяется другим приказом"):
        services.order_cancel(user=administrator, order=order)
    with pytest.raises(PermissionDenied):
        services.order_cancel(user=methodist, order=order)
    draft = services.order_create_follow_up(user=methodist, order=order, cancel=True)
    assert draft.cancels == order
    assert draft.heading == (
        f"О признании утратившим силу приказа управления образования администрации Тестового района "
        f"от {order.date:%d.%m.%Y} № 1-од"
    )
    draft = services.order_update(user=methodist, order=draft, data={"executor_phone": "8 800 100-00-00"})
    sign(administrator=administrator, order=draft)
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and order.cancelled_at is not None
    assert "Отменён приказом № 2-од" in order.events.get(action=OrderEvent.Action.CANCEL).note
    roadmap.refresh_from_db()
    assert roadmap.approving_order == order  # the link stays: the roadmap page shows it cancelled


@pytest.mark.django_db
def test_cancel_by_an_existing_signed_order(district, roadmap, methodist, administrator, fake_pdf):
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    other = sign(
        administrator=administrator,
        order=ready_draft(user=methodist, roadmap=another_roadmap(district, methodist)),
    )
    assert list(services.signed_orders_for_cancelling(order)) == [other]
    services.order_cancel(user=administrator, order=order, by_order=other)
    order.refresh_from_db()
    other.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and other.cancels == order
    with pytest.raises(ValidationError, match="уже отменён"):
        services.order_cancel(user=administrator, order=order, by_order=other)


@pytest.mark.django_db
def test_an_amending_order_refers_to_the_amended_one(roadmap, methodist, administrator, fake_pdf):
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    draft = services.order_create_follow_up(user=methodist, order=order, cancel=False)
    assert draft.amends == order and draft.heading.startswith("О внесении изменений в приказ управления")
    assert draft.points[0]["text"].endswith("следующие изменения:")


# --- Settings -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_settings_are_validated_and_used_for_printing(district, roadmap, methodist, administrator, fake_pdf):
    with pytest.raises(PermissionDenied):
        services.order_settings_save(user=methodist, issuer=district["office"], data={})
    with pytest.raises(ValidationError) as error:
        services.order_settings_save(
            user=administrator,
            issuer=district["office"],
            data={"number_pattern": "од-{n}", "font_size_pt": 16},
        )
    assert set(error.value.message_dict) == {"number_pattern", "font_size_pt"}
    saved = services.order_settings_save(
        user=administrator,
        issuer=district["office"],
        data={"date_format": "verbal", "issuer_genitive": "управления образования Тестового района"},
    )
    assert saved.as_layout().date_format == "verbal"
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    assert fake_pdf[-1].issuer_genitive == "управления образования Тестового района"
    assert order.signed_content["issuer_genitive"] == "управления образования Тестового района"
    assert OrderSettings.objects.count() == 1
