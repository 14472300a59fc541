"""The счётная комиссия's rules of a contest's положение: jurors' sheets in, the ranking out. Pure, no Django.

    summarize(participants, criteria, sheets, rules, chair_order=()) -> Summary
    summarize_by_nomination(...) -> dict[nomination, Summary]      each nomination ranked on its own
    cut_off(summary, count) -> CutOff                                who goes on to the next round
    final_ranking(summary, awards) -> list[Standing]                 победитель, призёры, лауреаты, участники
    check_points(criterion, value) -> Decimal                        ValueError (Russian) when out of range
    unsigned_problems(sheet, participants, criteria, excluded_pairs) -> list[str]  why a sheet can't be signed
    describe_rules(rules, criteria) -> str                           the rules in words, for the protocol

How a participant's total is made (Rules):
* a juror's total for a participant is the sum of their points over the criteria;
* method "points": the participant's score is the sum (aggregation "sum") or the mean ("mean") of the jurors'
  totals; higher is better. Method "ranks": each juror ranks the participants they scored by their totals
  (1 = best; equal totals share the mean of their ranks, 2.5), the score is the sum or the mean of the
  participant's ranks; lower is better;
* drop_extremes: each participant's highest and lowest juror value (total or rank) is dropped — only when at
  least three jurors scored the participant; otherwise nothing is dropped and the row says so;
* conflict of interest: a juror who did not score a participant at all (no cell of that participant on the
  juror's sheet) is left out for that participant. The mean then divides by the number of jurors who did
  score the participant; with "sum" such a participant has fewer totals, and the summary warns of it;
* scores are compared as printed: rounded to 2 places (half up), so two totals that read the same are equal;
* ties: first the named criterion (its points summed, or averaged with "mean", over the jurors who scored
  the participant: higher wins), then the chair's decision (chair_order: participant ids, best first). A
  tie neither resolves leaves a shared place (1, 2, 2, 4) and summary.needs_chair_decision.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MIN_JURORS_TO_DROP = 3

Id = Hashable


@dataclass(frozen=True)
class Criterion:
    id: Id
    name: str  # «Урок», «Мастер-класс»
    max_points: Decimal


@dataclass(frozen=True)
class Participant:
    id: Id
    name: str  # «Иванова Мария Петровна»
    school: str = ""
    nomination: str = ""


@dataclass(frozen=True)
class Sheet:
    """A juror's оценочный лист: points per (participant id, criterion id); a missing cell is not scored."""

    juror_id: Id
    scores: Mapping[tuple[Id, Id], Decimal]
    juror_name: str = ""


@dataclass(frozen=True)
class Rules:
    aggregation: str = "sum"  # "sum" | "mean" of the jurors' totals (or ranks)
    method: str = "points"  # "points" | "ranks"
    drop_extremes: bool = False  # drop each participant's highest and lowest juror value (≥ 3 jurors)
    tie_criterion: Id | None = None  # the criterion deciding equal scores, before the chair

    def __post_init__(self):
        if self.aggregation not in ("sum", "mean"):
            raise ValueError(
                f"Неизвестный способ подсчёта: {self.aggregation!r} (сумма «sum» или среднее «mean»)."
            )
        if self.method not in ("points", "ranks"):
            raise ValueError(f"Неизвестный метод: {self.method!r} (баллы «points» или места «ranks»).")


@dataclass(frozen=True)
class ResultRow:
    participant: Participant
    place: int
    total: Decimal  # the score, 2 places: points (higher is better) or ranks (lower is better)
    juror_totals: Mapping[Id, Decimal]  # the points each juror who scored the participant gave
    juror_ranks: Mapping[Id, Decimal] = field(default_factory=dict)  # method "ranks" only
    dropped: tuple[Id, ...] = ()  # jurors whose value was dropped (highest, lowest)
    tie_note: str = ""  # «равенство баллов решено по критерию «Урок»», «решение председателя жюри»
    tied_with: tuple[Id, ...] = ()  # the others sharing this place (unresolved)
    notes: tuple[str, ...] = ()  # «крайние оценки не отброшены: …», «оценили 2 члена жюри из 3 …»

    @property
    def shared(self) -> bool:
        return bool(self.tied_with)


@dataclass(frozen=True)
class Summary:
    rules: Rules
    rows: tuple[ResultRow, ...]  # best first
    juror_ids: tuple[Id, ...]  # in the order of the sheets
    unresolved: tuple[tuple[Id, ...], ...] = ()  # groups still tied after the criterion and the chair
    warnings: tuple[str, ...] = ()

    @property
    def needs_chair_decision(self) -> bool:
        return bool(self.unresolved)

    def row(self, participant_id: Id) -> ResultRow:
        return next(row for row in self.rows if row.participant.id == participant_id)


# ---------------------------------------------------------------- validation


def _decimal(value) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValueError(f"«{value}» — не число.") from None
    if not number.is_finite():
        raise ValueError(f"«{value}» — не число.")
    return number


def check_points(criterion: Criterion, value) -> Decimal:
    """The points as a Decimal; ValueError with a Russian message when negative or over the maximum."""
    try:
        points = _decimal(value)
    except ValueError as error:
        raise ValueError(f"Критерий «{criterion.name}»: {error}") from None
    if points < 0:
        raise ValueError(
            f"Критерий «{criterion.name}»: баллы не могут быть отрицательными (введено {fmt(points)})."
        )
    if points > criterion.max_points:
        raise ValueError(
            f"Критерий «{criterion.name}»: не больше {fmt(criterion.max_points)} "
            f"{points_word(criterion.max_points)} (введено {fmt(points)})."
        )
    return points


def unsigned_problems(
    sheet: Sheet,
    participants: Sequence[Participant],
    criteria: Sequence[Criterion],
    excluded_pairs: Iterable[tuple[Id, Id]] = (),
) -> list[str]:
    """Why the sheet cannot be signed (empty list: it can): empty cells, points out of range, a participant
    the juror may not score (excluded_pairs: (juror id, participant id), the conflict of interest)."""
    excluded = {participant for juror, participant in excluded_pairs if juror == sheet.juror_id}
    problems = []
    for participant in participants:
        cells = [(criterion, sheet.scores.get((participant.id, criterion.id))) for criterion in criteria]
        if participant.id in excluded:
            if any(value is not None for _, value in cells):
                problems.append(
                    f"{participant.name}: оценивать этого участника нельзя (конфликт интересов), "
                    "очистите его баллы."
                )
            continue
        empty = [criterion.name for criterion, value in cells if value is None]
        if empty:
            problems.append(
                f"{participant.name}: не выставлены баллы — {', '.join(f'«{n}»' for n in empty)}."
            )
        for criterion, value in cells:
            if value is None:
                continue
            try:
                check_points(criterion, value)
            except ValueError as error:
                problems.append(f"{participant.name}: {error}")
    return problems


# ---------------------------------------------------------------- formatting


def fmt(value: Decimal | int | None, places: int | None = None) -> str:
    """«45», «45,5», «45,25» (Russian decimal comma); places=2 → «45,00»."""
    if value is None:
        return ""
    number = Decimal(value)
    if places is not None:
        text = f"{number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    else:
        text = (
            f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}".rstrip("0")
        )
        text = text.rstrip(".")
    return text.replace(".", ",")


def points_word(value: Decimal) -> str:
    """«балл», «балла», «баллов» after the number (a fraction takes «балла»)."""
    number = Decimal(value)
    if number != number.to_integral_value():
        return "балла"
    n = int(number) % 100
    if 11 <= n <= 14:
        return "баллов"
    return {1: "балл", 2: "балла", 3: "балла", 4: "балла"}.get(n % 10, "баллов")


def describe_rules(rules: Rules, criteria: Sequence[Criterion] = ()) -> str:
    """The rules in words, as the protocol states them."""
    how = "сумма" if rules.aggregation == "sum" else "среднее арифметическое"
    if rules.method == "points":
        parts = [f"итоговый балл участника — {how} баллов, выставленных ему членами жюри"]
    else:
        parts = [
            "каждый член жюри ранжирует участников по сумме своих баллов (1 — лучший), "
            f"итог участника — {how} мест; меньше — лучше"
        ]
    if rules.drop_extremes:
        parts.append(
            "наибольшая и наименьшая оценки каждого участника отбрасываются (при трёх и более оценках)"
        )
    if rules.aggregation == "mean":
        parts.append("среднее считается по членам жюри, оценивавшим участника")
    tie = "при равенстве — "
    name = _criterion_name(rules.tie_criterion, criteria)
    if name:
        tie += f"больший балл по критерию «{name}», затем решение председателя жюри"
    else:
        tie += "решение председателя жюри"
    parts.append(tie)
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _criterion_name(criterion_id: Id | None, criteria: Sequence[Criterion]) -> str:
    if criterion_id is None:
        return ""
    return next((c.name for c in criteria if c.id == criterion_id), str(criterion_id))


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- the summary


def _juror_totals(
    participants: Sequence[Participant], criteria: Sequence[Criterion], sheets: Sequence[Sheet]
) -> dict[Id, dict[Id, Decimal]]:
    """participant id → juror id → the juror's total; jurors with no cell of the participant left out."""
    totals: dict[Id, dict[Id, Decimal]] = {p.id: {} for p in participants}
    for sheet in sheets:
        for participant in participants:
            cells = {c.id: sheet.scores.get((participant.id, c.id)) for c in criteria}
            given = {cid: value for cid, value in cells.items() if value is not None}
            if not given:
                continue  # not scored: conflict of interest
            if len(given) < len(cells):
                missing = ", ".join(f"«{c.name}»" for c in criteria if cells[c.id] is None)
                who = sheet.juror_name or f"член жюри {sheet.juror_id}"
                raise ValueError(
                    f"Оценочный лист ({who}): у участника {participant.name} не выставлены баллы — {missing}."
                )
            total = Decimal(0)
            for criterion in criteria:
                total += check_points(criterion, given[criterion.id])
            totals[participant.id][sheet.juror_id] = total
    return totals


def _juror_ranks(totals: dict[Id, dict[Id, Decimal]], juror_ids: Sequence[Id]) -> dict[Id, dict[Id, Decimal]]:
    """participant id → juror id → the rank the juror's totals give (equal totals share the mean rank)."""
    ranks: dict[Id, dict[Id, Decimal]] = {pid: {} for pid in totals}
    for juror in juror_ids:
        scored = sorted(
            ((by_juror[juror], pid) for pid, by_juror in totals.items() if juror in by_juror),
            key=lambda item: -item[0],
        )
        position = 0
        while position < len(scored):
            end = position
            while end + 1 < len(scored) and scored[end + 1][0] == scored[position][0]:
                end += 1
            rank = Decimal(position + 1 + end + 1) / 2
            for _, pid in scored[position : end + 1]:
                ranks[pid][juror] = rank
            position = end + 1
    return ranks


def _drop(values: dict[Id, Decimal], juror_ids: Sequence[Id]) -> tuple[Id, ...]:
    """The jurors whose value is dropped: the first highest and the first lowest (in the sheets' order)."""
    ordered = [j for j in juror_ids if j in values]
    highest = max(ordered, key=lambda j: values[j])
    lowest = min((j for j in ordered if j != highest), key=lambda j: values[j])
    return (highest, lowest)


def _aggregate(values: list[Decimal], aggregation: str) -> Decimal:
    total = sum(values, Decimal(0))
    return total / len(values) if aggregation == "mean" else total


def _criterion_score(
    participant_id: Id, criterion_id: Id, sheets: Sequence[Sheet], aggregation: str
) -> Decimal:
    values = [
        Decimal(sheet.scores[(participant_id, criterion_id)])
        for sheet in sheets
        if sheet.scores.get((participant_id, criterion_id)) is not None
    ]
    return _round(_aggregate(values, aggregation)) if values else Decimal(0)


def summarize(
    participants: Sequence[Participant],
    criteria: Sequence[Criterion],
    sheets: Sequence[Sheet],
    rules: Rules = Rules(),
    chair_order: Sequence[Id] = (),
) -> Summary:
    """The ranking of the participants by the rules (see the module's docstring); ValueError (Russian) when
    a sheet has a partly filled participant, points out of range, or a participant nobody scored."""
    if not criteria:
        raise ValueError("Не заданы критерии оценивания.")
    if rules.tie_criterion is not None and all(c.id != rules.tie_criterion for c in criteria):
        raise ValueError("Критерий, решающий равенство баллов, не входит в критерии тура.")
    juror_ids = tuple(dict.fromkeys(sheet.juror_id for sheet in sheets))
    totals = _juror_totals(participants, criteria, sheets)
    nobody = [p.name for p in participants if not totals[p.id]]
    if nobody:
        raise ValueError(f"Участника не оценил ни один член жюри: {', '.join(nobody)}.")
    ranks = _juror_ranks(totals, juror_ids) if rules.method == "ranks" else {}
    warnings = []
    scored: dict[Id, tuple[Decimal, tuple[Id, ...], tuple[str, ...]]] = {}
    for participant in participants:
        values = ranks[participant.id] if rules.method == "ranks" else totals[participant.id]
        notes = []
        dropped: tuple[Id, ...] = ()
        if len(values) < len(juror_ids):
            notes.append(f"оценили {len(values)} из {len(juror_ids)} членов жюри (конфликт интересов)")
            if rules.aggregation == "sum":
                warnings.append(
                    f"{participant.name}: оценили не все члены жюри (конфликт интересов); при сумме баллов "
                    "у участника меньше слагаемых — сравнение по среднему было бы равным."
                )
        if rules.drop_extremes:
            if len(values) >= MIN_JURORS_TO_DROP:
                dropped = _drop(values, juror_ids)
            else:
                notes.append(
                    f"крайние оценки не отброшены: оценок {len(values)}, нужно не меньше {MIN_JURORS_TO_DROP}"
                )
        kept = [value for juror, value in values.items() if juror not in dropped]
        scored[participant.id] = (_round(_aggregate(kept, rules.aggregation)), dropped, tuple(notes))

    better_first = -1 if rules.method == "points" else 1
    order = sorted(participants, key=lambda p: better_first * scored[p.id][0])
    # equal scores: the tie criterion, then the chair
    placed: list[tuple[Participant, str, tuple[Id, ...]]] = []  # (participant, tie note, tied with)
    unresolved: list[tuple[Id, ...]] = []
    chair_rank = {pid: index for index, pid in enumerate(chair_order)}
    criterion_name = _criterion_name(rules.tie_criterion, criteria)
    tie_word = "баллов" if rules.method == "points" else "мест"
    index = 0
    groups: list[list[Participant]] = []
    while index < len(order):
        group = [order[index]]
        while (
            index + len(group) < len(order)
            and scored[order[index + len(group)].id][0] == scored[group[0].id][0]
        ):
            group.append(order[index + len(group)])
        groups.append(group)
        index += len(group)
    for group in groups:
        if len(group) == 1:
            placed.append((group[0], "", ()))
            continue
        subgroups = [group]
        if rules.tie_criterion is not None:
            value = {
                p.id: _criterion_score(p.id, rules.tie_criterion, sheets, rules.aggregation) for p in group
            }
            distinct = sorted(set(value.values()), reverse=True)
            subgroups = [[p for p in group if value[p.id] == v] for v in distinct]
        for sub in subgroups:
            if len(sub) == 1:
                note = f"равенство {tie_word} решено по критерию «{criterion_name}»"
                placed.append((sub[0], note, ()))
                continue
            if all(p.id in chair_rank for p in sub):
                note = f"равенство {tie_word}: решение председателя жюри"
                for p in sorted(sub, key=lambda p: chair_rank[p.id]):
                    placed.append((p, note, ()))
                continue
            ids = tuple(p.id for p in sub)
            unresolved.append(ids)
            for p in sub:
                placed.append((p, "", tuple(i for i in ids if i != p.id)))

    rows = []
    for position, (participant, note, tied_with) in enumerate(placed, start=1):
        place = position
        if tied_with and rows and rows[-1].participant.id in tied_with:
            place = rows[-1].place
        total, dropped, notes = scored[participant.id]
        rows.append(
            ResultRow(
                participant=participant,
                place=place,
                total=total,
                juror_totals=dict(totals[participant.id]),
                juror_ranks=dict(ranks.get(participant.id, {})),
                dropped=dropped,
                tie_note=note,
                tied_with=tied_with,
                notes=notes,
            )
        )
    return Summary(
        rules=rules,
        rows=tuple(rows),
        juror_ids=juror_ids,
        unresolved=tuple(unresolved),
        warnings=tuple(warnings),
    )


def summarize_by_nomination(
    participants: Sequence[Participant],
    criteria: Sequence[Criterion],
    sheets: Sequence[Sheet],
    rules: Rules = Rules(),
    chair_order: Sequence[Id] = (),
) -> dict[str, Summary]:
    """Each nomination ranked on its own (in the order the nominations first appear)."""
    nominations: dict[str, list[Participant]] = {}
    for participant in participants:
        nominations.setdefault(participant.nomination, []).append(participant)
    return {
        name: summarize(group, criteria, sheets, rules, chair_order) for name, group in nominations.items()
    }


# ---------------------------------------------------------------- cut-off and the final ranking


@dataclass(frozen=True)
class CutOff:
    advancing: tuple[ResultRow, ...]  # go on to the next round
    staying: tuple[ResultRow, ...]  # do not
    undecided: tuple[
        ResultRow, ...
    ]  # an unresolved tie across the boundary: neither, until the chair decides
    boundary: tuple[ResultRow, ...]  # equal scores across the boundary (resolved or not): worth a look
    message: str = ""

    @property
    def needs_chair_decision(self) -> bool:
        return bool(self.undecided)


def cut_off(summary: Summary, count: int) -> CutOff:
    """The first `count` go on. Equal scores across the boundary are flagged (boundary, message); when the tie
    rule did not separate them they are undecided and the chair has to decide."""
    if count < 0:
        raise ValueError("Число проходящих в следующий тур не может быть отрицательным.")
    rows = summary.rows
    if count == 0 or count >= len(rows):
        return CutOff(advancing=rows[:count], staying=rows[count:], undecided=(), boundary=())
    last_in, first_out = rows[count - 1], rows[count]
    if last_in.total != first_out.total:
        return CutOff(advancing=rows[:count], staying=rows[count:], undecided=(), boundary=())
    boundary = tuple(row for row in rows if row.total == last_in.total)
    names = ", ".join(row.participant.name for row in boundary)
    if last_in.place != first_out.place:
        notes = "; ".join(dict.fromkeys(row.tie_note for row in boundary if row.tie_note))
        return CutOff(
            advancing=rows[:count],
            staying=rows[count:],
            undecided=(),
            boundary=boundary,
            message=f"На границе прохода равенство: {names}; {notes}.",
        )
    shared = tuple(row for row in rows if row.place == last_in.place)
    return CutOff(
        advancing=tuple(row for row in rows if row.place < last_in.place),
        staying=tuple(row for row in rows if row.place > last_in.place),
        undecided=shared,
        boundary=boundary,
        message=(
            f"На границе прохода равенство: {', '.join(row.participant.name for row in shared)} — "
            f"мест в следующем туре: {count - sum(1 for row in rows if row.place < last_in.place)}; "
            "нужно решение председателя жюри."
        ),
    )


WINNER, PRIZE_WINNER, LAUREATE, PARTICIPANT = "winner", "prize_winner", "laureate", "participant"
STATUS_TITLES = {WINNER: "победитель", PRIZE_WINNER: "призёр", LAUREATE: "лауреат", PARTICIPANT: "участник"}


@dataclass(frozen=True)
class Awards:
    prize_winners: int = 2  # 2nd and 3rd places
    laureates: int = 0  # the places after the prize-winners


@dataclass(frozen=True)
class Standing:
    row: ResultRow
    status: str  # WINNER | PRIZE_WINNER | LAUREATE | PARTICIPANT

    @property
    def title(self) -> str:
        return STATUS_TITLES[self.status]


def _status(position: int, awards: Awards) -> str:
    if position == 1:
        return WINNER
    if position <= 1 + awards.prize_winners:
        return PRIZE_WINNER
    if position <= 1 + awards.prize_winners + awards.laureates:
        return LAUREATE
    return PARTICIPANT


def final_ranking(summary: Summary, awards: Awards = Awards()) -> list[Standing]:
    """победитель (1st place), призёры, лауреаты, участники of one nomination's summary. ValueError (Russian)
    when an unresolved tie crosses a boundary between them (two «first places», a призёр or a лауреат too
    many): the chair decides first."""
    if awards.prize_winners < 0 or awards.laureates < 0:
        raise ValueError("Число призёров и лауреатов не может быть отрицательным.")
    standings = []
    for position, row in enumerate(summary.rows, start=1):
        status = _status(row.place, awards)
        if status != _status(position, awards):
            group = [r.participant.name for r in summary.rows if r.place == row.place]
            raise ValueError(
                f"Равенство у участников {', '.join(group)} (место {row.place}) не решено: "
                f"нельзя определить, кто {STATUS_TITLES[status]}, — нужно решение председателя жюри."
            )
        standings.append(Standing(row=row, status=status))
    return standings
