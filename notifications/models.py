"""Outgoing email, queued in the database and sent once by a Celery task."""

from django.conf import settings
from django.db import models


class OutgoingEmail(models.Model):
    """One email to send. The row is the claim: the task sends it only if it can mark it as its own."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        SENDING = "sending", "отправляется"
        SENT = "sent", "отправлено"
        FAILED = "failed", "ошибка отправки, будет повтор"
        BOUNCED = "bounced", "не доставлено"

    to = models.EmailField("получатель")
    subject = models.CharField("тема", max_length=300)
    text = models.TextField("текст")
    html = models.TextField("HTML", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    last_error = models.TextField("последняя ошибка", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    # When a worker took it: a send that dies mid-way is taken over after a lease (see services).
    claimed_at = models.DateTimeField("взято в отправку", null=True, blank=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "исходящее письмо"
        verbose_name_plural = "исходящие письма"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Notice(models.Model):
    """An in-app notice for one user: a new submission, a returned report, a reminder…

    `kind` is a key of notifications.registry: apps register their kinds, so there are no choices here.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="получатель", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("вид", max_length=32)
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

    def get_kind_display(self) -> str:
        from .registry import notice_kind

        try:
            return notice_kind(self.kind).label
        except LookupError:  # a kind whose app is gone: show the key rather than fail the inbox
            return self.kind


def default_days_before() -> list[int]:
    return [7, 1]


class ReminderPreference(models.Model):
    """How a user wants to hear about deadlines. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_digest = models.BooleanField(
        "ежедневная сводка на почту", default=True, help_text="Иначе — только уведомления в системе."
    )
    days_before = models.JSONField("напоминать за дней до срока", default=default_days_before)
    email_notices = models.BooleanField(
        "письма о событиях",
        default=True,
        help_text="Отчёты, согласования и другие уведомления — также на почту. Иначе — только в системе.",
    )

    class Meta:
        verbose_name = "настройки напоминаний"
        verbose_name_plural = "настройки напоминаний"

    def __str__(self) -> str:
        return f"{self.user}: {self.days_before}"


class Digest(models.Model):
    """One person's reminders of one day. The unique row is the claim: one scan per person per day."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        SENT = "sent", "отправлена"
        INBOX_ONLY = "inbox_only", "только в системе"
        NO_EMAIL = "no_email", "нет адреса почты"
        FAILED = "failed", "не доставлена"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    date = models.DateField("дата")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.QUEUED)
    email = models.OneToOneField(
        OutgoingEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="digest"
    )
    items = models.PositiveIntegerField("пунктов", default=0)
    # How many things each group holds ({"overdue": 120, "due": 4, "before": 9}): the claims keep the
    # first ones of each group (what the letter and the page show), these say how many more there are.
    counts = models.JSONField("пунктов по видам", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "сводка напоминаний"
        verbose_name_plural = "сводки напоминаний"
        ordering = ["-date", "recipient"]
        constraints = [models.UniqueConstraint(fields=["recipient", "date"], name="digest_one_per_day")]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.date:%d.%m.%Y}"


class ReminderClaim(models.Model):
    """One (thing, recipient, kind, date) told once. The unique constraint makes it exactly once.

    A digest keeps the first ones of each group (notifications.reminders.ITEMS_KEPT, as the letter
    shows them) and Digest.counts says how many the group holds. Written only by the reminder scan, in
    bulk (INSERT … SELECT that joins the digest each claim belongs to): so the two references have no
    database FK constraint — each would fire a check per row at commit — and no index of their own
    (claims are read by digest, through the unique constraint's index). Django still
    deletes them with their digest or user (on_delete=CASCADE).
    """

    class Kind(models.TextChoices):
        BEFORE = "before", "скоро срок"
        DUE = "due", "срок сегодня"
        OVERDUE = "overdue", "просрочено"

    source_key = models.CharField("что", max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    on_date = models.DateField("дата напоминания")
    due_date = models.DateField("срок")
    title = models.CharField("пункт", max_length=500)
    context = models.CharField("откуда", max_length=500, blank=True)
    url = models.CharField("ссылка", max_length=500, blank=True)
    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="claims", db_constraint=False, db_index=False
    )

    class Meta:
        verbose_name = "напоминание"
        verbose_name_plural = "напоминания"
        ordering = ["due_date", "title"]
        constraints = [
            # A digest is one person's day (unique): once per digest is once per (thing, person, kind,
            # day). Its index, led by the digest, is also the one the digest page reads by.
            models.UniqueConstraint(fields=["digest", "kind", "source_key"], name="reminder_claim_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
