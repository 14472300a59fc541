"""Writes of the meetings (заседания) and their protocols. Keyword-only, transactional, all or nothing.

- a meeting belongs to the academic year chosen on it: its date must fall inside (01.09–31.08);
- a protocol is written only for a meeting whose date has come; its number is the next one in the
  association's year, given when the protocol is first saved;
- every protocol save is a compare-and-set on `Meeting.version`: of two heads editing at once, the
  second is refused (StaleProtocol) and nothing of theirs is written;
- a decision needs its responsible person (one of the members or the head); with a deadline it is due
  (associations.reminders) until `done_on` is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from core import filetypes
from core.academic_year import academic_year_label, academic_year_start
from directory.models import Person
from progress import services as evidence_services

from .models import AgendaItem, Association, Attendance, Decision, Meeting, MeetingFile


class StaleProtocol(Exception):
    """The protocol changed since the user opened the form; nothing was written."""

    def __init__(self):
        super().__init__(Meeting.text_stale)


def members_on(association: Association, day: dt.date) -> QuerySet[Person]:
    """The people who were members on `day` (joined by then, not left before)."""
    return (
        Person.objects.filter(
            Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gte=day),
            memberships__association=association,
            memberships__joined_on__lte=day,
        )
        .distinct()
        .order_by("last_name", "first_name", "patronymic")
    )


def people_of(association: Association, day: dt.date) -> list[Person]:
    """Who may chair, keep the minutes or answer for a decision: the members on `day` and the head."""
    people = list(members_on(association, day).select_related(None))
    if association.head_id and all(p.pk != association.head_id for p in people):
        people.insert(0, association.head)
    return people


def check_year(year: int, day: dt.date) -> None:
    if academic_year_start(day) != year:
        raise ValidationError(
            {
                "date": f"Дата {day:%d.%m.%Y} не входит в {academic_year_label(year)} учебный год "
                f"(01.09.{year} – 31.08.{year + 1}). Выберите другой учебный год или другую дату."
            }
        )


@dataclass(frozen=True)
class AgendaInput:
    question: str
    speakers: str = ""
    pk: int | None = None  # an existing question (its protocol texts are kept)
    speaker_people: Sequence[Person] = ()


@transaction.atomic
def meeting_save(
    *,
    association: Association,
    year: int,
    date: dt.date,
    form: str,
    topic: str,
    place: str = "",
    agenda: Iterable[AgendaInput] = (),
    meeting: Meeting | None = None,
    user=None,
) -> Meeting:
    """Plan a meeting or change one: date, form, topic and the agenda (questions not given are removed)."""
    check_year(year, date)
    topic = (topic or "").strip()
    if not topic:
        raise ValidationError({"topic": "Укажите тему заседания."})
    if meeting is not None and meeting.is_held and date > timezone.localdate():
        raise ValidationError(
            {"date": "Заседание уже проведено (есть протокол): его дата не может быть в будущем."}
        )
    if meeting is None:
        meeting = Meeting(association=association)
    elif meeting.number is not None and meeting.year != year:
        raise ValidationError({"year": "У заседания есть протокол с номером: учебный год изменить нельзя."})
    meeting.year = year
    meeting.date = date
    meeting.form = form
    meeting.topic = topic
    meeting.place = (place or "").strip()
    meeting.updated_by = user
    if meeting.pk is None and association.head_id:
        meeting.chairman_id = association.head_id
    meeting.save()
    keep: list[int] = []
    items = {item.pk: item for item in meeting.agenda.all()} if meeting.pk else {}
    position = 0
    for entry in agenda:
        question = (entry.question or "").strip()
        if not question:
            continue
        position += 1
        item = items.get(entry.pk) if entry.pk else None
        if item is None:
            item = AgendaItem(meeting=meeting)
        item.position = position
        item.question = question
        item.speakers = (entry.speakers or "").strip()
        item.save()
        item.speaker_people.set(list(entry.speaker_people))
        keep.append(item.pk)
    meeting.agenda.exclude(pk__in=keep).delete()
    return meeting


@dataclass(frozen=True)
class AttendanceInput:
    person: Person
    present: bool
    absence_reason: str = ""


@dataclass(frozen=True)
class AnswerInput:
    """Слушали / Выступили / Решили of one agenda question."""

    heard: str = ""
    spoke: str = ""
    decided: str = ""


@dataclass(frozen=True)
class DecisionInput:
    text: str
    responsible: Person | None
    deadline: dt.date | None = None
    agenda_item_id: int | None = None
    pk: int | None = None


def _next_number(meeting: Meeting) -> int:
    # The association's row is the lock: two first saves of protocols of one year get 1 and 2.
    Association.objects.select_for_update().filter(pk=meeting.association_id).first()
    last = Meeting.objects.filter(association_id=meeting.association_id, year=meeting.year).aggregate(
        n=Max("number")
    )["n"]
    return (last or 0) + 1


@transaction.atomic
def protocol_save(
    *,
    meeting: Meeting,
    version: int,
    user,
    chairman: Person | None,
    secretary: Person | None,
    guests: str = "",
    attendance: Iterable[AttendanceInput] = (),
    answers: dict[int, AnswerInput] | None = None,
    decisions: Iterable[DecisionInput] = (),
    today: dt.date | None = None,
) -> Meeting:
    """Write the protocol of a held meeting (all of it or nothing)."""
    today = today or timezone.localdate()
    if meeting.date > today:
        raise ValidationError(
            f"Заседание назначено на {meeting.date:%d.%m.%Y} и ещё не состоялось: "
            "протокол пишется после заседания."
        )
    allowed = {person.pk for person in people_of(meeting.association, meeting.date)}
    errors = []
    decisions = list(decisions)
    for number, decision in enumerate(decisions, 1):
        if not (decision.text or "").strip():
            errors.append(f"Решение {number}: напишите текст решения.")
        elif decision.responsible is None:
            errors.append(f"Решение {number} («{decision.text.strip()[:60]}»): укажите ответственного.")
        elif decision.responsible.pk not in allowed:
            errors.append(
                f"Решение {number}: ответственный {decision.responsible.full_name} не состоит в объединении."
            )
    for role, person in (("Председатель", chairman), ("Секретарь", secretary)):
        if person is not None and person.pk not in allowed:
            errors.append(f"{role} {person.full_name} не состоит в объединении.")
    if errors:
        raise ValidationError(errors)
    # The compare-and-set: the first of two saves wins, the second finds another version.
    updated = Meeting.objects.filter(pk=meeting.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise StaleProtocol()
    if meeting.number is None:
        meeting.number = _next_number(meeting)
    meeting.status = Meeting.Status.HELD
    meeting.chairman = chairman
    meeting.secretary = secretary
    meeting.guests = (guests or "").strip()
    meeting.updated_by = user
    meeting.version = version + 1
    meeting.save(
        update_fields=["number", "status", "chairman", "secretary", "guests", "updated_by", "updated_at"]
    )
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=row.person,
            present=row.present,
            absence_reason="" if row.present else (row.absence_reason or "").strip()[:300],
        )
        for row in attendance
    )
    answers = answers or {}
    items = list(meeting.agenda.all())
    for item in items:
        answer = answers.get(item.pk)
        if answer is not None:
            item.heard, item.spoke, item.decided = (
                (answer.heard or "").strip(),
                (answer.spoke or "").strip(),
                (answer.decided or "").strip(),
            )
    AgendaItem.objects.bulk_update(items, ["heard", "spoke", "decided"])
    item_ids = {item.pk for item in items}
    existing = {d.pk: d for d in meeting.decisions.all()}
    keep = []
    for position, entry in enumerate(decisions, 1):
        decision = existing.get(entry.pk) if entry.pk else None
        if decision is None:
            decision = Decision(meeting=meeting)
        decision.position = position
        decision.text = entry.text.strip()
        decision.deadline = entry.deadline
        decision.responsible = entry.responsible
        decision.agenda_item_id = entry.agenda_item_id if entry.agenda_item_id in item_ids else None
        decision.save()
        keep.append(decision.pk)
    meeting.decisions.exclude(pk__in=keep).delete()
    return meeting


@transaction.atomic
def decision_done(*, decision: Decision, done_on: dt.date | None = None) -> Decision:
    """The responsible person marks the decision done: its reminders stop, it leaves «Мои задачи»."""
    if decision.done_on is None:
        decision.done_on = done_on or timezone.localdate()
        decision.save(update_fields=["done_on"])
        Meeting.objects.filter(pk=decision.meeting_id).update(updated_at=timezone.now())
    return decision


def _lock(meeting: Meeting) -> None:
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()


def meeting_files_add(*, meeting: Meeting, user, files: Iterable[tuple[str, bytes]]) -> list[MeetingFile]:
    """Attach presentations and photos, checked as reports' evidence; a bad one and nothing is kept."""
    added = []
    with evidence_services.atomic_with_files():
        _lock(meeting)
        for name, data in files:
            added.append(
                evidence_services.evidence_store_file(
                    owner_evidence=meeting.evidence,
                    user=user,
                    name=name,
                    data=data,
                    check=filetypes.check_upload,
                )
            )
        Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now())
    return added


@transaction.atomic
def meeting_file_remove(*, meeting: Meeting, evidence: MeetingFile) -> None:
    _lock(meeting)
    evidence_services.evidence_delete(evidence)
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=timezone.now())


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Remove a planned meeting; a meeting with a protocol stays (its number is taken)."""
    if meeting.number is not None:
        raise ValidationError("У заседания есть протокол: удалить его нельзя.")
    for evidence in list(meeting.evidence.all()):
        evidence_services.evidence_delete(evidence)
    meeting.delete()
