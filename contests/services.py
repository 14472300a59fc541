"""Writes of contests: the contest and its settings, nominations, rounds and criteria, the положение, the
jury, applications (with materials and the 152-ФЗ consent) and their technical admission.

Every write is atomic; bad input raises ValidationError with a Russian message (keyed by the form's field
when there is one) and leaves nothing half-saved, uploaded files included. Applications go through the
progress review workflow (черновик → подана → допущена / возвращена на доработку); «отклонена» is this
app's own final step beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core import filetypes
from directory import person_facts
from directory import services as directory_services
from directory.models import Person, Role
from progress import notices
from progress import registry as review_registry
from progress import services as review

from .models import (
    Application,
    ApplicationMaterial,
    Contest,
    Criterion,
    JuryMember,
    Nomination,
    Regulations,
    Round,
)

Upload = tuple[str, bytes]  # (file name, content)

CONTEST_FIELDS = (
    "name",
    "year",
    "organizer",
    "kind",
    "level",
    "status",
    "regulations_on",
    "organizing_committee",
    "eligibility",
    "applications_open_on",
    "applications_close_on",
    "self_apply",
    "aggregation",
    "drop_extremes",
    "tie_criterion",
    "prize_winners_count",
    "laureates_count",
    "conflict_of_interest",
    "conflict_off_reason",
)


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


# --- The contest ------------------------------------------------------------------------------------


@transaction.atomic
def contest_save(*, user, data: dict, contest: Contest | None = None) -> Contest:
    """Create (contest=None) or change a contest with its settings."""
    contest = contest or Contest(created_by=_user_or_none(user))
    for name in CONTEST_FIELDS:
        if name in data:
            setattr(contest, name, data[name])
    contest.name = (contest.name or "").strip()
    contest.conflict_off_reason = (contest.conflict_off_reason or "").strip()
    if not contest.name:
        raise ValidationError({"name": "Укажите название конкурса."})
    if not contest.conflict_of_interest and not contest.conflict_off_reason:
        raise ValidationError(
            {
                "conflict_off_reason": "Правило о конфликте интересов выключено: укажите причину "
                "(например, пункт положения)."
            }
        )
    start, end = contest.applications_open_on, contest.applications_close_on
    if start and end and end < start:
        raise ValidationError({"applications_close_on": "Окончание приёма заявок — не раньше его начала."})
    if contest.status == Contest.Status.APPLICATIONS and not end:
        raise ValidationError(
            {"applications_close_on": "Чтобы открыть приём заявок, укажите дату его окончания."}
        )
    if contest.tie_criterion_id and contest.pk and contest.tie_criterion.round.contest_id != contest.pk:
        raise ValidationError({"tie_criterion": "Критерий при равенстве — из туров этого конкурса."})
    if Contest.objects.filter(name=contest.name, year=contest.year).exclude(pk=contest.pk).exists():
        raise ValidationError({"name": f"Конкурс «{contest.name}» {contest.year} года уже есть."})
    contest.save()
    return contest


@transaction.atomic
def nominations_set(*, contest: Contest, names: Iterable[str]) -> list[Nomination]:
    """The contest's nominations, in this order: new names are added, missing ones removed — unless
    applications name them (then nothing changes and the message says which)."""
    wanted = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    existing = {n.name: n for n in Nomination.objects.select_for_update().filter(contest=contest)}
    gone = [n for name, n in existing.items() if name not in wanted]
    used = [n.name for n in gone if n.applications.exists()]
    if used:
        raise ValidationError(
            {"names": f"На номинации уже поданы заявки, их нельзя удалить: {', '.join(used)}."}
        )
    for nomination in gone:
        nomination.delete()
    result = []
    for position, name in enumerate(wanted, start=1):
        nomination = existing.get(name) or Nomination(contest=contest, name=name)
        nomination.position = position
        nomination.save()
        result.append(nomination)
    return result


@dataclass(frozen=True)
class CriterionData:
    name: str
    max_points: Decimal | None
    indicators: str = ""
    pk: int | None = None


@transaction.atomic
def round_save(
    *, contest: Contest, data: dict, criteria: Sequence[CriterionData], round: Round | None = None
) -> Round:
    """Create or change a round (тур, испытание) with its criteria, in the given order."""
    round = round or Round(contest=contest)
    for name in ("title", "kind", "starts_on", "ends_on", "position", "cutoff", "scoring_deadline"):
        if name in data:
            setattr(round, name, data[name])
    round.title = (round.title or "").strip()
    if not round.title:
        raise ValidationError({"title": "Укажите название тура (испытания)."})
    if round.starts_on and round.ends_on and round.ends_on < round.starts_on:
        raise ValidationError({"ends_on": "Окончание тура — не раньше его начала."})
    if round.pk and round.status == Round.Status.CLOSED:
        raise ValidationError("Тур закрыт: его критерии и даты не меняются.")
    if round.position in (None, 0):
        round.position = (contest.rounds.exclude(pk=round.pk).count() or 0) + 1
    round.save()
    kept = []
    for position, item in enumerate(criteria, start=1):
        name = (item.name or "").strip()
        if not name:
            raise ValidationError({"criteria": f"Критерий № {position}: укажите название."})
        if item.max_points is None or item.max_points <= 0:
            raise ValidationError({"criteria": f"Критерий «{name}»: максимум баллов — положительное число."})
        criterion = round.criteria.filter(pk=item.pk).first() if item.pk else None
        criterion = criterion or Criterion(round=round)
        criterion.name, criterion.indicators = name, (item.indicators or "").strip()
        criterion.max_points, criterion.position = item.max_points, position
        criterion.save()
        kept.append(criterion.pk)
    removed = round.criteria.exclude(pk__in=kept)
    if removed.filter(scores__isnull=False).exists():
        raise ValidationError(
            {"criteria": "По удаляемому критерию уже выставлены баллы: его нельзя удалить."}
        )
    removed.delete()
    return round


def regulations_upload(*, contest: Contest, user, upload: Upload, on: dt.date | None = None) -> Regulations:
    """Store the положение (a checked file) and, when given, its date."""
    name, data = upload
    with review.atomic_with_files():
        document = review.evidence_store_file(
            owner_evidence=contest.regulations, user=user, name=name, data=data, check=filetypes.check_upload
        )
        if on is not None:
            Contest.objects.filter(pk=contest.pk).update(regulations_on=on)
            contest.regulations_on = on
    return document


# --- The jury ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JurySeat:
    member: JuryMember
    granted: bool  # the person's user got the «член жюри» role of the contest
    has_account: bool


@transaction.atomic
def jury_member_add(
    *, contest: Contest, person: Person, role: str, user, round: Round | None = None
) -> JurySeat:
    """Seat a person on the jury; their user (if any) gets the «член жюри» role scoped to the contest."""
    if role not in JuryMember.Role.values:
        raise ValidationError({"role": "Выберите роль в жюри."})
    if round is not None and round.contest_id != contest.pk:
        raise ValidationError({"round": "Тур — из этого конкурса."})
    seats = JuryMember.objects.filter(contest=contest, person=person)
    if seats.filter(round=round).exists():
        where = f"в жюри тура «{round.title}»" if round else "в жюри конкурса"
        raise ValidationError({"person": f"{person.short_name} уже {where}."})
    if (
        role == JuryMember.Role.CHAIR
        and JuryMember.objects.filter(contest=contest, round=round, role=JuryMember.Role.CHAIR).exists()
    ):
        raise ValidationError({"role": "Председатель жюри уже назначен."})
    member = JuryMember.objects.create(
        contest=contest, round=round, person=person, role=role, added_by=_user_or_none(user)
    )
    granted = False
    if person.user_id:
        had = Role.objects.filter(user_id=person.user_id, kind=Role.Kind.JURY, scope_id=contest.pk).exists()
        directory_services.role_grant(user=person.user, kind=Role.Kind.JURY, scope=contest)
        granted = not had
    return JurySeat(member=member, granted=granted, has_account=bool(person.user_id))


@transaction.atomic
def jury_member_remove(*, member: JuryMember) -> None:
    """Take a seat away; the role goes with the person's last seat in the contest (scored sheets stay)."""
    if member.sheets.filter(scores__isnull=False).exists():
        raise ValidationError("Член жюри уже выставлял баллы: его нельзя убрать из жюри.")
    contest_id, person = member.contest_id, member.person
    member.delete()
    if person.user_id and not JuryMember.objects.filter(contest_id=contest_id, person=person).exists():
        directory_services.role_revoke(user=person.user, kind=Role.Kind.JURY, scope_id=contest_id)


# --- Applications --------------------------------------------------------------------------------------


def window_error(contest: Contest, today: dt.date) -> str:
    if contest.applications_open_on and today < contest.applications_open_on:
        return f"Приём заявок начнётся {contest.applications_open_on:%d.%m.%Y}."
    if contest.applications_close_on and today > contest.applications_close_on:
        return f"Приём заявок завершён {contest.applications_close_on:%d.%m.%Y}."
    if contest.status != Contest.Status.APPLICATIONS:
        return f"Конкурс не принимает заявки: сейчас этап «{contest.get_status_display()}»."
    return ""


def check_window(contest: Contest, today: dt.date | None = None) -> None:
    message = window_error(contest, today or timezone.localdate())
    if message:
        raise ValidationError(message)


def accepts_applications(contest: Contest, today: dt.date | None = None) -> bool:
    return not window_error(contest, today or timezone.localdate())


def check_eligible(
    contest: Contest, person: Person, team_name: str = "", today: dt.date | None = None, team_ref: str = ""
) -> None:
    if contest.eligibility == Contest.Eligibility.YOUNG and not person.is_young_specialist(today):
        raise ValidationError(
            {
                "person": f"{person.short_name} — не молодой специалист: в конкурсе участвуют только "
                f"педагоги со стажем до {settings.YOUNG_SPECIALIST_YEARS} лет."
            }
        )
    if contest.eligibility == Contest.Eligibility.TEAMS and not (team_name or team_ref):
        raise ValidationError({"team_name": "Конкурс объединений: укажите ШМО или РМО, которое участвует."})


def team_for(contest: Contest, person: Person, team_ref: str, nomination: Nomination | None):
    """The registered team (directory.person_facts) the application is for: it must exist, the applicant
    must be its head, deputy or member, and the team has no other live application in the nomination."""
    team = next((t for t in person_facts.teams_of(None) if t.ref == team_ref), None)
    if team is None:
        raise ValidationError({"team_name": "Такого объединения нет. Выберите ШМО или РМО из списка."})
    if person.pk not in team.member_ids:
        raise ValidationError(
            {
                "person": f"{person.short_name} не состоит в объединении «{team.name}»: заявку объединения "
                "подают от имени его руководителя или участника."
            }
        )
    taken = Application.objects.filter(contest=contest, team_ref=team.ref, nomination=nomination).exclude(
        state=Application.State.REFUSED
    )
    if taken.exists():
        raise ValidationError({"team_name": f"На объединение «{team.name}» уже есть заявка в конкурсе."})
    return team


def _check_consent_date(on: dt.date | None) -> None:
    if on is not None and on > timezone.localdate():
        raise ValidationError({"consent_on": "Дата согласия не может быть позже сегодняшнего дня."})


def _duplicate_error(contest: Contest, person: Person, nomination: Nomination | None) -> ValidationError:
    where = f" в номинации «{nomination.name}»" if nomination else ""
    return ValidationError(
        {"person": f"На {person.short_name} уже есть заявка{where} в конкурсе «{contest}»."}
    )


@dataclass(frozen=True)
class ApplicationData:
    person: Person
    nomination: Nomination | None = None
    team_name: str = ""
    team_ref: str = ""  # a registered team (directory.person_facts.Team.ref); its name is stored with it
    consent_on: dt.date | None = None
    consent_scan: Upload | None = None
    files: Sequence[Upload] = ()
    url: str = ""


def application_create(
    *, user, contest: Contest, data: ApplicationData, submit: bool = False, today: dt.date | None = None
) -> Application:
    """A new application (a draft, or submitted at once with `submit`): materials and consent with it.

    The window, who may apply, the nomination and a second application for the same person and
    nomination are checked; a failure stores nothing (no row, no file)."""
    person, nomination, team_name = data.person, data.nomination, (data.team_name or "").strip()
    check_window(contest, today)
    nominations = list(contest.nominations.all())
    if nomination is None and nominations:
        raise ValidationError({"nomination": "Выберите номинацию."})
    if nomination is not None and nomination.contest_id != contest.pk:
        raise ValidationError({"nomination": "Номинация — из этого конкурса."})
    team_ref = (data.team_ref or "").strip() if contest.eligibility == Contest.Eligibility.TEAMS else ""
    check_eligible(contest, person, team_name, today, team_ref=team_ref)
    _check_consent_date(data.consent_on)
    with review.atomic_with_files():
        Contest.objects.select_for_update().filter(pk=contest.pk).first()  # one application at a time
        if team_ref:
            team_name = team_for(contest, person, team_ref, nomination).name
        live = Application.objects.filter(contest=contest, person=person, nomination=nomination)
        if live.exclude(state=Application.State.REFUSED).exists():
            raise _duplicate_error(contest, person, nomination)
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    contest=contest,
                    nomination=nomination,
                    person=person,
                    organization_id=person.organization_id,
                    team_name=team_name,
                    team_ref=team_ref,
                    consent_on=data.consent_on,
                    submitted_by=_user_or_none(user),
                    updated_by=_user_or_none(user),
                )
        except IntegrityError as exc:  # the same person applied a moment ago
            raise _duplicate_error(contest, person, nomination) from exc
        review.event_write(submission=application, user=_user_or_none(user), action="save")
        if data.consent_scan is not None:
            _store_consent(application, user, data.consent_scan)
        if data.files or (data.url or "").strip():
            review.evidence_attach(
                user=_user_or_none(user),
                submission=application,
                files=data.files,
                url=data.url,
                check=filetypes.check_upload,
            )
            application.refresh_from_db()
        if submit:
            application = application_submit(
                user=user, application=application, version=application.version, today=today
            )
    return application


def _store_consent(application: Application, user, scan: Upload):
    name, data = scan
    try:
        return review.evidence_store_file(
            owner_evidence=application.consent_scans,
            user=_user_or_none(user),
            name=name,
            data=data,
            check=filetypes.check_upload,
        )
    except ValidationError as exc:
        raise ValidationError({"consent_file": exc.message_dict.get("file", exc.messages)}) from exc


def consent_record(*, user, application: Application, on: dt.date | None = None, scan: Upload | None = None):
    """Record the 152-ФЗ consent: the date it was given, a scan, or both."""
    if on is None and scan is None:
        raise ValidationError({"consent_on": "Укажите дату согласия или загрузите скан заявления."})
    _check_consent_date(on)
    with review.atomic_with_files():
        review.lock_for_change(application)
        if on is not None:
            Application.objects.filter(pk=application.pk).update(consent_on=on)
            application.consent_on = on
        if scan is not None:
            _store_consent(application, user, scan)
        review.bump_version(application)
    return application


def has_consent(application: Application) -> bool:
    return application.consent_on is not None or application.consent_scans.exists()


def application_submit(
    *, user, application: Application, version: int, today: dt.date | None = None
) -> Application:
    """Send a draft (or a returned application) to the secretary: in the window, with consent and materials.

    A returned application may be sent again after the window has closed (it was filed in time)."""
    if application.state == Application.State.DRAFT:
        check_window(application.contest, today)
    if not has_consent(application):
        raise ValidationError(
            "Нет согласия участника на обработку персональных данных (152-ФЗ): укажите дату согласия "
            "или загрузите скан."
        )
    if not application.evidence.exists():
        raise ValidationError("Приложите материалы заявки: файл или ссылку.")
    return review.submission_submit(user=_user_or_none(user), submission=application, version=version)


def materials_add(*, user, application: Application, files: Sequence[Upload] = (), url: str = "") -> list:
    if not files and not (url or "").strip():
        raise ValidationError({"file": "Выберите файл или укажите ссылку."})
    return review.evidence_attach(
        user=_user_or_none(user), submission=application, files=files, url=url, check=filetypes.check_upload
    )


def material_remove(*, user, application: Application, material: ApplicationMaterial) -> None:
    review.evidence_remove(user=_user_or_none(user), submission=application, evidence=material)


# Technical admission (the secretary or the методист).

ADMIT, RETURN, REFUSE = "admit", "return", "refuse"


@transaction.atomic
def application_refuse(*, user, application: Application, version: int, reason: str) -> Application:
    """Refuse a submitted (or returned) application with a reason — the last word, locked afterwards."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"comment": "Укажите причину отклонения заявки: участник её увидит."})
    updated = Application.objects.filter(
        pk=application.pk,
        version=version,
        state__in=[Application.State.SUBMITTED, Application.State.RETURNED],
    ).update(
        state=Application.State.REFUSED,
        version=F("version") + 1,
        review_comment=reason,
        reviewed_at=timezone.now(),
        reviewed_by=user,
        updated_by=user,
        updated_at=timezone.now(),
    )
    if updated != 1:
        current = Application.objects.filter(pk=application.pk).first()
        if current is not None and current.version == version:
            raise ValidationError(f"Заявку в состоянии «{current.get_state_display()}» отклонить нельзя.")
        raise review.StaleSubmissionError(current, Application.text_stale)
    application.refresh_from_db()
    review.event_write(submission=application, user=user, action="refuse", comment=reason)
    kind = review_registry.kind_for(application)
    if kind is not None and kind.notice is not None:
        notices.send(kind.notice(application, "refuse", reason))
    return application


def application_review(*, user, application: Application, version: int, decision: str, comment: str = ""):
    """Technical admission: допущена / возвращена на доработку (comment) / отклонена (reason)."""
    if decision == ADMIT:
        return review.submission_accept(user=user, submission=application, version=version, comment=comment)
    if decision == RETURN:
        return review.submission_return(user=user, submission=application, version=version, comment=comment)
    if decision == REFUSE:
        return application_refuse(user=user, application=application, version=version, reason=comment)
    raise ValidationError({"decision": "Выберите решение: допустить, вернуть на доработку или отклонить."})
