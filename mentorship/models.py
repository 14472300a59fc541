from django.conf import settings
from django.db import models

from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase

# --- Individual plans (ИОМ) ---


class IndividualPlan(models.Model):
    """A teacher's individual educational route (ИОМ) for one academic year: the deficits it addresses
    and its items. A mentee's plan or any teacher's whose deficits diagnostics found deficits."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        ACTIVE = "active", "действует"
        FINISHED = "finished", "завершён"

    DEFAULT_TITLE = "Индивидуальный образовательный маршрут"

    person = models.ForeignKey(
        "directory.Person", verbose_name="педагог", on_delete=models.CASCADE, related_name="individual_plans"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Школа педагога на момент составления маршрута.",
    )
    year = models.PositiveSmallIntegerField("учебный год (год начала)")
    title = models.CharField("название", max_length=300, default=DEFAULT_TITLE)
    deficits = models.JSONField("дефициты", default=list, blank=True)  # [[area, indicator name], …]
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    mentor_note = models.TextField("заметки наставника", blank=True)
    methodist_note = models.TextField("заметки методиста", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "индивидуальный маршрут"
        verbose_name_plural = "индивидуальные маршруты"
        ordering = ["-year", "person__last_name", "person__first_name", "pk"]
        indexes = [models.Index(fields=["organization", "year"])]

    def __str__(self) -> str:
        return f"{self.title} — {self.person}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("mentorship_plans:detail", args=[self.pk])

    @property
    def year_label(self) -> str:
        return f"{self.year}/{self.year + 1}"


class PlanItem(models.Model):
    """One activity of a plan: what, in which form, by when (Russian text read by the deadline parser,
    or dates typed by hand), the expected result and whether it is done."""

    class Form(models.TextChoices):
        COURSES = "courses", "курсы повышения квалификации"
        INTERNSHIP = "internship", "стажировка"
        LESSONS = "lessons", "посещение уроков"
        OPEN_LESSON = "open_lesson", "открытый урок"
        SELF_STUDY = "self_study", "самообразование"
        ASSOCIATION = "association", "участие в РМО/ШМО"
        CONTEST = "contest", "конкурс"
        OTHER = "other", "другое"

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        DONE = "done", "выполнено"
        FAILED = "failed", "не выполнено"

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("№ п/п", default=1)
    activity = models.TextField("мероприятие")
    form = models.CharField("форма", max_length=16, choices=Form.choices, default=Form.OTHER)
    deadline_text = models.CharField("срок", max_length=200, blank=True)
    due_on = models.DateField("срок с", null=True, blank=True)
    due_until = models.DateField("срок до", null=True, blank=True, db_index=True)
    deadline_unreadable = models.BooleanField("срок не распознан", default=False)
    expected_result = models.TextField("ожидаемый результат", blank=True)
    status = models.CharField("выполнение", max_length=16, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField("выполнено", null=True, blank=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "пункт маршрута"
        verbose_name_plural = "пункты маршрута"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.activity

    @property
    def dates_label(self) -> str:
        if self.due_on and self.due_until and self.due_on != self.due_until:
            return f"{self.due_on:%d.%m.%Y} – {self.due_until:%d.%m.%Y}"
        day = self.due_until or self.due_on
        return f"{day:%d.%m.%Y}" if day else ""


class PlanItemEvidence(EvidenceBase):
    """A file or link proving a plan item was done (progress's evidence layer; a plan item is not a
    reviewed submission, so the rows hang on the item and are stored by progress.evidence_store_file)."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="evidence")

    class Meta(EvidenceBase.Meta):
        verbose_name = "подтверждение пункта маршрута"
        verbose_name_plural = "подтверждения пунктов маршрута"


class PlanReport(ReviewedSubmission):
    """The final report on a plan, by the mentee or by the mentor, reviewed by the куратор/методист."""

    class Author(models.TextChoices):
        MENTEE = "mentee", "отчёт педагога"
        MENTOR = "mentor", "отчёт наставника"

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="reports")
    author_kind = models.CharField("чей отчёт", max_length=8, choices=Author.choices)
    text = models.TextField("отчёт", blank=True)

    text_stale = "Отчёт уже изменил другой пользователь. Обновите страницу: ваши данные ниже."
    text_locked = "Отчёт принят и закрыт для изменений."
    text_waiting = "Отчёт отправлен и ждёт проверки."

    class Meta:
        verbose_name = "отчёт по маршруту"
        verbose_name_plural = "отчёты по маршрутам"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "author_kind"], name="mentorship_planreport_one_per_author"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_author_kind_display()}: {self.plan}"

    def review_snapshot(self) -> dict:
        return {"state": self.state, "text": self.text}


class PlanReportEvent(ReviewEventBase):
    report = models.ForeignKey(PlanReport, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = "событие отчёта по маршруту"


class PlanReportEvidence(EvidenceBase):
    report = models.ForeignKey(PlanReport, on_delete=models.CASCADE, related_name="evidence")

    class Meta(EvidenceBase.Meta):
        verbose_name = "подтверждение отчёта по маршруту"


# --- end Individual plans (ИОМ) ---
