"""How the directory's account letters (password reset, invitations) leave the site.

The directory is below notifications, so it cannot call the outgoing-e-mail queue itself: the
notifications app registers the queue here in its AppConfig.ready(). Without it (a project that
does not install notifications) the letter is sent directly through Django's mail backend.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

Sender = Callable[..., object]  # sender(*, to: str, subject: str, text: str, html: str = "")

_sender: Sender | None = None


def register_mail_sender(sender: Sender) -> None:
    global _sender
    _sender = sender


def send_account_mail(*, to: str, subject: str, text: str, html: str = "") -> None:
    if _sender is not None:
        _sender(to=to, subject=subject, text=text, html=html)
        return
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
