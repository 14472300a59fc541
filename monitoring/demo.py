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
    """A current campaign for the demo schools (the first half of them answered and sent), and the
    teachers' questionnaires: the deficits diagnostics and the young specialists' adaptation survey."""
    campaign = _seed_school_campaign(schools=schools, methodist=methodist, directors=directors, today=today)
    seed_teacher_surveys(schools=schools, methodist=methodist, today=today, directors=directors)
    return campaign


def _seed_school_campaign(*, schools, methodist, directors: list, today: dt.date) -> Campaign:
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


# --- Teachers' questionnaires ---------------------------------------------------------------------

# (code, question, area, kind, choices, answers that mark a deficit)
DEFICITS_FORM = [
    ("subj_new", "Испытываю затруднения с новым содержанием ФОП по предмету", "subject", "yesno", [], []),
    (
        "subj_level",
        "Оцените владение содержанием предмета (1 — слабо, 5 — свободно)",
        "subject",
        "choice",
        ["1", "2", "3", "4", "5"],
        ["1", "2"],
    ),
    (
        "meth_card",
        "Испытываю затруднения при составлении технологической карты урока",
        "methodical",
        "yesno",
        [],
        [],
    ),
    (
        "meth_fgos",
        "Испытываю затруднения с формированием функциональной грамотности",
        "methodical",
        "yesno",
        [],
        [],
    ),
    ("psy_class", "Испытываю затруднения с дисциплиной в классе", "psychological", "yesno", [], []),
    ("psy_parents", "Испытываю затруднения в общении с родителями", "psychological", "yesno", [], []),
    ("dig_journal", "Испытываю затруднения в работе с электронным журналом", "digital", "yesno", [], []),
    (
        "dig_cok",
        "Испытываю затруднения с цифровыми образовательными ресурсами (ФГИС «Моя школа»)",
        "digital",
        "yesno",
        [],
        [],
    ),
    (
        "help",
        "Какая помощь нужна в первую очередь",
        "",
        "choice",
        ["наставник", "курсы", "семинар РМО", "не нужна"],
        [],
    ),
]

ADAPTATION_FORM = [
    ("comfort", "Насколько комфортно вам в коллективе (1 — некомфортно, 5 — очень комфортно)", "choice"),
    ("mentor", "Закреплён ли за вами наставник", "yesno"),
    ("meetings", "Сколько раз за месяц вы встречались с наставником", "number_int"),
    ("hard", "Что даётся труднее всего", "text"),
]


def _diagnostics_form(year: int) -> MonitoringForm:
    form, created = MonitoringForm.objects.get_or_create(
        title="Диагностика профессиональных дефицитов педагогов",
        year=year,
        defaults={"personal_answers": True},
    )
    if created:
        for position, (code, name, area, kind, choices, marks) in enumerate(DEFICITS_FORM, start=1):
            Indicator.objects.create(
                form=form,
                position=position,
                code=code,
                name=name,
                kind=kind,
                area=area,
                choices=choices,
                deficit_answers=marks,
                required=True,
                aggregate=Indicator.Aggregate.SHARE_YES if kind == "yesno" else Indicator.Aggregate.NONE,
            )
    return form


def _adaptation_form(year: int) -> MonitoringForm:
    form, created = MonitoringForm.objects.get_or_create(title="Адаптация молодого специалиста", year=year)
    if created:
        for position, (code, name, kind) in enumerate(ADAPTATION_FORM, start=1):
            Indicator.objects.create(
                form=form,
                position=position,
                code=code,
                name=name,
                kind=kind,
                choices=["1", "2", "3", "4", "5"] if kind == "choice" else [],
                aggregate=Indicator.Aggregate.MEAN if kind == "number_int" else Indicator.Aggregate.NONE,
                min_value=0 if kind == "number_int" else None,
            )
    return form


def _demo_answers(index: int) -> dict[str, str]:
    """A plausible questionnaire: the n-th teacher's answers (a few deficits each, none for some)."""
    yes = {code for n, (code, *_rest) in enumerate(DEFICITS_FORM) if (index + n) % 4 == 0}
    data = {
        code: ("да" if code in yes else "нет") for code, _n, _a, kind, *_r in DEFICITS_FORM if kind == "yesno"
    }
    data["subj_level"] = str(2 + index % 4)
    data["help"] = ["наставник", "курсы", "семинар РМО", "не нужна"][index % 4]
    return {f"v_{code}": value for code, value in data.items()}


def seed_teacher_surveys(*, schools, methodist, today: dt.date, directors: list | None = None) -> None:
    """The deficits diagnostics for every teacher of the demo schools (personal answers; two in three
    answered, the demo «pedagog» among them), the adaptation survey of the young specialists (open), and
    the directors' assessment of each young specialist (half of them sent by the demo directors)."""
    year = academic_year_start(today)
    title = f"Диагностика профессиональных дефицитов педагогов, {academic_year_label(year)} уч. г."
    if not Campaign.objects.filter(title=title).exists():
        campaign = services.campaign_create(
            user=methodist,
            form=_diagnostics_form(year),
            title=title,
            opens_on=today - dt.timedelta(days=10),
            deadline=today + dt.timedelta(days=14),
            schools=schools,
            responsible=getattr(methodist, "person", None),
            audience=Campaign.Audience.TEACHERS,
        )
        for index, submission in enumerate(
            campaign.submissions.select_related("person__user").order_by("pk")
        ):
            user = getattr(submission.person, "user", None)
            if user is None and index % 3 == 2:
                continue  # a third have not answered yet (a teacher with a login always has)
            data = QueryDict(mutable=True)
            data.update(_demo_answers(index))
            services.questionnaire_submit_as_author(submission=submission, data=data, user=user)
    title = f"Адаптация молодых специалистов, {academic_year_label(year)} уч. г."
    if not Campaign.objects.filter(title=title).exists():
        services.campaign_create(
            user=methodist,
            form=_adaptation_form(year),
            title=title,
            opens_on=today - dt.timedelta(days=3),
            deadline=today + dt.timedelta(days=30),
            schools=schools,
            responsible=getattr(methodist, "person", None),
            audience=Campaign.Audience.TEACHERS,
            teacher_scope=Campaign.TeacherScope.YOUNG,
        )
    title = f"Адаптация молодых специалистов: оценка руководителя, {academic_year_label(year)} уч. г."
    if not Campaign.objects.filter(title=title).exists():
        campaign = services.campaign_create(
            user=methodist,
            form=_director_form(year),
            title=title,
            opens_on=today - dt.timedelta(days=3),
            deadline=today + dt.timedelta(days=30),
            schools=schools,
            responsible=getattr(methodist, "person", None),
            audience=Campaign.Audience.TEACHERS,
            teacher_scope=Campaign.TeacherScope.YOUNG,
            respondent=Campaign.Respondent.DIRECTOR,
        )
        _seed_director_answers(campaign, schools, directors or [])


DIRECTOR_FORM = [
    ("lessons", "Качество уроков молодого специалиста (1 — низкое, 5 — высокое)", "choice"),
    ("discipline", "Справляется с дисциплиной в классе", "yesno"),
    ("documents", "Ведёт документацию в срок", "yesno"),
    ("visits", "Сколько уроков вы посетили за четверть", "number_int"),
    ("support", "Какая поддержка нужна", "text"),
]


DIRECTOR_AGGREGATES = {"yesno": Indicator.Aggregate.SHARE_YES, "number_int": Indicator.Aggregate.MEAN}


def _director_form(year: int) -> MonitoringForm:
    form, created = MonitoringForm.objects.get_or_create(
        title="Адаптация молодого специалиста: оценка руководителя", year=year
    )
    if created:
        for position, (code, name, kind) in enumerate(DIRECTOR_FORM, start=1):
            Indicator.objects.create(
                form=form,
                position=position,
                code=code,
                name=name,
                kind=kind,
                required=kind != "text",
                choices=["1", "2", "3", "4", "5"] if kind == "choice" else [],
                aggregate=DIRECTOR_AGGREGATES.get(kind, Indicator.Aggregate.NONE),
                min_value=0 if kind == "number_int" else None,
            )
    return form


def _seed_director_answers(campaign: Campaign, schools, directors: list) -> None:
    """Half the questionnaires about the young specialists sent by their schools' directors (as they
    would: through the director's own submit, which checks the director answers about the school's
    teachers)."""
    by_school = {s.pk: d for s, d in zip(schools, directors, strict=False)}
    submissions = list(campaign.submissions.order_by("organization__short_name", "pk"))
    for index, submission in enumerate(submissions[: len(submissions) // 2 + len(submissions) % 2]):
        director = by_school.get(submission.organization_id)
        if director is None:
            continue
        data = QueryDict(mutable=True)
        data.update(
            {
                "v_lessons": str(3 + index % 3),
                "v_discipline": "да" if index % 3 else "нет",
                "v_documents": "да",
                "v_visits": str(2 + index % 4),
                "v_support": ["Посещение уроков наставника", "Курсы по дисциплине в классе", ""][index % 3],
            }
        )
        services.answers_submit(user=director, submission=submission, data=data, version=submission.version)
