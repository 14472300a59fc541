"""The facts an annual analysis starts from: what the product already knows about an association's year.

`analysis_facts(association, year)` reads them in a constant number of queries (two of its own, plus
whatever the providers read) and returns groups of (label, value) lines; the page shows them, the
submission freezes them (`AnalysisFacts.as_json`) and the printed document turns each group into a table.

The parts of the associations app that know more (the meetings, the year plan, later the contests) add
a group by setting `FACT_PROVIDERS[title] = provider`; until then the group says so honestly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from core.russian import plural
from directory.models import Person, ProfessionalCourse

from . import plans
from .models import Association, Membership
from .selectors_meetings import analysis_facts as meeting_facts

NO_DATA = "нет данных"

Line = tuple[str, str]
#: (association, year) -> the lines of its group
FactProvider = Callable[[Association, int], list[Line]]


def _not_built_yet(what: str) -> FactProvider:
    def provider(association: Association, year: int) -> list[Line]:
        return [(what, NO_DATA)]

    return provider


#: Groups that other parts fill, in printed order: the title of the group -> its provider.
#: Contests, when they come, register theirs.
FACT_PROVIDERS: dict[str, FactProvider] = {
    "Заседания": meeting_facts,
    "Выполнение плана работы": lambda association, year: plans.analysis_facts(association, year),
    "Конкурсы и открытые уроки": _not_built_yet("Участие в конкурсах, открытые уроки"),
}


@dataclass(frozen=True)
class FactGroup:
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class AnalysisFacts:
    groups: list[FactGroup]

    def as_json(self) -> list[dict]:
        return [{"title": g.title, "lines": [list(line) for line in g.lines]} for g in self.groups]

    @classmethod
    def from_json(cls, data: list[dict] | None) -> AnalysisFacts:
        return cls(
            [
                FactGroup(item["title"], [(str(a), str(b)) for a, b in item.get("lines", [])])
                for item in data or []
            ]
        )


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """1 September of `year` to 31 August of the next."""
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def _people_word(count: int) -> str:
    return f"{count} {plural(count, 'педагог', 'педагога', 'педагогов')}"


def _members_in_year(association: Association, year: int) -> list[Person]:
    """Everyone who was a member at some time in the academic year (one query)."""
    start, end = year_bounds(year)
    memberships = (
        Membership.objects.filter(association=association, joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__patronymic")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, membership.person)
    return list(people.values())


def _composition(people: list[Person], end: dt.date) -> FactGroup:
    counts = Counter(person.category for person in people)
    lines: list[Line] = [("Участников в течение учебного года", _people_word(len(people)))]
    for value, label in Person.Category.choices:
        if counts[value]:
            lines.append((f"Квалификационная категория: {label}", _people_word(counts[value])))
    young = sum(1 for person in people if person.is_young_specialist(end))
    lines.append(("Молодых специалистов", _people_word(young) if young else "нет"))
    return FactGroup("Состав объединения", lines)


def _courses(people: list[Person], year: int) -> FactGroup:
    # A course is recorded with its calendar year: an academic year spans two of them.
    courses = list(
        ProfessionalCourse.objects.filter(person__in=[p.pk for p in people], year__in=(year, year + 1))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "year", "topic")
    )
    title = f"Курсы повышения квалификации ({year}–{year + 1} гг.)"
    if not courses:
        return FactGroup(title, [("Прошли курсы", "нет сведений о курсах за этот год")])
    hours = sum(course.hours or 0 for course in courses)
    trained = len({course.person_id for course in courses})
    lines: list[Line] = [
        (
            "Прошли курсы",
            f"{_people_word(trained)}, {len(courses)} {plural(len(courses), 'курс', 'курса', 'курсов')}, "
            f"{hours} ч.",
        ),
    ]
    lines += [(course.person.short_name, str(course)) for course in courses]
    return FactGroup(title, lines)


def _attestation(people: list[Person], year: int) -> FactGroup:
    start, end = year_bounds(year)
    lines: list[Line] = []
    attested = [p for p in people if p.category_date and start <= p.category_date <= end]
    lines.append(("Аттестованы в учебном году", _people_word(len(attested)) if attested else "нет"))
    lines += [(p.short_name, f"{p.get_category_display()} ({p.category_date:%d.%m.%Y})") for p in attested]
    planned = [p for p in people if p.attestation_planned_year == year + 1]
    lines.append((f"Планируют аттестацию в {year + 1} г.", _people_word(len(planned)) if planned else "нет"))
    lines += [(p.short_name, p.get_category_display()) for p in planned]
    return FactGroup("Аттестация", lines)


def analysis_facts(association: Association, year: int) -> AnalysisFacts:
    """What the product knows about the association's academic year `year` (2025 → 2025-2026)."""
    people = _members_in_year(association, year)
    groups = [
        _composition(people, year_bounds(year)[1]),
        _courses(people, year),
        _attestation(people, year),
    ]
    groups += [
        FactGroup(title, list(provider(association, year))) for title, provider in FACT_PROVIDERS.items()
    ]
    return AnalysisFacts(groups)
