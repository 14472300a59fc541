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

from . import services
from .models import Association, Membership

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
    joined_on = dt.date(year, 9, 1)
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
    seed_plans(rmo=rmos[0], school=schools[0], year=year)  # Part 2: the year's work plans
    return rmos[0]


# --- Part 2: the year's work plans ---------------------------------------------------------------------

PLAN_GOAL = (
    "Совершенствование профессиональной компетентности педагогов как условие повышения качества образования."
)
PLAN_TASKS = (
    "1. Изучить и внедрить в практику обновлённые ФГОС и федеральные рабочие программы.\n"
    "2. Распространять эффективный педагогический опыт.\n"
    "3. Организовать работу с одарёнными и слабоуспевающими обучающимися."
)
PLAN_DIRECTIONS = (
    "Информационно-аналитическая деятельность\nМетодическая деятельность\n"
    "Работа с одарёнными детьми\nПовышение квалификации"
)
# (№, мероприятие, сроки, ответственные, результат); a row without сроки is a section.
RMO_PLAN = [
    ("1.", "Организационно-аналитическая работа", "", "", ""),
    (
        "1.1.",
        "Заседание РМО: анализ работы за прошлый год, утверждение плана",
        "август",
        "Руководитель РМО",
        "Протокол",
    ),
    (
        "1.2.",
        "Анализ результатов ГИА и ВПР по математике",
        "сентябрь",
        "Руководитель РМО",
        "Аналитическая справка",
    ),
    ("1.3.", "Заседания РМО", "1 раз в четверть", "Руководитель РМО", "Протоколы"),
    ("2.", "Методическая работа", "", "", ""),
    (
        "2.1.",
        "Семинар «Функциональная грамотность на уроках математики»",
        "ноябрь",
        "Руководитель РМО, методисты",
        "Методические рекомендации",
    ),
    (
        "2.2.",
        "Консультации для молодых учителей математики",
        "ежемесячно",
        "Руководитель РМО",
        "Консультации",
    ),
    ("2.3.", "Открытые уроки учителей математики", "в течение года", "Учителя математики", "Обмен опытом"),
    ("3.", "Работа с одарёнными детьми", "", "", ""),
    (
        "3.1.",
        "Муниципальный этап всероссийской олимпиады школьников",
        "декабрь",
        "Руководитель РМО",
        "Протокол",
    ),
    (
        "3.2.",
        "Районная математическая олимпиада для 5–6 классов",
        "март",
        "Руководитель РМО",
        "Приказ об итогах",
    ),
    ("3.3.", "Отчёт о работе РМО за год", "до 25 мая", "Руководитель РМО", "Анализ работы"),
]
SHMO_PLAN = [
    (
        "1.",
        "Заседание ШМО: утверждение плана работы и рабочих программ",
        "август",
        "Руководитель ШМО",
        "Протокол",
    ),
    ("2.", "Проверка рабочих программ и КТП", "до 15 сентября", "Руководитель ШМО", "Справка"),
    ("3.", "Входная диагностика обучающихся", "сентябрь", "Учителя ШМО", "Анализ результатов"),
    ("4.", "Школьный этап всероссийской олимпиады школьников", "октябрь", "Руководитель ШМО", "Протокол"),
    ("5.", "Взаимопосещение уроков", "в течение года", "Учителя ШМО", "Анализ уроков"),
    ("6.", "Заседания ШМО", "1 раз в четверть", "Руководитель ШМО", "Протоколы"),
    ("7.", "Предметная неделя", "февраль", "Руководитель ШМО, учителя ШМО", "Сценарии мероприятий"),
    ("8.", "Подготовка к ГИА: пробные экзамены", "март, апрель", "Учителя ШМО", "Аналитическая справка"),
    ("9.", "Промежуточная аттестация", "май", "Учителя ШМО", "Протоколы"),
    ("10.", "Анализ работы ШМО за год", "до 25 мая", "Руководитель ШМО", "Анализ работы"),
]


def _plan_rows(rows):
    from roadmaps.services import RowData

    return [
        RowData(
            number=number,
            activity=activity,
            is_heading=not deadline,
            deadline_text=deadline,
            responsible_text=responsible,
            result_text=result,
        )
        for number, activity, deadline, responsible, result in rows
    ]


def seed_plans(*, rmo: Association, school: Organization, year: int) -> None:
    """This year's plans: the РМО of mathematics and two ШМО of the first school (one approved with its
    approval block filled, one a draft). Idempotent: an existing plan is left as it is."""
    from roadmaps import services as roadmap_services

    from . import plans
    from .models import AssociationPlan

    shmo = list(
        Association.objects.filter(organization=school, kind=Association.Kind.SCHOOL).order_by("name")[:2]
    )
    for index, (association, rows) in enumerate([(rmo, RMO_PLAN), *((s, SHMO_PLAN) for s in shmo)]):
        if AssociationPlan.objects.filter(association=association, year=year).exists():
            continue
        plan = plans.plan_create(user=None, association=association, year=year)
        roadmap_services.roadmap_update(
            user=None, roadmap=plan.roadmap, data={"goal": PLAN_GOAL, "tasks": PLAN_TASKS}
        )
        roadmap_services.rows_append(user=None, roadmap=plan.roadmap, rows=_plan_rows(rows))
        details = {
            "directions": PLAN_DIRECTIONS,
            "reviewed_protocol": "1",
            "reviewed_on": dt.date(year, 8, 28),
        }
        if association.is_school and index == 1:
            details |= {
                "agreed_by": f"Заместитель директора по УВР {school.short_name}",
                "agreed_on": dt.date(year, 8, 29),
                "approved_by": f"директора {school.short_name}",
                "approved_order_number": "112",
                "approved_order_date": dt.date(year, 8, 30),
            }
        plans.plan_details_save(plan=plan, data=details, version=plan.version)
        if index < 2:  # the РМО's and the first ШМО's plans are approved; the second ШМО's is a draft
            plans.plan_approve(user=None, plan=plan)
