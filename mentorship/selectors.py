"""Reads of mentorship: the bank of young specialists, the coverage figures, the pairs' participants.

Every page reads a constant number of queries whatever the size of the district.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from core.academic_year import academic_year_label, academic_year_start
from directory.models import Organization, Person, Subject
from directory.person_facts import contest_entries, survey_new_url, survey_results

from .models import IndividualPlan, MenteeDeparture, Pair, PairMember, PlanItem


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def young_specialists(today: dt.date | None = None) -> QuerySet[Person]:
    """Teachers in their first YOUNG_SPECIALIST_YEARS of work (the directory's rule) and, when the birth
    date is known, younger than MENTORSHIP_YOUNG_AGE; the district's own staff are left out, and so is
    anyone recorded as having left the school the directory still lists them in (a teacher moved to
    another school is that school's young specialist again)."""
    today = today or timezone.localdate()
    born_after = _years_before(today, settings.MENTORSHIP_YOUNG_AGE)
    left = MenteeDeparture.objects.filter(person=OuterRef("pk"), organization=OuterRef("organization"))
    return (
        Person.objects.young_specialists(today)
        .filter(Q(birth_date__isnull=True) | Q(birth_date__gt=born_after))
        .exclude(organization__kind__in=Organization.DISTRICT_KINDS)
        .exclude(Exists(left))
    )


def active_mentee_memberships() -> QuerySet[PairMember]:
    return PairMember.objects.filter(role=PairMember.Role.MENTEE, pair__status=Pair.Status.ACTIVE)


def has_active_mentor():
    """An Exists() for a Person queryset: the person is a mentee of an active pair."""
    return Exists(active_mentee_memberships().filter(person=OuterRef("pk")))


def age_on(birth_date: dt.date | None, today: dt.date) -> int | None:
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


# --- The bank -----------------------------------------------------------------------------------


@dataclass
class BankRow:
    person: Person
    school: str
    subjects: str
    teaching_since: dt.date | None
    age: int | None
    category: str
    mentors: list[str]
    forms: list[str]
    pair_ids: list[int]
    education: str = ""
    stage: str = ""
    contests: list[str] = field(default_factory=list)

    @property
    def mentor_text(self) -> str:
        return ", ".join(self.mentors) if self.mentors else "не закреплён"

    @property
    def form_text(self) -> str:
        return ", ".join(self.forms)

    @property
    def contests_text(self) -> str:
        return "; ".join(self.contests)

    @property
    def cells(self) -> list:
        return [
            self.person.full_name,
            self.school,
            self.subjects,
            self.education,
            f"{self.teaching_since:%d.%m.%Y}" if self.teaching_since else "",
            self.stage,
            self.age,
            self.category,
            self.mentor_text,
            self.form_text,
            self.contests_text,
        ]


BANK_COLUMNS = [
    ("ФИО", 36),
    ("Организация", 24),
    ("Предметы", 28),
    ("Образование", 32),
    ("Педагогический стаж с", 14),
    ("Этап адаптации", 22),
    ("Возраст", 9),
    ("Категория", 22),
    ("Наставник", 36),
    ("Форма наставничества", 26),
    ("Конкурсы", 36),
]

#: The stage of a young specialist's adaptation by their year of work (целевая модель наставничества).
ADAPTATION_STAGES = {
    1: "адаптация (1-й год работы)",
    2: "становление (2-й год работы)",
    3: "профессиональный рост (3-й год работы)",
}


def work_year(teaching_since: dt.date | None, today: dt.date) -> int | None:
    """The year of work the teacher is in: 1 in their first twelve months."""
    if teaching_since is None or teaching_since > today:
        return None
    return age_on(teaching_since, today) + 1


def adaptation_stage(teaching_since: dt.date | None, today: dt.date) -> str:
    year = work_year(teaching_since, today)
    if year is None:
        return ""
    return ADAPTATION_STAGES.get(year, f"{year}-й год работы")


def education_text(person: Person) -> str:
    """«КубГУ, 2024» — the institution and the year of graduation, whichever are known."""
    parts = [person.education_institution.strip(), str(person.education_year or "")]
    return ", ".join(p for p in parts if p)


def bank_queryset(schools: QuerySet[Organization], today: dt.date | None = None) -> QuerySet[Person]:
    return young_specialists(today).filter(organization__in=schools)


def filter_bank(qs: QuerySet[Person], *, school=None, subject=None, has_mentor: str = "") -> QuerySet[Person]:
    if school is not None:
        qs = qs.filter(organization=school)
    if subject is not None:
        qs = qs.filter(subjects=subject)
    if has_mentor == "yes":
        qs = qs.filter(has_active_mentor())
    elif has_mentor == "no":
        qs = qs.exclude(has_active_mentor())
    return qs


def _initials(last: str, first: str, patronymic: str) -> str:
    """«Иванова А.П.», as Person.short_name, from plain values."""
    initials = "".join(f"{p[0]}." for p in (first, patronymic) if p)
    return f"{last} {initials}".strip()


def _mentors_by_mentee(people: QuerySet[Person]) -> dict[int, list[tuple[int, str, list[str]]]]:
    """{person id: [(pair id, form label, mentor short names)]} of their active pairs (two queries of
    plain values: a thousand rows make no model objects)."""
    labels = dict(Pair.Form.choices)
    memberships = list(
        active_mentee_memberships()
        .filter(person__in=people.values("pk"))
        .order_by("pair__starts_on", "pk")
        .values_list("person_id", "pair_id", "pair__form")
    )
    mentors: dict[int, list[str]] = defaultdict(list)
    for pair_id, last, first, patronymic in (
        PairMember.objects.filter(role=PairMember.Role.MENTOR, pair_id__in={m[1] for m in memberships})
        .order_by("person__last_name", "pk")
        .values_list("pair_id", "person__last_name", "person__first_name", "person__patronymic")
    ):
        mentors[pair_id].append(_initials(last, first, patronymic))
    found: dict[int, list[tuple[int, str, list[str]]]] = defaultdict(list)
    for person_id, pair_id, form in memberships:
        found[person_id].append((pair_id, labels.get(form, form), mentors.get(pair_id, [])))
    return found


def bank_rows(people: QuerySet[Person], today: dt.date | None = None) -> list[BankRow]:
    """The bank's rows: four queries (people, their subjects, their active pairs, the pairs' mentors) and
    one per contests provider (the contests they entered)."""
    today = today or timezone.localdate()
    people = people.select_related("organization").prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name"), to_attr="subject_list")
    )
    people = people.order_by("organization__short_name", "last_name", "first_name", "patronymic", "pk")
    memberships = _mentors_by_mentee(people)
    categories = dict(Person.Category.choices)
    people = list(people)
    contests = contest_entries([person.pk for person in people])
    rows = []
    for person in people:
        mine = memberships.get(person.pk, [])
        rows.append(
            BankRow(
                person=person,
                school=person.organization.short_name,
                subjects=", ".join(s.name for s in person.subject_list),
                teaching_since=person.teaching_since,
                age=age_on(person.birth_date, today),
                category=categories.get(person.category, person.category),
                mentors=[name for _pair, _form, names in mine for name in names],
                forms=sorted({form for _pair, form, _names in mine}),
                pair_ids=[pair for pair, _form, _names in mine],
                education=education_text(person),
                stage=adaptation_stage(person.teaching_since, today),
                contests=contests.get(person.pk, []),
            )
        )
    return rows


# --- Coverage -------------------------------------------------------------------------------------


#: Retention (закрепление молодых специалистов) after these many years.
RETENTION_YEARS = (1, 3)


def years_label(years: int) -> str:
    """«1 год», «3 года», «5 лет»."""
    if years % 10 == 1 and years % 100 != 11:
        return f"{years} год"
    if years % 10 in (2, 3, 4) and years % 100 not in (12, 13, 14):
        return f"{years} года"
    return f"{years} лет"


@dataclass
class Retention:
    """Of the teachers who started `years` academic years ago, how many still work (no departure)."""

    years: int
    cohort_year: int  # the academic year they started in (its first year)
    started: int = 0
    working: int = 0

    @property
    def share(self) -> float:
        return 100 * self.working / self.started if self.started else 0.0

    @property
    def label(self) -> str:
        return f"через {years_label(self.years)}"

    @property
    def cohort_label(self) -> str:
        return academic_year_label(self.cohort_year)

    @property
    def text(self) -> str:
        """«2 из 3 (66,7 %)», or «нет начавших» for an empty cohort."""
        if not self.started:
            return "нет начавших"
        return f"{self.working} из {self.started} ({self.share:.1f} %)".replace(".", ",")


def _retention_row(year: int) -> list[Retention]:
    return [Retention(years, year - years) for years in RETENTION_YEARS]


@dataclass
class PlansProgress:
    """Individual plans of the academic year: how many, and their dated items done on time."""

    plans: int = 0
    items: int = 0  # items with a deadline date
    done: int = 0
    on_time: int = 0  # done no later than the deadline
    overdue: int = 0  # still planned after the deadline

    @property
    def on_time_share(self) -> float:
        return 100 * self.on_time / self.items if self.items else 0.0

    @property
    def text(self) -> str:
        """«маршрутов: 3; пунктов выполнено в срок: 4 из 6 (66,7 %); просрочено: 1»."""
        if not self.plans:
            return "маршрутов нет"
        share = f"{self.on_time_share:.1f}".replace(".", ",")
        parts = [f"маршрутов: {self.plans}"]
        if self.items:
            parts.append(f"пунктов выполнено в срок: {self.on_time} из {self.items} ({share} %)")
        parts.append(f"просрочено: {self.overdue}")
        return "; ".join(parts)

    def add(self, other: PlansProgress) -> None:
        for name in ("plans", "items", "done", "on_time", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def plans_progress(schools: QuerySet[Organization], year: int, today: dt.date) -> dict[int, PlansProgress]:
    """{organization id: the progress of its plans of `year`} (two queries)."""
    found: dict[int, PlansProgress] = defaultdict(PlansProgress)
    plans = IndividualPlan.objects.filter(organization__in=schools, year=year)
    for org_id, n in (
        plans.values_list("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    ):
        found[org_id].plans = n
    dated = PlanItem.objects.filter(plan__in=plans, due_until__isnull=False)
    done = Q(status=PlanItem.Status.DONE)
    rows = dated.values_list("plan__organization_id").annotate(
        items=Count("pk"),
        done=Count("pk", filter=done),
        on_time=Count("pk", filter=done & Q(done_on__lte=F("due_until"))),
        overdue=Count("pk", filter=Q(status=PlanItem.Status.PLANNED, due_until__lt=today)),
    )
    for org_id, items, n_done, on_time, overdue in rows.values_list(
        "plan__organization_id", "items", "done", "on_time", "overdue"
    ):
        progress = found[org_id]
        progress.items, progress.done, progress.on_time, progress.overdue = items, n_done, on_time, overdue
    return found


@dataclass
class SchoolCoverage:
    organization_id: int
    name: str
    young: int = 0
    covered: int = 0
    not_covered: list[Person] = field(default_factory=list)
    retention: list[Retention] = field(default_factory=list)
    plans: PlansProgress = field(default_factory=PlansProgress)

    @property
    def share(self) -> float:
        return 100 * self.covered / self.young if self.young else 0.0


@dataclass
class Coverage:
    schools: list[SchoolCoverage]
    forms: list[tuple[str, int]]  # (form label, active pairs)
    active_pairs: int
    retention: list[Retention] = field(default_factory=list)  # the schools in scope together
    year: int = 0  # the current academic year (its first year)
    surveys: list = field(default_factory=list)  # directory.person_facts.SurveyResult of this year
    survey_new_url: str = ""  # where an adaptation survey starts (monitoring's new campaign)
    plans: PlansProgress = field(default_factory=PlansProgress)  # the schools in scope together

    @property
    def young(self) -> int:
        return sum(s.young for s in self.schools)

    @property
    def covered(self) -> int:
        return sum(s.covered for s in self.schools)

    @property
    def share(self) -> float:
        return 100 * self.covered / self.young if self.young else 0.0

    @property
    def not_covered(self) -> int:
        return self.young - self.covered

    @property
    def year_label(self) -> str:
        return academic_year_label(self.year)

    @property
    def retention_text(self) -> str:
        """«через 1 год — 2 из 3 (66,7 %), через 3 года — …»."""
        return ", ".join(f"{r.label} — {r.text}" for r in self.retention)


def _add_retention(schools: QuerySet[Organization], by_school: dict[int, SchoolCoverage], year: int) -> None:
    """Fill each school's retention (one query): the teachers whose teaching started in the cohorts'
    academic years, counted at their school, or at the school they left (the latest departure); anyone
    with a recorded departure has left, the others are still on the staff of the directory."""
    cohorts = {r.cohort_year: r.years for r in _retention_row(year)}
    started_in = Q()
    for cohort in cohorts:
        started_in |= Q(
            teaching_since__gte=dt.date(cohort, 9, 1), teaching_since__lt=dt.date(cohort + 1, 9, 1)
        )
    last_left = MenteeDeparture.objects.filter(person=OuterRef("pk")).order_by("-left_on", "-pk")
    rows = (
        Person.objects.filter(started_in)
        .annotate(left_from=Subquery(last_left.values("organization_id")[:1]))
        .filter(Q(left_from__in=schools.values("pk")) | Q(left_from__isnull=True, organization__in=schools))
        .values_list("organization_id", "left_from", "teaching_since")
    )
    for organization_id, left_from, since in rows:
        school = by_school.get(left_from or organization_id)
        if school is None:
            continue
        years = cohorts[academic_year_start(since)]
        cell = next(r for r in school.retention if r.years == years)
        cell.started += 1
        if left_from is None:
            cell.working += 1


def coverage(schools: QuerySet[Organization], today: dt.date | None = None) -> Coverage:
    """Young specialists with an active mentor, by school, active pairs by form, the retention of the
    teachers who started 1 and 3 years ago, this year's individual plans done on time and adaptation
    surveys (seven queries and the survey providers' own, whatever the size of the district)."""
    today = today or timezone.localdate()
    year = academic_year_start(today)
    by_school = {
        org.pk: SchoolCoverage(org.pk, org.short_name, retention=_retention_row(year))
        for org in schools.order_by("kind", "short_name").only("pk", "short_name", "kind")
    }
    people = (
        bank_queryset(schools, today)
        .annotate(covered=has_active_mentor())
        .only("pk", "last_name", "first_name", "patronymic", "organization_id")
        .order_by("last_name", "first_name", "patronymic", "pk")
    )
    young_ids = []
    for person in people:
        school = by_school.get(person.organization_id)
        if school is None:
            continue
        young_ids.append(person.pk)
        school.young += 1
        if person.covered:
            school.covered += 1
        else:
            school.not_covered.append(person)
    _add_retention(schools, by_school, year)
    plans = PlansProgress()
    for org_id, progress in plans_progress(schools, year, today).items():
        if org_id in by_school:
            by_school[org_id].plans = progress
            plans.add(progress)
    labels = dict(Pair.Form.choices)
    counts = dict(
        Pair.objects.filter(status=Pair.Status.ACTIVE, organization__in=schools)
        .values_list("form")
        .annotate(n=Count("pk"))
        .values_list("form", "n")
    )
    forms = [(labels[key], counts[key]) for key in labels if counts.get(key)]
    shown = [s for s in by_school.values() if s.young or s.plans.plans or any(r.started for r in s.retention)]
    retention = _retention_row(year)
    for total in retention:
        cells = [r for s in shown for r in s.retention if r.years == total.years]
        total.started = sum(r.started for r in cells)
        total.working = sum(r.working for r in cells)
    return Coverage(
        schools=shown,
        forms=forms,
        active_pairs=sum(counts.values()),
        retention=retention,
        year=year,
        surveys=survey_results(young_ids, year),
        survey_new_url=survey_new_url(),
        plans=plans,
    )


# --- Pairs ------------------------------------------------------------------------------------------


def with_members(pairs: QuerySet[Pair]) -> QuerySet[Pair]:
    return pairs.select_related("organization", "curator").prefetch_related(
        Prefetch(
            "members",
            queryset=PairMember.objects.select_related("person").prefetch_related("consent_scans"),
        )
    )


def mentor_users_of(person_ids: Iterable[int]) -> dict[int, set[int]]:
    """{mentee person id: the user ids of their mentors in active pairs} (one query).

    A provider for the directory's person facts (register_mentors), when the directory offers it.
    """
    ids = list(person_ids)
    if not ids:
        return {}
    mentees = active_mentee_memberships().filter(person_id__in=ids)
    rows = PairMember.objects.filter(
        role=PairMember.Role.MENTOR,
        pair__in=mentees.values("pair_id"),
        person__user__isnull=False,
    ).values_list("pair_id", "person__user_id")
    users_by_pair: dict[int, set[int]] = defaultdict(set)
    for pair_id, user_id in rows:
        users_by_pair[pair_id].add(user_id)
    found: dict[int, set[int]] = defaultdict(set)
    for person_id, pair_id in mentees.values_list("person_id", "pair_id"):
        found[person_id] |= users_by_pair.get(pair_id, set())
    return {k: v for k, v in found.items() if v}
