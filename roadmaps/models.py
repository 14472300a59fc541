"""Roadmaps (дорожные карты), their ordered rows, the occurrences of each row's deadline, and history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase

from . import deadlines


class Roadmap(models.Model):
    class Kind(models.TextChoices):
        ROADMAP = "roadmap", "дорожная карта"
        PLAN = "plan", "план"
        PROGRAMME = "programme", "программа"
        # Owned by the associations app (roadmaps/owners.py): the year's work plan of an ШМО/РМО.
        ASSOCIATION_PLAN = "association_plan", "план работы МО"

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        APPROVED = "approved", "утверждена"
        ARCHIVED = "archived", "в архиве"

    title = models.CharField("название", max_length=1000)
    kind = models.CharField("вид", max_length=16, choices=Kind.choices, default=Kind.ROADMAP)
    period_start = models.DateField("начало периода")
    period_end = models.DateField("конец периода")
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField("задачи", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="roadmaps",
        help_text="Организация, которая утверждает и ведёт дорожную карту.",
    )
    # The order details recovered from an imported document, kept until the orders app holds them.
    source_order = models.JSONField("реквизиты приказа из документа", default=dict, blank=True)
    source_file_name = models.CharField("исходный файл", max_length=255, blank=True)
    approving_order = models.ForeignKey(
        "orders.Order",
        verbose_name="приказ об утверждении",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name="скопирована из",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="roadmap_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmaps:detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        start, end = self.period_start, self.period_end
        if (start.month, start.day, end.month, end.day) == (9, 1, 8, 31) and end.year == start.year + 1:
            return f"{start.year}–{end.year} учебный год"
        return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


class RoadmapRow(models.Model):
    """A heading or an item. `position` orders rows; `level` is the outline depth (0 = top)."""

    class ResponsibleRole(models.TextChoices):
        NONE = "", "—"
        DIRECTORS = "directors", "Руководители ОО (каждая школа)"
        ASSOCIATION_HEADS = "association_heads", "Руководители методических объединений"
        METHODISTS = "methodists", "Методисты"

    class ReportScope(models.TextChoices):
        NONE = "none", "не отчитываются (работа кабинета)"
        ALL = "all", "все школы"
        SELECTED = "selected", "выбранные школы"

    roadmap = models.ForeignKey(
        Roadmap, verbose_name="дорожная карта", on_delete=models.CASCADE, related_name="rows"
    )
    position = models.PositiveIntegerField("порядок")
    level = models.PositiveSmallIntegerField("уровень", default=0)
    is_heading = models.BooleanField("заголовок раздела", default=False)
    number = models.CharField("номер", max_length=32, blank=True)
    activity = models.TextField("мероприятие")
    deadline_text = models.CharField("сроки", max_length=500, blank=True)
    responsible_text = models.TextField("ответственные", blank=True)
    result_text = models.TextField("ожидаемый результат", blank=True)

    # The schedule read from deadline_text (or set by hand when the text cannot be read).
    schedule_kind = models.CharField(
        "вид срока",
        max_length=16,
        choices=[(k, k) for k in deadlines.KINDS],
        default=deadlines.UNPARSED,
    )
    schedule_note = models.CharField("пояснение к сроку", max_length=300, blank=True)
    manual_dates = models.BooleanField("даты заданы вручную", default=False)

    responsible_people = models.ManyToManyField(
        "directory.Person",
        verbose_name="ответственные сотрудники",
        blank=True,
        related_name="roadmap_rows",
    )
    responsible_organizations = models.ManyToManyField(
        "directory.Organization",
        verbose_name="ответственные организации",
        blank=True,
        related_name="responsible_for_rows",
    )
    responsible_associations = models.ManyToManyField(
        "associations.Association",
        verbose_name="ответственные объединения",
        blank=True,
        related_name="roadmap_rows",
    )
    responsible_role = models.CharField(
        "ответственная роль", max_length=32, choices=ResponsibleRole.choices, default="", blank=True
    )
    # Who is reminded besides the schools that report: the groups the «Ответственные» text names
    # (responsible.detect_groups) and the people linked above — unless the методист set them by hand.
    reminders_by_hand = models.BooleanField("получатели напоминаний заданы вручную", default=False)
    reminder_groups = models.JSONField(
        "группы, получающие напоминания (заданные вручную)", default=list, blank=True
    )
    report_scope = models.CharField(
        "кто отчитывается", max_length=16, choices=ReportScope.choices, default=ReportScope.NONE
    )
    report_schools = models.ManyToManyField(
        "directory.Organization", verbose_name="школы, которые отчитываются", blank=True, related_name="+"
    )

    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "строка дорожной карты"
        verbose_name_plural = "строки дорожной карты"
        ordering = ["roadmap", "position"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "position"], name="roadmap_row_unique_position"),
            models.CheckConstraint(condition=Q(level__lte=5), name="roadmap_row_level_max"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.activity[:60]}".strip()

    def as_export(self) -> dict:
        """The row as in `*.rows.json` and the JSON export."""
        return {
            "number": self.number,
            "heading": self.is_heading,
            "activity": self.activity,
            "deadline": self.deadline_text,
            "responsible": self.responsible_text,
            "result": self.result_text,
        }


class Occurrence(models.Model):
    """One due date of one row. Reminders and school reports hang on these."""

    row = models.ForeignKey(
        RoadmapRow, verbose_name="строка", on_delete=models.CASCADE, related_name="occurrences"
    )
    due_date = models.DateField("срок")
    is_manual = models.BooleanField("задан вручную", default=False)
    # An occurrence that no longer follows from the deadline text but has reports is kept, inactive,
    # so that no school's report is ever lost by an edit of the text or the period.
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "срок исполнения"
        verbose_name_plural = "сроки исполнения"
        ordering = ["due_date", "row__position"]
        constraints = [models.UniqueConstraint(fields=["row", "due_date"], name="occurrence_unique_row_date")]
        indexes = [models.Index(fields=["due_date"]), models.Index(fields=["is_active", "due_date"])]

    def __str__(self) -> str:
        return f"{self.row} — {self.due_date:%d.%m.%Y}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_date < today


class RowChange(models.Model):
    """History: who changed what in a roadmap, when, with the row before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "добавлена строка"
        UPDATE = "update", "изменена строка"
        DELETE = "delete", "удалена строка"
        RESTORE = "restore", "восстановлена строка"
        MOVE = "move", "перемещена строка"
        INDENT = "indent", "изменён уровень"
        RENUMBER = "renumber", "перенумерация"
        IMPORT = "import", "импорт"
        ROADMAP = "roadmap", "изменены сведения о карте"

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="changes")
    row = models.ForeignKey(
        RoadmapRow, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("когда", auto_now_add=True)
    action = models.CharField("действие", max_length=16, choices=Action.choices)
    before = models.JSONField("до", null=True, blank=True)
    after = models.JSONField("после", null=True, blank=True)

    class Meta:
        verbose_name = "изменение дорожной карты"
        verbose_name_plural = "история изменений"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["roadmap", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%d.%m.%Y %H:%M})"


class RoadmapImport(models.Model):
    """An uploaded DOCX/XLSX or pasted text, parsed and waiting for the methodist's confirmation."""

    class Source(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"
        TEXT = "text", "вставленный текст"

    class Status(models.TextChoices):
        PENDING = "pending", "ожидает подтверждения"
        APPLIED = "applied", "загружен"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    source = models.CharField("источник", max_length=8, choices=Source.choices)
    file_name = models.CharField("файл", max_length=255, blank=True)
    payload = models.JSONField("разобранный документ", default=dict)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PENDING)
    roadmap = models.ForeignKey(
        Roadmap,
        verbose_name="созданная карта",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "импорт дорожной карты"
        verbose_name_plural = "импорты дорожных карт"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name or self.get_source_display()} ({self.get_status_display()})"


class ProgressReport(ReviewedSubmission):
    """What one organization did on one occurrence of a roadmap item.

    Workflow (progress.workflow): черновик → отправлен → принят, or возвращён на доработку → отправлен …
    An accepted report is locked; reopening it is an explicit, logged action. It lives here, not in
    progress, because it hangs on an Occurrence: the supporting app may not know about roadmaps.
    """

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "не начато"
        IN_PROGRESS = "in_progress", "в работе"
        DONE = "done", "выполнено"
        NOT_DONE = "not_done", "не выполнено"

    occurrence = models.ForeignKey(
        Occurrence, verbose_name="срок", on_delete=models.PROTECT, related_name="reports"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="reports",
    )
    progress = models.CharField(
        "ход выполнения", max_length=16, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    reason = models.TextField("причина невыполнения", blank=True)
    comment = models.TextField("комментарий", blank=True)
    done_on = models.DateField("дата выполнения", null=True, blank=True)
    review_comment = models.TextField("комментарий методиста", blank=True)

    text_stale = "Отчёт уже изменил другой пользователь. Обновите страницу: ваши данные ниже."
    text_locked = "Отчёт принят и закрыт для изменений."
    text_waiting = "Отчёт отправлен и ждёт проверки методиста."
    text_return_needs_comment = "Напишите, что нужно исправить: школа увидит этот комментарий."
    text_reopen_needs_reason = "Укажите, почему принятый отчёт открывается повторно."

    class Meta:
        verbose_name = "отчёт о выполнении"
        verbose_name_plural = "отчёты о выполнении"
        ordering = ["occurrence__due_date", "organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "organization"], name="report_one_per_occurrence_org"
            ),
            models.CheckConstraint(
                condition=~Q(progress="not_done") | ~Q(reason=""), name="report_not_done_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.organization} — {self.occurrence}"

    @property
    def is_editable_by_school(self) -> bool:
        return self.is_editable_by_author

    def review_snapshot(self) -> dict:
        return {
            "progress": self.progress,
            "reason": self.reason,
            "comment": self.comment,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "state": self.state,
        }


class ReportEvidence(EvidenceBase):
    """A file or a link that proves the work was done."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="отчёт", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("файл", upload_to="reports/%Y/%m/", blank=True)
    # The table predates the checksum; adding it is a migration for another day.
    sha256 = None

    class Meta(EvidenceBase.Meta):
        verbose_name = "подтверждение"
        verbose_name_plural = "подтверждения"
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")), name="evidence_file_xor_url"
            )
        ]


class ReportEvent(ReviewEventBase):
    """History of a report: every save, submission, review and reopening."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = "событие отчёта"
        verbose_name_plural = "история отчёта"
