"""Professional contests. The full model (nominations, jury sheets, ranking) comes with its issue."""

from django.db import models


class Contest(models.Model):
    name = models.CharField("название", max_length=300)
    year = models.PositiveSmallIntegerField("год")
    organizer = models.ForeignKey(
        "directory.Organization",
        verbose_name="организатор",
        on_delete=models.PROTECT,
        related_name="contests",
    )

    class Meta:
        verbose_name = "конкурс"
        verbose_name_plural = "конкурсы"
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="contest_unique_name_year")]

    def __str__(self) -> str:
        return f"{self.name} — {self.year}"
