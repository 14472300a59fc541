"""The jury's оценочные листы: who scores which round, the grid of a juror's sheet, autosaving a cell,
signing and the chair's reopening. The rules of points and of signing are contests.scoring's.

Privacy: a juror works only on their own sheet; the методист, the secretary and the chair see the sheets'
states (signed, cells filled), the points only once the round is closed.

Every write locks the sheet's row, checks its version (optimistic: a stale page is told to reload) and
leaves nothing half-saved; bad input raises ValidationError (or StaleSheet) with a Russian message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from directory.access import user_scope

from . import scoring
from .access import has_jury_role
from .models import (
    Application,
    ConflictOfInterest,
    Contest,
    Criterion,
    JuryMember,
    Round,
    RoundResult,
    Score,
    ScoreSheet,
    ScoreSheetEvent,
)

SAME_ORGANIZATION = "работает в той же организации"
SCORING_ROLES = (JuryMember.Role.CHAIR, JuryMember.Role.MEMBER)
NOTICE_REOPENED = "contest_sheet_reopened"
NOTICE_KINDS = {NOTICE_REOPENED: "оценочный лист открыт повторно"}

TEXT_STALE = "Оценочный лист изменён в другом окне или вкладке. Обновите страницу — балл не сохранён."
TEXT_SIGNED = "Оценочный лист подписан и закрыт для изменений. Открыть его повторно может председатель жюри."
TEXT_CLOSED = "Тур закрыт: оценочные листы больше не меняются."
TEXT_CONFLICT = "Этого участника вы не оцениваете (конфликт интересов)."


class StaleSheet(Exception):
    """The sheet changed since the page was drawn."""

    def __init__(self, message: str = TEXT_STALE):
        super().__init__(message)
        self.message = message


# --- Who scores what -----------------------------------------------------------------------------------


def seat_of(user, round: Round) -> JuryMember | None:
    """The user's scoring seat (председатель or член жюри) for the round: the round's own seat first,
    else the contest-wide one; None when the user does not score this round."""
    person_id = user_scope(user).person_id
    if person_id is None:
        return None
    return (
        JuryMember.objects.filter(contest_id=round.contest_id, person_id=person_id, role__in=SCORING_ROLES)
        .filter(Q(round=round) | Q(round__isnull=True))
        .select_related("person")
        .order_by(F("round_id").asc(nulls_last=True))
        .first()
    )


def is_chair(user, round: Round) -> bool:
    return has_jury_role(user, round.contest_id, JuryMember.Role.CHAIR, round)


def previous_round(round: Round) -> Round | None:
    rounds = list(Round.objects.filter(contest_id=round.contest_id).only("pk", "title", "status"))
    index = next(i for i, r in enumerate(rounds) if r.pk == round.pk)
    return rounds[index - 1] if index else None


@dataclass
class Participants:
    applications: list[Application]
    waiting_for: Round | None = None  # a later round whose previous round has no results yet

    @property
    def message(self) -> str:
        if self.waiting_for is not None:
            return (
                f"Итоги предыдущего тура «{self.waiting_for.title}» ещё не подведены: "
                "участники этого тура появятся после них."
            )
        if not self.applications:
            return "Допущенных заявок пока нет."
        return ""


def participants_of(round: Round) -> Participants:
    """Round 1: the admitted applications; a later round: those the previous round sent on (two queries)."""
    applications = Application.objects.filter(
        contest_id=round.contest_id, state=Application.State.ACCEPTED
    ).select_related("person", "organization", "nomination")
    before = previous_round(round)
    if before is not None:
        results = RoundResult.objects.filter(round=before)
        if not results.exists():
            return Participants([], waiting_for=before)
        applications = applications.filter(pk__in=results.filter(advances=True).values("application_id"))
    order = ("nomination__position", "person__last_name", "person__first_name", "pk")
    return Participants(list(applications.order_by(*order)))


def criteria_of(round: Round) -> list[Criterion]:
    return list(round.criteria.all())


def _pure_criterion(criterion: Criterion) -> scoring.Criterion:
    return scoring.Criterion(id=criterion.pk, name=criterion.name, max_points=criterion.max_points)


def _pure_participant(application: Application) -> scoring.Participant:
    return scoring.Participant(id=application.pk, name=application.person.full_name)


def excluded_ids(seat: JuryMember, contest: Contest) -> set[int]:
    """The applications the juror does not score. With the rule off, the automatic «same organization»
    records do not count (recorded exclusions for other reasons still do)."""
    conflicts = ConflictOfInterest.objects.filter(juror=seat)
    if not contest.conflict_of_interest:
        conflicts = conflicts.exclude(reason=SAME_ORGANIZATION)
    return set(conflicts.values_list("application_id", flat=True))


def record_conflicts(seat: JuryMember, contest: Contest, applications, user=None) -> None:
    """With the rule on, record the juror's conflicts with applications from their own organization (one
    insert, only when some are missing)."""
    if not contest.conflict_of_interest or seat.person.organization_id is None:
        return
    own = [a.pk for a in applications if a.organization_id == seat.person.organization_id]
    if not own:
        return
    known = set(ConflictOfInterest.objects.filter(juror=seat).values_list("application_id", flat=True))
    missing = [pk for pk in own if pk not in known]
    if missing:
        ConflictOfInterest.objects.bulk_create(
            [
                ConflictOfInterest(
                    juror=seat,
                    application_id=pk,
                    reason=SAME_ORGANIZATION,
                    recorded_by=user if getattr(user, "is_authenticated", False) else None,
                )
                for pk in missing
            ],
            ignore_conflicts=True,
        )


@transaction.atomic
def conflict_record(*, user, round: Round, seat_id, application_id, reason: str) -> ConflictOfInterest:
    """Record by hand that a juror does not score a participant (a relative, a pupil's parent …): the
    district, the secretary or the chair, while the round is open. Points the juror already gave that
    participant on an unsigned sheet are removed; a signed sheet must be reopened by the chair first."""
    reason = " ".join((reason or "").split())
    if round.status == Round.Status.CLOSED:
        raise ValidationError(TEXT_CLOSED)
    seat = (
        JuryMember.objects.filter(pk=_int(seat_id), contest_id=round.contest_id, role__in=SCORING_ROLES)
        .select_related("person")
        .first()
    )
    if seat is None:
        raise ValidationError({"juror": "Выберите члена жюри, который оценивает этот тур."})
    application = next((a for a in participants_of(round).applications if a.pk == _int(application_id)), None)
    if application is None:
        raise ValidationError({"application": "Выберите участника этого тура."})
    if not reason:
        raise ValidationError({"reason": "Укажите причину: например, «родственник участника»."})
    if ConflictOfInterest.objects.filter(juror=seat, application=application).exists():
        raise ValidationError(
            f"{seat.person.short_name} уже не оценивает участника {application.person.short_name}."
        )
    sheet = ScoreSheet.objects.select_for_update().filter(round=round, juror=seat).first()
    if sheet is not None and sheet.is_signed:
        raise ValidationError(
            f"Лист {seat.person.short_name} подписан: сначала председатель жюри открывает его повторно."
        )
    if sheet is not None:
        sheet.scores.filter(application=application).delete()
    return ConflictOfInterest.objects.create(
        juror=seat,
        application=application,
        reason=reason[:300],
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )


# --- The grid --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    criterion: Criterion
    points: Decimal | None
    excluded: bool
    key: str = ""  # the field's name in the sheet's form: cell_key()
    entered: str | None = None  # what the juror typed, shown again when the whole sheet was refused
    error: str = ""

    @property
    def value_text(self) -> str:
        if self.entered is not None:
            return self.entered
        return "" if self.points is None else scoring.fmt(self.points)


@dataclass
class Row:
    application: Application
    cells: list[Cell]
    excluded: bool
    total: Decimal = Decimal(0)

    @property
    def total_text(self) -> str:
        return "—" if self.excluded else scoring.fmt(self.total)


@dataclass
class Grid:
    sheet: ScoreSheet
    seat: JuryMember
    round: Round
    criteria: list[Criterion]
    participants: Participants
    rows: list[Row] = field(default_factory=list)
    excluded: set[int] = field(default_factory=set)

    @property
    def editable(self) -> bool:
        return not self.sheet.is_signed and self.round.status == Round.Status.OPEN

    @property
    def cells_total(self) -> int:
        return sum(len(row.cells) for row in self.rows if not row.excluded)

    @property
    def cells_filled(self) -> int:
        return sum(
            1 for row in self.rows if not row.excluded for cell in row.cells if cell.points is not None
        )


def scores_of(sheet: ScoreSheet) -> dict[tuple[int, int], Decimal]:
    return {
        (application_id, criterion_id): points
        for application_id, criterion_id, points in Score.objects.filter(sheet=sheet).values_list(
            "application_id", "criterion_id", "points"
        )
    }


def sheet_open(*, user, seat: JuryMember, round: Round) -> ScoreSheet:
    """The juror's sheet of the round (made on first opening), the conflicts of interest recorded."""
    sheet, _ = ScoreSheet.objects.get_or_create(round=round, juror=seat)
    return sheet


def grid(
    *,
    user,
    seat: JuryMember,
    round: Round,
    sheet: ScoreSheet | None = None,
    entered: Mapping[str, str] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> Grid:
    """The sheet as the page shows it, in a constant number of queries. entered, errors: the sheet's form
    was refused (save_all) — what was typed in each cell (by cell_key) and what was wrong with it."""
    if sheet is None:
        sheet = sheet_open(user=user, seat=seat, round=round)
    contest = round.contest
    participants = participants_of(round)
    if round.status == Round.Status.OPEN and not sheet.is_signed:
        record_conflicts(seat, contest, participants.applications, user)
    criteria = criteria_of(round)
    excluded = excluded_ids(seat, contest)
    scores = scores_of(sheet)
    rows = []
    for application in participants.applications:
        out = application.pk in excluded
        cells = []
        for c in criteria:
            key = cell_key(application.pk, c.pk)
            cell = Cell(c, scores.get((application.pk, c.pk)), out, key)
            if entered is not None:
                cell.entered, cell.error = entered.get(key), " ".join((errors or {}).get(key, []))
            cells.append(cell)
        total = sum((cell.points for cell in cells if cell.points is not None), Decimal(0))
        rows.append(Row(application, cells, out, total))
    return Grid(sheet, seat, round, criteria, participants, rows, excluded)


# --- Writes ----------------------------------------------------------------------------------------------


def _locked(sheet: ScoreSheet, version: int) -> ScoreSheet:
    current = ScoreSheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
    if current.round.status != Round.Status.OPEN:
        raise ValidationError(TEXT_CLOSED)
    if current.is_signed:
        raise ValidationError(TEXT_SIGNED)
    if current.version != version:
        raise StaleSheet()
    return current


@dataclass(frozen=True)
class Saved:
    sheet: ScoreSheet
    points: Decimal | None
    total: Decimal  # the participant's total on this sheet


def cell_key(application_id: int, criterion_id: int) -> str:
    """The name of a cell's field in the sheet's form: «c-<application>-<criterion>»."""
    return f"c-{application_id}-{criterion_id}"


def _points(criterion: Criterion, value: str) -> Decimal | None:
    """The points typed in a cell (empty: none); ValidationError with the rule broken."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        points = scoring.check_points(_pure_criterion(criterion), value)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if points != points.quantize(Decimal("0.01")):
        raise ValidationError(
            f"Критерий «{criterion.name}»: не больше двух знаков после запятой (введено {value})."
        )
    return points


def _write(sheet: ScoreSheet, application: Application, criterion: Criterion, points: Decimal | None) -> None:
    cell = Score.objects.filter(sheet=sheet, application=application, criterion=criterion)
    if points is None:
        cell.delete()
    else:
        cell.update_or_create(
            sheet=sheet, application=application, criterion=criterion, defaults={"points": points}
        )


def _bump(sheet: ScoreSheet) -> None:
    ScoreSheet.objects.filter(pk=sheet.pk).update(version=F("version") + 1, updated_at=timezone.now())
    sheet.refresh_from_db()


@transaction.atomic
def cell_save(*, user, sheet: ScoreSheet, application_id, criterion_id, value: str, version: int) -> Saved:
    """Save one cell (an empty value clears it): the maximum and negatives checked (contests.scoring), the
    conflict of interest kept, the version bumped."""
    current = _locked(sheet, version)
    round = current.round
    criterion = Criterion.objects.filter(round=round, pk=_int(criterion_id)).first()
    if criterion is None:
        raise ValidationError("Критерий не из этого тура.")
    participants = participants_of(round)
    application = next((a for a in participants.applications if a.pk == _int(application_id)), None)
    if application is None:
        raise ValidationError("Участник не из этого тура.")
    seat = JuryMember.objects.select_related("person", "contest").get(pk=current.juror_id)
    record_conflicts(seat, seat.contest, [application], user)
    if application.pk in excluded_ids(seat, seat.contest):
        raise ValidationError(TEXT_CONFLICT)
    points = _points(criterion, value)
    _write(current, application, criterion, points)
    _bump(current)
    total = sum(
        Score.objects.filter(sheet=current, application=application).values_list("points", flat=True),
        Decimal(0),
    )
    return Saved(current, points, total)


@transaction.atomic
def save_all(*, user, sheet: ScoreSheet, values, version: int) -> int:
    """Save the whole sheet at once (its form sent without JavaScript, or «Сохранить баллы»): `values`
    maps cell_key() to what was typed; a cell not sent is left as it is. Every cell is checked first —
    one bad cell refuses them all, ValidationError({cell_key: [message]}), nothing saved. Returns how
    many cells changed; the version is bumped once when any did."""
    current = _locked(sheet, version)
    round = current.round
    seat = JuryMember.objects.select_related("person", "contest").get(pk=current.juror_id)
    participants = participants_of(round)
    record_conflicts(seat, seat.contest, participants.applications, user)
    excluded = excluded_ids(seat, seat.contest)
    scores = scores_of(current)
    criteria = criteria_of(round)
    errors: dict[str, list[str]] = {}
    changes = []
    for application in participants.applications:
        if application.pk in excluded:
            continue
        for criterion in criteria:
            key = cell_key(application.pk, criterion.pk)
            if key not in values:
                continue
            try:
                points = _points(criterion, values[key])
            except ValidationError as error:
                errors[key] = error.messages
                continue
            if points != scores.get((application.pk, criterion.pk)):
                changes.append((application, criterion, points))
    if errors:
        raise ValidationError(errors)
    for application, criterion, points in changes:
        _write(current, application, criterion, points)
    if changes:
        _bump(current)
    return len(changes)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def sign(*, user, sheet: ScoreSheet, version: int) -> ScoreSheet:
    """Sign a complete sheet; ValidationError with the list of what is missing otherwise."""
    current = _locked(sheet, version)
    seat = JuryMember.objects.select_related("person", "contest").get(pk=current.juror_id)
    participants = participants_of(current.round)
    if participants.waiting_for is not None or not participants.applications:
        raise ValidationError(participants.message)
    criteria = criteria_of(current.round)
    if not criteria:
        raise ValidationError("В туре не заданы критерии оценивания.")
    record_conflicts(seat, seat.contest, participants.applications, user)
    excluded = excluded_ids(seat, seat.contest)
    pure = scoring.Sheet(juror_id=seat.pk, scores=scores_of(current))
    problems = scoring.unsigned_problems(
        pure,
        [_pure_participant(a) for a in participants.applications],
        [_pure_criterion(c) for c in criteria],
        [(seat.pk, pk) for pk in excluded],
    )
    if problems:
        raise ValidationError(["Лист не подписан:", *problems])
    ScoreSheet.objects.filter(pk=current.pk).update(
        signed_at=timezone.now(), version=F("version") + 1, updated_at=timezone.now()
    )
    ScoreSheetEvent.objects.create(sheet=current, action=ScoreSheetEvent.Action.SIGN, user=user)
    current.refresh_from_db()
    return current


@transaction.atomic
def reopen(*, user, sheet: ScoreSheet, reason: str, version: int) -> ScoreSheet:
    """The chair opens a signed sheet again, with a reason; logged, the juror is told."""
    from notifications.services import notify

    current = ScoreSheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
    if not is_chair(user, current.round):
        raise ValidationError("Открыть подписанный оценочный лист повторно может только председатель жюри.")
    if current.round.status != Round.Status.OPEN:
        raise ValidationError(TEXT_CLOSED)
    if not current.is_signed:
        raise ValidationError("Оценочный лист не подписан — открывать нечего.")
    if current.version != version:
        raise StaleSheet()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Укажите, почему подписанный лист открывается повторно: член жюри это увидит.")
    ScoreSheet.objects.filter(pk=current.pk).update(
        signed_at=None, version=F("version") + 1, updated_at=timezone.now()
    )
    ScoreSheetEvent.objects.create(
        sheet=current, action=ScoreSheetEvent.Action.REOPEN, reason=reason, user=user
    )
    current.refresh_from_db()
    juror = JuryMember.objects.select_related("person__user", "contest").get(pk=current.juror_id)
    if juror.person.user_id:
        notify(
            recipients=[juror.person.user_id],
            kind=NOTICE_REOPENED,
            title=f"Оценочный лист тура «{current.round.title}» открыт повторно",
            body=f"Конкурс «{juror.contest}». Причина: {reason}",
            url=reverse("contests:sheet", args=[juror.contest_id, current.round_id]),
        )
    return current


# --- The overview (методист, secretary, chair) -------------------------------------------------------------


@dataclass
class SheetState:
    seat: JuryMember
    sheet: ScoreSheet | None
    filled: int
    cells: int

    @property
    def signed(self) -> bool:
        return self.sheet is not None and self.sheet.is_signed


def overview(round: Round) -> tuple[Participants, list[SheetState]]:
    """Each scoring juror of the round with their sheet's state and cells filled N of M (constant queries)."""
    participants = participants_of(round)
    criteria_count = round.criteria.count()
    seats = list(
        JuryMember.objects.filter(contest_id=round.contest_id, role__in=SCORING_ROLES)
        .filter(Q(round=round) | Q(round__isnull=True))
        .select_related("person__organization")
        .order_by("role", "person__last_name", "pk")
    )
    sheets = {
        sheet.juror_id: sheet
        for sheet in ScoreSheet.objects.filter(round=round).annotate(
            filled=Count(
                "scores", filter=Q(scores__application__in=[a.pk for a in participants.applications])
            )
        )
    }
    ids = [a.pk for a in participants.applications]
    conflicts: dict[int, int] = {}
    contest = round.contest
    rule_conflicts = ConflictOfInterest.objects.filter(juror__in=seats, application_id__in=ids)
    if not contest.conflict_of_interest:
        rule_conflicts = rule_conflicts.exclude(reason=SAME_ORGANIZATION)
    for juror_id in rule_conflicts.values_list("juror_id", flat=True):
        conflicts[juror_id] = conflicts.get(juror_id, 0) + 1
    states = []
    for seat in seats:
        own = 0
        if contest.conflict_of_interest and seat.person.organization_id and not sheets.get(seat.pk):
            # not opened yet: the conflicts are recorded on opening, count them as they will be
            own = sum(
                1 for a in participants.applications if a.organization_id == seat.person.organization_id
            )
        out = max(conflicts.get(seat.pk, 0), own)
        sheet = sheets.get(seat.pk)
        states.append(
            SheetState(
                seat=seat,
                sheet=sheet,
                filled=getattr(sheet, "filled", 0) if sheet else 0,
                cells=(len(ids) - out) * criteria_count,
            )
        )
    return participants, states
