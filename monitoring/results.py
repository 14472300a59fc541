"""A campaign's results: the table of answers, district totals, targets, last year and the drill-down.

`campaign_table` reads everything in a constant number of queries (indicators, submissions, answers);
computed indicators are evaluated per row with monitoring.formulas, and the district totals follow
each indicator's aggregate: sum, mean, share of «да» (per cent), or the formula over the district sums.
The XLSX/JSON export (exporters.py) and the results pages use this one table.

The results pages count the submissions that were sent or accepted (RESULT_STATES): a draft or a
returned submission is not the school's answer yet.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import formulas
from .models import Answer, Campaign, Indicator, Submission

RESULT_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)


@dataclass
class CampaignTable:
    campaign: Campaign
    indicators: list[Indicator]
    rows: list[tuple[str, dict[str, Any]]]  # (organization short name, code → value)
    totals: dict[str, Any]
    organization_ids: list[int] = field(default_factory=list)  # parallel to rows


def _round(value: float | None) -> float | int | None:
    if value is None:
        return None
    value = round(value, 2)
    return int(value) if value == int(value) else value


def campaign_table(campaign: Campaign, states: tuple[str, ...] | None = None) -> CampaignTable:
    """All submissions of the campaign (or those in `states`), three queries."""
    indicators = list(
        Indicator.objects.filter(form_id=campaign.form_id)
        .select_related("section")
        .order_by("position", "pk")
    )
    submissions_qs = Submission.objects.filter(campaign=campaign)
    answers_qs = Answer.objects.filter(submission__campaign=campaign)
    if states is not None:
        submissions_qs = submissions_qs.filter(state__in=states)
        answers_qs = answers_qs.filter(submission__state__in=states)
    submissions = list(
        submissions_qs.select_related("organization").order_by("organization__short_name", "pk")
    )
    by_submission: dict[int, dict[str, Any]] = defaultdict(dict)
    codes = {i.pk: i.code for i in indicators}
    for submission_id, indicator_id, value in answers_qs.values_list(
        "submission_id", "indicator_id", "value"
    ):
        by_submission[submission_id][codes[indicator_id]] = value
    computed = {i.code: i.formula for i in indicators if i.is_computed and i.formula}
    rows = []
    for submission in submissions:
        values = by_submission[submission.pk]
        formulas.evaluate_all(computed, values)
        for code in computed:
            values[code] = _round(values[code])
        rows.append((submission.organization.short_name, values))
    return CampaignTable(
        campaign,
        indicators,
        rows,
        _totals(indicators, [v for _n, v in rows]),
        [s.organization_id for s in submissions],
    )


def number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _numbers(values: list[dict[str, Any]], code: str) -> list[float]:
    return [n for n in (number(row.get(code)) for row in values) if n is not None]


def _totals(indicators: list[Indicator], rows: list[dict[str, Any]]) -> dict[str, Any]:
    sums = {i.code: sum(_numbers(rows, i.code)) for i in indicators if not i.is_computed}
    # A computed indicator's total is its formula over the district sums (computed ones included).
    district = formulas.evaluate_all(
        {i.code: i.formula for i in indicators if i.is_computed and i.formula}, dict(sums)
    )
    totals: dict[str, Any] = {}
    for indicator in indicators:
        code, aggregate = indicator.code, indicator.aggregate
        if aggregate == Indicator.Aggregate.SUM:
            totals[code] = _round(sums.get(code, 0.0))
        elif aggregate == Indicator.Aggregate.MEAN:
            numbers = _numbers(rows, code)
            totals[code] = _round(sum(numbers) / len(numbers)) if numbers else None
        elif aggregate == Indicator.Aggregate.SHARE_YES:
            answered = [row[code] for row in rows if isinstance(row.get(code), bool)]
            totals[code] = _round(100 * sum(answered) / len(answered)) if answered else None
        elif aggregate == Indicator.Aggregate.FORMULA and indicator.formula:
            totals[code] = _round(district[code])
        else:
            totals[code] = None
    return totals


# --- Targets, last year, drill-down ---


def below_target(indicator: Indicator, value: Any) -> bool:
    """True when a number misses the indicator's target (≥: less than it; ≤: more than it)."""
    found = number(value)
    if indicator.target is None or found is None:
        return False
    target = float(indicator.target)
    if indicator.target_direction == Indicator.Direction.AT_MOST:
        return found > target
    return found < target


@dataclass
class SchoolValue:
    organization_id: int
    name: str
    value: Any
    below: bool


@dataclass
class IndicatorResult:
    indicator: Indicator
    total: Any
    minimum: SchoolValue | None
    maximum: SchoolValue | None
    below: list[SchoolValue]
    last_year: Any = None
    change: float | int | None = None
    schools: list[SchoolValue] = field(default_factory=list)  # sorted, highest first

    @property
    def target(self) -> float | int | None:
        return None if self.indicator.target is None else _round(float(self.indicator.target))


@dataclass
class CampaignResults:
    campaign: Campaign
    previous: Campaign | None
    indicators: list[IndicatorResult]
    schools: int
    # Last year's figures are over the organizations that answered this year too (a half-collected
    # campaign against last year's full one would show a fall that is not there); how many those are,
    # and how many answered last year in all.
    compared: int = 0
    previous_schools: int = 0


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """Last year's campaign of the same indicators: the form this one was copied from, else a form of
    the same title a year before with the same codes. One or two queries."""
    form = campaign.form
    candidates = Campaign.objects.select_related("form").order_by("-deadline", "-pk")
    if form.copied_from_id:
        found = candidates.filter(form_id=form.copied_from_id).first()
        if found:
            return found
    found = candidates.filter(form__title=form.title, form__year=form.year - 1).first()
    if found is None:
        return None
    codes = set(Indicator.objects.filter(form_id=form.pk).values_list("code", flat=True))
    old = set(Indicator.objects.filter(form_id=found.form_id).values_list("code", flat=True))
    return found if codes & old else None


def _change(now: Any, before: Any) -> float | int | None:
    a, b = number(now), number(before)
    return None if a is None or b is None else _round(a - b)


def results(campaign: Campaign) -> CampaignResults:
    """Per indicator: total, min/max with the schools, schools below target, last year and change."""
    table = campaign_table(campaign, RESULT_STATES)
    previous = previous_campaign(campaign)
    last: dict[str, Any] = {}
    compared = previous_schools = 0
    if previous is not None:
        before = campaign_table(previous, RESULT_STATES)
        answered_now = set(table.organization_ids)
        same = [
            values
            for (_name, values), org_id in zip(before.rows, before.organization_ids, strict=True)
            if org_id in answered_now
        ]
        compared, previous_schools = len(same), len(before.rows)
        last = before.totals if compared == previous_schools else _totals(before.indicators, same)
    found = []
    for indicator in table.indicators:
        schools = []
        for (name, values), org_id in zip(table.rows, table.organization_ids, strict=True):
            value = values.get(indicator.code)
            if value is None or value == "" or value == []:
                continue
            schools.append(SchoolValue(org_id, name, value, below_target(indicator, value)))
        numeric = [s for s in schools if number(s.value) is not None]
        numeric.sort(key=lambda s: (-number(s.value), s.name))
        other = sorted((s for s in schools if number(s.value) is None), key=lambda s: s.name)
        total = table.totals.get(indicator.code)
        found.append(
            IndicatorResult(
                indicator=indicator,
                total=total,
                minimum=numeric[-1] if numeric else None,
                maximum=numeric[0] if numeric else None,
                below=[s for s in numeric if s.below],
                last_year=last.get(indicator.code),
                change=_change(total, last.get(indicator.code)),
                schools=numeric + other,
            )
        )
    return CampaignResults(campaign, previous, found, len(table.rows), compared, previous_schools)


def distribution(result: IndicatorResult) -> list[tuple[str, int]]:
    """How many schools chose each option (yes/no, one or several of a list), in the form's order."""
    indicator = result.indicator
    counts: dict[str, int] = defaultdict(int)
    for school in result.schools:
        value = school.value
        if isinstance(value, bool):
            counts["да" if value else "нет"] += 1
        elif isinstance(value, list):
            for item in value:
                counts[str(item)] += 1
        else:
            counts[str(value)] += 1
    order = ["да", "нет"] if indicator.kind == Indicator.Kind.YESNO else [str(c) for c in indicator.choices]
    listed = [(option, counts.pop(option, 0)) for option in order]
    return listed + sorted(counts.items())


def trend(campaign: Campaign, code: str, limit: int = 6) -> list[tuple[str, Any]]:
    """The indicator's district total in this campaign and the chain of previous ones, oldest first."""
    chain = []
    current: Campaign | None = campaign
    while current is not None and len(chain) < limit:
        total = campaign_table(current, RESULT_STATES).totals.get(code)
        chain.append((current.form.year_label, total))
        current = previous_campaign(current)
    return list(reversed(chain))


# --- Teacher surveys: totals only, never a person's row ---


@dataclass
class Option:
    label: str
    count: int
    share: float | int | None  # per cent of those who answered the indicator


@dataclass
class SurveyIndicator:
    indicator: Indicator
    answered: int
    total: Any = None  # sum (numbers)
    mean: Any = None  # mean (numbers)
    minimum: Any = None
    maximum: Any = None
    options: list[Option] = field(default_factory=list)  # yes/no and choices, in the form's order

    @property
    def is_choice(self) -> bool:
        return self.indicator.kind in CHOICE_KINDS


@dataclass
class SchoolCount:
    organization_id: int
    name: str
    answered: int
    expected: int


@dataclass
class SurveySummary:
    campaign: Campaign
    indicators: list[SurveyIndicator]
    schools: list[SchoolCount]

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.schools)

    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.schools)


CHOICE_KINDS = (Indicator.Kind.YESNO, Indicator.Kind.CHOICE, Indicator.Kind.MULTICHOICE)


def school_counts(campaign: Campaign, organization_ids=None) -> list[SchoolCount]:
    """Per organization: how many of its teachers answered (sent or accepted) of how many asked. One query."""
    from django.db.models import Count, Q

    qs = Submission.objects.filter(campaign=campaign)
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=list(organization_ids))
    rows = (
        qs.values("organization_id", "organization__short_name")
        .annotate(expected=Count("pk"), answered=Count("pk", filter=Q(state__in=RESULT_STATES)))
        .order_by("organization__short_name")
    )
    return [
        SchoolCount(r["organization_id"], r["organization__short_name"], r["answered"], r["expected"])
        for r in rows
    ]


def _share(count: int, of: int) -> float | int | None:
    return _round(100 * count / of) if of else None


def survey_summary(campaign: Campaign) -> SurveySummary:
    """Totals of a teachers' questionnaire in three queries whatever the number of respondents: per
    indicator how many answered, numbers' sum/mean/min/max, each option's count and share."""
    indicators = list(
        Indicator.objects.filter(form_id=campaign.form_id)
        .select_related("section")
        .order_by("position", "pk")
    )
    values: dict[int, list[Any]] = defaultdict(list)
    answers = Answer.objects.filter(submission__campaign=campaign, submission__state__in=RESULT_STATES)
    for indicator_id, value in answers.values_list("indicator_id", "value").iterator(chunk_size=5000):
        if value is not None and value != "" and value != []:
            values[indicator_id].append(value)
    found = []
    for indicator in indicators:
        given = values.get(indicator.pk, [])
        item = SurveyIndicator(indicator, len(given))
        if indicator.kind in CHOICE_KINDS:
            counts: dict[str, int] = defaultdict(int)
            for value in given:
                if isinstance(value, bool):
                    counts["да" if value else "нет"] += 1
                elif isinstance(value, list):
                    for option in value:
                        counts[str(option)] += 1
                else:
                    counts[str(value)] += 1
            order = (
                ["да", "нет"]
                if indicator.kind == Indicator.Kind.YESNO
                else [str(c) for c in indicator.choices]
            )
            listed = [(o, counts.pop(o, 0)) for o in order] + sorted(counts.items())
            item.options = [Option(o, n, _share(n, len(given))) for o, n in listed]
        else:
            numbers = [n for n in (number(v) for v in given) if n is not None]
            if numbers:
                item.total = _round(sum(numbers))
                item.mean = _round(sum(numbers) / len(numbers))
                item.minimum = _round(min(numbers))
                item.maximum = _round(max(numbers))
        found.append(item)
    return SurveySummary(campaign, found, school_counts(campaign))
