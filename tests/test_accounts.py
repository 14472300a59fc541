"""Accounts: login and logout, password change and reset, django-axes lockout, idle timeout, error pages."""

from __future__ import annotations

import datetime as dt
import re
from unittest.mock import patch

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.views import error_500
from notifications.models import OutgoingEmail

PASSWORD = "pass-for-tests-1"
LOGIN_URL = reverse("login")


def login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def text(response) -> str:
    return response.content.decode()


# --- Login and logout ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_russian_and_links_password_reset(anonymous_client):
    response = anonymous_client.get(LOGIN_URL)
    assert response.status_code == 200
    body = text(response)
    assert "Вход в Методкабинет" in body
    assert "Забыли пароль?" in body
    assert reverse("password_reset") in body
    assert "Имя пользователя" in body
    assert "Пароль" in body


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login(anonymous_client):
    response = anonymous_client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_login_with_right_password(director_a):
    client = Client()
    response = login(client, "direktor_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(client.session[SESSION_KEY]) == director_a.pk
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Руководитель ОО" in text(home)


@pytest.mark.django_db
def test_login_with_wrong_password_shows_russian_error(director_a):
    client = Client()
    response = login(client, "direktor_a", "wrong-password")
    assert response.status_code == 200
    body = text(response)
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in body
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_logout_is_post_only(director_a_client):
    response = director_a_client.get(reverse("logout"))
    assert response.status_code == 405
    # Still logged in after the refused GET.
    assert director_a_client.get(reverse("home")).status_code == 200

    response = director_a_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert SESSION_KEY not in director_a_client.session
    assert director_a_client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_logout_form_is_in_the_user_menu(director_a_client):
    body = text(director_a_client.get(reverse("home")))
    assert f'action="{reverse("logout")}"' in body
    assert "Выйти" in body


# --- Password change ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_change(director_a):
    client = Client()
    login(client, "direktor_a", PASSWORD)
    form = client.get(reverse("password_change"))
    assert form.status_code == 200
    assert "Смена пароля" in text(form)

    wrong = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "Zelenyj-Sad-2026", "new_password2": "Zelenyj-Sad-2026"},
    )
    assert wrong.status_code == 200
    assert "Ваш старый пароль введен неправильно" in text(wrong)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Zelenyj-Sad-2026", "new_password2": "Zelenyj-Sad-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert "Пароль изменён" in text(client.get(reverse("password_change_done")))
    # The session survives the change; the new password works, the old one does not.
    assert client.get(reverse("home")).status_code == 200
    assert login(Client(), "direktor_a", PASSWORD).status_code == 200
    assert login(Client(), "direktor_a", "Zelenyj-Sad-2026").status_code == 302


@pytest.mark.django_db
def test_password_change_needs_login(anonymous_client):
    response = anonymous_client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


# --- Password reset ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_queues_russian_email_with_a_working_link(
    director_a, django_capture_on_commit_callbacks
):
    director_a.email = "petrov@school1.example.ru"
    director_a.save(update_fields=["email"])
    client = Client()
    form = client.get(reverse("password_reset"))
    assert "Восстановление пароля" in text(form)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "Petrov@school1.example.ru"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert "Проверьте почту" in text(client.get(response["Location"]))

    # Queued in the outgoing table, then sent by the (eager, in tests) Celery task.
    queued = OutgoingEmail.objects.get()
    assert queued.to == "petrov@school1.example.ru"
    assert queued.status == OutgoingEmail.Status.SENT
    assert queued.attempts == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["petrov@school1.example.ru"]
    assert message.subject == "Восстановление пароля в Методкабинете"
    assert "Здравствуйте, Андрей Петров!" in message.body
    assert "direktor_a" in message.body
    match = re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body

    # Following the link: Django swaps the token into the session and redirects to the form.
    link = client.get(match.group(1), follow=True)
    assert link.status_code == 200
    assert "Новый пароль" in text(link)
    set_password_url = link.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": "Zimnij-Les-2026", "new_password2": "Zimnij-Les-2026"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert "Пароль установлен" in text(client.get(done["Location"]))

    assert login(Client(), "direktor_a", "Zimnij-Les-2026").status_code == 302
    assert login(Client(), "direktor_a", PASSWORD).status_code == 200

    # The link is single-use.
    again = client.get(match.group(1), follow=True)
    assert "Ссылка недействительна" in text(again)


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(
    director_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("password_reset"), {"email": "nobody@example.ru"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_known_and_unknown_addresses_get_the_same_answer_and_both_go_through_the_queue(
    director_a, django_capture_on_commit_callbacks
):
    """The request only enqueues the task; the task looks the address up and sends only if known, so
    the web request does the same work (and takes the same time) for both."""
    from directory.tasks import send_password_reset

    director_a.email = "petrov@school1.example.ru"
    director_a.save(update_fields=["email"])
    queued = []
    answers = {}
    with patch("directory.tasks.send_password_reset.delay", side_effect=lambda *a: queued.append(a)):
        for email in ("petrov@school1.example.ru", "nobody@example.ru"):
            with CaptureQueriesContext(connection) as queries:
                response = Client().post(reverse("password_reset"), {"email": email}, REMOTE_ADDR="10.0.1.1")
            answers[email] = (response.status_code, response["Location"], response.content)
            # No lookup of the address in the request itself.
            assert not [q for q in queries.captured_queries if "auth_user" in q["sql"]], email
    assert answers["petrov@school1.example.ru"] == answers["nobody@example.ru"]
    assert answers["nobody@example.ru"][:2] == (302, reverse("password_reset_done"))
    assert [a[0] for a in queued] == ["petrov@school1.example.ru", "nobody@example.ru"]

    # The tasks, as the worker runs them: a letter for the known address only.
    for args in queued:
        with django_capture_on_commit_callbacks(execute=True):
            send_password_reset(*args)
    assert [m.to for m in mail.outbox] == [["petrov@school1.example.ru"]]
    assert "http://testserver/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_is_throttled_per_address(settings, director_a):
    settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 3
    director_a.email = "petrov@school1.example.ru"
    director_a.save(update_fields=["email"])
    for n in range(3):
        response = Client().post(
            reverse("password_reset"), {"email": "petrov@school1.example.ru"}, REMOTE_ADDR=f"10.0.2.{n}"
        )
        assert response.status_code == 302
    assert OutgoingEmail.objects.filter(to="petrov@school1.example.ru").count() == 3

    # The fourth request this hour, from yet another computer and in other letters: refused.
    refused = Client().post(
        reverse("password_reset"), {"email": "PETROV@school1.example.ru"}, REMOTE_ADDR="10.0.2.9"
    )
    assert refused.status_code == 429
    assert "Слишком много запросов на восстановление пароля" in text(refused)
    assert OutgoingEmail.objects.filter(to="petrov@school1.example.ru").count() == 3
    # Another address is not affected.
    assert (
        Client()
        .post(reverse("password_reset"), {"email": "x@example.ru"}, REMOTE_ADDR="10.0.2.9")
        .status_code
        == 302
    )


@pytest.mark.django_db
def test_password_reset_is_throttled_per_client(settings):
    settings.PASSWORD_RESET_PER_CLIENT_PER_HOUR = 5
    for n in range(5):
        response = Client().post(
            reverse("password_reset"), {"email": f"a{n}@example.ru"}, REMOTE_ADDR="10.0.3.1"
        )
        assert response.status_code == 302
    refused = Client().post(reverse("password_reset"), {"email": "a9@example.ru"}, REMOTE_ADDR="10.0.3.1")
    assert refused.status_code == 429
    assert "Слишком много запросов на восстановление пароля" in text(refused)
    # Another computer still may ask.
    assert (
        Client()
        .post(reverse("password_reset"), {"email": "a9@example.ru"}, REMOTE_ADDR="10.0.3.2")
        .status_code
        == 302
    )


@pytest.mark.django_db
def test_password_reset_with_a_broken_link(anonymous_client):
    response = anonymous_client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}), follow=True
    )
    assert response.status_code == 200
    assert "Ссылка недействительна" in text(response)


# --- django-axes ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_axes_locks_the_username_from_one_address_only(settings, director_a, director_b):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), "direktor_a", "wrong-password", ip="10.0.0.1")

    locked = login(Client(), "direktor_a", PASSWORD, ip="10.0.0.1")
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    body = text(locked)
    assert "Слишком много неудачных попыток входа" in body
    assert "Попробуйте через 15&nbsp;минут." in body
    assert SESSION_KEY not in locked.client.session

    # The same user from another address, and another user from the same address, still log in.
    other_ip = Client()
    assert login(other_ip, "direktor_a", PASSWORD, ip="10.0.0.2").status_code == 302
    assert int(other_ip.session[SESSION_KEY]) == director_a.pk
    same_ip = Client()
    assert login(same_ip, "direktor_b", PASSWORD, ip="10.0.0.1").status_code == 302
    assert int(same_ip.session[SESSION_KEY]) == director_b.pk


@pytest.mark.django_db
def test_axes_does_not_lock_below_the_limit(settings, director_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(Client(), "direktor_a", "wrong-password", ip="10.0.0.3")
    assert login(Client(), "direktor_a", PASSWORD, ip="10.0.0.3").status_code == 302


@pytest.mark.django_db
def test_password_spraying_from_one_client_is_locked_across_usernames(settings, director_a, director_b):
    """A few passwords on each of many usernames stays under the username+client limit, but the
    client's failures over all usernames lock it out."""
    settings.AXES_CLIENT_FAILURE_LIMIT = 12
    for n in range(settings.AXES_CLIENT_FAILURE_LIMIT):
        response = login(Client(), f"user{n // 3}", f"Password{n}", ip="10.0.4.1")
    assert response.status_code == 429

    locked = login(Client(), "direktor_a", PASSWORD, ip="10.0.4.1")
    assert locked.status_code == 429
    body = text(locked)
    assert "Слишком много неудачных попыток входа с этого компьютера" in body
    assert SESSION_KEY not in locked.client.session
    # Other computers are not affected.
    assert login(Client(), "direktor_b", PASSWORD, ip="10.0.4.2").status_code == 302


@pytest.mark.django_db
def test_a_few_typos_of_many_colleagues_behind_one_address_do_not_lock_the_school(settings, director_a):
    for n in range(settings.AXES_CLIENT_FAILURE_LIMIT // 2):
        login(Client(), f"colleague{n}", "typo", ip="10.0.4.3")
    assert login(Client(), "direktor_a", PASSWORD, ip="10.0.4.3").status_code == 302


# --- Session idle timeout ------------------------------------------------------------------------


def test_session_lifetime_is_the_idle_timeout(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_each_request_moves_the_session_expiry_forward(settings, director_a):
    client = Client()
    login(client, "direktor_a", PASSWORD)
    session_key = client.session.session_key
    age = dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    assert client.session.get_expiry_age() == age.total_seconds()

    # Pretend the last request was 30 minutes ago.
    stale = timezone.now() + age - dt.timedelta(minutes=30)
    Session.objects.filter(session_key=session_key).update(expire_date=stale)

    before = timezone.now()
    assert client.get(reverse("home")).status_code == 200
    expire_date = Session.objects.get(session_key=session_key).expire_date
    assert expire_date > stale
    assert before + age <= expire_date <= timezone.now() + age


@pytest.mark.django_db
def test_an_idle_session_expires(director_a):
    client = Client()
    login(client, "direktor_a", PASSWORD)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_a_session_refreshed_less_than_a_minute_ago_is_not_written_again(settings, director_a):
    client = Client()
    login(client, "direktor_a", PASSWORD)
    session_key = client.session.session_key
    written = Session.objects.get(session_key=session_key).expire_date

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert Session.objects.get(session_key=session_key).expire_date == written

    # A minute and more behind the idle timeout: the next request slides it forward again.
    age = dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES)
    behind = timezone.now() + age - dt.timedelta(seconds=61)
    Session.objects.filter(session_key=session_key).update(expire_date=behind)
    before = timezone.now()
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.get(session_key=session_key).expire_date >= before + age


@pytest.mark.django_db
def test_logging_out_right_after_a_page_ends_the_session(director_a):
    client = Client()
    login(client, "direktor_a", PASSWORD)
    session_key = client.session.session_key
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("home")).status_code == 302


# --- Error pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_url_gives_the_russian_404_page(settings, director_a_client):
    settings.DEBUG = False
    response = director_a_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in text(response)
    assert '<html lang="ru">' in text(response)


def test_500_handler_renders_the_russian_template():
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Ошибка на сервере" in text(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_an_exception_in_a_view_gives_the_russian_500_page(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Ошибка на сервере" in text(response)
