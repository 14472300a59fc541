"""Reads of the meetings: the association page's section, the district table's column, open decisions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from .models import Association, Decision, Meeting


def section_context(association: Association, year: int) -> dict:
    """What `sections/meetings.html` shows: the meetings of the year (one query)."""
    meetings = list(association.meetings.filter(year=year).order_by("date", "pk"))
    return {
        "meetings": meetings,
        "meetings_held": sum(1 for meeting in meetings if meeting.is_held),
        "meetings_url": reverse("associations:meeting", args=[association.pk, 0])[: -len("0/")],
    }


def _count(year: int, **filters) -> Coalesce:
    return Coalesce(
        Subquery(
            Meeting.objects.filter(association=OuterRef("pk"), year=year, **filters)
            .order_by()
            .values("association")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def held_by_school(org_ids, year: int | None) -> dict[int, int]:
    """org_id -> meetings its ШМО held in the academic year (one query): a monitoring's prefill.

    A school whose ШМО have no meeting of that year in the journal is left out (nothing known), not 0."""
    if year is None:
        return {}
    rows = (
        Meeting.objects.filter(
            year=year,
            association__kind=Association.Kind.SCHOOL,
            association__organization_id__in=org_ids,
        )
        .order_by()
        .values("association__organization_id")
        .annotate(held=Count("pk", filter=Q(status=Meeting.Status.HELD)))
    )
    return {row["association__organization_id"]: row["held"] for row in rows}


def annotate_district(qs: QuerySet[Association], year: int) -> QuerySet[Association]:
    """The district table's «Заседания (план / проведено)» and the latest meeting change, as annotations."""
    return qs.annotate(
        meetings_planned=_count(year),
        meetings_held=_count(year, status=Meeting.Status.HELD),
        meetings_changed=Subquery(
            Meeting.objects.filter(association=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        ),
    )


def open_decisions(person_id: int) -> QuerySet[Decision]:
    """The person's decisions with a deadline that are not done yet, earliest first."""
    return (
        Decision.objects.filter(responsible_id=person_id, deadline__isnull=False, done_on__isnull=True)
        .filter(~Q(meeting__status=Meeting.Status.PLANNED))
        .select_related("meeting__association")
        .order_by("deadline", "pk")
    )


def is_overdue(decision: Decision, today: dt.date) -> bool:
    return decision.deadline is not None and decision.deadline < today


def analysis_facts(association: Association, year: int) -> list[tuple[str, str]]:
    """The annual analysis's «Заседания» group: planned / held, the held ones, decisions (two queries)."""
    meetings = list(association.meetings.filter(year=year).order_by("date", "pk"))
    held = [meeting for meeting in meetings if meeting.is_held]
    decisions = Decision.objects.filter(meeting__association=association, meeting__year=year).aggregate(
        total=Count("pk"),
        due=Count("pk", filter=Q(deadline__isnull=False)),
        done=Count("pk", filter=Q(deadline__isnull=False, done_on__isnull=False)),
    )
    lines = [("Заседаний запланировано / проведено", f"{len(meetings)} / {len(held)}")]
    lines += [
        (
            f"Протокол № {meeting.number or '—'} от {meeting.date:%d.%m.%Y}",
            f"{meeting.get_form_display()}: {meeting.topic}",
        )
        for meeting in held
    ]
    lines.append(
        (
            "Решений принято / со сроком / из них выполнено",
            f"{decisions['total']} / {decisions['due']} / {decisions['done']}",
        )
    )
    return lines
