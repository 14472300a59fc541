"""The final summary of a contest as the appendix of the order «Об итогах …» (see orders.registry): the
printed table, the choices on the order's form and what signing or withdrawing the order means.

The source is the contest (source id = Contest.pk); the printed content is frozen at signing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from orders.document import Appendix, Column, Row, Table
from orders.registry import SourceChoice, SourceInfo

from . import scoring
from .models import Contest

KIND = "contests.results"
CONTENT_SOURCE = "contest_results"
TITLE = "Итоги"

_COLUMNS = (
    ("Место", 1, "center"),
    ("Участник (Ф.И.О.)", 4, "left"),
    ("Образовательная организация", 4, "left"),
    ("Итоговый балл", 1.6, "center"),
    ("Результат", 2, "left"),
)


def appendix_title(contest: Contest) -> str:
    from .results import contest_genitive

    return f"Итоги {contest_genitive(contest)}"


def content(contest: Contest, *, position: int) -> dict[str, Any]:
    from .results import final_standings

    nominations = []
    for nomination, rows in final_standings(contest):
        nominations.append(
            {
                "name": nomination.name if nomination else "",
                "rows": [
                    {
                        "place": str(r.rank),
                        "name": r.application.person.full_name,
                        "school": r.application.organization.short_name,
                        "total": scoring.fmt(r.total, 2),
                        "award": r.get_award_display() if r.award else "",
                    }
                    for r in rows
                ],
            }
        )
    return {
        "position": position,
        "source": CONTENT_SOURCE,
        "contest_id": contest.pk,
        "title": appendix_title(contest),
        "nominations": nominations,
    }


def to_appendix(data: dict[str, Any]) -> Appendix:
    columns = tuple(Column(title=t, width=w, align=a) for t, w, a in _COLUMNS)
    rows: list[Row] = []
    nominations = data.get("nominations", [])
    for nomination in nominations:
        if nomination.get("name"):
            rows.append(Row(cells=(f"Номинация «{nomination['name']}»",), heading=True))
        for row in nomination.get("rows", []):
            rows.append(
                Row(
                    cells=(
                        row["place"],
                        row["name"],
                        row["school"],
                        row.get("total", ""),
                        row.get("award", ""),
                    )
                )
            )
    return Appendix(
        title=data.get("title", TITLE),
        table=Table(columns=columns, rows=tuple(rows), number_row=False),
    )


class ResultsAppendix:
    key = KIND
    label = "итоги конкурса"
    content_source = CONTENT_SOURCE
    form_field = "contest_results"
    form_label = "Приложения: итоги конкурсов"

    def content(self, *, source_id: int, approves: bool, position: int) -> dict[str, Any]:
        return content(Contest.objects.get(pk=source_id), position=position)

    def to_appendix(self, data: dict[str, Any]) -> Appendix:
        return to_appendix(data)

    def choices(self, *, user, attached: Sequence[int]) -> list[SourceChoice]:
        from directory.access import user_scope

        if not user_scope(user).district_wide and not attached:
            return []
        published = Contest.objects.filter(status__in=(Contest.Status.RESULTS, Contest.Status.FINISHED))
        contests = published | Contest.objects.filter(pk__in=list(attached))
        return [
            SourceChoice(id=c.pk, label=f"Итоги конкурса «{c}»", sort_key=f"{c.year:04d}{c.name}")
            for c in contests.distinct().order_by("-year", "name")
        ]

    def describe(self, source_ids: Sequence[int]) -> dict[int, SourceInfo]:
        return {
            c.pk: SourceInfo(
                title=f"Итоги конкурса «{c}»",
                url=reverse("contests:results", args=[c.pk]),
                description=c.get_status_display(),
            )
            for c in Contest.objects.filter(pk__in=list(source_ids))
        }

    def signing_problems(self, *, source_id: int) -> list[str]:
        contest = Contest.objects.filter(pk=source_id).first()
        if contest is None:
            return ["Конкурс из приложения удалён."]
        if contest.status not in (Contest.Status.RESULTS, Contest.Status.FINISHED):
            return [f"Итоги конкурса «{contest}» не опубликованы."]
        return []

    def on_signed(self, *, user, order, source_ids: Sequence[int]) -> None:
        Contest.objects.filter(pk__in=list(source_ids)).update(results_order=order)

    def on_withdrawn(self, *, user, order) -> None:
        Contest.objects.filter(results_order=order).update(results_order=None)
