"""A plan item dated outside the mentee's active pair: saved, with a warning on the plan and the form."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from mentorship import plans, services
from mentorship.models import Pair

from .conftest import add_person

pytestmark = pytest.mark.django_db
WARNING = "Срок вне периода наставничества (01.11.2026 — 31.05.2027)"


@pytest.fixture
def plan(district, methodist):
    teacher = district["people"]["teacher_a"]
    services.pair_create(
        user=None,
        organization=district["school_a"],
        form=Pair.Form.TRADITIONAL,
        goal="Адаптация",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2027, 5, 31),
        mentors=[add_person(district["school_a"], "Наставникова", years=20)],
        mentees=[teacher],
    )
    return plans.plan_create(
        user=methodist,
        person=teacher,
        year=2026,
        title="",
        items=[
            {"activity": "Посещение уроков наставника", "form": "lessons", "deadline_text": "до 15 октября"},
            {"activity": "Открытый урок", "form": "open_lesson", "deadline_text": "март"},
        ],
    )


def _page(client, plan) -> str:
    return client.get(reverse("mentorship_plans:detail", args=[plan.pk])).content.decode()


def _row(html: str, activity: str) -> str:
    start = html.index(activity)
    return html[start : html.index("</tr>", start)]


def test_the_plan_page_flags_the_items_outside_the_pairs_term(plan, teacher_a_client):
    html = _page(teacher_a_client, plan)
    assert WARNING in _row(html, "Посещение уроков наставника")
    assert WARNING not in _row(html, "Открытый урок")


def test_the_item_form_saves_and_warns(plan, teacher_a_client):
    response = teacher_a_client.post(
        reverse("mentorship_plans:item_add", args=[plan.pk]),
        {
            "new-activity": "Стажировка",
            "new-form": "internship",
            "new-due_on": "2027-06-10",
            "new-due_until": "2027-06-12",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Пункт маршрута сохранён." in html
    assert f"«Стажировка»: {WARNING}." in html
    assert plan.items.filter(activity="Стажировка", due_until=dt.date(2027, 6, 12)).exists()
    item = plan.items.get(activity="Открытый урок")
    inside = teacher_a_client.post(
        reverse("mentorship_plans:item_edit", args=[plan.pk, item.pk]),
        {"item-activity": "Открытый урок", "item-form": "open_lesson", "item-deadline_text": "апрель"},
        follow=True,
    ).content.decode()
    assert "Пункт маршрута сохранён." in inside and "«Открытый урок»: Срок вне" not in inside


def test_without_an_active_pair_there_is_no_warning(plan, teacher_a_client):
    Pair.objects.update(status=Pair.Status.ENDED)
    assert "Срок вне периода наставничества" not in _page(teacher_a_client, plan)


def test_the_printed_plan_flags_the_items_outside_the_pairs_term(plan, teacher_a_client):
    response = teacher_a_client.get(reverse("mentorship_plans:pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    # The table cell wraps; the words of the warning are there once — for the October item only.
    assert text.count("вне периода наставничества") == 1
    assert text.index("Посещение уроков") < text.index("вне периода") < text.index("Открытый урок")
