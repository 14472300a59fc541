"""Methodological associations: ШМО of one school, РМО/ГМО of the district, творческие группы."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from directory.models import Organization, Person, Subject


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
