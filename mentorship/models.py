"""Mentorship (целевая модель наставничества): pairs or groups of mentors and mentees, their consent, and
the history of mentees who left.

A young specialist is not stored here: the bank reads the directory (mentorship.rules).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.academic_year import academic_year_label
from directory.models import Organization, Person
from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase


class Pair(models.Model):
    """A mentorship pair or group at one school: mentor(s), mentee(s), the form, the goal and the term."""

    class Form(models.TextChoices):
        TRADITIONAL = "traditional", "традиционная («один на один»)"
        GROUP = "group", "групповая"
        VIRTUAL = "virtual", "виртуальная"
        SITUATIONAL = "situational", "ситуационная"
        REVERSE = "reverse", "реверсивная"
        TEACHER_TEACHER = "teacher_teacher", "«учитель — учитель»"
        HEAD_TEACHER = "head_teacher", "«руководитель ОО — учитель»"

    class Status(models.TextChoices):
        ACTIVE = "active", "действует"
        ENDED = "ended", "завершена"
        ENDED_EARLY = "ended_early", "завершена досрочно"

    organization = models.ForeignKey(
        Organization,
        verbose_name="образовательная организация",
        on_delete=models.PROTECT,
        related_name="mentorship_pairs",
    )
    form = models.CharField("форма наставничества", max_length=32, choices=Form.choices)
    goal = models.TextField("цель наставничества")
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    curator = models.ForeignKey(
        Person,
        verbose_name="куратор",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_mentorship_pairs",
    )
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField("дата завершения", null=True, blank=True)
    end_reason = models.TextField("причина досрочного завершения", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "наставническая пара (группа)"
        verbose_name_plural = "наставнические пары (группы)"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="mentorship_pair_term"
            ),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | ~Q(end_reason=""),
                name="mentorship_pair_early_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Наставническая пара № {self.pk} ({self.get_form_display()})"

    def get_absolute_url(self) -> str:
        return reverse("mentorship:pair", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class PairMember(models.Model):
    class Role(models.TextChoices):
        MENTOR = "mentor", "наставник"
        MENTEE = "mentee", "наставляемый"

    pair = models.ForeignKey(Pair, verbose_name="пара", on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, verbose_name="участник", on_delete=models.PROTECT, related_name="mentorship_memberships"
    )
    role = models.CharField("роль", max_length=16, choices=Role.choices)
    consent_on = models.DateField("дата согласия", null=True, blank=True)

    class Meta:
        verbose_name = "участник наставнической пары"
        verbose_name_plural = "участники наставнических пар"
        ordering = ["role", "person__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "person"], name="mentorship_member_once_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ConsentScan(EvidenceBase):
    """A scanned consent form of one participant, checked and stored like reports' evidence."""

    member = models.ForeignKey(
        PairMember, verbose_name="участник", on_delete=models.CASCADE, related_name="consent_scans"
    )
    file = models.FileField("файл", upload_to="mentorship/%Y/%m/", blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name = "скан согласия"
        verbose_name_plural = "сканы согласий"


class MenteeDeparture(models.Model):
    """A mentee who left the school or the profession: kept for the retention figures, never deleted."""

    person = models.ForeignKey(
        Person, verbose_name="сотрудник", on_delete=models.PROTECT, related_name="mentorship_departures"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="организация на момент ухода", on_delete=models.PROTECT, related_name="+"
    )
    pair = models.ForeignKey(
        Pair, verbose_name="пара", null=True, blank=True, on_delete=models.SET_NULL, related_name="departures"
    )
    left_on = models.DateField("дата ухода")
    left_reason = models.CharField("причина", max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "уход молодого специалиста"
        verbose_name_plural = "уходы молодых специалистов"
        ordering = ["-left_on", "pk"]

    def __str__(self) -> str:
        return f"{self.person} — ушёл(ла) {self.left_on:%d.%m.%Y}"


class PairsOrder(models.Model):
    """The pairs an order «О закреплении наставнических пар» fixes: the source of the order's appendix
    (orders.registry), chosen on the pairs page. A school's order fixes the school's pairs; the
    district's may fix pairs of several schools."""

    class Level(models.TextChoices):
        SCHOOL = "school", "приказ образовательной организации"
        DISTRICT = "district", "приказ управления образования"

    level = models.CharField("чей приказ", max_length=16, choices=Level.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name="школа",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Школа, издающая приказ (для приказа образовательной организации).",
    )
    pairs = models.ManyToManyField(Pair, verbose_name="пары", related_name="fixing_orders")
    order = models.ForeignKey(
        "orders.Order",
        verbose_name="приказ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "приказ о закреплении наставнических пар"
        verbose_name_plural = "приказы о закреплении наставнических пар"
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"Закрепление наставнических пар № {self.pk}"


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
        return academic_year_label(self.year)  # «2026-2027», as every other page writes it


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
