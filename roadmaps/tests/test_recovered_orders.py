"""Orders recovered from the Word document in front of a roadmap: sub-points, the control point."""

from __future__ import annotations

import datetime as dt

import pytest

from orders import points as points_module
from orders import services as order_services
from orders.tests.factories import upload, with_phone
from roadmaps import import_services, importers

from .order_documents import HEADERLESS_ORDER, SUBPOINTS_ORDER, headerless_order_docx, subpoints_order_docx

TODAY = dt.date(2023, 9, 20)


def import_docx(user, data: bytes, name: str = "order.docx"):
    pending = import_services.roadmap_import_create(user=user, upload=upload(name, data))
    return import_services.roadmap_import_apply(roadmap_import=pending, user=user)


def test_sub_points_are_read_with_their_numbers():
    order, _ = importers.parse_order_preamble(SUBPOINTS_ORDER)
    assert order["point_numbers"] == ["1.", "2.", "3.", "3.1.", "3.2.", "4."]
    assert order["points"][3] == "Назначить наставников молодым педагогам в срок до 15.09.2023;"
    assert order["signatory_name"] == "Ю.Н. Богинский"


@pytest.mark.django_db
def test_recovered_draft_keeps_sub_points_and_can_be_signed(district, methodist, administrator):
    with_phone(district["people"]["methodist"])
    roadmap = import_docx(methodist, subpoints_order_docx())
    order = roadmap.approving_order
    flat = points_module.flatten(points_module.numbered(order.points))
    assert [(p.number, " ".join(p.text.split()[:2])) for p in flat] == [
        ("1.", "Утвердить дорожную"),
        ("2.", "Районному методическому"),
        ("3.", "Руководителям общеобразовательных"),
        ("3.1.", "Назначить наставников"),
        ("3.2.", "Обеспечить участие"),
        ("4.", "Контроль исполнения"),
    ]
    assert order_services.signing_problems(order, user=administrator) == []
    signed = order_services.order_sign(user=administrator, order=order, today=TODAY)
    assert signed.registration_number


@pytest.mark.parametrize(
    "text",
    [
        "Контроль за исполнением настоящего приказа возложить на Волкову Е.В.",
        "Контроль исполнения приказа возложить на заместителя начальника Петрова А.И.",
        "Контроль над выполнением приказа оставляю за собой.",
        "Контроль выполнения настоящего приказа возложить на Волкову Е.В.",
        "Возложить контроль за исполнением приказа на Волкову Е.В.",
        "Контроль за ходом исполнения приказа возложить на Волкову Е.В.",
        "Исполнение приказа оставляю за собой.",
    ],
)
def test_the_control_point_in_its_usual_wordings(text):
    assert points_module.has_control_point(
        [points_module.point("Утвердить план."), points_module.point(text)]
    )


def test_a_point_opening_a_list_of_sub_points_ends_with_a_colon_and_its_items_with_semicolons():
    tree = points_module.parse_points(
        "1. Руководителям ОО:\n1.1. назначить наставников;\n1.2. обеспечить участие.\n"
        "2. Контроль оставляю за собой."
    )
    assert points_module.style_problems(tree) == []
    assert points_module.style_problems(points_module.parse_points("1. Утвердить план:\n2. Ещё;")) == [
        "Пункт 1. должен заканчиваться точкой.",
        "Пункт 2. должен заканчиваться точкой.",
    ]


@pytest.mark.django_db
def test_the_head_preparing_the_draft_is_not_also_its_executor_nor_the_responsible(
    district, methodist, administrator
):
    from orders.tests.factories import SAMPLE_ROWS, make_roadmap
    from roadmaps.order_services import roadmap_approval_order_create

    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    order = roadmap_approval_order_create(user=administrator, roadmap=roadmap)
    texts = [p["text"] for p in order.points]
    assert not any("Богинск" in text for text in texts), texts
    assert any(text.startswith("Назначить ответственной") and "Волков" in text for text in texts), texts
    assert order.executor_name == "Волкова Елена Викторовна"
    assert order.signatory_name.endswith("Богинский")
    assert order.preamble.endswith(",")


def test_an_order_without_a_prikaz_line_on_a_letterhead_with_requisites():
    order, _ = importers.parse_order_preamble(HEADERLESS_ORDER)
    assert order["issuer"] == [
        "МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ УЧРЕЖДЕНИЕ",
        "«РАЙОННЫЙ МЕТОДИЧЕСКИЙ КАБИНЕТ»",
        "МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ ТЕСТОВЫЙ РАЙОН",
    ]
    assert (order["date"], order["number"]) == ("2023-03-15", "02-11/45")
    assert order["heading"] == "Об утверждении плана мероприятий по сопровождению молодых педагогов"
    assert order["preamble"].startswith("В целях методического сопровождения")
    assert order["points"][1] == "Контроль за исполнением приказа оставляю за собой."
    assert order["signatory_name"] == "Ю.Н. Богинский"


@pytest.mark.django_db
def test_the_draft_from_a_headerless_order_shows_its_own_issuer_number_and_date(
    district, methodist, methodist_client
):
    roadmap = import_docx(methodist, headerless_order_docx())
    order = roadmap.approving_order
    assert order is not None
    assert order.heading == "Об утверждении плана мероприятий по сопровождению молодых педагогов"
    page = methodist_client.get(order.get_absolute_url()).content.decode()
    assert "Исходный номер: приказ от 15.03.2023 №\u00a002-11/45" in page
    assert "«РАЙОННЫЙ МЕТОДИЧЕСКИЙ КАБИНЕТ»" in page


@pytest.mark.django_db
def test_a_historical_order_is_registered_as_it_was_from_its_paper_original(
    district, methodist, administrator, administrator_client, methodist_client, anonymous_client
):
    from django.urls import reverse

    from orders.models import NumberSequence, Order
    from orders.tests.factories import SAMPLE_ROWS, make_roadmap, ready_draft

    roadmap = import_docx(methodist, headerless_order_docx())
    order = roadmap.approving_order
    page = administrator_client.get(order.get_absolute_url()).content.decode()
    assert "Внести как подписанный на бумаге" in page
    assert 'value="02-11/45"' in page and 'value="2023-03-15"' in page  # from the document
    assert (
        "Внести как подписанный на бумаге"
        not in methodist_client.get(order.get_absolute_url()).content.decode()
    )
    # only the roles that sign may do it
    url = reverse("orders:register_paper", args=[order.pk])
    assert (
        methodist_client.post(url, {"registration_number": "02-11/45", "date": "2023-03-15"}).status_code
        == 403
    )

    response = administrator_client.post(url, {"registration_number": "№ 02-11/45", "date": "2023-03-15"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.PAPER
    assert (order.registration_number, order.date.isoformat()) == ("02-11/45", "2023-03-15")
    assert order.sequence_number is None and not order.pdf_sha256 and order.signed_at is None
    assert not NumberSequence.objects.exists()  # the numbering sequence is not touched

    page = administrator_client.get(order.get_absolute_url()).content.decode()
    assert "внесён с бумажного оригинала" in page and "электронной подписи нет" in page
    assert "ПОДПИСАНО ПРОСТОЙ" not in page and 'data-testid="sign-button"' not in page
    journal = administrator_client.get(reverse("orders:journal")).content.decode()
    assert "02-11/45" in journal and "внесён с бумажного оригинала" in journal
    verify = anonymous_client.get(order.verify_path).content.decode()
    assert "с бумажного оригинала" in verify and "SHA-256 файла PDF" not in verify
    assert order_services.signing_problems(order) == [
        "Приказ внесён с бумажного оригинала; подписывать его не нужно."
    ]

    # the next order signed in the product takes the first number of the sequence
    other = ready_draft(
        user=methodist,
        roadmap=make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS),
    )
    signed = order_services.order_sign(user=administrator, order=other, today=TODAY)
    assert signed.sequence_number == 1


@pytest.mark.django_db
def test_a_paper_number_is_not_registered_twice_nor_a_future_date(district, methodist, administrator):
    from django.core.exceptions import ValidationError

    first = import_docx(methodist, headerless_order_docx(), "a.docx").approving_order
    second = import_docx(methodist, headerless_order_docx(), "b.docx").approving_order
    order_services.order_register_paper(
        user=administrator, order=first, registration_number="02-11/45", date=dt.date(2023, 3, 15)
    )
    with pytest.raises(ValidationError, match="уже есть приказ"):
        order_services.order_register_paper(
            user=administrator, order=second, registration_number="02-11/45", date=dt.date(2023, 5, 1)
        )
    with pytest.raises(ValidationError, match="не позже"):
        order_services.order_register_paper(
            user=administrator, order=second, registration_number="7", date=dt.date(2999, 1, 1)
        )
