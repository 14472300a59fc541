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
    MATH: (
        "Формирование функциональной грамотности на уроках математики",
        "Решение задач с практическим содержанием в 5–9 классах",
        "Подготовка к ОГЭ по математике: работа с геометрическими задачами",
    ),
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
            topic = SELF_EDUCATION[index]
            topic = topic[s_index % len(topic)] if isinstance(topic, tuple) else topic
            directory_services.self_education_set(person=person, year=year, topic=topic)
            if (s_index + index) % 3 == 0:
                topic, provider, hours = COURSES[(s_index + index) % len(COURSES)]
                if not ProfessionalCourse.objects.filter(person=person, topic=topic).exists():
                    directory_services.course_save(
                        person=person,
                        data={"topic": topic, "provider": provider, "hours": hours, "year": year},
                    )
            if person.category != Person.Category.NONE and person.category_date is None:
                person.category_date = dt.date(year - 1 - (s_index + index) % 4, 2 + (s_index * 3) % 10, 15)
                person.save(update_fields=["category_date", "updated_at"])
            if index == MATH and person.attestation_planned_year is None:
                person.attestation_planned_year = year + 1 + s_index % 3
                person.save(update_fields=["attestation_planned_year", "updated_at"])
    seed_meetings(
        associations=list(Association.objects.filter(organization__in=[method_office, *schools[:3]])),
        teacher_person=staff[0][PRIMARY],
        today=today,
    )
    seed_plans(rmo=rmos[0], school=schools[0], year=year)  # Part 2: the year's work plans
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
