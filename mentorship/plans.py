"""Individual plans (ИОМ): who sees and edits them, the suggestions from deficits, the writes.

A plan belongs to a teacher (directory.Person). It is seen by the teacher, by their mentors (through
directory.person_facts.mentors_of — the pairs live elsewhere), by the director of the plan's school and
by the district (методист edits, администратор reads). Another school's plan is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.http import Http404

from core.academic_year import academic_year_start
from core.deadlines import UNPARSED, parse_deadline
from core.filetypes import check_upload
from directory.access import user_scope
from directory.models import Person
from directory.person_facts import deficits_of, mentors_known, mentors_of
from progress.services import atomic_with_files, evidence_delete, evidence_store_file, evidence_url_checked

from .models import IndividualPlan, Pair, PairMember, PlanItem, PlanItemEvidence

Form = PlanItem.Form
UNREADABLE = "срок не распознан — укажите даты вручную"

# --- Access ------------------------------------------------------------------------------------------


def mentee_ids(user) -> set[int]:
    """The people with a plan whom the user mentors (one query, then the mentors' providers)."""
    if not mentors_known() or not getattr(user, "is_authenticated", False):
        return set()
    people = IndividualPlan.objects.values_list("person_id", flat=True).distinct()
    return {pid for pid, users in mentors_of(list(people)).items() if user.pk in users}


def is_mentor_of(user, person_id: int) -> bool:
    if not mentors_known() or not getattr(user, "is_authenticated", False):
        return False
    return user.pk in mentors_of([person_id]).get(person_id, set())


def curated_people(user) -> QuerySet[Person]:
    """The mentees of the active pairs whose куратор is the user: the curator reviews their plans."""
    scope = user_scope(user)
    if scope.person_id is None:
        return Person.objects.none()
    return Person.objects.filter(
        mentorship_memberships__role=PairMember.Role.MENTEE,
        mentorship_memberships__pair__status=Pair.Status.ACTIVE,
        mentorship_memberships__pair__curator_id=scope.person_id,
    )


def is_curator_of(user, person_id: int) -> bool:
    return curated_people(user).filter(pk=person_id).exists()


def plans_visible_to(user) -> QuerySet[IndividualPlan]:
    scope = user_scope(user)
    plans = IndividualPlan.objects.select_related("person", "organization")
    if scope.district_wide:
        return plans
    condition = Q(organization_id__in=scope.school_ids)
    if scope.person_id is not None:
        condition |= Q(person_id=scope.person_id)
    if mentees := mentee_ids(user):
        condition |= Q(person_id__in=mentees)
    if scope.person_id is not None:
        condition |= Q(person_id__in=curated_people(user).values("pk"))
    return plans.filter(condition)


def get_plan_for_user(user, pk) -> IndividualPlan:
    plan = plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        raise Http404("Маршрут не найден.")
    return plan


def can_edit_plan(user, plan: IndividualPlan) -> bool:
    """The teacher, their mentor, the school's director and the methodist (the administrator reads)."""
    scope = user_scope(user)
    if scope.is_methodist:
        return True
    if plan.organization_id in scope.school_ids:
        return True
    if scope.person_id == plan.person_id:
        return True
    return is_mentor_of(user, plan.person_id)


def can_create_for(user, person: Person) -> bool:
    scope = user_scope(user)
    if scope.is_methodist or person.organization_id in scope.school_ids:
        return True
    return scope.person_id == person.pk or is_mentor_of(user, person.pk)


def can_review(user, plan: IndividualPlan) -> bool:
    """The куратор of the mentee's pair, the school's director or the district's methodist."""
    scope = user_scope(user)
    if scope.is_methodist or plan.organization_id in scope.school_ids:
        return True
    return is_curator_of(user, plan.person_id)


def can_write_notes(user, plan: IndividualPlan) -> dict:
    """Which notes the user may change: the mentor's (mentor, director, methodist), the methodist's."""
    reviewer = can_review(user, plan)
    return {"mentor": reviewer or is_mentor_of(user, plan.person_id), "methodist": reviewer}


def people_for_new_plan(user) -> QuerySet[Person]:
    """The teachers the user may start a plan for."""
    scope = user_scope(user)
    people = Person.objects.select_related("organization").order_by("last_name", "first_name")
    if scope.is_methodist:
        return people.filter(organization__isnull=False)
    condition = Q(organization_id__in=scope.school_ids)
    if scope.person_id is not None:
        condition |= Q(pk=scope.person_id)
    if mentees := mentee_ids(user) | _mentees_without_plan(user):
        condition |= Q(pk__in=mentees)
    return people.filter(condition)


def _mentees_without_plan(user) -> set[int]:
    if not mentors_known():
        return set()
    scope = user_scope(user)
    if scope.person_org_id is None:
        return set()
    colleagues = Person.objects.filter(organization_id=scope.person_org_id).values_list("pk", flat=True)
    return {pid for pid, users in mentors_of(list(colleagues)).items() if user.pk in users}


# --- Deadlines ---------------------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


@dataclass(frozen=True)
class ReadDeadline:
    due_on: dt.date | None
    due_until: dt.date | None
    unreadable: bool
    note: str = ""


def read_deadline(text: str, year: int) -> ReadDeadline:
    """The dates of a deadline text inside the plan's academic year (the roadmaps' parser)."""
    text = (text or "").strip()
    if not text:
        return ReadDeadline(None, None, False)
    start, end = year_bounds(year)
    schedule = parse_deadline(text, start, end)
    if schedule.kind == UNPARSED:
        return ReadDeadline(None, None, True, schedule.note)
    if not schedule.due:
        return ReadDeadline(None, None, False)
    return ReadDeadline(schedule.due[0], schedule.due[-1], False)


# --- The pair's term ---------------------------------------------------------------------------------

TERM_WARNING = "Срок вне периода наставничества ({:%d.%m.%Y} — {:%d.%m.%Y})"


def mentorship_term(person_id: int) -> tuple[dt.date, dt.date] | None:
    """The term of the person's active pair as a mentee (the latest one), or None (one query)."""
    return (
        Pair.objects.filter(
            status=Pair.Status.ACTIVE, members__person_id=person_id, members__role=PairMember.Role.MENTEE
        )
        .order_by("-starts_on", "-pk")
        .values_list("starts_on", "ends_on")
        .first()
    )


def term_warning(item: PlanItem, term: tuple[dt.date, dt.date] | None) -> str:
    """«Срок вне периода наставничества (…)» when the item's dates fall outside the pair's term."""
    first, last = item.due_on or item.due_until, item.due_until or item.due_on
    if term is None or first is None:
        return ""
    starts_on, ends_on = term
    if first < starts_on or last > ends_on:
        return TERM_WARNING.format(starts_on, ends_on)
    return ""


def with_term_warnings(plan: IndividualPlan, items) -> list[PlanItem]:
    """The items, each with `term_warning` set (one query for the term)."""
    term = mentorship_term(plan.person_id)
    items = list(items)
    for item in items:
        item.term_warning = term_warning(item, term)
    return items


# --- Suggestions -------------------------------------------------------------------------------------

# Survey area (its label starts with the stem) -> suggested items: (activity, form, deadline, result).
SUGGESTIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "предмет": [
        (
            "Курсы повышения квалификации по преподаваемому предмету",
            Form.COURSES,
            "до декабря",
            "Удостоверение о повышении квалификации",
        ),
        (
            "Участие в заседаниях РМО учителей предмета",
            Form.ASSOCIATION,
            "ежеквартально",
            "Выступление на заседании РМО",
        ),
    ],
    "методическ": [
        (
            "Посещение открытых уроков наставника и коллег",
            Form.LESSONS,
            "октябрь-ноябрь",
            "Анализ посещённых уроков, технологические карты",
        ),
        ("Проведение открытого урока", Form.OPEN_LESSON, "март", "Открытый урок с самоанализом"),
    ],
    "психолог": [
        (
            "Семинар-практикум по работе с детьми с особыми образовательными потребностями",
            Form.INTERNSHIP,
            "январь",
            "Индивидуальные образовательные маршруты обучающихся",
        ),
    ],
    "коммуникат": [
        (
            "Подготовка и проведение родительского собрания вместе с наставником",
            Form.OTHER,
            "ноябрь",
            "Протокол родительского собрания",
        ),
    ],
    "цифров": [
        (
            "Курсы «Цифровые образовательные ресурсы в работе учителя»",
            Form.COURSES,
            "до февраля",
            "Удостоверение о повышении квалификации",
        ),
        (
            "Самообразование: разработка урока с использованием ЦОР",
            Form.SELF_STUDY,
            "апрель",
            "Разработка урока, размещённая на сайте школы",
        ),
    ],
    "воспитат": [
        (
            "Посещение классных часов и внеурочных занятий коллег",
            Form.LESSONS,
            "в течение года",
            "План воспитательной работы класса",
        ),
    ],
}
GENERAL = [
    (
        "Самообразование по теме, связанной с выявленными дефицитами",
        Form.SELF_STUDY,
        "в течение года",
        "Отчёт о самообразовании",
    ),
    ("Участие в профессиональном конкурсе", Form.CONTEST, "по графику конкурса", "Материалы конкурса"),
]


@dataclass
class Suggestion:
    activity: str
    form: str
    deadline_text: str
    expected_result: str
    because: str = ""  # the deficit (area) that led to it


def suggestions_for(deficits: list[tuple[str, str]]) -> list[Suggestion]:
    """Suggested plan items, per area of the deficits found (each area once), then the general ones."""
    found: list[Suggestion] = []
    seen: set[str] = set()
    for area, _name in deficits:
        lowered = area.lower()
        for stem, items in SUGGESTIONS.items():
            if stem in lowered and stem not in seen:
                seen.add(stem)
                found += [Suggestion(a, f, d, r, because=area) for a, f, d, r in items]
    found += [Suggestion(a, f, d, r) for a, f, d, r in GENERAL]
    return found


def deficits_for(person: Person) -> list[list[str]]:
    return [[area, name] for area, name in deficits_of(person)]


# --- Writes ------------------------------------------------------------------------------------------


class ItemsInvalid(Exception):
    """Some items of a new plan are wrong: {index: {field: [messages]}}; nothing was saved."""

    def __init__(self, errors: dict[int, dict]):
        self.errors = errors
        super().__init__("Исправьте отмеченные пункты маршрута.")


def clean_item(data: dict, year: int) -> dict:
    """Check one item's fields (raises ValidationError with Russian messages per field)."""
    errors: dict[str, str] = {}
    activity = (data.get("activity") or "").strip()
    if not activity:
        errors["activity"] = "Опишите мероприятие."
    form = data.get("form") or Form.OTHER
    if form not in Form.values:
        errors["form"] = "Выберите форму из списка."
    text = (data.get("deadline_text") or "").strip()[:200]
    typed_on, typed_until = data.get("due_on"), data.get("due_until")
    read = read_deadline(text, year)
    due_on, due_until, unreadable = read.due_on, read.due_until, read.unreadable
    if typed_on or typed_until:  # dates typed by hand win over the text
        due_on, due_until, unreadable = typed_on or typed_until, typed_until or typed_on, False
        if due_on > due_until:
            errors["due_until"] = "Дата «по» раньше даты «с»."
        start, end = year_bounds(year)
        if due_on < start or due_until > end:
            errors["due_until"] = f"Даты выходят за учебный год маршрута ({start:%d.%m.%Y} – {end:%d.%m.%Y})."
    if errors:
        raise ValidationError(errors)
    return {
        "activity": activity,
        "form": form,
        "deadline_text": text,
        "due_on": due_on,
        "due_until": due_until,
        "deadline_unreadable": unreadable,
        "expected_result": (data.get("expected_result") or "").strip(),
    }


@transaction.atomic
def plan_create(*, user, person: Person, year: int, title: str, items: list[dict]) -> IndividualPlan:
    """A plan with its items, all or nothing (each item checked first: ValidationError keyed by index)."""
    if person.organization_id is None:
        raise ValidationError({"person": "У педагога не указана организация."})
    cleaned, errors = [], {}
    for index, data in enumerate(items):
        try:
            cleaned.append(clean_item(data, year))
        except ValidationError as exc:
            errors[index] = exc.message_dict
    if errors:
        raise ItemsInvalid(errors)
    plan = IndividualPlan.objects.create(
        person=person,
        organization_id=person.organization_id,
        year=year,
        title=(title or "").strip()[:300] or IndividualPlan.DEFAULT_TITLE,
        deficits=deficits_for(person),
        created_by=user,
    )
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, position=position, **fields) for position, fields in enumerate(cleaned, 1)
    )
    return plan


def current_year(today: dt.date) -> int:
    return academic_year_start(today)


@transaction.atomic
def item_save(*, plan: IndividualPlan, item: PlanItem | None, data: dict) -> PlanItem:
    fields = clean_item(data, plan.year)
    if item is None:
        IndividualPlan.objects.select_for_update().filter(pk=plan.pk).first()
        last = plan.items.aggregate(m=Max("position"))["m"] or 0
        return PlanItem.objects.create(plan=plan, position=last + 1, **fields)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    return item


@transaction.atomic
def item_delete(item: PlanItem) -> None:
    plan_id, position = item.plan_id, item.position
    for evidence in list(item.evidence.all()):
        evidence_delete(evidence)
    item.delete()
    PlanItem.objects.filter(plan_id=plan_id, position__gt=position).update(position=F("position") - 1)


@transaction.atomic
def item_move(item: PlanItem, direction: int) -> None:
    """Swap the item with its neighbour above (-1) or below (+1)."""
    items = list(PlanItem.objects.select_for_update().filter(plan_id=item.plan_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index + direction
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, 1):
        if row.position != position:
            PlanItem.objects.filter(pk=row.pk).update(position=position)


def item_mark(
    *, user, item: PlanItem, status: str, done_on: dt.date | None, files=(), url: str = "", max_bytes=None
) -> PlanItem:
    """Set the item's status (done: with its date) and attach evidence — all or nothing."""
    from django.conf import settings

    if status not in PlanItem.Status.values:
        raise ValidationError({"status": "Выберите состояние из списка."})
    if status == PlanItem.Status.DONE and done_on is None:
        raise ValidationError({"done_on": "Укажите, когда выполнено."})
    url = evidence_url_checked(url) if (url or "").strip() else ""
    limit = settings.REPORT_FILE_MAX_BYTES if max_bytes is None else max_bytes
    with atomic_with_files():
        item = PlanItem.objects.select_for_update().get(pk=item.pk)
        for name, data in files:
            evidence_store_file(
                owner_evidence=item.evidence,
                user=user,
                name=name,
                data=data,
                check=check_upload,
                max_bytes=limit,
            )
        if url:
            PlanItemEvidence.objects.create(item=item, url=url, uploaded_by=user)
        item.status = status
        item.done_on = done_on if status == PlanItem.Status.DONE else None
        item.save(update_fields=["status", "done_on", "updated_at"])
    return item


@transaction.atomic
def plan_update(*, plan: IndividualPlan, fields: dict) -> IndividualPlan:
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    return plan


@transaction.atomic
def evidence_remove(evidence: PlanItemEvidence) -> None:
    """Remove a file or link of an item; the stored file goes once the deletion is committed."""
    evidence_delete(evidence)
