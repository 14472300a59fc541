"""notify(): an inbox notice for each recipient, a letter with absolute links to those who want one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from directory import services as directory
from notifications.models import Notice, OutgoingEmail
from notifications.registry import notice_kind, register_notice_kind
from notifications.services import absolute_url, notify, reminder_preference_save

URL = "/roadmaps/reports/7/"


@pytest.fixture
def with_address(methodist):
    return directory.user_ensure(username=methodist.username, password=None, email="metodist@example.ru")


def tell(recipients, **extra):
    return notify(recipients=recipients, kind="other", title="Отчёт СОШ № 1 принят", url=URL, **extra)


@pytest.mark.django_db
def test_notify_creates_one_notice_per_recipient_from_users_and_ids(methodist, director_a, director_b):
    result = tell([methodist, director_a.pk, methodist, methodist.pk, None])
    assert result.notices == 2
    assert sorted(Notice.objects.values_list("recipient__username", flat=True)) == ["direktor_a", "metodist"]
    assert set(Notice.objects.values_list("kind", "url")) == {("other", URL)}
    assert director_b.notices.count() == 0


@pytest.mark.django_db
def test_inactive_accounts_are_not_told(director_a):
    director_a.is_active = False
    director_a.save()
    assert tell([director_a]).notices == 0
    assert not Notice.objects.exists()


@pytest.mark.django_db
@override_settings(SITE_URL="https://metodkabinet.example.ru")
def test_a_person_with_an_address_gets_one_letter_with_an_absolute_link_after_commit(
    with_address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = tell([with_address], body="Замечаний нет.", email_subject="Отчёт принят")
    assert result.emails == 1
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["metodist@example.ru"]
    assert message.subject == "Отчёт принят"
    assert "Замечаний нет." in message.body
    assert "https://metodkabinet.example.ru/roadmaps/reports/7/" in message.body
    html = message.alternatives[0][0]
    assert 'href="https://metodkabinet.example.ru/roadmaps/reports/7/"' in html
    assert 'href="/' not in html


@pytest.mark.django_db
def test_a_rolled_back_notify_leaves_neither_notice_nor_letter(with_address):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        tell([with_address])
        raise RuntimeError
    assert not Notice.objects.exists() and not OutgoingEmail.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_no_letter_when_the_person_turned_letters_off(with_address):
    reminder_preference_save(user=with_address, email_digest=True, days_before=[7], email_notices=False)
    result = tell([with_address])
    assert (result.notices, result.emails) == (1, 0)
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_no_letter_without_an_address(director_a):
    assert director_a.email == ""
    assert tell([director_a]).emails == 0
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_an_inbox_only_kind_sends_no_letter(with_address):
    assert notice_kind("reminder").email is False
    notify(recipients=[with_address], kind="reminder", title="Сроки", url=URL)
    assert Notice.objects.count() == 1 and not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_an_unknown_kind_is_refused(methodist):
    with pytest.raises(LookupError):
        notify(recipients=[methodist], kind="no_such_kind", title="x", url=URL)
    assert not Notice.objects.exists()


def test_apps_register_their_kinds_and_a_kind_key_fits_the_column():
    assert notice_kind("report_returned").label == "отчёт возвращён"  # roadmaps, in its ready()
    register_notice_kind("other", "прочее")  # again: replaces, does not fail
    with pytest.raises(ValueError):
        register_notice_kind("x" * 33, "слишком длинный ключ")


@override_settings(SITE_URL="https://mk.example.ru")
def test_absolute_url_prefixes_paths_only():
    assert absolute_url("/orders/5/") == "https://mk.example.ru/orders/5/"
    assert absolute_url("orders/5/") == "https://mk.example.ru/orders/5/"
    assert absolute_url("https://other.example.ru/x") == "https://other.example.ru/x"
    assert absolute_url("") == ""


@pytest.mark.django_db
def test_a_person_turns_letters_off_on_the_preferences_page(with_address, methodist_client):
    from django.urls import reverse

    page = methodist_client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="email_notices"' in page and "checked" in page
    methodist_client.post(reverse("notifications:preferences"), {"email_digest": "on", "days_before": "7, 1"})
    assert with_address.reminder_preference.email_notices is False
    assert tell([with_address]).emails == 0
