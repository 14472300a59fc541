"""The adaptation surveys of young specialists, for mentorship's coverage page (through
directory.person_facts.register_survey_results: mentorship never imports monitoring).

An adaptation survey is a campaign for teachers whose title, or its form's title, contains one of the
words of settings.MONITORING_ADAPTATION_MARKERS («адаптац» by default: «Адаптация молодого
специалиста»); a campaign still being prepared is left out. Its figures over the given people: how many
it asks, how many answered (sent), and per indicator the mean of a number (or of a scale «1»…«5») or
the share of «да». Four queries whatever the number of campaigns and people.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from directory.person_facts import SurveyFigure, SurveyResult

from .models import Answer, Campaign, Indicator, Submission
from .results import RESULT_STATES, number

NUMBER_KINDS = (Indicator.Kind.NUMBER_INT, Indicator.Kind.NUMBER_DEC)


def is_adaptation(campaign: Campaign) -> bool:
    text = f"{campaign.title} {campaign.form.title}".lower()
    return any(marker.lower() in text for marker in settings.MONITORING_ADAPTATION_MARKERS if marker)


def adaptation_campaigns(year: int) -> list[Campaign]:
    campaigns = (
        Campaign.objects.filter(audience=Campaign.Audience.TEACHERS, form__year=year)
        .exclude(status=Campaign.Status.DRAFT)
        .select_related("form")
        .order_by("opens_on", "deadline", "pk")
    )
    return [c for c in campaigns if is_adaptation(c)]  # in Python: SQLite's LIKE ignores case in ASCII only


def _scale(indicator: Indicator) -> bool:
    """A choice of numbers only («1»…«5»): its mean is a figure too."""
    choices = [str(c).strip() for c in indicator.choices or []]
    return indicator.kind == Indicator.Kind.CHOICE and bool(choices) and all(c.isdigit() for c in choices)


def _figure(indicator: Indicator, values: list) -> SurveyFigure:
    if indicator.kind == Indicator.Kind.YESNO:
        answers = [v for v in values if isinstance(v, bool)]
        share = 100 * sum(answers) / len(answers) if answers else None
        return SurveyFigure(indicator.name, share, "%", len(answers))
    numbers = [
        n
        for n in (
            number(v) if indicator.kind in NUMBER_KINDS else (float(v) if str(v).strip().isdigit() else None)
            for v in values
        )
        if n is not None
    ]
    mean = sum(numbers) / len(numbers) if numbers else None
    return SurveyFigure(indicator.name, mean, "", len(numbers))


def survey_results_of(person_ids: list[int], year: int) -> list[SurveyResult]:
    campaigns = adaptation_campaigns(year)
    if not campaigns:
        return []
    ids = set(person_ids)
    asked: dict[int, int] = defaultdict(int)
    sent: dict[int, set[int]] = defaultdict(set)
    for pk, campaign_id, person_id, state in Submission.objects.filter(
        campaign__in=[c.pk for c in campaigns], person_id__isnull=False
    ).values_list("pk", "campaign_id", "person_id", "state"):
        if person_id not in ids:
            continue
        asked[campaign_id] += 1
        if state in RESULT_STATES:
            sent[campaign_id].add(pk)
    indicators: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(form_id__in={c.form_id for c in campaigns}).order_by(
        "position", "pk"
    ):
        if indicator.kind in (*NUMBER_KINDS, Indicator.Kind.YESNO) or _scale(indicator):
            indicators[indicator.form_id].append(indicator)
    submissions = set().union(*sent.values())
    values: dict[tuple[int, int], list] = defaultdict(list)  # (campaign, indicator) -> the answers
    wanted = [i.pk for found in indicators.values() for i in found]
    for submission_id, campaign_id, indicator_id, value in Answer.objects.filter(
        submission__campaign__in=[c.pk for c in campaigns],
        submission__state__in=RESULT_STATES,
        indicator_id__in=wanted,
    ).values_list("submission_id", "submission__campaign_id", "indicator_id", "value"):
        if submission_id in submissions:
            values[campaign_id, indicator_id].append(value)
    return [
        SurveyResult(
            title=campaign.title,
            opens_on=campaign.opens_on,
            deadline=campaign.deadline,
            asked=asked[campaign.pk],
            answered=len(sent[campaign.pk]),
            figures=[_figure(i, values[campaign.pk, i.pk]) for i in indicators[campaign.form_id]],
            respondent=campaign.get_respondent_display(),
            personal=campaign.form.personal_answers,
            url=reverse("monitoring:campaign", args=[campaign.pk]),
        )
        for campaign in campaigns
    ]


def new_survey_url() -> str:
    return reverse("monitoring:campaign_create")
