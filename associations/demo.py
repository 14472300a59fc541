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
    return rmos[0]


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
