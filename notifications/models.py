"""Outgoing email, queued in the database and sent once by a Celery task."""

from django.conf import settings
from django.db import models


class OutgoingEmail(models.Model):
    """One email to send. The row is the claim: the task sends it only if it can mark it as its own."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        SENDING = "sending", "отправляется"
        SENT = "sent", "отправлено"
        FAILED = "failed", "ошибка отправки"

    to = models.EmailField("получатель")
    subject = models.CharField("тема", max_length=300)
    text = models.TextField("текст")
    html = models.TextField("HTML", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    last_error = models.TextField("последняя ошибка", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "исходящее письмо"
        verbose_name_plural = "исходящие письма"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Notice(models.Model):
    """An in-app notice for one user: a new submission, a returned report, a reminder…"""

    class Kind(models.TextChoices):
        REPORT_SUBMITTED = "report_submitted", "отчёт отправлен"
        REPORT_RETURNED = "report_returned", "отчёт возвращён"
        REPORT_ACCEPTED = "report_accepted", "отчёт принят"
        REPORT_REOPENED = "report_reopened", "отчёт открыт повторно"
        REMINDER = "reminder", "напоминание о сроке"
        OTHER = "other", "прочее"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="получатель", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    title = models.CharField("заголовок", max_length=300)
    body = models.TextField("текст", blank=True)
    url = models.CharField("ссылка", max_length=500, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title
