"""Diagnostics of professional deficits: an indicator with an `area` whose answer is one of its
`deficit_answers` (a yes/no indicator: «да», «испытываю затруднения») marks a deficit of that area.

`deficits_of(person)` reads the person's latest sent questionnaire that has such indicators; the
mentorship app asks for it through directory.person_facts (registered in MonitoringConfig.ready()).
`area_counts(campaign)` is the district's table: area → how many teachers have a deficit there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .models import Answer, Campaign, Indicator, Submission

SENT_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)
AREA_LABELS = dict(Indicator.Area.choices)


def submission_deficits(submission: Submission) -> list[tuple[str, str]]:
    """(area label, indicator name) of every deficit one questionnaire shows, in the form's order."""
    answers = (
        Answer.objects.filter(submission=submission)
        .exclude(indicator__area="")
        .select_related("indicator")
        .order_by("indicator__position", "indicator__pk")
    )
    return [
        (AREA_LABELS.get(a.indicator.area, a.indicator.area), a.indicator.name)
        for a in answers
        if a.indicator.marks_deficit(a.value)
    ]


def by_area(deficits: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for area, name in deficits:
        grouped[area].append(name)
    return list(grouped.items())


def latest_diagnostics(person) -> Submission | None:
    """The person's latest sent (or accepted) questionnaire of a form with deficit areas."""
    person_id = getattr(person, "pk", person)
    return (
        Submission.objects.filter(
            person_id=person_id, state__in=SENT_STATES, campaign__form__indicators__area__gt=""
        )
        .distinct()
        .order_by("-submitted_at", "-pk")
        .first()
    )


def deficits_of(person) -> list[tuple[str, str]]:
    """The person's deficits from the latest diagnostics: [(area, indicator name)], empty if none."""
    submission = latest_diagnostics(person)
    return submission_deficits(submission) if submission else []


def has_areas(campaign: Campaign) -> bool:
    return Indicator.objects.filter(form_id=campaign.form_id).exclude(area="").exists()


@dataclass
class AreaRow:
    area: str
    teachers: int  # with at least one deficit in the area
    share: float | int | None  # of the teachers who answered, per cent


def area_counts(campaign: Campaign) -> tuple[list[AreaRow], int]:
    """Area → number of the answered teachers with a deficit there; and how many answered. Three queries."""
    indicators = {i.pk: i for i in Indicator.objects.filter(form_id=campaign.form_id).exclude(area="")}
    answered = Submission.objects.filter(campaign=campaign, state__in=SENT_STATES).count()
    teachers: dict[str, set[int]] = defaultdict(set)
    rows = Answer.objects.filter(
        submission__campaign=campaign, submission__state__in=SENT_STATES, indicator_id__in=list(indicators)
    ).values_list("submission_id", "indicator_id", "value")
    for submission_id, indicator_id, value in rows:
        indicator = indicators[indicator_id]
        if indicator.marks_deficit(value):
            teachers[indicator.area].add(submission_id)
    order = [a for a in Indicator.Area.values if any(i.area == a for i in indicators.values())]
    result = []
    for area in order:
        count = len(teachers[area])
        share = round(100 * count / answered, 1) if answered else None
        if share is not None and share == int(share):
            share = int(share)
        result.append(AreaRow(AREA_LABELS[area], count, share))
    return result, answered
