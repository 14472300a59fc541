"""Prefill of a school's answers from what the other apps know (directory.facts): the staff counts of the
directory, the meetings the school's ШМО held in the form's academic year (associations)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations.models import Association, Meeting
from monitoring import services
from monitoring.models import Indicator, Submission
from monitoring.tests import test_submissions as base

monitoring_form = base.monitoring_form  # the fixtures: a form asking «Проведено заседаний»…
campaign = base.campaign
GOOD = base.GOOD


def _meeting(association, year, status, day=10):
    return Meeting.objects.create(
        association=association,
        year=year,
        date=dt.date(year, 10, day),
        topic=f"Заседание {day}",
        status=status,
    )


@pytest.fixture
def meetings(district):
    """School A: two ШМО with 3 meetings held and 1 planned in 2025-2026, one held in 2024-2025; an РМО."""
    school = district["school_a"]
    maths = Association.objects.create(
        name="ШМО математиков", kind=Association.Kind.SCHOOL, organization=school
    )
    langs = Association.objects.create(
        name="ШМО филологов", kind=Association.Kind.SCHOOL, organization=school
    )
    rmo = Association.objects.create(
        name="РМО учителей физики", kind=Association.Kind.DISTRICT, organization=district["school_b"]
    )
    _meeting(maths, 2025, Meeting.Status.HELD, 1)
    _meeting(maths, 2025, Meeting.Status.HELD, 2)
    _meeting(langs, 2025, Meeting.Status.HELD, 3)
    _meeting(langs, 2025, Meeting.Status.PLANNED, 4)
    _meeting(maths, 2024, Meeting.Status.HELD, 5)
    _meeting(rmo, 2025, Meeting.Status.HELD, 6)


def _page(client, sub) -> str:
    return client.get(reverse("monitoring:submission", args=[sub.pk])).content.decode()


def test_meetings_held_are_prefilled_from_the_journal(director_a_client, campaign, district, meetings):
    sub = Submission.objects.get(campaign=campaign, organization=district["school_a"])
    page = _page(director_a_client, sub)
    # «Проведено заседаний»: the 3 meetings held in the form's year 2025-2026 (not the planned one,
    # not last year's, not the district РМО's)
    assert 'name="v_meetings" id="v_meetings" value="3"' in page
    assert "из журнала заседаний ШМО" in page
    assert 'name="v_teachers" id="v_teachers" value="2"' in page  # the directory's count as before
    assert "из справочника" in page


def test_school_without_meetings_in_the_journal_gets_no_prefill(
    director_b_client, campaign, district, meetings
):
    sub = Submission.objects.get(campaign=campaign, organization=district["school_b"])
    page = _page(director_b_client, sub)
    assert 'name="v_meetings" id="v_meetings" value=""' in page  # nothing known, not a made-up 0
    assert 'data-testid="prefill-meetings"' not in page


def test_school_corrects_the_prefilled_value_with_a_note(director_a_client, campaign, district, meetings):
    sub = Submission.objects.get(campaign=campaign, organization=district["school_a"])
    data = {**GOOD, "v_meetings": "4", "n_meetings": "Одно заседание — выездное, протокол в бумаге"}
    response = director_a_client.post(
        reverse("monitoring:submission", args=[sub.pk]), {**data, "version": sub.version, "save": ""}
    )
    assert response.status_code == 302
    answer = sub.answers.get(indicator__code="meetings")
    assert answer.value == 4 and answer.note.startswith("Одно заседание")
    page = _page(director_a_client, sub)
    assert 'name="v_meetings" id="v_meetings" value="4"' in page
    assert "В журнале заседаний ШМО: 3. Если значение отличается, поясните ниже." in page
    assert 'value="Одно заседание — выездное, протокол в бумаге"' in page


def test_year_is_the_forms(campaign, district, meetings):
    indicators = list(campaign.form.indicators.all())
    assert services.prefill_for(indicators, district["school_a"].pk, 2025)["meetings"] == 3
    assert services.prefill_for(indicators, district["school_a"].pk, 2024)["meetings"] == 1
    assert "meetings" not in services.prefill_for(indicators, district["school_a"].pk, 2023)
    assert services.prefill_for(indicators, district["school_a"].pk)["meetings"] == 3  # the form's 2025


def test_prefill_queries_do_not_grow_with_matched_indicators(campaign, district, meetings):
    form = campaign.form
    indicators = list(form.indicators.select_related("section"))  # as the pages read them
    school = district["school_a"].pk
    with CaptureQueriesContext(connection) as before:
        services.prefill_for(indicators, school, form.year)
    for n in range(10):  # more questions the same facts answer
        Indicator.objects.create(form=form, position=20 + n, code=f"m{n}", name="Заседаний ШМО проведено")
        Indicator.objects.create(form=form, position=40 + n, code=f"t{n}", name="Количество педагогов")
    indicators = list(form.indicators.select_related("section"))  # as the pages read them
    with CaptureQueriesContext(connection) as after:
        values = services.prefill_for(indicators, school, form.year)
    assert values["m9"] == 3 and values["t9"] == 2
    assert len(after.captured_queries) == len(before.captured_queries) == 2  # the staff counts, the meetings
