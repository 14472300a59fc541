import datetime as dt

import pytest
from django.utils import timezone

from mentorship.models import MenteeDeparture, Pair, PairMember

from .test_services import make_pair


def _url(pair, member) -> str:
    return f"/mentorship/{pair.pk}/members/{member.pk}/departure/"


@pytest.mark.django_db
def test_a_director_records_a_departure_shown_on_the_pair_page(district, staff, director_a_client):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    mentee = pair.members.get(role=PairMember.Role.MENTEE)
    page = director_a_client.get(pair.get_absolute_url()).content.decode()
    assert "Отметить уход" in page and _url(pair, mentee) in page
    left_on = timezone.localdate() - dt.timedelta(days=2)
    response = director_a_client.post(
        _url(pair, mentee), {"left_on": left_on.isoformat(), "reason": "Переезд в другой район"}
    )
    assert response.status_code == 302
    page = director_a_client.get(pair.get_absolute_url()).content.decode()
    assert f"Ушёл(ла) {left_on:%d.%m.%Y}: Переезд в другой район" in page
    assert _url(pair, mentee) not in page  # recorded once
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED_EARLY
    again = director_a_client.post(_url(pair, mentee), {"left_on": left_on.isoformat(), "reason": "Ещё раз"})
    assert "Уход уже отмечен" in again.content.decode()
    assert MenteeDeparture.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "when, message",
    [
        (lambda pair: timezone.localdate() + dt.timedelta(days=1), "не позже сегодняшнего дня"),
        (lambda pair: pair.starts_on - dt.timedelta(days=1), "не раньше начала наставничества"),
    ],
)
def test_a_bad_date_is_a_message_on_the_form_and_nothing_is_saved(
    district, staff, methodist_client, when, message
):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    mentee = pair.members.get(role=PairMember.Role.MENTEE)
    response = methodist_client.post(
        _url(pair, mentee), {"left_on": when(pair).isoformat(), "reason": "Уволился"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MenteeDeparture.objects.exists()
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    empty = methodist_client.post(_url(pair, mentee), {"left_on": "", "reason": ""})
    assert empty.status_code == 400 and "Обязательное поле" in empty.content.decode()


@pytest.mark.django_db
def test_only_the_pairs_managers_record_a_departure(
    district, staff, director_b_client, teacher_a_client, administrator_client
):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[district["people"]["teacher_a"]])
    mentee = pair.members.get(role=PairMember.Role.MENTEE)
    data = {"left_on": timezone.localdate().isoformat(), "reason": "x"}
    assert director_b_client.get(_url(pair, mentee)).status_code == 404
    assert director_b_client.post(_url(pair, mentee), data).status_code == 404
    assert teacher_a_client.post(_url(pair, mentee), data).status_code == 403  # a participant: read only
    assert administrator_client.post(_url(pair, mentee), data).status_code == 403
    assert "Отметить уход" not in administrator_client.get(pair.get_absolute_url()).content.decode()
    assert not MenteeDeparture.objects.exists()


@pytest.mark.django_db
def test_a_mentor_has_no_departure_form(district, staff, director_a_client):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    mentor = pair.members.get(role=PairMember.Role.MENTOR)
    assert director_a_client.get(_url(pair, mentor)).status_code == 404
