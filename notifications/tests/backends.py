"""An email backend for tests: the mail server refuses every address for good (SMTP 550)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        refused = {address: (550, b"5.1.1 User unknown") for m in email_messages for address in m.to}
        raise smtplib.SMTPRecipientsRefused(refused)
