"""Methodological associations: ШМО of one school, РМО/ГМО of the district, творческие группы."""

from __future__ import annotations

from django.db import models

from directory.models import Organization, Person, Subject


class Association(models.Model):
    """A methodological association: ШМО of one school, РМО/ГМО of the district, a творческая группа."""

    class Kind(models.TextChoices):
        SCHOOL = "shmo", "ШМО"
        DISTRICT = "rmo", "РМО"
        CITY = "gmo", "ГМО"
        CREATIVE = "group", "Творческая группа"

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
    subjects = models.ManyToManyField(Subject, verbose_name="предметы", blank=True)

    class Meta:
        verbose_name = "методическое объединение"
        verbose_name_plural = "методические объединения"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="association_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
