"""The demo district's current monitoring: a small «деятельность ШМО» form, half the schools answered."""

from __future__ import annotations

import datetime as dt

from django.http import QueryDict

from core.academic_year import academic_year_label, academic_year_start

from . import services
from .models import Answer, Campaign, Indicator, MonitoringForm, Section, Submission

DEMO_FORM = [
    (
        "Кадры",
        [
            ("teachers", "Количество педагогов", Indicator.Kind.NUMBER_INT, True, {}),
            ("young", "Молодые специалисты", Indicator.Kind.NUMBER_INT, False, {}),
            (
                "young_share",
                "Доля молодых специалистов",
                Indicator.Kind.SHARE,
                False,
                {"formula": "young / teachers * 100"},
            ),
        ],
    ),
    (
        "Работа ШМО",
        [
            ("shmo", "Количество ШМО", Indicator.Kind.NUMBER_INT, True, {"max_value": 30}),
            ("meetings", "Проведено заседаний ШМО", Indicator.Kind.NUMBER_INT, True, {"max_value": 200}),
            ("plan", "План работы ШМО утверждён", Indicator.Kind.YESNO, True, {}),
            ("site", "Ссылка на страницу ШМО на сайте школы", Indicator.Kind.LINK, False, {}),
        ],
    ),
]


#: How the district total of each demo indicator is counted (a share over the district's sums, yes/no as
#: the share of «да», a link not at all).
AGGREGATES = {
    Indicator.Kind.SHARE: Indicator.Aggregate.FORMULA,
    Indicator.Kind.YESNO: Indicator.Aggregate.SHARE_YES,
    Indicator.Kind.LINK: Indicator.Aggregate.NONE,
}


def _form(year: int, copied_from: MonitoringForm | None = None) -> MonitoringForm:
    form, created = MonitoringForm.objects.get_or_create(
        title="Мониторинг деятельности ШМО", year=year, defaults={"copied_from": copied_from}
    )
    if not created:
        return form
    position = 0
    for s_index, (title, indicators) in enumerate(DEMO_FORM):
        section = Section.objects.create(form=form, position=s_index, title=title)
        for code, name, kind, required, extra in indicators:
            position += 1
            Indicator.objects.create(
                form=form,
                section=section,
                position=position,
                code=code,
                name=name,
                kind=kind,
                required=required,
                min_value=0 if kind == Indicator.Kind.NUMBER_INT else None,
                aggregate=AGGREGATES.get(kind, Indicator.Aggregate.SUM),
                **extra,
            )
    return form


def seed_monitoring(*, schools, methodist, directors: list, today: dt.date) -> Campaign:
    """A current campaign for the demo schools; the first half of them answered and sent."""
    year = academic_year_start(today)
    title = f"Мониторинг деятельности ШМО за {academic_year_label(year)} уч. г."
    existing = Campaign.objects.filter(title=title).first()
    if existing is not None:
        return existing
    last_year = _seed_last_year(schools=schools, today=today)
    campaign = services.campaign_create(
        user=methodist,
        form=_form(year, copied_from=last_year.form),
        title=title,
        opens_on=today - dt.timedelta(days=7),
        deadline=today + dt.timedelta(days=21),
        schools=schools,
        responsible=getattr(methodist, "person", None),
    )
    submissions = {s.organization_id: s for s in campaign.submissions.all()}
    for index, (school, director) in enumerate(zip(schools, directors, strict=False)):
        if index >= len(schools) // 2:
            break
        counts = services.staff_counts(school.pk)
        data = QueryDict(mutable=True)
        data.update(
            {
                "v_teachers": str(counts["teachers"]),
                "v_young": str(counts["young"]),
                "v_shmo": str(3 + index % 3),
                "v_meetings": str(12 + index * 2),
                "v_plan": "да",
            }
        )
        services.answers_submit(user=director, submission=submissions[school.pk], data=data, version=1)
    return campaign


def _seed_last_year(*, schools, today: dt.date) -> Campaign:
    """Last academic year's campaign, closed, every school's answers accepted: the year-on-year view.

    Written as history (as an imported summary sheet would be), without notices to anybody.
    """
    year = academic_year_start(today) - 1
    form = _form(year)
    campaign = Campaign.objects.create(
        form=form,
        title=f"Мониторинг деятельности ШМО за {academic_year_label(year)} уч. г.",
        opens_on=dt.date(year + 1, 5, 10),
        deadline=dt.date(year + 1, 5, 31),
        status=Campaign.Status.CLOSED,
    )
    indicators = {i.code: i for i in form.indicators.all()}
    answers = []
    for index, school in enumerate(schools):
        submission = Submission.objects.create(
            campaign=campaign, organization=school, state=Submission.State.ACCEPTED
        )
        teachers = 20 + index * 3
        values = {
            "teachers": teachers,
            "young": 1 + index % 3,
            "shmo": 2 + index % 3,
            "meetings": 10 + index,
            "plan": index % 4 != 3,
        }
        answers += [
            Answer(submission=submission, indicator=indicators[c], value=v) for c, v in values.items()
        ]
    Answer.objects.bulk_create(answers)
    return campaign
