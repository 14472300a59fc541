"""Forms of the directory and accounts."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from notifications.services import email_enqueue


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose email goes through the outgoing queue (sent by a Celery worker)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        email_enqueue(to=to_email, subject=subject, text=text, html=html)
