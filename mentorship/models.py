"""Mentorship (целевая модель наставничества): pairs or groups of mentors and mentees, their consent, and
the history of mentees who left.

A young specialist is not stored here: the bank reads the directory (mentorship.rules).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from directory.models import Organization, Person
from progress.models import EvidenceBase


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
