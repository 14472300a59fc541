"""The appendix registry: a kind that is not a roadmap plugs into drafting, printing, the order's page,
signing and withdrawing, through the generic services only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orders import registry, services
from orders.content import order_content, to_appendix
from orders.document import Appendix, Column, Row, Table
from orders.models import OrderAppendix
from orders.points import point
from orders.selectors import order_page

from .factories import PHONE

#: The documents of the fake kind: id → (title, rows).
PLANS = {7: ("Список участников", [("Петров А.И.", "школа № 1")]), 8: ("Пустой список", [])}


class ParticipantList:
    key = "tests.participants"
    label = "список участников"
    content_source = "participants"
    form_field = "participants"
    form_label = "Приложения: списки участников"

    def __init__(self):
        self.signed: list[tuple[int, list[int]]] = []
        self.withdrawn: list[int] = []

    def content(self, *, source_id, approves, position):
        title, rows = PLANS[source_id]
        return {
            "position": position,
            "source": self.content_source,
            "id": source_id,
            "title": title,
            "approval_word": "УТВЕРЖДЕН" if approves else "",
            "rows": [list(r) for r in rows],
        }

    def to_appendix(self, data):
        columns = (Column("Участник", 2), Column("Организация", 1))
        rows = tuple(Row(tuple(r)) for r in data["rows"])
        return Appendix(
            title=data["title"],
            approval_word=data["approval_word"],
            landscape=False,
            table=Table(columns=columns, rows=rows, number_row=False),
        )

    def choices(self, *, user, attached):
        return [registry.SourceChoice(id=k, label=v[0]) for k, v in PLANS.items()]

    def describe(self, source_ids):
        return {
            i: registry.SourceInfo(title=PLANS[i][0], description="список участников") for i in source_ids
        }

    def signing_problems(self, *, source_id):
        return [] if PLANS[source_id][1] else [f"Список «{PLANS[source_id][0]}» пуст."]

    def on_signed(self, *, user, order, source_ids):
        self.signed.append((order.pk, list(source_ids)))

    def on_withdrawn(self, *, user, order):
        self.withdrawn.append(order.pk)


@pytest.fixture
def kind():
    fake = ParticipantList()
    registry.register(fake)
    yield fake
    registry._KINDS.pop(fake.key)


def draft_with(kind, district, user, *source_ids):
    signatory = district["people"]["administrator"]
    return services.order_draft_create(
        user=user,
        issuer=district["office"],
        heading="Об утверждении списка участников",
        preamble="В целях проведения конкурса",
        points=[
            point("Утвердить список участников (приложение)."),
            point(services.CONTROL_SELF),
        ],
        appendices=[(kind.key, i, True) for i in source_ids],
        signatory=signatory,
        signatory_position=signatory.position,
        signatory_name=signatory.signature_name,
        executor_name="Волкова Елена Викторовна",
        executor_phone=PHONE,
    )


def test_registered_kinds_are_found_by_key_and_by_content_source(kind):
    assert registry.get("tests.participants") is kind
    assert registry.for_content("participants") is kind
    assert registry.get("roadmaps.roadmap").content_source == "roadmap"  # roadmaps registered in ready()
    with pytest.raises(LookupError):
        registry.get("nobody.nothing")


@pytest.mark.django_db
def test_a_draft_prints_a_foreign_kind_appendix(kind, district, methodist):
    order = draft_with(kind, district, methodist, 7)
    (appendix,) = OrderAppendix.objects.filter(order=order)
    assert (appendix.source_kind, appendix.source_id, appendix.position) == ("tests.participants", 7, 1)
    content = order_content(order)
    printed = to_appendix(order, content["appendices"][0])
    assert printed.title == "Список участников" and printed.rows[0].cells == ("Петров А.И.", "школа № 1")
    assert [c.title for c in printed.table.columns] == ["Участник", "Организация"]
    line = order_page(order)["appendices"][0]
    assert (line.title, line.description, line.kind) == ("Список участников", "список участников", kind.key)


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_when_drafting(district, methodist):
    with pytest.raises(LookupError):
        services.order_draft_create(
            user=methodist,
            issuer=district["office"],
            heading="О списке",
            points=[point("Принять к сведению.")],
            appendices=[("nobody.nothing", 1, True)],
        )


@pytest.mark.django_db
def test_the_kind_says_what_blocks_signing_and_hears_of_signing(
    kind, district, methodist, administrator, fake_pdf
):
    empty = draft_with(kind, district, methodist, 8)
    assert "Список «Пустой список» пуст." in services.signing_problems(empty)
    with pytest.raises(ValidationError):
        services.order_sign(user=administrator, order=empty)
    order = services.order_sign(user=administrator, order=draft_with(kind, district, methodist, 7))
    assert kind.signed == [(order.pk, [7])]


@pytest.mark.django_db
def test_withdrawing_a_draft_tells_every_kind(kind, district, methodist):
    order = draft_with(kind, district, methodist, 7)
    services.order_cancel(user=methodist, order=order)
    assert kind.withdrawn == [order.pk]


@pytest.mark.django_db
def test_updating_appendices_of_one_kind_keeps_the_others(kind, district, methodist):
    order = draft_with(kind, district, methodist, 7)
    services.order_update(user=methodist, order=order, data={}, appendices={kind.key: [8, 7]})
    assert list(order.appendices.values_list("source_id", "position", "approves")) == [
        (8, 1, True),
        (7, 2, True),
    ]
    services.order_update(user=methodist, order=order, data={}, appendices={"roadmaps.roadmap": []})
    assert list(order.appendices.values_list("source_id", flat=True)) == [8, 7]


def test_kinds_add_their_pages_to_the_orders_namespace():
    assert reverse("orders:create_from_roadmap", args=[5]) == "/orders/from-roadmap/5/"
