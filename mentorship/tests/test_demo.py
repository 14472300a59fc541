import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from directory.models import Organization
from mentorship import selectors
from mentorship.models import Pair, PairMember
from portal.demo import seed_demo

User = get_user_model()
TODAY = dt.date(2026, 11, 22)


@pytest.mark.django_db
def test_the_demo_has_pairs_with_consent_pedagog_a_mentee_and_coverage_below_100():
    seed_demo(today=TODAY)
    schools = Organization.objects.filter(kind=Organization.Kind.SCHOOL)
    assert Pair.objects.values("organization").distinct().count() >= 3
    pedagog = User.objects.get(username="pedagog").person
    membership = PairMember.objects.get(person=pedagog)
    assert membership.role == PairMember.Role.MENTEE and membership.pair.status == Pair.Status.ACTIVE
    assert membership.consent_on is not None
    data = selectors.coverage(schools, TODAY)
    assert 0 < data.covered < data.young
    assert data.share > 80
    uncovered = [p for s in data.schools for p in s.not_covered]
    assert len(uncovered) == 1
    # One pair still waits for a consent: the pair page shows it.
    assert PairMember.objects.filter(consent_on__isnull=True).count() == 1


@pytest.mark.django_db
def test_the_demo_seeded_twice_adds_no_pairs():
    seed_demo(today=TODAY)
    counts = (Pair.objects.count(), PairMember.objects.count())
    seed_demo(today=TODAY)
    assert (Pair.objects.count(), PairMember.objects.count()) == counts


@pytest.mark.django_db
def test_demo_pedagog_sees_their_pair(client):
    seed_demo(today=TODAY)
    client.force_login(
        User.objects.get(username="pedagog"), backend="django.contrib.auth.backends.ModelBackend"
    )
    page = client.get("/mentorship/").content.decode()
    pair = PairMember.objects.get(person__user__username="pedagog").pair
    assert "Моё наставничество" in page and f"/mentorship/{pair.pk}/" in page


@pytest.mark.django_db
def test_the_demo_has_one_departure_and_retention_below_100():
    from mentorship.models import MenteeDeparture

    seed_demo(today=TODAY)
    seed_demo(today=TODAY)
    departure = MenteeDeparture.objects.get()
    assert departure.pair.status == Pair.Status.ENDED_EARLY
    schools = Organization.objects.filter(kind=Organization.Kind.SCHOOL)
    data = selectors.coverage(schools, TODAY)
    one_year = data.retention[0]
    assert one_year.years == 1 and 0 < one_year.working == one_year.started - 1
    assert departure.person_id not in {p.pk for p in selectors.bank_queryset(schools, TODAY)}
    assert [s.title for s in data.surveys][:1] == ["Адаптация молодых специалистов, 2026-2027 уч. г."]
