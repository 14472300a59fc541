"""Mentor pairs as the appendix of the order «О закреплении наставнических пар (групп)» (see
orders.registry): the printed list of pairs, the choices on the order's form, and what signing or
withdrawing the order means for them.

The source is a `PairsOrder` (the pairs chosen on the pairs page). Its printed content is frozen at
signing, so the pairs may later end or change without changing the signed order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from orders.document import Appendix, Column, Row, Table
from orders.registry import SourceChoice, SourceInfo

from .models import Pair, PairMember, PairsOrder

KIND = "mentorship.pairs"
CONTENT_SOURCE = "mentor_pairs"
TITLE = "Список наставнических пар (групп)"

# relative widths: № п/п, [ОО], наставник, должность, наставляемый, должность, форма, срок
_COLUMNS = (
    ("№ п/п", 5, "center"),
    ("Образовательная организация", 12, "left"),
    ("Наставник (Ф.И.О.)", 15, "left"),
    ("Должность наставника", 13, "left"),
    ("Наставляемый (Ф.И.О.)", 15, "left"),
    ("Должность наставляемого", 13, "left"),
    ("Форма наставничества", 12, "left"),
    ("Срок наставничества", 15, "center"),
)


def _people(pair: Pair, role: str) -> list[list[str]]:
    return [[m.person.full_name, m.person.position] for m in pair.members.all() if m.role == role]


def pair_rows(pairs: Sequence[Pair]) -> list[dict[str, Any]]:
    """One printed row per pair or group (its members prefetched with their people)."""
    return [
        {
            "number": str(index),
            "pair_id": pair.pk,
            "school": pair.organization.short_name,
            "mentors": _people(pair, PairMember.Role.MENTOR),
            "mentees": _people(pair, PairMember.Role.MENTEE),
            "form": pair.get_form_display(),
            "term": f"{pair.starts_on:%d.%m.%Y} — {pair.ends_on:%d.%m.%Y}",
        }
        for index, pair in enumerate(pairs, start=1)
    ]


def pairs_of(pairs_order: PairsOrder):
    members = (
        PairMember.objects.select_related("person")
        .prefetch_related("consent_scans")
        .order_by("role", "person__last_name", "pk")
    )
    return (
        pairs_order.pairs.select_related("organization")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("organization__short_name", "starts_on", "pk")
    )


def content(pairs_order: PairsOrder, *, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "source": CONTENT_SOURCE,
        "pairs_order_id": pairs_order.pk,
        "title": TITLE,
        "with_school": pairs_order.level == PairsOrder.Level.DISTRICT,
        "rows": pair_rows(list(pairs_of(pairs_order))),
    }


def _joined(people: Sequence[Sequence[str]], index: int) -> str:
    return "; ".join(person[index] for person in people if person[index])


def to_appendix(data: dict[str, Any]) -> Appendix:
    """The printed list of pairs from a content() dict."""
    with_school = data.get("with_school", False)
    columns = tuple(
        Column(title=title, width=width, align=align)
        for index, (title, width, align) in enumerate(_COLUMNS)
        if with_school or index != 1
    )
    rows = []
    for row in data.get("rows", []):
        cells = [row["number"]]
        if with_school:
            cells.append(row.get("school", ""))
        cells += [
            _joined(row["mentors"], 0),
            _joined(row["mentors"], 1),
            _joined(row["mentees"], 0),
            _joined(row["mentees"], 1),
            row.get("form", ""),
            row.get("term", ""),
        ]
        rows.append(Row(cells=tuple(cells)))
    return Appendix(
        title=data.get("title", TITLE),
        table=Table(columns=columns, rows=tuple(rows), number_row=True),
        landscape=True,
    )


def consent_problems(pairs: Sequence[Pair]) -> list[str]:
    """Pairs that cannot be fixed by an order: ended, or a participant without recorded consent
    (members and their consent scans prefetched)."""
    problems = []
    for pair in pairs:
        if not pair.is_active:
            problems.append(f"Пара № {pair.pk} {pair.get_status_display()}: закреплять её приказом нельзя.")
            continue
        missing = [
            m.person.short_name
            for m in pair.members.all()
            if m.consent_on is None and not m.consent_scans.all()
        ]
        if missing:
            problems.append(
                f"В паре № {pair.pk} нет согласия: {', '.join(missing)}. Внесите дату согласия или скан "
                "заявления на странице пары."
            )
    return problems


class PairsAppendix:
    key = KIND
    label = "наставнические пары"
    content_source = CONTENT_SOURCE
    form_field = "mentor_pairs"
    form_label = "Приложения: наставнические пары"

    def content(self, *, source_id: int, approves: bool, position: int) -> dict[str, Any]:
        return content(PairsOrder.objects.get(pk=source_id), position=position)

    def to_appendix(self, data: dict[str, Any]) -> Appendix:
        return to_appendix(data)

    def choices(self, *, user, attached: Sequence[int]) -> list[SourceChoice]:
        from .access import pairs_visible_to

        visible = PairsOrder.objects.filter(pairs__in=pairs_visible_to(user)).values("pk")
        lists = PairsOrder.objects.filter(
            Q(pk__in=visible, order__isnull=True) | Q(pk__in=list(attached))
        ).annotate(n=Count("pairs"))
        return [
            SourceChoice(id=item.pk, label=f"{TITLE} № {item.pk} (пар: {item.n})", sort_key=f"{item.pk:09d}")
            for item in lists.order_by("pk")
        ]

    def describe(self, source_ids: Sequence[int]) -> dict[int, SourceInfo]:
        found = PairsOrder.objects.filter(pk__in=list(source_ids)).annotate(n=Count("pairs"))
        return {
            item.pk: SourceInfo(
                title=TITLE,
                url=reverse("mentorship:pairs") + f"?order={item.pk}",
                description=f"наставнических пар (групп): {item.n}",
            )
            for item in found
        }

    def signing_problems(self, *, source_id: int) -> list[str]:
        pairs_order = PairsOrder.objects.filter(pk=source_id).first()
        if pairs_order is None:
            return ["Список наставнических пар из приложения удалён."]
        pairs = list(pairs_of(pairs_order))
        if not pairs:
            return ["В приложении нет наставнических пар."]
        return consent_problems(pairs)

    def on_signed(self, *, user, order, source_ids: Sequence[int]) -> None:
        """The lists point at the order that fixes them (also when attached by hand on the order's form)."""
        PairsOrder.objects.filter(pk__in=list(source_ids)).update(order=order)

    def on_withdrawn(self, *, user, order) -> None:
        """A withdrawn draft fixes nothing: its pairs may go into another order."""
        PairsOrder.objects.filter(order=order).update(order=None)
