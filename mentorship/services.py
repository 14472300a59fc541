"""Writes of mentorship: forming a pair, recording consent, ending a pair early, a mentee who left.

Every write is atomic; bad input raises ValidationError with a Russian message (keyed by the form's
field when there is one) and leaves nothing half-saved, uploaded scans included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core import filetypes
from core.academic_year import academic_year_start
from directory.models import Organization, Person
from progress import services as evidence_services

from .models import ConsentScan, MenteeDeparture, Pair, PairMember
from .selectors import active_mentee_memberships

Upload = tuple[str, bytes]  # (file name, content)


@dataclass(frozen=True)
class Consent:
    """A participant's consent: the date it was given and/or a scanned form."""

    on: dt.date | None = None
    scan: Upload | None = None


def _months(n: int) -> str:
    """«3 месяцев», «1 месяца»: the genitive after «от» and «до»."""
    return f"{n} месяца" if n % 10 == 1 and n % 100 != 11 else f"{n} месяцев"


def default_term(today: dt.date) -> dict[str, dt.date]:
    """The form's first guess: from today to the end of the academic year (31 May), or the district's
    longest term when the year ends too soon."""
    starts_on = today
    ends_on = dt.date(academic_year_start(today) + 1, 5, 31)
    if ends_on < starts_on + relativedelta(months=settings.MENTORSHIP_MIN_TERM_MONTHS):
        ends_on = starts_on + relativedelta(months=settings.MENTORSHIP_TERM_MONTHS)
    return {"starts_on": starts_on, "ends_on": ends_on}


def check_term(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    errors = {}
    if starts_on is None:
        errors["starts_on"] = "Укажите дату начала наставничества."
    if ends_on is None:
        errors["ends_on"] = "Укажите дату окончания наставничества."
    if errors:
        raise ValidationError(errors)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "Дата окончания должна быть позже даты начала."})
    low, high = settings.MENTORSHIP_MIN_TERM_MONTHS, settings.MENTORSHIP_TERM_MONTHS
    if ends_on < starts_on + relativedelta(months=low) or ends_on > starts_on + relativedelta(months=high):
        raise ValidationError(
            {
                "ends_on": f"Срок наставничества — от {_months(low)} до {_months(high)}: "
                f"окончание не раньше {starts_on + relativedelta(months=low):%d.%m.%Y} "
                f"и не позже {starts_on + relativedelta(months=high):%d.%m.%Y}."
            }
        )


def _check_consent_date(on: dt.date | None, field: str = "consent_on") -> None:
    if on is not None and on > timezone.localdate():
        raise ValidationError({field: "Дата согласия не может быть позже сегодняшнего дня."})


def _lock_people(ids: Sequence[int]) -> None:
    """Serialize pair forming for these people (two directors pairing one teacher at once)."""
    list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _check_participants(
    organization: Organization, mentors: Sequence[Person], mentees: Sequence[Person], form: str
) -> None:
    if not mentors:
        raise ValidationError({"mentors": "Выберите наставника."})
    if not mentees:
        raise ValidationError({"mentees": "Выберите наставляемого."})
    both = {p.pk for p in mentors} & {p.pk for p in mentees}
    if both:
        names = ", ".join(p.short_name for p in mentees if p.pk in both)
        raise ValidationError({"mentees": f"Наставник не может быть наставляемым в той же паре: {names}."})
    if form == Pair.Form.TRADITIONAL and (len(mentors) > 1 or len(mentees) > 1):
        raise ValidationError(
            {
                "form": "Традиционная форма — «один на один»: один наставник и один наставляемый. "
                "Для нескольких наставляемых выберите групповую форму."
            }
        )
    strangers = [p for p in (*mentors, *mentees) if p.organization_id != organization.pk]
    if strangers:
        names = ", ".join(p.short_name for p in strangers)
        raise ValidationError(
            {
                "mentees": f"Участники пары — сотрудники организации «{organization.short_name}»; "
                f"не из неё: {names}."
            }
        )


def _check_mentees_free(mentees: Sequence[Person]) -> None:
    busy = (
        active_mentee_memberships()
        .filter(person__in=[p.pk for p in mentees])
        .select_related("person", "pair")
        .order_by("person__last_name")
    )
    messages = [
        f"{m.person.short_name} уже наставляемый в действующей паре № {m.pair_id} "
        f"(до {m.pair.ends_on:%d.%m.%Y})."
        for m in busy
    ]
    if messages:
        raise ValidationError({"mentees": messages})


def _check_mentor_limits(mentors: Sequence[Person], new_mentees: int) -> None:
    limit = settings.MENTORSHIP_MAX_MENTEES
    counts = dict(
        active_mentee_memberships()
        .filter(pair__members__role=PairMember.Role.MENTOR, pair__members__person__in=[p.pk for p in mentors])
        .values_list("pair__members__person_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("pair__members__person_id", "n")
    )
    messages = []
    for mentor in mentors:
        now = counts.get(mentor.pk, 0)
        if now + new_mentees > limit:
            messages.append(
                f"У наставника {mentor.short_name} уже {now} наставляемых (не более {limit})."
                if now
                else f"У наставника {mentor.short_name} было бы {new_mentees} наставляемых "
                f"(не более {limit})."
            )
    if messages:
        raise ValidationError({"mentors": messages})


def _store_scan(member: PairMember, user, scan: Upload, field: str = "consent_file") -> ConsentScan:
    name, data = scan
    try:
        return evidence_services.evidence_store_file(
            owner_evidence=member.consent_scans, user=user, name=name, data=data, check=filetypes.check_upload
        )
    except ValidationError as exc:
        raise ValidationError({field: exc.message_dict.get("file", exc.messages)}) from exc


def pair_create(
    *,
    user,
    organization: Organization,
    form: str,
    goal: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    curator: Person | None = None,
    consents: dict[int, Consent] | None = None,
) -> Pair:
    """Form a pair (or a group) with its participants and their consent, checking the district's limits."""
    consents = consents or {}
    goal = (goal or "").strip()
    if form not in Pair.Form.values:
        raise ValidationError({"form": "Выберите форму наставничества."})
    if not goal:
        raise ValidationError({"goal": "Опишите цель наставничества."})
    check_term(starts_on, ends_on)
    mentors, mentees = list(dict.fromkeys(mentors)), list(dict.fromkeys(mentees))
    _check_participants(organization, mentors, mentees, form)
    if curator is not None and curator.organization_id != organization.pk:
        raise ValidationError({"curator": "Куратор — сотрудник той же организации."})
    for role, people in (("mentor", mentors), ("mentee", mentees)):
        for person in people:
            _check_consent_date(consents.get(person.pk, Consent()).on, field=f"{role}_consent_on")
    with evidence_services.atomic_with_files():
        _lock_people(sorted(p.pk for p in (*mentors, *mentees)))
        _check_mentees_free(mentees)
        _check_mentor_limits(mentors, len(mentees))
        pair = Pair.objects.create(
            organization=organization,
            form=form,
            goal=goal,
            starts_on=starts_on,
            ends_on=ends_on,
            curator=curator,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        for role, people in ((PairMember.Role.MENTOR, mentors), (PairMember.Role.MENTEE, mentees)):
            for person in people:
                consent = consents.get(person.pk, Consent())
                member = PairMember.objects.create(pair=pair, person=person, role=role, consent_on=consent.on)
                if consent.scan is not None:
                    _store_scan(member, user, consent.scan, field=f"{role}_consent_file")
    return pair


def consent_record(
    *, member: PairMember, user, on: dt.date | None = None, scan: Upload | None = None
) -> PairMember:
    """Record a participant's consent: the date it was given, a scanned form, or both."""
    if on is None and scan is None:
        raise ValidationError({"consent_on": "Укажите дату согласия или загрузите скан заявления."})
    _check_consent_date(on)
    with evidence_services.atomic_with_files():
        PairMember.objects.select_for_update().filter(pk=member.pk).first()
        if on is not None:
            member.consent_on = on
            member.save(update_fields=["consent_on"])
        if scan is not None:
            _store_scan(member, user, scan)
    return member


def has_consent(member: PairMember) -> bool:
    """Consent given: a date, or a scan (the member's consent_scans prefetched)."""
    return member.consent_on is not None or bool(member.consent_scans.all())


@transaction.atomic
def pair_end_early(*, pair: Pair, user, reason: str, ended_on: dt.date | None = None) -> Pair:
    reason = (reason or "").strip()
    ended_on = ended_on or timezone.localdate()
    if not reason:
        raise ValidationError({"reason": "Укажите причину досрочного завершения."})
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.ACTIVE:
        raise ValidationError("Пара уже завершена.")
    if ended_on < pair.starts_on:
        raise ValidationError({"ended_on": "Дата завершения не может быть раньше начала наставничества."})
    if ended_on > pair.ends_on:
        raise ValidationError({"ended_on": "Дата досрочного завершения — до окончания срока пары."})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "Дата завершения не может быть позже сегодняшнего дня."})
    pair.status = Pair.Status.ENDED_EARLY
    pair.ended_on = ended_on
    pair.end_reason = reason
    pair.save(update_fields=["status", "ended_on", "end_reason"])
    return pair


@transaction.atomic
def mentee_departure_record(*, member: PairMember, user, left_on: dt.date, reason: str) -> MenteeDeparture:
    """A mentee left the school or the profession: kept in the history; an active pair ends early."""
    reason = (reason or "").strip()
    if member.role != PairMember.Role.MENTEE:
        raise ValidationError("Уход отмечается для наставляемого.")
    if not reason:
        raise ValidationError({"reason": "Укажите причину ухода."})
    if left_on is None or left_on > timezone.localdate():
        raise ValidationError({"left_on": "Укажите дату ухода (не позже сегодняшнего дня)."})
    if left_on < member.pair.starts_on:
        raise ValidationError(
            {"left_on": f"Дата ухода — не раньше начала наставничества ({member.pair.starts_on:%d.%m.%Y})."}
        )
    PairMember.objects.select_for_update().filter(pk=member.pk).first()  # one departure at a time
    if MenteeDeparture.objects.filter(person_id=member.person_id, pair_id=member.pair_id).exists():
        raise ValidationError(f"Уход {member.person.short_name} уже отмечен.")
    departure = MenteeDeparture.objects.create(
        person=member.person,
        organization_id=member.person.organization_id,
        pair=member.pair,
        left_on=left_on,
        left_reason=reason,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    pair = member.pair
    if (
        pair.status == Pair.Status.ACTIVE
        and not pair.members.filter(role=PairMember.Role.MENTEE).exclude(pk=member.pk).exists()
    ):
        pair_end_early(
            pair=pair,
            user=user,
            reason=f"Наставляемый ушёл: {reason}",
            ended_on=max(pair.starts_on, min(left_on, pair.ends_on)),
        )
    return departure
