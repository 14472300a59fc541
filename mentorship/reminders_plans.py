"""Plan items with dates as a reminder source and as tasks of «Мои задачи» (notifications' registries).

An item not done yet with a date reminds the plan's teacher and the teacher's mentors: before and on the
date ('upcoming'), then weekly while it is not done ('overdue'; each item is its own group).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.access import user_scope
from directory.person_facts import mentors_known, mentors_of
from notifications.registry import PHASE_OVERDUE, PHASE_UPCOMING, DueQuery, ListLink
from notifications.task_sources import TaskItem, TaskSource

from .models import IndividualPlan, PlanItem
from .plans import mentee_ids

OPEN = [PlanItem.Status.PLANNED]


def _open_items():
    return PlanItem.objects.filter(
        status__in=OPEN, due_until__isnull=False, plan__status=IndividualPlan.Status.ACTIVE
    )


class PlanItemSource:
    name = "mentorship.plan_items"
    list_link = ListLink("Мои задачи", "roadmaps:my_tasks")

    def due_query(self, *, dates, today, told):
        rows = list(
            _open_items()
            .filter(due_until__in=list(dates))
            .values_list(
                "pk",
                "plan_id",
                "plan__person_id",
                "plan__person__user_id",
                "due_until",
                "activity",
                "plan__title",
            )
        )
        if not rows:
            return None
        mentors = mentors_of({row[2] for row in rows}) if mentors_known() else {}
        wanted = {row[3] for row in rows if row[3]} | {u for users in mentors.values() for u in users}
        active = set(
            get_user_model().objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True)
        )
        parts, params = [], []
        for pk, plan_id, person_id, user_id, due, activity, plan_title in rows:
            recipients = ({user_id} if user_id else set()) | mentors.get(person_id, set())
            for recipient in sorted(recipients - set(told)):
                if recipient not in active:
                    continue
                parts.append(
                    "SELECT %s AS recipient_id, %s AS source_key, %s AS due_date, %s AS title, "
                    "%s AS context, %s AS url, %s AS phase, 1 AS overdue_count"
                )
                params += [
                    recipient,
                    f"mentorship.plan_item:{pk}",
                    due,
                    f"Пункт маршрута: {activity}"[:300],
                    plan_title,
                    reverse("mentorship_plans:detail", args=[plan_id]),
                    PHASE_UPCOMING if due >= today else PHASE_OVERDUE,
                ]
        if not parts:
            return None
        return DueQuery(" UNION ALL ".join(parts), tuple(params))


def _items(user, today) -> list[TaskItem]:
    scope = user_scope(user)
    condition_people = set(mentee_ids(user))
    if scope.person_id is not None:
        condition_people.add(scope.person_id)
    if not condition_people:
        return []
    items = []
    rows = (
        _open_items()
        .filter(plan__person_id__in=condition_people)
        .select_related("plan__person")
        .order_by("due_until", "pk")
    )
    for item in rows:
        plan = item.plan
        mine = plan.person_id == scope.person_id
        items.append(
            TaskItem(
                title=item.activity,
                deadline=item.due_until,
                context=plan.title if mine else f"{plan.title} — наставляемый {plan.person.short_name}",
                url=reverse("mentorship_plans:detail", args=[plan.pk]) + f"#item-{item.pk}",
                overdue=item.due_until < today,
                key=f"plan-item-{item.pk}",
            )
        )
    return items


TASKS = TaskSource(
    name="mentorship.plan_items",
    label="Индивидуальный маршрут",
    items=_items,
    # A teacher (their own route, their mentees'); the district's administrators keep a short menu.
    visible=lambda scope: scope.person_id is not None and (not scope.district_wide or scope.is_methodist),
)
