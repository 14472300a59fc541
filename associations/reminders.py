"""Decisions of meetings as a reminder source and as tasks of «Мои задачи» (notifications' registries).

A decision with a deadline and not done reminds the user of its responsible person: before and on the
deadline ('upcoming'), then weekly while it is not done ('overdue'; a decision is its own group).
"""

from __future__ import annotations

from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from directory.access import user_scope
from notifications.registry import PHASE_OVERDUE, PHASE_UPCOMING, DueQuery, ListLink
from notifications.task_sources import TaskItem, TaskSource

from . import selectors_meetings
from .models import Decision, Meeting


class DecisionSource:
    name = "associations.decisions"
    list_link = ListLink("Мои задачи", "roadmaps:my_tasks")

    def due_query(self, *, dates, today, told):
        rows = (
            Decision.objects.filter(
                deadline__in=list(dates),
                done_on__isnull=True,
                meeting__status=Meeting.Status.HELD,
                responsible__user__isnull=False,
                responsible__user__is_active=True,
            )
            .exclude(responsible__user_id__in=list(told))
            .values(
                recipient_id=F("responsible__user_id"),
                source_key=Concat(
                    Value("associations.decision:"), Cast("pk", CharField()), output_field=CharField()
                ),
                due_date=F("deadline"),
                title=Concat(Value("Решение заседания: "), F("text"), output_field=CharField()),
                context=F("meeting__association__name"),
                url=Concat(
                    Value(reverse("associations:detail", args=[0])[: -len("0/")]),
                    Cast("meeting__association_id", CharField()),
                    Value("/meetings/"),
                    Cast("meeting_id", CharField()),
                    Value("/"),
                    output_field=CharField(),
                ),
                phase=Case(
                    When(deadline__gte=today, then=Value(PHASE_UPCOMING)),
                    default=Value(PHASE_OVERDUE),
                    output_field=CharField(),
                ),
                overdue_count=Value(1, output_field=IntegerField()),
            )
        )
        return DueQuery.from_queryset(rows)


def _items(user, today) -> list[TaskItem]:
    person_id = user_scope(user).person_id
    if person_id is None:
        return []
    items = []
    for decision in selectors_meetings.open_decisions(person_id):
        meeting = decision.meeting
        items.append(
            TaskItem(
                title=decision.text,
                deadline=decision.deadline,
                context=f"{meeting.association.name}, заседание {meeting.date:%d.%m.%Y}"
                + (f" (протокол № {meeting.number})" if meeting.number else ""),
                url=meeting.get_absolute_url(),
                overdue=selectors_meetings.is_overdue(decision, today),
                done_url=reverse("associations:decision_done", args=[decision.pk]),
                key=f"decision-{decision.pk}",
            )
        )
    return items


TASKS = TaskSource(
    name="associations.decisions",
    label="Решения заседаний МО",
    items=_items,
    # Anyone with a staff card may be made responsible for a decision — but the district's administrators
    # (who head no association) keep their menu short: no «Мои задачи» that would always be empty.
    visible=lambda scope: (
        scope.person_id is not None
        and (not scope.district_wide or scope.is_methodist or bool(scope.association_ids))
    ),
)
