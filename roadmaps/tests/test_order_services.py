"""The roadmap's approval order, built on the generic services of orders: drafts from a roadmap or from
the order recovered from its document, and what signing does to the roadmap (moved from orders' tests)."""

from __future__ import annotations

import pytest

from directory import services as directory
from directory.models import Organization
from orders import services
from orders.models import Order, OrderEvent
from orders.tests.conftest import fake_pdf  # noqa: F401  (the fixture: a stand-in for WeasyPrint)
from orders.tests.factories import SAMPLE_ROWS, make_roadmap, ready_draft, sign
from roadmaps.models import Roadmap
from roadmaps.order_services import roadmap_approval_order_create, roadmap_order_from_document


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


@pytest.mark.django_db
def test_a_draft_from_a_roadmap_approves_it_in_its_appendix(roadmap, methodist, administrator, district):
    order = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    assert order.status == Order.Status.DRAFT and order.registration_number == ""
    assert order.issuer == district["office"]  # orders are issued by the education office
    assert order.heading == "Об утверждении дорожной карты по развитию ШМО на 2022–2023 учебный год"
    assert order.preamble.startswith("В целях ")
    assert [p["text"] for p in order.points] == [
        "Утвердить дорожную карту по развитию ШМО на 2022–2023 учебный год (приложение).",
        "Назначить ответственной за исполнение дорожной карты методиста Волкову Е.В.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ]
    assert order.executor_name == "Волкова Елена Викторовна"
    assert order.signatory == district["people"]["administrator"]  # the office's administrator signs
    assert (order.signatory_position, order.signatory_name) == ("Начальник управления", "Ю.Н.\u00a0Богинский")
    roadmap.refresh_from_db()
    assert roadmap.approving_order == order
    content = order.content()
    assert content["appendices"][0]["approval_word"] == "УТВЕРЖДЕНА"
    assert content["appendices"][0]["title"] == "ДОРОЖНАЯ КАРТА по развитию ШМО"
    assert [r["activity"] for r in content["appendices"][0]["rows"]] == [r.activity for r in SAMPLE_ROWS]
    assert order.events.get().action == OrderEvent.Action.CREATE


@pytest.mark.django_db
def test_preparing_the_order_twice_gives_the_same_draft(roadmap, methodist):
    first = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    assert roadmap_approval_order_create(user=methodist, roadmap=roadmap) == first
    services.order_cancel(user=methodist, order=first)
    roadmap.refresh_from_db()
    assert roadmap.approving_order is None  # a withdrawn draft no longer approves anything
    second = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    assert second != first and Order.objects.count() == 2


@pytest.mark.django_db
def test_the_control_point_names_the_head_of_the_roadmaps_organization(district, methodist, roadmap):
    directory.organization_set_head(
        organization=district["method_office"], person=district["people"]["methodist"]
    )
    order = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    assert (
        order.points[-1]["text"]
        == "Контроль за исполнением настоящего приказа возложить на методиста Волкову Е.В."
    )


@pytest.mark.django_db
def test_a_plan_is_approved_as_a_plan(district, methodist):
    plan = another_roadmap(district, methodist, title="План работы РМК", kind=Roadmap.Kind.PLAN)
    order = roadmap_approval_order_create(user=methodist, roadmap=plan)
    assert order.heading == "Об утверждении плана работы РМК на 2022–2023 учебный год"
    assert order.points[0]["text"].startswith("Утвердить план работы РМК")
    assert order.content()["appendices"][0]["approval_word"] == "УТВЕРЖДЕН"


@pytest.mark.django_db
def test_source_order_gives_a_draft_matched_to_the_directory(district, methodist, roadmap):
    mostovsky = directory.organization_save(
        data={
            "name": (
                "Районное управление образованием администрации муниципального образования Мостовский район"
            ),
            "short_name": "РУО Мостовского района",
            "kind": Organization.Kind.EDUCATION_OFFICE,
        }
    )
    roadmap.source_order = {
        "issuer": [
            "РАЙОННОЕ УПРАВЛЕНИЕ ОБРАЗОВАНИЕМ",
            "АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ",
            "МОСТОВСКИЙ РАЙОН",
        ],
        "date": "2022-08-30",
        "number": "344",
        "place": "пгт Мостовской",
        "heading": "об утверждении дорожной карты.",
        "preamble": "С целью повышения эффективности",
        "points": [
            "Утвердить дорожную карту (приложение)",
            "Контроль за выполнением возложить на Волкову Е.В.",
        ],
        "signatory_position": "Начальник управления",
        "signatory_name": "Ю.Н. Богинский",
        "executor_position": "Методист",
        "executor_name": "Е.В. Волкова",
        "order_id": None,
    }
    order = roadmap_order_from_document(user=methodist, roadmap=roadmap)
    assert order.issuer == mostovsky
    assert order.heading == "Об утверждении дорожной карты"
    assert order.date is None and order.registration_number == ""  # the number is given at signing
    assert "Исходный номер: приказ от 30.08.2022 №\u00a0344" in order.notes
    assert [p["text"] for p in order.points] == [
        "Утвердить дорожную карту (приложение).",
        "Контроль за выполнением возложить на Волкову Е.В.",
    ]
    assert order.signatory == district["people"]["administrator"]
    assert order.signatory_name == "Ю.Н.\u00a0Богинский"
    assert order.executor_name == "Волкова Елена Викторовна"
    assert order.place == "пгт Мостовской"


@pytest.mark.django_db
def test_a_roadmap_without_a_source_order_gets_no_draft(roadmap, methodist):
    assert roadmap_order_from_document(user=methodist, roadmap=roadmap) is None
    assert not Order.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("fake_pdf")
def test_signing_approves_the_roadmap(roadmap, methodist, administrator):
    order = sign(administrator=administrator, order=ready_draft(user=methodist, roadmap=roadmap))
    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.APPROVED and roadmap.approving_order == order
