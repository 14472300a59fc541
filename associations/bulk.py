"""Many associations at once, for the query-count tests and bench/bench_associations.py (bulk inserts)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.academic_year import academic_year_start
from directory.models import Organization, Person, ProfessionalCourse, SelfEducationTopic, Subject

from .models import AgendaItem, Association, AssociationTheme, Attendance, Decision, Meeting, Membership


def build(
    *,
    method_office: Organization,
    associations: int,
    members: int,
    schools: int = 10,
    tag: str = "",
    meetings: int = 0,
) -> list[Association]:
    """`associations` associations (every other one a ШМО of one of `schools` schools, the rest РМО) with
    `members` members each, every member with a subject, a course and a тема самообразования; and
    `meetings` meetings this year each, the first half held with a protocol (every member present, two
    questions, a decision with a deadline for the head)."""
    year = academic_year_start(timezone.localdate())
    subject, _ = Subject.objects.get_or_create(name="Математика")
    places = Organization.objects.bulk_create(
        Organization(name=f"Школа {tag}{i}", short_name=f"СОШ {tag}{i}", kind=Organization.Kind.SCHOOL)
        for i in range(schools)
    )
    created = []
    for a in range(associations):
        school = places[a % schools]
        is_school = a % 2 == 0
        place = school if is_school else method_office
        people = Person.objects.bulk_create(
            Person(
                organization=school,
                last_name=f"Учитель{tag}{a}x{m}",
                first_name="Анна",
                patronymic="Петровна",
                position="Учитель математики",
                category=Person.Category.FIRST,
                category_date=dt.date(2024, 4, 1),
                teaching_since=dt.date(2010, 9, 1),
                attestation_planned_year=year + 2,
            )
            for m in range(members)
        )
        association = Association.objects.create(
            name=f"{'ШМО' if is_school else 'РМО'} {tag}{a}",
            kind=Association.Kind.SCHOOL if is_school else Association.Kind.DISTRICT,
            organization=place,
            head=people[0] if people else None,
        )
        association.subjects.add(subject)
        AssociationTheme.objects.create(association=association, year=year, theme=f"Тема {a}")
        Membership.objects.bulk_create(
            Membership(association=association, person=p, joined_on=dt.date(year, 9, 1)) for p in people
        )
        Person.subjects.through.objects.bulk_create(
            Person.subjects.through(person_id=p.pk, subject_id=subject.pk) for p in people
        )
        ProfessionalCourse.objects.bulk_create(
            ProfessionalCourse(person=p, topic="ФГОС ООО", provider="ИРО", hours=72, year=year)
            for p in people
        )
        SelfEducationTopic.objects.bulk_create(
            SelfEducationTopic(person=p, year=year, topic="Функциональная грамотность") for p in people
        )
        if meetings:
            _meetings(association, people, year, meetings)
        created.append(association)
    return created


def _meetings(association: Association, people: list[Person], year: int, count: int) -> None:
    held = count // 2 or 1
    rows = Meeting.objects.bulk_create(
        Meeting(
            association=association,
            year=year,
            number=n + 1 if n < held else None,
            date=dt.date(year, 9, 1) + dt.timedelta(days=30 * n),
            form=Meeting.Form.SEMINAR,
            topic=f"Заседание {n + 1}",
            status=Meeting.Status.HELD if n < held else Meeting.Status.PLANNED,
            chairman=people[0] if people else None,
        )
        for n in range(count)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=q, question=f"Вопрос {q}", heard="Слушали", decided="Решили")
        for m in rows
        for q in (1, 2)
    )
    done = [m for m in rows if m.status == Meeting.Status.HELD]
    Attendance.objects.bulk_create(
        Attendance(meeting=m, person=p, present=True) for m in done for p in people
    )
    if people:
        Decision.objects.bulk_create(
            Decision(
                meeting=m,
                text="Подготовить материалы",
                deadline=m.date + dt.timedelta(days=20),
                responsible=people[0],
            )
            for m in done
        )
