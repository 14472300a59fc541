"""The demo district's methodological associations (called by portal.demo.seed_demo; idempotent).

Three РМО (mathematics, Russian language, primary school) with a member from every school, and in the
first three schools a ШМО per subject area with the school's teachers; themes for this academic year,
the members' тема самообразования and a few professional development courses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from core.academic_year import academic_year_start
from directory import services as directory_services
from directory.models import Organization, Person, ProfessionalCourse

from . import analysis_review, services
from .models import AnnualAnalysis, Association, Membership
from .selectors import analysis_year

# Indexes in the TEACHERS of a demo school (portal.demo): math, russian, history, primary, english, physics.
MATH, RUSSIAN, HISTORY, PRIMARY, ENGLISH, PHYSICS = range(6)

RMO = [
    (
        "РМО учителей математики",
        ["Математика"],
        MATH,
        "Повышение качества математического образования "
        "через формирование функциональной грамотности обучающихся",
    ),
    (
        "РМО учителей русского языка и литературы",
        ["Русский язык", "Литература"],
        RUSSIAN,
        "Совершенствование подготовки обучающихся к итоговой аттестации по русскому языку",
    ),
    (
        "РМО учителей начальных классов",
        ["Начальные классы"],
        PRIMARY,
        "Формирование читательской грамотности младших школьников в условиях обновлённого ФГОС НОО",
    ),
]
SHMO = [
    (
        "ШМО учителей естественно-математического цикла",
        ["Математика", "Физика"],
        (MATH, PHYSICS),
        PHYSICS,
        "Развитие исследовательских умений обучающихся на уроках математики и физики",
    ),
    (
        "ШМО учителей гуманитарного цикла",
        ["Русский язык", "История", "Английский язык"],
        (RUSSIAN, HISTORY, ENGLISH),
        RUSSIAN,
        "Смысловое чтение как основа гуманитарного образования",
    ),
    (
        "ШМО учителей начальных классов",
        ["Начальные классы"],
        (PRIMARY,),
        None,
        "Преемственность начального и основного общего образования",
    ),
]
SELF_EDUCATION = {
    MATH: "Формирование функциональной грамотности на уроках математики",
    RUSSIAN: "Подготовка к итоговому сочинению: система работы",
    HISTORY: "Работа с историческими источниками на уроке",
    PRIMARY: "Развитие читательской грамотности младших школьников",
    ENGLISH: "Игровые технологии на уроках английского языка",
    PHYSICS: "Лабораторный эксперимент с цифровыми датчиками",
}
COURSES = [
    ("Реализация требований обновлённых ФГОС ООО, ФГОС СОО в работе учителя", "ИРО Краснодарского края", 72),
    (
        "Школа современного учителя: развитие функциональной грамотности",
        "Академия Минпросвещения России",
        100,
    ),
]


def _member(association: Association, person: Person, joined_on: dt.date) -> None:
    if not Membership.objects.filter(association=association, person=person, left_on__isnull=True).exists():
        services.member_add(association=association, person=person, joined_on=joined_on)


def seed_associations(
    *,
    method_office: Organization,
    schools: Sequence[Organization],
    teachers_by_school: dict[int, list[Person]],
    today: dt.date,
) -> Association:
    """The associations of the demo district; returns the РМО of mathematics (headed by `rukmo`)."""
    year = academic_year_start(today)
    # Members since the last academic year: its annual analysis (seed_analysis) has a composition to show.
    joined_on = dt.date(year - 1, 9, 1)
    staff = [teachers_by_school[school.pk] for school in schools]
    rmos = []
    for name, subjects, index, theme in RMO:
        rmo = services.association_save(
            name=name,
            kind=Association.Kind.DISTRICT,
            organization=method_office,
            # The young primary teacher of the first school has the demo's teacher login: a member only.
            head=staff[1 if index == PRIMARY else 0][index],
            deputy=staff[2][index],
            subjects=directory_services.subjects_from_names(subjects),
        )
        services.theme_set(association=rmo, year=year, theme=theme)
        for teachers in staff:
            _member(rmo, teachers[index], joined_on)
        rmos.append(rmo)
    for school, teachers in zip(schools[:3], staff[:3], strict=False):
        for name, subjects, indexes, head, theme in SHMO:
            shmo = services.association_save(
                name=name,
                kind=Association.Kind.SCHOOL,
                organization=school,
                head=teachers[head] if head is not None else None,
                subjects=directory_services.subjects_from_names(subjects),
            )
            services.theme_set(association=shmo, year=year, theme=theme)
            for index in indexes:
                _member(shmo, teachers[index], joined_on)
    for s_index, teachers in enumerate(staff):
        for index, person in enumerate(teachers):
            directory_services.self_education_set(person=person, year=year, topic=SELF_EDUCATION[index])
            if (s_index + index) % 3 == 0:
                topic, provider, hours = COURSES[(s_index + index) % len(COURSES)]
                if not ProfessionalCourse.objects.filter(person=person, topic=topic).exists():
                    directory_services.course_save(
                        person=person,
                        data={"topic": topic, "provider": provider, "hours": hours, "year": year},
                    )
            if person.category != Person.Category.NONE and person.category_date is None:
                person.category_date = dt.date(year - 1 - index % 3, 4, 15)
                person.save(update_fields=["category_date", "updated_at"])
            if index == MATH and person.attestation_planned_year is None:
                person.attestation_planned_year = year + 1 + s_index % 3
                person.save(update_fields=["attestation_planned_year", "updated_at"])
    seed_meetings(
        associations=list(Association.objects.filter(organization__in=[method_office, *schools[:3]])),
        teacher_person=staff[0][PRIMARY],
        today=today,
    )
    return rmos[0]


# --- Part 3: meetings and protocols ----------------------------------------------------------------

MEETINGS = [
    # (month, day, form, topic, questions)
    (
        9,
        25,
        "meeting",
        "Планирование работы на учебный год",
        ["Анализ работы за прошлый учебный год", "Утверждение плана работы", "Итоги ГИА и ВПР"],
    ),
    (
        11,
        20,
        "seminar",
        "Функциональная грамотность на уроке",
        ["Приёмы формирования функциональной грамотности", "Открытые уроки: график"],
    ),
    (
        1,
        22,
        "round_table",
        "Подготовка к ГИА: трудные задания",
        ["Разбор типичных ошибок", "Пробные экзамены"],
    ),
    (3, 26, "workshop", "Оценивание по обновлённым ФГОС", ["Критериальное оценивание", "Обмен опытом"]),
    (
        5,
        21,
        "meeting",
        "Итоги учебного года",
        ["Анализ работы объединения", "Предложения в план на новый год"],
    ),
]


def seed_meetings(*, associations: Sequence[Association], teacher_person: Person, today: dt.date) -> None:
    """4–5 meetings of each association this academic year: the past ones held with their protocols
    (attendance, questions, decisions — one with a deadline for the demo teacher where they are a member,
    else for the head), the future ones planned. Idempotent: an association with meetings is left alone."""
    from . import services_meetings as meetings

    year = academic_year_start(today)
    for association in associations:
        if association.meetings.filter(year=year).exists():
            continue
        for index, (month, day, form, topic, questions) in enumerate(MEETINGS):
            date = dt.date(year if month >= 9 else year + 1, month, day)
            meeting = meetings.meeting_save(
                association=association,
                year=year,
                date=date,
                form=form,
                topic=topic,
                place=association.organization.short_name,
                agenda=[
                    meetings.AgendaInput(
                        question=q, speakers=association.head.short_name if association.head else ""
                    )
                    for q in questions
                ],
            )
            if date > today:
                continue
            members = list(meetings.members_on(association, date))
            if not members:
                continue
            responsible = teacher_person if teacher_person in members else (association.head or members[0])
            items = list(meeting.agenda.all())
            meetings.protocol_save(
                meeting=meeting,
                version=meeting.version,
                user=None,
                chairman=association.head,
                secretary=members[-1],
                guests="Волкова Е.В., методист РМК" if association.kind != Association.Kind.SCHOOL else "",
                attendance=[
                    meetings.AttendanceInput(
                        person=p, present=n % 5 != 4, absence_reason="" if n % 5 != 4 else "болезнь"
                    )
                    for n, p in enumerate(members)
                ],
                answers={
                    item.pk: meetings.AnswerInput(
                        heard=f"{item.speakers or 'Руководителя МО'} — «{item.question}»",
                        spoke="Участники обменялись опытом, предложения приняты." if n == 0 else "",
                        decided="Информацию принять к сведению.",
                    )
                    for n, item in enumerate(items)
                },
                decisions=[
                    meetings.DecisionInput(
                        text=f"Подготовить материалы по вопросу «{items[0].question}» для сайта объединения",
                        responsible=responsible,
                        deadline=date + dt.timedelta(days=25),
                        agenda_item_id=items[0].pk,
                    ),
                    meetings.DecisionInput(
                        text="Провести взаимопосещение уроков", responsible=association.head or responsible
                    ),
                ],
                today=today,
            )
            if index == 0 and responsible != teacher_person:
                meeting.decisions.filter(deadline__isnull=False).update(done_on=date + dt.timedelta(days=20))


# --- Annual analysis (part 4) ---------------------------------------------------------------------

ANALYSIS_TEXT = {
    "achievements": "Все учителя математики района прошли диагностику функциональной грамотности; "
    "проведены два открытых урока и семинар по решению задач ОГЭ с параметром.\n"
    "Средний балл ОГЭ по математике вырос на 0,3.",
    "problems": "Не все молодые учителя посещают заседания: мешают совпадающие уроки.\n"
    "Мало обобщённого опыта в виде публикаций.",
    "next_year_tasks": "Провести районный практикум по функциональной грамотности.\n"
    "Закрепить наставников за молодыми специалистами.",
    "conclusions": "Работа РМО признана удовлетворительной; методическая тема продолжается.",
}


def seed_analysis(association: Association, *, user, today: dt.date) -> None:
    """The РМО's analysis of the academic year that just ended, sent and waiting for the methodist."""
    year = analysis_year(academic_year_start(today), today)
    if AnnualAnalysis.objects.filter(association=association, year=year).exists():
        return
    analysis = analysis_review.analysis_save(
        user=user, association=association, year=year, data=ANALYSIS_TEXT, version=None
    )
    analysis_review.analysis_submit(user=user, analysis=analysis, version=analysis.version)
