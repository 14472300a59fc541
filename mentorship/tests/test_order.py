"""The order «О закреплении наставнических пар (групп)»: drafted from the chosen pairs, printed with the
list of pairs, signed by the school's director (a school's order) or the head of the office (the
district's), and refused for a pair without consent, an ended pair or one already fixed."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mentorship import order_services, services
from mentorship.models import PairsOrder
from mentorship.order_appendix import KIND
from orders import services as order_services_generic
from orders.models import Order

from .test_services import make_pair


def _consented(district, staff, *, mentor="mentor1", mentee="young1", org=None, curator=None, **extra):
    people = [staff[mentor], staff[mentee]]
    consents = {p.pk: services.Consent(on=timezone.localdate()) for p in people}
    return make_pair(
        district,
        mentors=[staff[mentor]],
        mentees=[staff[mentee]],
        org=org,
        curator=curator,
        consents=consents,
        **extra,
    )


def _pdf_text(data: bytes) -> str:
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def _ready(order: Order, user) -> Order:
    return order_services_generic.order_update(
        user=user, order=order, data={"executor_phone": "8 (800) 100-10-10"}
    )


@pytest.mark.django_db
def test_a_director_drafts_and_signs_the_schools_order_and_the_pdf_lists_the_pairs(
    district, staff, director_a
):
    pair = _consented(district, staff, curator=staff["deputy"])
    order = order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="school")
    assert order.issuer == district["school_a"] and order.status == Order.Status.DRAFT
    assert order.heading == "О закреплении наставнических пар (групп)"
    texts = [p["text"] for p in order.points]
    assert texts[0].startswith("Закрепить наставнические пары (группы)") and "(приложение)" in texts[0]
    assert texts[1].startswith("Назначить куратором наставнических пар (групп)") and "Завучев" in texts[1]
    assert texts[-1] == "Контроль за исполнением настоящего приказа оставляю за собой."
    assert order.signatory == district["people"]["director_a"]
    # the director signs the school's own order: numbered in the school's journal, PDF archived
    order = _ready(order, director_a)
    assert order_services_generic.signing_problems(order, user=director_a) == []
    signed = order_services_generic.order_sign(user=director_a, order=order)
    assert signed.status == Order.Status.SIGNED and signed.registration_number == "1-од"
    text = _pdf_text(signed.pdf.read())
    for expected in (
        "О закреплении наставнических пар",
        "Список наставнических пар",
        "Наставникова",
        "Молодова",
        "Срок наставничества",
    ):
        assert expected in text, expected
    assert order_services.fixing_orders([pair.pk]) == {pair.pk: signed}


@pytest.mark.django_db
def test_a_pair_without_consent_is_refused_and_nothing_is_saved(district, staff, director_a):
    pair = make_pair(
        district,
        mentors=[staff["mentor1"]],
        mentees=[staff["young1"]],
        consents={staff["mentor1"].pk: services.Consent(on=timezone.localdate())},
    )
    with pytest.raises(ValidationError) as excinfo:
        order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="school")
    assert "нет согласия: Молодова А.П." in " ".join(excinfo.value.messages)
    assert not Order.objects.exists() and not PairsOrder.objects.exists()


@pytest.mark.django_db
def test_refusals_no_pairs_two_schools_in_a_schools_order_a_fixed_pair_another_school(
    district, staff, director_a, methodist
):
    pair = _consented(district, staff)
    other = _consented(district, staff, mentor="mentor_b", mentee="young_b", org=district["school_b"])
    with pytest.raises(ValidationError, match="Отметьте пары"):
        order_services.pairs_order_create(user=director_a, pair_ids=[], level="school")
    with pytest.raises(ValidationError, match="одной школы"):
        order_services.pairs_order_create(user=methodist, pair_ids=[pair.pk, other.pk], level="school")
    with pytest.raises(Http404):
        order_services.pairs_order_create(user=director_a, pair_ids=[other.pk], level="school")
    first = order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="school")
    with pytest.raises(ValidationError, match=f"Пара № {pair.pk} уже закреплена приказом"):
        order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="school")
    # a withdrawn draft fixes nothing: the pair goes into a new order
    order_services_generic.order_cancel(user=director_a, order=first)
    again = order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="school")
    assert again.pk != first.pk and order_services.fixing_orders([pair.pk]) == {pair.pk: again}


@pytest.mark.django_db
def test_the_districts_order_lists_schools_and_only_the_head_signs_it(
    district, staff, director_a, administrator, methodist
):
    pair = _consented(district, staff)
    other = _consented(district, staff, mentor="mentor_b", mentee="young_b", org=district["school_b"])
    order = order_services.pairs_order_create(user=methodist, pair_ids=[pair.pk, other.pk], level="district")
    assert order.issuer == district["office"]
    content = order.appendices.get().source_kind
    assert content == KIND
    order = _ready(order, methodist)
    with pytest.raises(PermissionDenied):
        order_services_generic.order_sign(user=director_a, order=order)
    signed = order_services_generic.order_sign(user=administrator, order=order)
    text = _pdf_text(signed.pdf.read())
    assert "СОШ № 1" in text and "СОШ № 2" in text, text
    assert "организация" in text, text


@pytest.mark.django_db
def test_a_pair_ended_after_drafting_stops_the_signing(district, staff, director_a):
    pair = _consented(district, staff)
    order = _ready(
        order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="school"), director_a
    )
    services.pair_end_early(pair=pair, user=director_a, reason="Перевод в другую школу")
    problems = order_services_generic.signing_problems(order, user=director_a)
    assert any(f"Пара № {pair.pk} завершена досрочно" in p for p in problems)


@pytest.mark.django_db
def test_pages_tick_pairs_prepare_the_order_and_another_director_gets_404(
    district, staff, director_a, director_b, client
):
    pair = _consented(district, staff)
    without = make_pair(district, mentors=[staff["mentor2"]], mentees=[staff["young2"]])
    client.force_login(director_a)
    page = client.get(reverse("mentorship:pairs")).content.decode()
    assert f'name="pair" value="{pair.pk}"' in page and f'name="pair" value="{without.pk}"' in page
    assert "Подготовить приказ о закреплении" in page
    refused = client.post(
        reverse("mentorship:pairs_order"), {"pair": [without.pk], "level": "school"}, follow=True
    )
    assert "нет согласия" in refused.content.decode() and not Order.objects.exists()
    response = client.post(reverse("mentorship:pairs_order"), {"pair": [pair.pk], "level": "school"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    detail = client.get(order.get_absolute_url())
    assert detail.status_code == 200 and "Список наставнических пар" in detail.content.decode()
    assert "проект приказа" in client.get(pair.get_absolute_url()).content.decode()
    # the school's orders are the director's: another school's director gets 404
    client.force_login(director_b)
    assert client.get(order.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("mentorship:pairs_order"), {"pair": [pair.pk], "level": "school"}).status_code
        == 404
    )


@pytest.mark.django_db(transaction=True)
def test_a_directors_draft_of_the_districts_order_tells_the_head_who_signs_it(
    district, staff, director_a, administrator, mailoutbox
):
    from notifications.models import Notice

    pair = _consented(district, staff)
    order = order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="district")
    assert order.issuer == district["office"] and order.signatory == district["people"]["administrator"]
    notice = Notice.objects.get(recipient=administrator)
    assert (
        "О закреплении наставнических пар (групп)" in notice.title and notice.url == order.get_absolute_url()
    )
    # the director follows the draft but does not edit or sign the district's order
    from orders import access

    assert access.orders_visible_to(director_a).filter(pk=order.pk).exists()
    assert not access.can(director_a, access.EDIT, order) and not access.can(director_a, access.SIGN, order)


@pytest.mark.django_db
def test_a_director_who_is_the_curator_does_not_appoint_themself_and_is_the_executor(
    district, staff, director_a
):
    director = district["people"]["director_a"]
    pair = _consented(district, staff, curator=director)
    order = order_services.pairs_order_create(user=director_a, pair_ids=[pair.pk], level="school")
    assert not any("куратором" in p["text"] for p in order.points)
    assert order.executor_name == director.full_name and order.signatory == director
