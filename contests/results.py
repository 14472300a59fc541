"""The счётная комиссия: closing a round, its summary per nomination (contests.scoring applied to the
signed score sheets), the chair's tie decisions, the final awards and publishing the results.

    round_summary(round) -> RoundSummary          the summary of a round (a fixed number of queries)
    round_close(user=, round=)          the chair or the методист; refused while sheets are unsigned
    tie_decide(user=, round=, nomination_id=, places=|order=, reason=)   the chair orders tied participants
    results_publish(user=, contest=)               refused until every round is closed and ties decided
    own_results(application)                       what a participant sees after publishing

Bad input raises ValidationError with a Russian message and saves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from directory.access import user_scope

from . import scoring
from .access import is_chair
from .models import (
    Application,
    Contest,
    JuryMember,
    Nomination,
    Round,
    RoundResult,
    Score,
    ScoreSheet,
    TieDecision,
)
from .protocol_document import SummaryRow, summary_rows, surname_initials

SCORING_ROLES = (JuryMember.Role.CHAIR, JuryMember.Role.MEMBER)
AWARDS = {
    scoring.WINNER: RoundResult.Award.WINNER,
    scoring.PRIZE_WINNER: RoundResult.Award.PRIZE,
    scoring.LAUREATE: RoundResult.Award.LAUREATE,
    scoring.PARTICIPANT: RoundResult.Award.PARTICIPANT,
}
ADVANCES_NOTE = "проходит в следующий тур"


# --- Who -------------------------------------------------------------------------------------------


def can_close(user, contest: Contest) -> bool:
    """Closing rounds and deciding ties: the jury's chair or the методист."""
    return user_scope(user).is_methodist or is_chair(user, contest)


def sees_results(user, contest: Contest) -> bool:
    """The results pages: the district's staff and the contest's jury."""
    scope = user_scope(user)
    return scope.district_wide or contest.pk in scope.contest_ids


def is_published(contest: Contest) -> bool:
    return contest.status in (Contest.Status.RESULTS, Contest.Status.FINISHED)


# --- The summary -----------------------------------------------------------------------------------


@dataclass
class NominationSummary:
    nomination_id: int | None
    name: str
    summary: scoring.Summary | None = None
    rows: tuple[SummaryRow, ...] = ()
    error: str = ""  # the summary could not be made (a partly filled sheet …)
    advancing: tuple[int, ...] = ()  # application ids going on
    standings: list[scoring.Standing] = field(default_factory=list)  # the final round
    needs_decision: tuple[tuple[int, ...], ...] = ()  # tied groups the chair has to order
    decision_note: str = ""  # why the chair has to decide
    participants: dict[int, scoring.Participant] = field(default_factory=dict)

    @property
    def tie_groups(self) -> list[list[tuple[int, str]]]:
        """The tied groups, each a list of (application id, name)."""
        return [[(pid, self.participants[pid].name) for pid in group] for group in self.needs_decision]


@dataclass
class RoundSummary:
    round: Round
    is_final: bool
    jurors: list[JuryMember]  # those whose sheets count (chair and members), in the columns' order
    unsigned: list[str]  # short names of jurors without a signed sheet
    nominations: list[NominationSummary]
    criteria: list
    rules: scoring.Rules | None = None

    @property
    def juror_columns(self) -> tuple[str, ...]:
        return tuple(surname_initials(j.person.full_name) for j in self.jurors)

    @property
    def needs_decision(self) -> bool:
        return any(n.needs_decision for n in self.nominations)

    @property
    def errors(self) -> list[str]:
        return [n.error for n in self.nominations if n.error]

    @property
    def all_rows(self) -> tuple[SummaryRow, ...]:
        return tuple(row for n in self.nominations for row in n.rows)


def rules_for(contest: Contest, criteria: Sequence) -> scoring.Rules:
    """The положение's rules; the tie criterion counts in a round that has it (by id, else by name)."""
    tie = None
    if contest.tie_criterion_id:
        tie = next((c.pk for c in criteria if c.pk == contest.tie_criterion_id), None)
        if tie is None and contest.tie_criterion is not None:
            tie = next((c.pk for c in criteria if c.name == contest.tie_criterion.name), None)
    ranks = contest.aggregation == Contest.Aggregation.RANKS
    return scoring.Rules(
        aggregation="mean" if contest.aggregation == Contest.Aggregation.MEAN else "sum",
        method="ranks" if ranks else "points",
        drop_extremes=contest.drop_extremes,
        tie_criterion=tie,
    )


def _rounds(contest: Contest) -> list[Round]:
    return list(contest.rounds.order_by("position", "pk"))


def round_participants(round: Round, rounds: Sequence[Round] = ()) -> list[Application]:
    """The first round: the admitted applications; a later one: those the previous round sent on — the
    same list the jurors' sheets show (contests.sheets.participants_of)."""
    from .sheets import participants_of

    return participants_of(round).applications


def round_jurors(round: Round) -> list[JuryMember]:
    """The jurors who score the round: the contest's chair and members, and the round's own."""
    members = list(
        JuryMember.objects.filter(contest_id=round.contest_id, role__in=SCORING_ROLES)
        .filter(Q(round__isnull=True) | Q(round=round))
        .select_related("person")
    )
    members.sort(key=lambda m: (m.role != JuryMember.Role.CHAIR, m.person.last_name, m.pk))
    return members


def _decisions(round: Round) -> list[int]:
    order: list[int] = []
    for decision in TieDecision.objects.filter(round=round).order_by("decided_at", "pk"):
        order += [int(i) for i in decision.order if int(i) not in order]
    return order


def round_summary(round: Round, *, rounds: Sequence[Round] | None = None) -> RoundSummary:
    """The summary of the round from the signed sheets (a fixed number of queries, whatever the size)."""
    contest = round.contest
    rounds = list(rounds) if rounds is not None else _rounds(contest)
    is_final = rounds[-1].pk == round.pk
    applications = round_participants(round, rounds)
    jurors = round_jurors(round)
    sheets = {s.juror_id: s for s in ScoreSheet.objects.filter(round=round)}
    unsigned = [j.person.short_name for j in jurors if not (j.pk in sheets and sheets[j.pk].is_signed)]
    criteria = list(round.criteria.all())
    pure_criteria = [scoring.Criterion(id=c.pk, name=c.name, max_points=c.max_points) for c in criteria]
    summary = RoundSummary(
        round=round, is_final=is_final, jurors=jurors, unsigned=unsigned, nominations=[], criteria=criteria
    )
    scores: dict[int, dict] = {j.pk: {} for j in jurors}
    signed = {s.pk: s.juror_id for s in sheets.values() if s.is_signed}
    for sheet_id, app_id, criterion_id, points in Score.objects.filter(
        sheet_id__in=list(signed), application__in=[a.pk for a in applications]
    ).values_list("sheet_id", "application_id", "criterion_id", "points"):
        scores.setdefault(signed[sheet_id], {})[(app_id, criterion_id)] = points
    pure_sheets = [
        scoring.Sheet(juror_id=j.pk, scores=scores.get(j.pk, {}), juror_name=j.person.short_name)
        for j in jurors
        if j.pk in signed.values()
    ]
    try:
        rules = rules_for(contest, criteria)
    except ValueError as error:
        summary.nominations.append(NominationSummary(None, "", error=str(error)))
        return summary
    summary.rules = rules
    chair_order = _decisions(round)
    groups: dict[int | None, list[Application]] = {}
    for application in applications:
        groups.setdefault(application.nomination_id, []).append(application)
    awards = scoring.Awards(prize_winners=contest.prize_winners_count, laureates=contest.laureates_count)
    for nomination_id, group in groups.items():
        name = group[0].nomination.name if group[0].nomination else ""
        item = NominationSummary(nomination_id, name)
        summary.nominations.append(item)
        participants = [
            scoring.Participant(
                id=a.pk, name=a.person.full_name, school=a.organization.short_name, nomination=name
            )
            for a in group
        ]
        item.participants = {p.id: p for p in participants}
        if not pure_sheets:
            item.error = "Нет ни одного подписанного оценочного листа."
            continue
        try:
            result = scoring.summarize(participants, pure_criteria, pure_sheets, rules, chair_order)
        except ValueError as error:
            item.error = str(error)
            continue
        item.summary = result
        notes: dict[int, str] = {}
        if is_final:
            try:
                item.standings = scoring.final_ranking(result, awards)
            except ValueError as error:
                item.needs_decision = result.unresolved
                item.decision_note = str(error)
            else:
                notes = {s.row.participant.id: s.title for s in item.standings}
        elif round.cutoff is not None:
            cut = scoring.cut_off(result, round.cutoff)
            item.advancing = tuple(row.participant.id for row in cut.advancing)
            if cut.needs_chair_decision:
                item.needs_decision = (tuple(row.participant.id for row in cut.undecided),)
                item.decision_note = cut.message
        else:
            item.advancing = tuple(row.participant.id for row in result.rows)
        for pid in item.advancing:
            notes[pid] = ADVANCES_NOTE
        item.rows = summary_rows(result, [j.pk for j in jurors], notes)
    return summary


def rules_text(summary: RoundSummary) -> str:
    """The rules applied, in words (as the protocol states them)."""
    if summary.rules is None:
        return ""
    criteria = [scoring.Criterion(id=c.pk, name=c.name, max_points=c.max_points) for c in summary.criteria]
    return scoring.describe_rules(summary.rules, criteria)


# --- Writes ----------------------------------------------------------------------------------------


def _store(summary: RoundSummary) -> None:
    """RoundResult rows of the round from its summary (replacing what was stored)."""
    round = summary.round
    RoundResult.objects.filter(round=round).delete()
    rows = []
    for item in summary.nominations:
        if item.summary is None:
            continue
        awards = {s.row.participant.id: AWARDS[s.status] for s in item.standings}
        for row in item.summary.rows:
            rows.append(
                RoundResult(
                    round=round,
                    application_id=row.participant.id,
                    total=row.total,
                    rank=row.place,
                    advances=row.participant.id in item.advancing,
                    award=awards.get(row.participant.id, ""),
                )
            )
    RoundResult.objects.bulk_create(rows)


def _locked_round(round: Round) -> Round:
    return Round.objects.select_for_update().select_related("contest").get(pk=round.pk)


@transaction.atomic
def round_close(*, user, round: Round) -> RoundSummary:
    """Close the round and store its results. Refused (nothing saved) while a sheet is unsigned, the round
    before it is open, or the summary cannot be made."""
    round = _locked_round(round)
    contest = round.contest
    if not can_close(user, contest):
        raise PermissionDenied("Закрыть тур может председатель жюри или методист.")
    if round.status == Round.Status.CLOSED:
        raise ValidationError(f"Тур «{round.title}» уже закрыт.")
    rounds = _rounds(contest)
    index = next(i for i, r in enumerate(rounds) if r.pk == round.pk)
    if index and rounds[index - 1].status != Round.Status.CLOSED:
        raise ValidationError(f"Сначала закройте тур «{rounds[index - 1].title}».")
    if index:
        previous = rounds[index - 1]
        previous.contest = contest
        if round_summary(previous, rounds=rounds).needs_decision:
            raise ValidationError(
                f"В туре «{previous.title}» равенство баллов на границе прохода: сначала нужно решение "
                "председателя жюри."
            )
    summary = round_summary(round, rounds=rounds)
    if not summary.jurors:
        raise ValidationError("В жюри нет ни председателя, ни членов: оценивать некому.")
    if summary.unsigned:
        raise ValidationError(f"Не подписаны листы: {', '.join(summary.unsigned)}.")
    if not any(item.participants for item in summary.nominations):
        raise ValidationError("В туре нет ни одного участника.")
    if summary.errors:
        raise ValidationError(summary.errors)
    round.status = Round.Status.CLOSED
    round.closed_at = timezone.now()
    round.closed_by = user if getattr(user, "is_authenticated", False) else None
    round.save(update_fields=["status", "closed_at", "closed_by"])
    _store(summary)
    return summary


@transaction.atomic
def tie_decide(
    *,
    user,
    round: Round,
    nomination_id: int | None,
    reason: str,
    order: Sequence = (),
    places: Mapping[int, int] | None = None,
) -> TieDecision:
    """The chair orders participants the rules left tied, with the reason; results recomputed.

    order: the application ids, best first; or places: {application id: place among its tied group
    (1 = best)}, each group's places 1…n once each."""
    round = _locked_round(round)
    contest = round.contest
    if not can_close(user, contest):
        raise PermissionDenied("Решение при равенстве баллов принимает председатель жюри.")
    if round.status != Round.Status.CLOSED:
        raise ValidationError("Решение при равенстве баллов принимается после закрытия тура.")
    if is_published(contest):
        raise ValidationError("Итоги уже опубликованы: менять их нельзя.")
    later = [r for r in _rounds(contest) if r.position > round.position and r.status == Round.Status.CLOSED]
    if later:
        raise ValidationError(f"Следующий тур «{later[0].title}» уже закрыт: итоги этого тура менять нельзя.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Укажите, чем председатель обосновывает решение.")
    summary = round_summary(round)
    item = next((n for n in summary.nominations if n.nomination_id == nomination_id), None)
    if item is None or not item.needs_decision:
        raise ValidationError("В этой номинации нет равенства, требующего решения председателя.")
    if places is not None:
        order = _order_from_places(item, places)
    try:
        ids = [int(i) for i in order]
    except (TypeError, ValueError):
        raise ValidationError("Укажите порядок участников.") from None
    tied = {pid for group in item.needs_decision for pid in group}
    if len(ids) != len(set(ids)) or set(ids) != tied:
        names = ", ".join(item.participants[pid].name for pid in sorted(tied) if pid in item.participants)
        raise ValidationError(f"Расставьте по местам всех участников с равными баллами: {names}.")
    decision = TieDecision.objects.create(
        round=round,
        nomination_id=nomination_id,
        order=ids,
        reason=reason,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _store(round_summary(round))
    return decision


def _order_from_places(item: NominationSummary, places: Mapping[int, int]) -> list[int]:
    """The tied ids best first from the places chosen in each group; ValidationError naming who has no
    place, or which place was given twice."""
    missing = [name for group in item.tie_groups for pid, name in group if not places.get(pid)]
    if missing:
        raise ValidationError(f"Выберите место для каждого участника: {', '.join(missing)}.")
    for group in item.tie_groups:
        chosen = [places[pid] for pid, _ in group]
        if sorted(chosen) != list(range(1, len(group) + 1)):
            twice = sorted({p for p in chosen if chosen.count(p) > 1})
            names = ", ".join(name for _, name in group)
            wrong = f"от 1 до {len(group)}."
            if twice:
                wrong = f"место {', '.join(map(str, twice))} выбрано дважды."
            raise ValidationError(f"Места среди равных ({names}) должны быть разными: {wrong}")
    return [pid for group in item.tie_groups for pid, _ in sorted(group, key=lambda entry: places[entry[0]])]


def publishing_problems(contest: Contest) -> list[str]:
    problems = []
    rounds = _rounds(contest)
    if not rounds:
        return ["В конкурсе нет ни одного тура."]
    open_rounds = [f"«{r.title}»" for r in rounds if r.status != Round.Status.CLOSED]
    if open_rounds:
        problems.append(f"Не закрыты туры: {', '.join(open_rounds)}.")
        return problems
    for round in rounds:
        round.contest = contest
        summary = round_summary(round, rounds=rounds)
        for item in summary.nominations:
            if item.needs_decision:
                where = f"номинация «{item.name}», " if item.name else ""
                problems.append(
                    f"Тур «{round.title}», {where}нужно решение председателя жюри о равенстве баллов."
                )
    return problems


@transaction.atomic
def results_publish(*, user, contest: Contest) -> Contest:
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not user_scope(user).is_methodist:
        raise PermissionDenied("Публикует итоги методист.")
    if is_published(contest):
        raise ValidationError("Итоги уже опубликованы.")
    problems = publishing_problems(contest)
    if problems:
        raise ValidationError(["Итоги нельзя опубликовать.", *problems])
    contest.status = Contest.Status.RESULTS
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["status", "results_published_at"])
    return contest


# --- After publishing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnResult:
    round_title: str
    total: str
    rank: int
    advances: bool
    award: str  # «победитель», "" before the final round


def own_results(application: Application) -> list[OwnResult]:
    """The participant's lines of every round (only once the results are published)."""
    if not is_published(application.contest):
        return []
    return [
        OwnResult(
            round_title=r.round.title,
            total=scoring.fmt(r.total, 2),
            rank=r.rank,
            advances=r.advances,
            award=r.get_award_display() if r.award else "",
        )
        for r in application.results.select_related("round").order_by("round__position", "round_id")
    ]


def final_standings(contest: Contest) -> list[tuple[Nomination | None, list[RoundResult]]]:
    """The final round's results per nomination, best first (for the order and the diplomas)."""
    rounds = _rounds(contest)
    if not rounds:
        return []
    results = (
        RoundResult.objects.filter(round=rounds[-1])
        .select_related("application__person", "application__organization", "application__nomination")
        .order_by("application__nomination__position", "application__nomination_id", "rank", "pk")
    )
    grouped: dict[int | None, tuple[Nomination | None, list[RoundResult]]] = {}
    for result in results:
        nomination = result.application.nomination
        grouped.setdefault(result.application.nomination_id, (nomination, []))[1].append(result)
    return list(grouped.values())


def contest_genitive(contest: Contest) -> str:
    """«муниципального этапа конкурса «Педагогический дебют» 2026 года»."""
    level = "муниципального" if contest.level == Contest.Level.MUNICIPAL else "школьного"
    return f"{level} этапа конкурса «{contest.name}» {contest.year} года"


# --- The protocol ----------------------------------------------------------------------------------


def _names(items: Sequence[str]) -> str:
    return ", ".join(items)


def protocol_decision(summary: RoundSummary) -> str:
    lines = ["утвердить результаты оценивания участников (сводная ведомость — приложение к протоколу)."]
    for item in summary.nominations:
        if item.summary is None:
            continue
        where = f" в номинации «{item.name}»" if item.name else ""
        by_id = item.participants
        if summary.is_final and item.standings:
            for status, word in (
                (scoring.WINNER, "победителем"),
                (scoring.PRIZE_WINNER, "призёрами"),
                (scoring.LAUREATE, "лауреатами"),
            ):
                names = [s.row.participant.name for s in item.standings if s.status == status]
                if names:
                    if status == scoring.PRIZE_WINNER and len(names) == 1:
                        word = "призёром"
                    if status == scoring.LAUREATE and len(names) == 1:
                        word = "лауреатом"
                    lines.append(f"Признать {word}{where}: {_names(names)}.")
        elif not summary.is_final:
            names = [by_id[pid].name for pid in item.advancing]
            if names:
                lines.append(f"Допустить к следующему туру{where}: {_names(names)}.")
    return "\n".join(lines)


def round_jury(round: Round) -> list[JuryMember]:
    """The jury at the round's meeting: the contest's and the round's own members (chair first)."""
    jury = list(
        JuryMember.objects.filter(contest_id=round.contest_id)
        .filter(Q(round__isnull=True) | Q(round=round))
        .select_related("person")
    )
    order = {JuryMember.Role.CHAIR: 0, JuryMember.Role.MEMBER: 1, JuryMember.Role.SECRETARY: 2}
    jury.sort(key=lambda m: (order.get(m.role, 3), m.person.last_name, m.pk))
    return jury


@transaction.atomic
def attendance_save(*, user, round: Round, absent_ids) -> list[JuryMember]:
    """Who was absent from the jury's meeting on the round (printed in the protocol): the chair or the
    методист; a meeting needs more than half of the jury present."""
    if not can_close(user, round.contest):
        raise PermissionDenied("Отмечать присутствие на заседании может председатель жюри или методист.")
    jury = round_jury(round)
    wanted = {int(value) for value in absent_ids if str(value).isdigit()}
    absent = [m for m in jury if m.pk in wanted]
    if len(absent) * 2 >= len(jury):
        raise ValidationError(
            f"Заседание жюри правомочно, если присутствует больше половины его состава: из {len(jury)} "
            f"отмечено отсутствующими {len(absent)}."
        )
    round.absent_jurors.set(absent)
    return absent


def jury_protocol(summary: RoundSummary):
    """The protocol of a closed round (contests.protocol_document's data); ValueError (Russian) when the
    round is open or the jury has no chair or secretary."""
    from .protocol_document import JuryProtocol

    round = summary.round
    if round.status != Round.Status.CLOSED:
        raise ValueError("Протокол составляется после закрытия тура.")
    contest = round.contest
    jury = round_jury(round)
    absent = set(round.absent_jurors.values_list("pk", flat=True))
    chair = next((m.person.full_name for m in jury if m.role == JuryMember.Role.CHAIR), "")
    secretary = next((m.person.full_name for m in jury if m.role == JuryMember.Role.SECRETARY), "")
    if not chair or not secretary:
        raise ValueError(
            "В жюри конкурса должны быть председатель и секретарь: назначьте их на странице жюри."
        )
    return JuryProtocol(
        issuer_name=contest.organizer.name,
        contest_title=str(contest),
        round_title=round.title,
        date=timezone.localtime(round.closed_at).date() if round.closed_at else None,
        number=str(round.position or ""),
        place="",
        chair=chair,
        secretary=secretary,
        members=tuple(m.person.full_name for m in jury if m.role == JuryMember.Role.MEMBER),
        present=tuple(m.person.full_name for m in jury if m.pk not in absent) if absent else (),
        juror_columns=summary.juror_columns,
        rows=summary.all_rows,
        decision=protocol_decision(summary),
        rules=rules_text(summary),
        contest_genitive=contest_genitive(contest),
        total_title="Сумма мест" if contest.aggregation == Contest.Aggregation.RANKS else "Итоговый балл",
    )
