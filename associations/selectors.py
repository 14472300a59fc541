"""Reads of the associations: the district table and the «Состав МО» table, each in constant queries.

The district table's columns are defined once here (DISTRICT_COLUMNS): the page and the XLSX export
both read them. A later part (the year plan, meetings, the analysis) adds its annotation in
`district_queryset` and fills its column's value in `district_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.russian import plural
from directory.filters import icontains_any
from directory.models import Person, ProfessionalCourse, SelfEducationTopic

from .models import AnnualAnalysis, Association, AssociationPlan, AssociationTheme, Membership

#: The district table's «План работы»: the year plan's roadmap status (Part 2).
PLAN_STATES = {None: "нет", "draft": "черновик", "approved": "утверждён", "archived": "в архиве"}

#: Shown in a column whose part is not built yet (the year plan, meetings, the analysis).
NOT_YET = "—"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float = 20


DISTRICT_COLUMNS = (
    Column("name", "Объединение", 40),
    Column("kind", "Вид", 14),
    Column("school", "Организация", 24),
    Column("subjects", "Предмет / направление", 24),
    Column("head", "Руководитель", 24),
    Column("members", "Участников", 12),
    Column("theme", "Методическая тема", 40),
    Column("plan", "План работы", 14),
    Column("meetings", "Заседания (план / проведено)", 16),
    Column("analysis", "Анализ работы", 14),
    Column("last_activity", "Последние изменения", 18),
)


@dataclass
class DistrictRow:
    association: Association
    values: dict[str, object] = field(default_factory=dict)

    @property
    def cells(self) -> list[object]:
        return [self.values[column.key] for column in DISTRICT_COLUMNS]


def _latest(model, path: str, **filters) -> Subquery:
    return Subquery(
        model.objects.filter(**{path: OuterRef("pk")}, **filters)
        .order_by()
        .values(path)
        .annotate(latest=Max("updated_at"))
        .values("latest")[:1]
    )


#: The district table's words for an analysis' state (no analysis: «нет»).
ANALYSIS_STATES = {
    AnnualAnalysis.State.DRAFT: "черновик",
    AnnualAnalysis.State.SUBMITTED: "отправлен",
    AnnualAnalysis.State.RETURNED: "возвращён",
    AnnualAnalysis.State.ACCEPTED: "принят",
}


def analysis_year(year: int, today: dt.date | None = None) -> int:
    """The academic year whose analysis is due while `year` runs: from May its own, before May the last one.

    An analysis is written when the year ends; from September to April the one just finished is the
    analysis people look for.
    """
    today = today or timezone.localdate()
    if dt.date(year + 1, 5, 1) <= today:
        return year
    return year - 1


def district_queryset(qs: QuerySet[Association], year: int) -> QuerySet[Association]:
    """The associations with everything the district table shows, for one query (+ one for subjects)."""
    from . import selectors_meetings  # Part 3: the meetings column

    current = Membership.objects.filter(association=OuterRef("pk"), left_on__isnull=True)
    qs = selectors_meetings.annotate_district(qs, year)
    return (
        qs.select_related("organization", "head")
        .prefetch_related("subjects")
        .annotate(
            members_count=Coalesce(
                Subquery(
                    current.order_by().values("association").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            year_theme=Subquery(
                AssociationTheme.objects.filter(association=OuterRef("pk"), year=year).values("theme")[:1]
            ),
            # Part 2: the status of the year's plan (its roadmap's), None when there is none.
            plan_status=Subquery(
                AssociationPlan.objects.filter(association=OuterRef("pk"), year=year).values(
                    "roadmap__status"
                )[:1]
            ),
            members_changed=_latest(Membership, "association"),
            theme_changed=_latest(AssociationTheme, "association"),
            # --- Annual analysis (part 4): the state of the analysis due now (see analysis_year) ---
            analysis_state=Subquery(
                AnnualAnalysis.objects.filter(association=OuterRef("pk"), year=analysis_year(year)).values(
                    "state"
                )[:1]
            ),
            courses_changed=Subquery(
                ProfessionalCourse.objects.filter(
                    person__memberships__association=OuterRef("pk"),
                    person__memberships__left_on__isnull=True,
                )
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
        )
        .order_by("organization__kind", "organization__short_name", "kind", "name")
    )


def _subjects_text(association: Association) -> str:
    names = [subject.name for subject in association.subjects.all()]
    if association.area:
        names.append(association.area)
    return ", ".join(names)


def last_activity(association: Association) -> dt.datetime | None:
    moments = [
        association.updated_at,
        association.members_changed,
        association.theme_changed,
        association.courses_changed,
        getattr(association, "meetings_changed", None),  # Part 3
    ]
    moments = [moment for moment in moments if moment]
    return max(moments) if moments else None


def district_rows(associations: QuerySet[Association]) -> list[DistrictRow]:
    """The rows of the district table from `district_queryset` (no query per association)."""
    rows = []
    for association in associations:
        changed = last_activity(association)
        rows.append(
            DistrictRow(
                association,
                {
                    "name": association.name,
                    "kind": association.get_kind_display(),
                    "school": association.organization.short_name,
                    "subjects": _subjects_text(association),
                    "head": association.head.short_name if association.head else "",
                    "members": association.members_count,
                    "theme": association.year_theme or "",
                    # The parts to come (issue 15, parts 2–4) fill these.
                    "plan": PLAN_STATES.get(association.plan_status, ""),
                    "meetings": f"{association.meetings_planned} / {association.meetings_held}",  # Part 3
                    "analysis": ANALYSIS_STATES.get(association.analysis_state, "нет"),
                    "last_activity": timezone.localtime(changed).strftime("%d.%m.%Y") if changed else "",
                },
            )
        )
    return rows


# --- Состав МО -----------------------------------------------------------------------------------


def experience_text(since: dt.date | None, today: dt.date) -> str:
    """«12 лет» of teaching experience from the directory's start date; empty when it is unknown."""
    if since is None:
        return ""
    years = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
    years = max(years, 0)
    return f"{years} {plural(years, 'год', 'года', 'лет')}"


@dataclass(frozen=True)
class RosterRow:
    membership: Membership
    name: str
    organization: str
    position: str
    subjects: str
    category: str
    category_date: dt.date | None
    experience: str
    young: bool
    self_education: str
    courses: list[ProfessionalCourse]
    attestation_year: int | None

    @property
    def courses_text(self) -> str:
        return "; ".join(str(course) for course in self.courses)

    @property
    def category_text(self) -> str:
        if self.category_date:
            return f"{self.category} ({self.category_date:%d.%m.%Y})"
        return self.category


ROSTER_COLUMNS = (
    Column("number", "№", 5),
    Column("name", "Ф.И.О.", 30),
    Column("organization", "Организация", 20),
    Column("position", "Должность", 22),
    Column("subjects", "Предмет(ы)", 20),
    Column("category", "Квалификационная категория (дата)", 24),
    Column("experience", "Педагогический стаж", 12),
    Column("young", "Молодой специалист", 12),
    Column("self_education", "Тема самообразования", 36),
    Column("courses", "Курсы повышения квалификации", 40),
    Column("attestation", "Планируемая аттестация", 14),
)


def roster(association: Association, year: int, *, today: dt.date | None = None) -> list[RosterRow]:
    """The current members with what the directory knows of them (four queries, whatever the size)."""
    today = today or timezone.localdate()
    memberships = (
        association.memberships.filter(left_on__isnull=True)
        .select_related("person__organization")
        .prefetch_related(
            "person__subjects",
            Prefetch("person__courses", queryset=ProfessionalCourse.objects.order_by("-year", "topic")),
            Prefetch(
                "person__self_education_topics",
                queryset=SelfEducationTopic.objects.filter(year=year),
                to_attr="year_topics",
            ),
        )
        .order_by("person__last_name", "person__first_name", "person__patronymic")
    )
    rows = []
    for membership in memberships:
        person = membership.person
        rows.append(
            RosterRow(
                membership=membership,
                name=person.full_name,
                organization=person.organization.short_name,
                position=person.position,
                subjects=", ".join(subject.name for subject in person.subjects.all()),
                category=person.get_category_display(),
                category_date=person.category_date,
                experience=experience_text(person.teaching_since, today),
                young=person.is_young_specialist(today),
                self_education=person.year_topics[0].topic if person.year_topics else "",
                courses=list(person.courses.all()),
                attestation_year=person.attestation_planned_year,
            )
        )
    return rows


def roster_cells(number: int, row: RosterRow) -> list[object]:
    return [
        number,
        row.name,
        row.organization,
        row.position,
        row.subjects,
        row.category_text,
        row.experience,
        "да" if row.young else "",
        row.self_education,
        row.courses_text,
        row.attestation_year or "",
    ]


def former_members(association: Association) -> QuerySet[Membership]:
    """Who left, latest first (the history the page shows under the table)."""
    return (
        association.memberships.filter(left_on__isnull=False)
        .select_related("person")
        .order_by("-left_on", "person__last_name")
    )


#: The sections of an association page, in order; a later part adds its own (plan, meetings, analysis).
@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str


SECTIONS: list[Section] = [
    Section("members", "Состав МО", "associations/sections/members.html"),
    Section("plan", "План работы", "associations/sections/plan.html"),
    Section("meetings", "Заседания", "associations/sections/meetings.html"),
    Section("analysis", "Анализ работы", "associations/sections/analysis.html"),
]

SectionCheck = Callable[[Association], bool]


#: How many people the «Добавить участника» search lists.
CANDIDATES_LIMIT = 20


def member_candidates(association: Association, query: str) -> list[Person]:
    """Up to 20 people whose name matches `query` and who are not current members (a ШМО: its school's staff).

    Every word of the query occurs in the name, whatever the case («иван пет» finds Петров Иван Ильич).
    """
    people = Person.objects.select_related("organization").exclude(
        memberships__association=association, memberships__left_on__isnull=True
    )
    if association.is_school:
        people = people.filter(organization_id=association.organization_id)
    people = people.filter(
        icontains_any(("last_name", "first_name", "patronymic"), " ".join(query.split()[:4]))
    )
    return list(people.order_by("last_name", "first_name", "patronymic")[:CANDIDATES_LIMIT])
