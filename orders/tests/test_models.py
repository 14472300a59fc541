"""Rules on one order row: headings, database constraints, the printed content and its hash."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from orders import services
from orders.content import canonical_json, content_sha256
from orders.models import (
    NumberSequence,
    Order,
    OrderApproval,
    OrderQualifiedSignature,
    OrderSettings,
    normalize_heading,
    validate_heading,
)

from .factories import make_roadmap, ready_draft, sign
from .test_services import SAMPLE_ROWS


@pytest.fixture
def draft(district, methodist, administrator):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    return ready_draft(user=methodist, roadmap=roadmap)


def refused(**fields):
    """The update must be refused by the database itself."""

    def check(order):
        with pytest.raises(IntegrityError), transaction.atomic():
            Order.objects.filter(pk=order.pk).update(**fields)

    return check


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("об утверждении плана.", "Об утверждении плана"),
        ("  Об   утверждении\nплана ", "Об утверждении плана"),
        ("о внесении изменений", "О внесении изменений"),
        ("Обеспечить", "Обеспечить"),  # not «Об …»: left for validation to refuse
    ],
)
def test_headings_are_normalised(typed, stored):
    assert normalize_heading(typed) == stored


def test_headings_are_validated():
    validate_heading("Об утверждении плана")
    validate_heading("О внесении изменений")
    for bad in ("Обеспечить", "Утверждение плана", "Об утверждении плана."):
        with pytest.raises(ValidationError):
            validate_heading(bad)


@pytest.mark.django_db
def test_the_database_refuses_a_signed_order_without_number_date_or_archive(draft):
    refused(status="signed")(draft)
    refused(status="signed", registration_number="1-од", sequence_year=2026, sequence_number=1)(draft)


@pytest.mark.django_db
def test_a_qualified_signature_belongs_to_a_signed_order_only(draft):
    # Once a column of Order, now its own row: the rule is the model's, and the serial the database's.
    record = OrderQualifiedSignature(
        order=draft, certificate_serial="0A1B", file="x.sig", file_sha256="0" * 64
    )
    with pytest.raises(ValidationError, match="только к подписанному"):
        record.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderQualifiedSignature.objects.create(order=draft, certificate_serial="", file="x.sig")


@pytest.mark.django_db
def test_the_database_refuses_a_number_on_a_draft_and_a_bad_heading(draft):
    refused(registration_number="5-од")(draft)
    refused(sequence_year=2026)(draft)  # a year without a number
    refused(heading="Утверждение плана")(draft)
    refused(heading="Об утверждении плана.")(draft)
    refused(cancels=draft.pk)(draft)


@pytest.mark.django_db
def test_the_database_refuses_a_registration_number_twice(
    draft, district, methodist, administrator, fake_pdf
):
    signed = sign(administrator=administrator, order=draft)
    other = sign(
        administrator=administrator,
        order=ready_draft(
            user=methodist,
            roadmap=make_roadmap(
                user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS, title="План"
            ),
        ),
    )
    refused(sequence_number=signed.sequence_number)(other)
    refused(registration_number=signed.registration_number)(other)


@pytest.mark.django_db
def test_settings_and_sequences_have_their_ranges_in_the_database(district):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderSettings.objects.create(issuer=district["office"], font_size_pt=20)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderSettings.objects.create(issuer=district["office"], table_font_size_pt=14, font_size_pt=12)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderSettings.objects.create(issuer=district["office"], number_pattern="од")
    NumberSequence.objects.create(issuer=district["office"], year=2026)
    with pytest.raises(IntegrityError), transaction.atomic():
        NumberSequence.objects.create(issuer=district["office"], year=2026)
    errors = OrderSettings(issuer=district["office"], margin_left_mm=15, line_height=2)
    with pytest.raises(ValidationError) as error:
        errors.full_clean()
    assert {"margin_left_mm", "line_height"} <= set(error.value.message_dict)


@pytest.mark.django_db
def test_a_decision_has_its_time(draft, district, methodist):
    order = services.order_send_for_review(
        user=methodist, order=draft, approvers=[district["people"]["methodist"]]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OrderApproval.objects.filter(order=order).update(decision="approved")


@pytest.mark.django_db
def test_a_drafts_document_has_blanks_and_no_signature_or_qr(draft):
    document = draft.to_document()
    assert document.is_draft and document.date is None and document.number == ""
    assert document.signature is None and document.verify_url == ""
    assert document.heading == draft.heading
    assert [p.number for p in document.points] == ["1.", "2.", "3."]
    (appendix,) = document.appendices
    assert appendix.approval_word == "УТВЕРЖДЕНА" and appendix.landscape
    assert [r.heading for r in appendix.rows] == [r.is_heading for r in SAMPLE_ROWS]
    assert [c.title for c in appendix.table.columns][-1] == "Ответственные"  # no row has a result
    assert document.issuer_genitive == "управления образования администрации Тестового района"
    assert document.issuer_name == "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ТЕСТОВОГО РАЙОНА"


def test_the_content_hash_is_of_canonical_json():
    a = {"b": 1, "a": ["ё", {"d": 2, "c": None}]}
    b = {"a": ["ё", {"c": None, "d": 2}], "b": 1}
    assert canonical_json(a) == canonical_json(b) == '{"a":["ё",{"c":null,"d":2}],"b":1}'.encode()
    assert content_sha256(a) == content_sha256(b)


@pytest.mark.django_db
def test_an_order_reads_as_its_number_or_as_a_project(draft, administrator, fake_pdf, settings):
    assert str(draft) == f"Проект приказа «{draft.heading}»"
    signed = sign(administrator=administrator, order=draft)
    assert str(signed) == f"Приказ от {signed.date:%d.%m.%Y} № 1-од"
    settings.SITE_URL = "https://metod.example.ru"
    assert signed.verify_url == f"https://metod.example.ru/orders/verify/{signed.verification_token}/"
    assert len(signed.verification_token) >= 32
