"""Reminder pages: a day's digest, the preferences, and the delivery problems for the методист."""

import datetime as dt

import pytest

from notifications.models import Digest, ReminderPreference
from notifications.reminders import reminders_scan
from roadmaps.tests.report_factories import approved_roadmap_for_schools

DUE = dt.date(2023, 5, 31)


@pytest.fixture
def digests(district, methodist, director_a, director_b):
    director_a.email = "a@example.ru"
    director_a.save()
    approved_roadmap_for_schools(user=methodist, district=district)
    reminders_scan(today=DUE)
    return {d.recipient.username: d for d in Digest.objects.select_related("recipient")}


@pytest.mark.django_db
def test_the_digest_page_lists_the_days_items_to_its_owner_only(
    digests, director_a_client, director_b_client
):
    url = f"/notifications/digests/{digests['direktor_a'].pk}/"
    page = director_a_client.get(url).content.decode()
    assert "Сроки на 31.05.2023" in page
    assert "1.1. Заседания ШМО" in page and "1.2. Отчёт о работе ШМО" in page
    assert "Срок сегодня" in page
    assert director_b_client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_inbox_notice_opens_the_digest(digests, director_a_client):
    inbox = director_a_client.get("/notifications/").content.decode()
    assert "Сроки на 31.05.2023: срок сегодня: 2" in inbox


@pytest.mark.django_db
def test_preferences_are_saved_and_a_wrong_value_is_explained(district, director_a, director_a_client):
    page = director_a_client.get("/notifications/preferences/").content.decode()
    assert 'value="7, 1"' in page
    response = director_a_client.post(
        "/notifications/preferences/", {"email_digest": "", "days_before": "3; 14"}
    )
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=director_a)
    assert (preference.email_digest, preference.days_before) == (False, [14, 3])
    bad = director_a_client.post(
        "/notifications/preferences/", {"email_digest": "on", "days_before": "3, сто"}
    )
    assert "«сто» — не число дней от 1 до 60." in bad.content.decode()
    assert ReminderPreference.objects.get(user=director_a).days_before == [14, 3]


@pytest.mark.django_db
def test_the_methodist_sees_who_got_no_email(digests, methodist_client, director_a_client, anonymous_client):
    page = methodist_client.get("/notifications/delivery-problems/").content.decode()
    assert "direktor_b" in page and "нет адреса почты" in page
    assert "direktor_a" not in page
    assert director_a_client.get("/notifications/delivery-problems/").status_code == 403
    assert anonymous_client.get("/notifications/delivery-problems/").status_code == 302


@pytest.mark.django_db
def test_preferences_need_a_login_and_a_csrf_token(director_a, anonymous_client, csrf_client_for):
    assert anonymous_client.get("/notifications/preferences/")["Location"].startswith("/accounts/login/")
    response = csrf_client_for(director_a).post("/notifications/preferences/", {"days_before": "1"})
    assert response.status_code == 403
    assert not ReminderPreference.objects.exists()
