"""Methodological associations: ШМО of one school, РМО/ГМО of the district, творческие группы."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from directory.models import Organization, Person, Subject
from progress.models import EvidenceBase, ReviewedSubmission, ReviewEventBase


class Association(models.Model):
    """A methodological association: ШМО of one school, РМО/ГМО of the district, a творческая группа."""

    class Kind(models.TextChoices):
        SCHOOL = "shmo", "ШМО"
        DISTRICT = "rmo", "РМО"
        CITY = "gmo", "ГМО"
        CREATIVE = "group", "Творческая группа"
        PROBLEM = "problem", "Проблемная группа"

    #: Kinds that belong to the district (the methodological office), their members from many schools.
    DISTRICT_KINDS = (Kind.DISTRICT, Kind.CITY)

    name = models.CharField("название", max_length=300)
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="associations",
        help_text="Школа для ШМО, методический кабинет для РМО.",
    )
    head = models.ForeignKey(
        Person,
        verbose_name="руководитель",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_associations",
    )
    deputy = models.ForeignKey(
        Person,
        verbose_name="заместитель руководителя",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_of_associations",
    )
    subjects = models.ManyToManyField(Subject, verbose_name="предметы", blank=True)
    area = models.CharField(
        "направление",
        max_length=300,
        blank=True,
        help_text="Для объединения не по предмету: «начальные классы», «классные руководители»…",
    )
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        verbose_name = "методическое объединение"
        verbose_name_plural = "методические объединения"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="association_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("associations:detail", args=[self.pk])

    @property
    def is_school(self) -> bool:
        return self.kind == self.Kind.SCHOOL


class AssociationTheme(models.Model):
    """The methodological theme of an association for one academic year (2026 stands for 2026-2027)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="themes")
    year = models.PositiveSmallIntegerField("учебный год (год начала)")
    theme = models.CharField("методическая тема", max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "методическая тема"
        verbose_name_plural = "методические темы"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="association_theme_one_per_year"),
        ]

    def __str__(self) -> str:
        return self.theme


class Membership(models.Model):
    """A person in an association from `joined_on`; leaving sets `left_on` and keeps the row (history)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        Person, verbose_name="сотрудник", on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField("вступил(а)")
    left_on = models.DateField("вышел(а)", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "участник объединения"
        verbose_name_plural = "участники объединений"
        ordering = ["person__last_name", "person__first_name"]
        indexes = [models.Index(fields=["association", "left_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "person"],
                condition=models.Q(left_on__isnull=True),
                name="membership_one_current",
                violation_error_message="Сотрудник уже состоит в этом объединении.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.association}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


# --- Part 3: meetings and minutes (заседания, протоколы) ---------------------------------------------


class Meeting(models.Model):
    """A meeting (заседание) of an association in one academic year; once held, its protocol (протокол).

    `number` is the protocol's number in the association's year: given when the protocol is first saved.
    Every save of the protocol is a compare-and-set on `version` (two heads at once: the second is refused).
    """

    class Form(models.TextChoices):
        MEETING = "meeting", "заседание"
        SEMINAR = "seminar", "семинар"
        ROUND_TABLE = "round_table", "круглый стол"
        WORKSHOP = "workshop", "практикум"
        MASTER_CLASS = "master_class", "мастер-класс"
        STUDIO = "studio", "педагогическая мастерская"
        OTHER = "other", "другое"

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        HELD = "held", "проведено"

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="meetings")
    year = models.PositiveSmallIntegerField("учебный год (год начала)")
    number = models.PositiveSmallIntegerField("номер протокола", null=True, blank=True)
    date = models.DateField("дата")
    form = models.CharField("форма", max_length=16, choices=Form.choices, default=Form.MEETING)
    topic = models.CharField("тема", max_length=500)
    place = models.CharField("место проведения", max_length=300, blank=True)
    status = models.CharField("состояние", max_length=8, choices=Status.choices, default=Status.PLANNED)
    chairman = models.ForeignKey(
        Person,
        verbose_name="председатель",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secretary = models.ForeignKey(
        Person, verbose_name="секретарь", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guests = models.TextField("приглашённые", blank=True)
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    text_stale = "Протокол уже изменил другой пользователь. Обновите страницу: ваши данные ниже."

    class Meta:
        verbose_name = "заседание МО"
        verbose_name_plural = "заседания МО"
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["association", "year", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="meeting_protocol_number_unique",
                violation_error_message="Протокол с таким номером в этом учебном году уже есть.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("associations:meeting", args=[self.association_id, self.pk])

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD


class AgendaItem(models.Model):
    """A question of the agenda (повестка) with its speakers; the protocol adds Слушали/Выступили/Решили."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField("№", default=1)
    question = models.CharField("вопрос", max_length=1000)
    speakers = models.CharField("докладчики", max_length=500, blank=True)
    speaker_people = models.ManyToManyField(Person, verbose_name="докладчики (участники)", blank=True)
    heard = models.TextField("слушали", blank=True)
    spoke = models.TextField("выступили", blank=True)
    decided = models.TextField("решили", blank=True)

    class Meta:
        verbose_name = "вопрос повестки"
        verbose_name_plural = "вопросы повестки"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.question


class Attendance(models.Model):
    """A member at a held meeting: present, or absent with the reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField("присутствовал(а)", default=True)
    absence_reason = models.CharField("причина отсутствия", max_length=300, blank=True)

    class Meta:
        verbose_name = "присутствие на заседании"
        verbose_name_plural = "присутствие на заседаниях"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {'присутствовал(а)' if self.present else 'отсутствовал(а)'}"


class Decision(models.Model):
    """A decision of a held meeting; with a deadline it is due: its responsible person is reminded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name="вопрос", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField("№", default=1)
    text = models.TextField("решение")
    deadline = models.DateField("срок", null=True, blank=True)
    responsible = models.ForeignKey(
        Person, verbose_name="ответственный", on_delete=models.PROTECT, related_name="meeting_decisions"
    )
    done_on = models.DateField("выполнено", null=True, blank=True)

    class Meta:
        verbose_name = "решение заседания"
        verbose_name_plural = "решения заседаний"
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["deadline", "done_on"])]

    def __str__(self) -> str:
        return self.text


class MeetingFile(EvidenceBase):
    """A file of a meeting (presentation, photos): uploaded with the checks of reports' evidence."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="evidence")

    class Meta(EvidenceBase.Meta):
        verbose_name = "файл заседания"
        verbose_name_plural = "файлы заседаний"


# --- Annual analysis (part 4) -----------------------------------------------------------------------


class AnnualAnalysis(ReviewedSubmission):
    """«Анализ работы МО за учебный год»: facts the product knows plus the head's own sections.

    The head writes it and sends it; the director (ШМО) or the methodist (РМО and the district's groups)
    accepts it or returns it. `facts` is the snapshot of analysis.analysis_facts frozen at submission, so a
    sent or accepted analysis keeps saying what it said.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="analyses")
    year = models.PositiveSmallIntegerField("учебный год (год начала)")
    achievements = models.TextField("достижения", blank=True)
    problems = models.TextField("проблемы", blank=True)
    next_year_tasks = models.TextField("задачи на следующий учебный год", blank=True)
    conclusions = models.TextField("выводы", blank=True)
    facts = models.JSONField("сведения на момент отправки", null=True, blank=True)

    text_stale = "Анализ уже изменил другой пользователь. Обновите страницу: ваш текст ниже."
    text_locked = "Анализ принят и закрыт для изменений."
    text_waiting = "Анализ отправлен и ждёт проверки: изменить его можно после возврата на доработку."
    text_return_needs_comment = "Напишите, что нужно исправить в анализе: руководитель МО увидит комментарий."
    text_reopen_needs_reason = "Укажите, почему принятый анализ открывается повторно."

    #: The head's sections in the order of the page and the printed document: (field, title).
    SECTIONS = (
        ("achievements", "Достижения"),
        ("problems", "Проблемы"),
        ("next_year_tasks", "Задачи на следующий учебный год"),
        ("conclusions", "Выводы"),
    )

    class Meta:
        verbose_name = "анализ работы МО"
        verbose_name_plural = "анализы работы МО"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="annual_analysis_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"Анализ работы {self.association} за {self.year}-{self.year + 1} учебный год"

    def get_absolute_url(self) -> str:
        return reverse("associations:analysis", args=[self.association_id, self.year])

    def review_snapshot(self) -> dict:
        return {"state": self.state, **{name: getattr(self, name) for name, _ in self.SECTIONS}}


class AnnualAnalysisEvent(ReviewEventBase):
    analysis = models.ForeignKey(AnnualAnalysis, on_delete=models.CASCADE, related_name="events")

    class Meta(ReviewEventBase.Meta):
        verbose_name = "событие анализа работы МО"
        verbose_name_plural = "события анализа работы МО"


class AnnualAnalysisEvidence(EvidenceBase):
    """Files and links attached to an analysis (the workflow's evidence; progress.services writes them)."""

    analysis = models.ForeignKey(AnnualAnalysis, on_delete=models.CASCADE, related_name="evidence")

    class Meta(EvidenceBase.Meta):
        verbose_name = "подтверждение анализа работы МО"
        verbose_name_plural = "подтверждения анализа работы МО"


# --- Part 2: the year's work plan -----------------------------------------------------------------


class AssociationPlan(models.Model):
    """«План работы ШМО/РМО на 2026-2027 учебный год»: a roadmap (kind «план работы МО») owned by the
    association. The roadmap holds the title, period, goal, tasks, rows, status; here the directions of
    work and the approval block printed on the plan («Рассмотрено», «Согласовано», «Утверждено»)."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField("учебный год (год начала)")
    roadmap = models.OneToOneField(
        "roadmaps.Roadmap", verbose_name="план", on_delete=models.CASCADE, related_name="association_plan"
    )
    directions = models.TextField("направления работы", blank=True)
    reviewed_protocol = models.CharField("рассмотрено: протокол №", max_length=32, blank=True)
    reviewed_on = models.DateField("рассмотрено: дата заседания", null=True, blank=True)
    agreed_by = models.CharField(
        "согласовано: должность и Ф.И.О.",
        max_length=300,
        blank=True,
        help_text="Например: «Заместитель директора по УВР Иванова И.И.»",
    )
    agreed_on = models.DateField("согласовано: дата", null=True, blank=True)
    approved_order_number = models.CharField("утверждено приказом: №", max_length=32, blank=True)
    approved_order_date = models.DateField("утверждено приказом: дата", null=True, blank=True)
    approved_by = models.CharField(
        "утверждено: кем",
        max_length=300,
        blank=True,
        help_text="Например: «директора МБОУ СОШ № 1» или «МБУ «Методический кабинет»».",
    )
    approving_order = models.ForeignKey(
        "orders.Order",
        verbose_name="приказ об утверждении",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "план работы МО"
        verbose_name_plural = "планы работы МО"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="association_plan_one_per_year"),
        ]

    def __str__(self) -> str:
        return self.roadmap.title if self.roadmap_id else f"План {self.association} ({self.year})"
