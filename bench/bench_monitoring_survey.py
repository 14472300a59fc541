"""A teachers' questionnaire of 3,000 respondents: the district's totals and the deficits by area.

    cd bench && DEBUG=1 ../.venv/bin/python bench_monitoring_survey.py

On a throwaway database (common.bootstrap: PostgreSQL on 127.0.0.1:5432 when it answers, else SQLite):
30 schools of 100 teachers each (people in bulk), a diagnostics form of 12 questions (yes/no with a
deficit area, a 1–5 scale, a choice of several, a number), a campaign opened for all teachers by
monitoring.services.campaign_create (3,000 drafts), then every questionnaire sent with its answers
(bulk_create: 36,000 answers). Timed, best of 5: results.survey_summary (per question: how many
answered, shares of the options, sum/mean/min/max), deficits.area_counts (area → teachers) and
results.school_counts (N of M per school); the number of queries of each is printed — it does not
depend on the number of respondents. Prints figures only, with the target (well under 1 s) beside.
"""

from __future__ import annotations

import time

import common

common.bootstrap("monitoring_survey")

from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

SCHOOLS, TEACHERS_PER_SCHOOL = 30, 100
REPEAT = 5
TARGET_MS = 1000


def build():
    from directory.models import Organization, Person
    from monitoring import services
    from monitoring.models import Answer, Indicator, MonitoringForm, Submission

    user, _office = common.methodist()
    schools = Organization.objects.bulk_create(
        [Organization(name=f"МБОУ «СОШ № {n}»", short_name=f"СОШ № {n}") for n in range(1, SCHOOLS + 1)]
    )
    Person.objects.bulk_create(
        [
            Person(
                organization=school,
                last_name=f"Педагог{s}_{t}",
                first_name="Имя",
                position="Учитель",
                teaching_since=timezone.localdate().replace(year=2000 + t % 25),
            )
            for s, school in enumerate(schools)
            for t in range(TEACHERS_PER_SCHOOL)
        ],
        batch_size=1000,
    )
    form = MonitoringForm.objects.create(
        title="Диагностика профессиональных дефицитов", year=2026, personal_answers=True
    )
    areas = [a for a, _label in Indicator.Area.choices]
    indicators = []
    for n in range(8):
        indicators.append(
            Indicator(
                form=form,
                position=n,
                code=f"q{n}",
                name=f"Испытываю затруднения: вопрос {n}",
                kind=Indicator.Kind.YESNO,
                area=areas[n % len(areas)],
                aggregate=Indicator.Aggregate.SHARE_YES,
            )
        )
    indicators.append(
        Indicator(
            form=form,
            position=8,
            code="scale",
            name="Владею предметом (1–5)",
            kind=Indicator.Kind.CHOICE,
            choices=["1", "2", "3", "4", "5"],
            area="subject",
            deficit_answers=["1", "2"],
        )
    )
    indicators.append(
        Indicator(
            form=form,
            position=9,
            code="formats",
            name="Удобные форматы",
            kind=Indicator.Kind.MULTICHOICE,
            choices=["курсы", "наставник", "семинар", "самообразование"],
        )
    )
    indicators.append(
        Indicator(form=form, position=10, code="hours", name="Часов в месяц", kind="number_int")
    )
    indicators.append(Indicator(form=form, position=11, code="note", name="Что ещё", kind="text"))
    indicators = Indicator.objects.bulk_create(indicators)
    campaign = services.campaign_create(
        user=user,
        form=form,
        title="Диагностика 2026",
        opens_on=None,
        deadline=None,
        schools=None,
        audience="teachers",
    )
    subs = list(Submission.objects.filter(campaign=campaign).order_by("pk"))
    now = timezone.now()
    Submission.objects.filter(campaign=campaign).update(state=Submission.State.SUBMITTED, submitted_at=now)
    answers = []
    formats = ["курсы", "наставник", "семинар", "самообразование"]
    for n, sub in enumerate(subs):
        for i in indicators[:8]:
            answers.append(Answer(submission=sub, indicator=i, value=(n + i.position) % 3 == 0))
        answers.append(Answer(submission=sub, indicator=indicators[8], value=str(1 + n % 5)))
        answers.append(Answer(submission=sub, indicator=indicators[9], value=formats[: 1 + n % 4]))
        answers.append(Answer(submission=sub, indicator=indicators[10], value=n % 20))
        answers.append(Answer(submission=sub, indicator=indicators[11], value="Нужна помощь с журналом"))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return campaign, len(subs), len(answers)


def timed(label: str, func) -> None:
    best = float("inf")
    queries = 0
    for _ in range(REPEAT):
        reset_queries()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
        queries = len(connection.queries)
    ms = best * 1000
    met = "met" if ms < TARGET_MS else "NOT met"
    print(f"{label:<28} {ms:8.1f} ms (best of {REPEAT}), {queries} queries | target < {TARGET_MS} ms: {met}")


def main() -> None:
    from monitoring import deficits, results

    print(common.database_label())
    start = time.perf_counter()
    campaign, respondents, answers = build()
    print(f"built {respondents} questionnaires, {answers} answers in {time.perf_counter() - start:.1f} s")
    summary = results.survey_summary(campaign)
    print(f"answered {summary.answered} of {summary.expected}; questions {len(summary.indicators)}")
    timed("results.survey_summary", lambda: results.survey_summary(campaign))
    timed("deficits.area_counts", lambda: deficits.area_counts(campaign))
    timed("results.school_counts", lambda: results.school_counts(campaign))


if __name__ == "__main__":
    main()
