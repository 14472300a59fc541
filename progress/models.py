"""Abstract bases of the review workflow; each feature app makes its own concrete tables from them.

A concrete submission (a school's report, an association's annual analysis, a contest application …)
subclasses ReviewedSubmission and adds what it is about (its FKs and fields). Its history model subclasses
ReviewEventBase with an FK to it named freely but with `related_name="events"`, and its evidence model
subclasses EvidenceBase with `related_name="evidence"`: progress.services reaches both through these
two reverse accessors (override `events_related_name` / `evidence_related_name` on the submission).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from . import workflow


class ReviewedSubmission(models.Model):
    """Something an author sends for review: черновик → отправлен → принят / возвращён на доработку."""

    class State(models.TextChoices):
        DRAFT = workflow.DRAFT, "черновик"
        SUBMITTED = workflow.SUBMITTED, "отправлен"
        ACCEPTED = workflow.ACCEPTED, "принят"
        RETURNED = workflow.RETURNED, "возвращён на доработку"

    state = models.CharField("состояние", max_length=16, choices=State.choices, default=State.DRAFT)
    review_comment = models.TextField("комментарий проверяющего", blank=True)
    # Every change is a compare-and-set on `version`: a stale form is refused, nothing is written.
    version = models.PositiveIntegerField("версия", default=1)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="изменил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("отправлен", null=True, blank=True)
    reviewed_at = models.DateTimeField("проверен", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="проверил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    events_related_name = "events"
    evidence_related_name = "evidence"

    # The Russian wording of refusals; a concrete model names its own kind of thing («Отчёт», «Заявка»).
    text_stale = "Запись уже изменил другой пользователь. Обновите страницу: ваши данные ниже."
    text_locked = "Работа принята и закрыта для изменений."
    text_waiting = "Работа отправлена и ждёт проверки."
    text_return_needs_comment = "Напишите, что нужно исправить: автор увидит этот комментарий."
    text_reopen_needs_reason = "Укажите, почему принятая работа открывается повторно."

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        return workflow.is_locked(self.state)

    @property
    def is_editable_by_author(self) -> bool:
        return workflow.is_editable(self.state)

    def locked_text(self) -> str:
        """Why the author cannot change the submission now ("" when they can)."""
        if self.is_editable_by_author:
            return ""
        return self.text_locked if self.is_locked else self.text_waiting

    def review_snapshot(self) -> dict:
        """What an event records as `after` on a submission; concrete models add their fields."""
        return {"state": self.state}


class ReviewEventBase(models.Model):
    """One step in a submission's history: every save, submission, review, reopening and evidence change."""

    class Action(models.TextChoices):
        SAVE = "save", "сохранён черновик"
        SUBMIT = workflow.SUBMIT, "отправлен"
        RETURN = workflow.RETURN, "возвращён на доработку"
        ACCEPT = workflow.ACCEPT, "принят"
        REOPEN = workflow.REOPEN, "открыт повторно"
        EVIDENCE_ADD = "evidence_add", "добавлено подтверждение"
        EVIDENCE_REMOVE = "evidence_remove", "удалено подтверждение"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("когда", auto_now_add=True)
    action = models.CharField("действие", max_length=16, choices=Action.choices)
    comment = models.TextField("комментарий", blank=True)
    before = models.JSONField("до", null=True, blank=True)
    after = models.JSONField("после", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d.%m.%Y %H:%M})"


class EvidenceBase(models.Model):
    """A file or a link that proves the work was done. Files are served only through an access check.

    `sha256` of the content is kept when the concrete model has the field (a model whose table predates
    it removes the field with `sha256 = None`, and progress then skips it).
    """

    file = models.FileField("файл", upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    size = models.PositiveIntegerField("размер, байт", default=0)
    content_type = models.CharField("тип", max_length=100, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    url = models.URLField("ссылка", max_length=1000, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]
        # Exactly one of a file and a link (concrete models keep their own constraint name).
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="%(app_label)s_%(class)s_file_xor_url",
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.url

    @property
    def label(self) -> str:
        return self.original_name or self.url
