"""Demo individual plans: `pedagog` gets a route with items (some due soon), and a couple of other
teachers too. Idempotent: a plan already there (same teacher, year and title) is left as it is."""

from __future__ import annotations

import datetime as dt

from .models import IndividualPlan, PlanItem
from .plans import current_year, plan_create, suggestions_for, year_bounds


def _items(person, year: int, today: dt.date) -> list[dict]:
    from directory.person_facts import deficits_of

    start, end = year_bounds(year)
    soon = min(today + dt.timedelta(days=5), end)
    later = min(today + dt.timedelta(days=20), end)
    items = [
        {
            "activity": "Посещение открытых уроков наставника: анализ урока по технологической карте",
            "form": PlanItem.Form.LESSONS,
            "deadline_text": f"до {soon:%d.%m.%Y}",
            "due_on": soon,
            "due_until": soon,
            "expected_result": "Анализ трёх посещённых уроков",
        },
        {
            "activity": "Разработка технологической карты урока вместе с наставником",
            "form": PlanItem.Form.SELF_STUDY,
            "deadline_text": f"до {later:%d.%m.%Y}",
            "due_on": later,
            "due_until": later,
            "expected_result": "Технологическая карта урока",
        },
    ]
    for suggestion in suggestions_for(deficits_of(person))[:3]:
        items.append(
            {
                "activity": suggestion.activity,
                "form": suggestion.form,
                "deadline_text": suggestion.deadline_text,
                "expected_result": suggestion.expected_result,
            }
        )
    items.append(
        {
            "activity": "Выступление на заседании ШМО с опытом применения цифровых ресурсов",
            "form": PlanItem.Form.ASSOCIATION,
            "deadline_text": "срок уточняется",  # flagged: «срок не распознан — укажите даты вручную»
            "expected_result": "Выступление, презентация",
        }
    )
    return items


def seed_plans(*, people, user, today: dt.date) -> list[IndividualPlan]:
    """A plan for each of `people` (the first is `pedagog`), created by `user` (the methodist)."""
    year = current_year(today)
    plans = []
    for index, person in enumerate(people):
        plan = IndividualPlan.objects.filter(
            person=person, year=year, title=IndividualPlan.DEFAULT_TITLE
        ).first()
        if plan is None:
            plan = plan_create(
                user=user,
                person=person,
                year=year,
                title=IndividualPlan.DEFAULT_TITLE,
                items=_items(person, year, today),
            )
            if index == 0:  # one item already done (the first two stay due soon: reminders, «Мои задачи»)
                plan.items.filter(position=3).update(status=PlanItem.Status.DONE, done_on=today)
        plans.append(plan)
    return plans
