"""Outgoing email through a real Celery worker and the real Redis broker (see tests/conftest.py)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import OutgoingEmail
from notifications.services import email_enqueue
from notifications.tasks import send_outgoing_email

from .conftest import app_sends_to, run_celery_worker, wait_until, wait_until_drained

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def outbox_messages(outbox: Path, to: str) -> list[email.message.EmailMessage]:
    """Messages to `to` written by Django's file email backend (one file per connection)."""
    found = []
    for path in sorted(outbox.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk, policy=email.policy.default)
            if message["To"] == to:
                found.append(message)
    return found


def body_of(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def is_sent(email_id: int) -> bool:
    return OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.SENT).exists()


def test_password_reset_email_is_sent_by_the_worker(live_celery, director_a):
    address = "petrov.celery@school1.example.ru"
    director_a.email = address
    director_a.save(update_fields=["email"])
    client = Client()

    response = client.post(reverse("password_reset"), {"email": address})
    assert response.status_code == 302
    # The worker looks the address up (for any address: the answer takes the same time) and queues the letter.
    queued = wait_until(
        lambda: OutgoingEmail.objects.filter(to=address).first(),
        what="the reset letter queued",
        worker=live_celery,
    )

    wait_until(lambda: is_sent(queued.pk), what="the worker to send the reset email", worker=live_celery)
    # Sent by the worker process, not eagerly by this one.
    assert mail.outbox == []
    messages = wait_until(
        lambda: outbox_messages(live_celery.outbox, address), what="the email file", worker=live_celery
    )
    assert len(messages) == 1
    assert messages[0]["Subject"].strip() == "Восстановление пароля в Методкабинете"
    body = body_of(messages[0])
    assert "Здравствуйте, Андрей Петров!" in body
    match = re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body

    # The link the worker sent works in the web app.
    form = client.get(match.group(1), follow=True)
    assert "Новый пароль" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Osennij-Dozhd-7", "new_password2": "Osennij-Dozhd-7"}
    )
    assert done["Location"] == reverse("password_reset_complete")
    login = Client().post(reverse("login"), {"username": "direktor_a", "password": "Osennij-Dozhd-7"})
    assert login.status_code == 302
    assert login["Location"] == reverse("home")


def test_the_same_email_enqueued_twice_is_delivered_once(live_celery):
    address = "dvazhdy@example.ru"
    queued = OutgoingEmail.objects.create(to=address, subject="Проверка повторной отправки", text="Один раз.")
    send_outgoing_email.delay(queued.pk)
    send_outgoing_email.delay(queued.pk)
    # The worker takes tasks one at a time in order: once this one is sent, both duplicates are done.
    sentinel = email_enqueue(to="kontrol@example.ru", subject="Контрольное письмо", text="Последнее.")

    wait_until(lambda: is_sent(sentinel.pk), what="the sentinel email", worker=live_celery)
    assert is_sent(queued.pk)
    assert len(outbox_messages(live_celery.outbox, address)) == 1
    queued.refresh_from_db()
    assert queued.attempts == 1
    assert queued.sent_at is not None


# --- SMTP failure, then retry ------------------------------------------------------------------


class FlakySMTPHandler:
    """Refuses the first `refuse` messages with a temporary error, accepts the rest."""

    def __init__(self, refuse: int = 1):
        self.refuse = refuse
        self.refused = 0
        self.refused_messages: list[bytes] = []  # what the server had received before refusing
        self.delivered: list[bytes] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refused < self.refuse:
                self.refused += 1
                self.refused_messages.append(envelope.original_content or envelope.content)
                return "451 4.3.0 Temporary failure, please try again later"
            self.delivered.append(envelope.original_content or envelope.content)
        return "250 2.0.0 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def flaky_smtp():
    handler = FlakySMTPHandler(refuse=1)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_an_smtp_failure_is_retried_and_delivered_once(flaky_smtp, tmp_path):
    controller, handler = flaky_smtp
    smtp_url = f"smtp://{controller.hostname}:{controller.port}"
    with (
        run_celery_worker(email_url=smtp_url, log_dir=tmp_path) as worker,
        app_sends_to(worker.queue),
    ):
        queued = email_enqueue(to="povtor@example.ru", subject="Проверка повтора", text="Со второй попытки.")
        wait_until(lambda: is_sent(queued.pk), what="the retried email to be sent", worker=worker)
        # Everything queued has run (also a stray duplicate delivery, if there were one).
        wait_until_drained(worker)

    assert handler.refused == 1
    assert len(handler.delivered) == 1
    message = email.message_from_bytes(handler.delivered[0], policy=email.policy.default)
    assert message["Subject"].strip() == "Проверка повтора"
    # The retry is the same letter to the server: one Message-ID, so a server that kept the first copy
    # drops the second.
    refused = email.message_from_bytes(handler.refused_messages[0], policy=email.policy.default)
    assert refused["Message-ID"] == message["Message-ID"] == f"<outgoing-{queued.pk}@metodkabinet.local>"
    queued.refresh_from_db()
    assert queued.status == OutgoingEmail.Status.SENT
    assert queued.attempts == 2
    assert queued.last_error == ""
    assert "Retry in 1s" in worker.log_path.read_text(errors="replace")
