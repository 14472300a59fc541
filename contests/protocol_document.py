"""The протокол заседания жюри of a contest's round, printed by orders' document layer (PDF and DOCX). Pure.

    jury_protocol_document(protocol: JuryProtocol) -> orders.document.OrderDocument
    summary_rows(summary: scoring.Summary, juror_ids) -> tuple[SummaryRow, ...]   the счётная комиссия's rows

orders.pdf.render_order_pdf and orders.docx_export.render_order_docx print the result. What it looks like:
* «ПРОТОКОЛ», the date and number, «Заседания жюри конкурса «…»», no «ПРИКАЗЫВАЮ» (JURY_PROTOCOL below);
* the preamble: «Присутствовали: председатель жюри — …; члены жюри: …; секретарь — …» (N из M), who was
  absent, the agenda (the round);
* one point: СЛУШАЛИ the secretary on the results, the rules applied (the положение's, in words), РЕШИЛИ;
* the summary table in the appendix «Сводная ведомость …» (the layer repeats its header on every page; a
  landscape page from three jurors' columns), a heading row per nomination;
* signature lines: «Председатель жюри», «Секретарь», then «Член жюри» for each member present (the kind's
  labels cover the first two lines; the members' lines take their label from Signatory.position).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.inflection import inflect_person
from core.russian import short_name
from orders.document import Appendix, Column, DocumentKind, OrderDocument, Point, Row, Signatory, Table

from .scoring import Id, Summary, fmt

JURY_PROTOCOL = DocumentKind(
    key="jury_protocol",
    title="ПРОТОКОЛ",
    appendix_reference="к протоколу",
    approved_by="протоколом",
    operative_word="",
    signature_labels=("Председатель жюри", "Секретарь"),
)
MEMBER_LABEL = "Член жюри"
LANDSCAPE_FROM_JURORS = 3  # juror columns from which the summary gets landscape pages (a surname fits)
NOT_SCORED = "—"


@dataclass(frozen=True)
class SummaryRow:
    """A row of the summary table, as printed (numbers already formatted: «45,50», «(38,00)» dropped)."""

    place: str  # «1», «2»
    participant: str  # «Иванова Мария Петровна»
    school: str = ""
    nomination: str = ""  # rows are grouped under a heading per nomination
    juror_totals: tuple[str, ...] = ()  # one per juror column, in the order of JuryProtocol.juror_columns
    total: str = ""
    note: str = ""  # «равенство баллов решено по критерию «Урок»», «проходит в финал»


@dataclass(frozen=True)
class JuryProtocol:
    issuer_name: str  # the organiser, printed at the top: «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ …»
    contest_title: str  # «Педагогический дебют — 2026»
    round_title: str  # «Урок», «Заочный тур»
    date: dt.date | None
    number: str  # the protocol's number: «2»
    place: str  # «г. Энск»
    chair: str  # full names: «Орлов Андрей Викторович»
    secretary: str
    members: tuple[str, ...]  # the jury's members besides the chair and the secretary
    present: tuple[str, ...]  # who came (any of the above); empty → everybody
    juror_columns: tuple[str, ...]  # headings of the per-juror columns («Орлов А.В.»), as in the rows
    rows: tuple[SummaryRow, ...]
    decision: str  # after «РЕШИЛИ:», paragraphs separated by line breaks
    rules: str  # the rules applied, in words (scoring.describe_rules)
    contest_genitive: str = ""  # «муниципального этапа конкурса «…»»; default «конкурса «<title>»»
    total_title: str = "Итоговый балл"  # «Сумма мест» when the rules rank
    higher_body: str = ""


def _clean(name: str) -> str:
    return " ".join(name.split())


def _is_full(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and not any("." in word for word in words[1:])


def surname_initials(name: str) -> str:
    """«Орлов Андрей Викторович» → «Орлов А.В.»; a name already short stays as written."""
    name = _clean(name)
    if not _is_full(name):
        return name
    surname, *rest = name.split()
    return f"{surname} {''.join(word[0].upper() + '.' for word in rest[:2])}"


def _signature_name(name: str) -> str:
    name = _clean(name)
    return short_name(name) if _is_full(name) else name


def _accusative_short(name: str) -> str:
    """«Волкова Елена Викторовна» → «Волкову Е.В.» (the inflector's; as written if it fails)."""
    name = _clean(name)
    if _is_full(name):
        with contextlib.suppress(Exception):  # a name the dictionary cannot decline stays as written
            name = inflect_person(name, "accs")
    return surname_initials(name)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _contest_genitive(protocol: JuryProtocol) -> str:
    return _clean(protocol.contest_genitive) or f"конкурса «{_clean(protocol.contest_title)}»"


def _attendance(protocol: JuryProtocol) -> list[str]:
    chair, secretary = _clean(protocol.chair), _clean(protocol.secretary)
    members = [m for m in dict.fromkeys(_clean(m) for m in protocol.members) if m not in (chair, secretary)]
    jury = [chair, *members, secretary]
    present = {_clean(name) for name in protocol.present} or set(jury)
    parts = []
    if chair in present:
        parts.append(f"председатель жюри — {surname_initials(chair)}")
    came = [surname_initials(m) for m in members if m in present]
    if came:
        parts.append("члены жюри: " + ", ".join(came))
    if secretary in present:
        parts.append(f"секретарь — {surname_initials(secretary)}")
    lines = [f"Присутствовали: {'; '.join(parts)} ({sum(1 for n in jury if n in present)} из {len(jury)})."]
    absent = [surname_initials(name) for name in jury if name not in present]
    lines.append(_sentence(f"Отсутствовали: {', '.join(absent)}") if absent else "Отсутствовали: нет.")
    return lines


def _signatories(protocol: JuryProtocol) -> tuple[Signatory, ...]:
    """The secretary (the kind's second label), then a «Член жюри» line per member present."""
    chair, secretary = _clean(protocol.chair), _clean(protocol.secretary)
    present = {_clean(name) for name in protocol.present}
    members = [
        m
        for m in dict.fromkeys(_clean(m) for m in protocol.members)
        if m not in (chair, secretary) and (not present or m in present)
    ]
    return (
        Signatory(name=_signature_name(secretary), position="Секретарь"),
        *(Signatory(name=_signature_name(m), position=MEMBER_LABEL) for m in members),
    )


def _table(protocol: JuryProtocol) -> Table:
    with_notes = any(row.note.strip() for row in protocol.rows)
    # a juror's column is as wide as the longest word of its heading (a surname is not broken), ≥ «45,50»
    longest = max((len(word) for title in protocol.juror_columns for word in title.split()), default=5)
    juror_width = max(longest, 6) * 0.17
    columns = [
        Column("Место", 0.9, align="center"),
        Column("Участник", 2.2),
        Column("Образовательная организация", 2.2),
        *(Column(title, juror_width, align="center") for title in protocol.juror_columns),
        Column(protocol.total_title, 1.35, align="center"),
    ]
    if with_notes:
        columns.append(Column("Примечание", 2))
    nominations = list(dict.fromkeys(row.nomination.strip() for row in protocol.rows))
    grouped = len(nominations) > 1 or nominations[0:1] != [""]
    rows: list[Row] = []
    for nomination in nominations:
        if grouped:
            rows.append(Row((f"Номинация «{nomination}»" if nomination else "Без номинации",), heading=True))
        for row in protocol.rows:
            if row.nomination.strip() != nomination:
                continue
            totals = list(row.juror_totals[: len(protocol.juror_columns)])
            totals += [NOT_SCORED] * (len(protocol.juror_columns) - len(totals))
            cells = [row.place, row.participant, row.school, *totals, row.total]
            if with_notes:
                cells.append(row.note)
            rows.append(Row(tuple(cells)))
    return Table(columns=tuple(columns), rows=tuple(rows), number_row=False)


def _legend(protocol: JuryProtocol) -> tuple[str, ...]:
    """What the brackets and dashes of the juror columns mean, when the table has them."""
    cells = [cell.strip() for row in protocol.rows for cell in row.juror_totals]
    lines = []
    if any(cell.startswith("(") for cell in cells):
        lines.append("В скобках — отброшенные наибольшая и наименьшая оценки участника.")
    if NOT_SCORED in cells:
        lines.append(f"«{NOT_SCORED}» — член жюри не оценивал участника (конфликт интересов).")
    return tuple(lines)


def jury_protocol_document(protocol: JuryProtocol) -> OrderDocument:
    """The protocol as the orders' document layer prints it (see the module's docstring)."""
    if not _clean(protocol.chair) or not _clean(protocol.secretary):
        raise ValueError("В протоколе должны быть указаны председатель и секретарь жюри.")
    if not protocol.rows:
        raise ValueError("В сводной ведомости нет ни одного участника.")
    if not protocol.decision.strip():
        raise ValueError("Не записано решение жюри.")
    contest = _contest_genitive(protocol)
    round_title = _clean(protocol.round_title)
    agenda = f"Повестка дня: подведение итогов оценивания участников {contest}"
    preamble = [*_attendance(protocol), f"{agenda}, {round_title}." if round_title else f"{agenda}."]
    heard = (
        f"СЛУШАЛИ: секретаря жюри {_accusative_short(protocol.secretary)} о результатах оценивания "
        "участников (сводная ведомость — приложение к протоколу)."
    )
    rules = f"Подсчёт баллов проведён по правилам положения о конкурсе. {_sentence(protocol.rules)}"
    decision = [line.strip() for line in protocol.decision.strip().splitlines() if line.strip()]
    decided = [f"РЕШИЛИ: {decision[0]}", *decision[1:]]
    title = "Сводная ведомость результатов оценивания участников"
    if round_title:
        title += f" ({round_title})"
    return OrderDocument(
        kind=JURY_PROTOCOL,
        issuer_name=protocol.issuer_name,
        issuer_genitive="заседания жюри",  # the appendix's mark: «Приложение к протоколу заседания жюри»
        higher_body=protocol.higher_body,
        heading=f"Заседания жюри {contest}",
        date=protocol.date,
        number=protocol.number,
        place=protocol.place,
        preamble="\n".join(preamble),
        points=(Point("1.", "\n".join([heard, rules, *decided])),),
        signatory_name=_signature_name(protocol.chair),
        more_signatories=_signatories(protocol),
        appendices=(
            Appendix(
                title=f"{title} {contest}",
                table=_table(protocol),
                intro=_legend(protocol),
                landscape=len(protocol.juror_columns) >= LANDSCAPE_FROM_JURORS,
            ),
        ),
        is_draft=False,
    )


def summary_rows(
    summary: Summary, juror_ids: Sequence[Id], notes: dict[Id, str] | None = None
) -> tuple[SummaryRow, ...]:
    """The rows of a scoring summary as printed: each juror's total (in brackets when dropped, «—» when the
    juror did not score the participant; with ranks, «45,00 (2)»), the total, the tie note and `notes`
    (participant id → «проходит в финал») joined."""
    rows = []
    for row in summary.rows:
        cells = []
        for juror in juror_ids:
            points = row.juror_totals.get(juror)
            if points is None:
                cells.append(NOT_SCORED)
                continue
            text = fmt(points, 2)
            if juror in row.juror_ranks:
                text += f" ({fmt(row.juror_ranks[juror])})"
            cells.append(f"({text})" if juror in row.dropped else text)
        extra = (notes or {}).get(row.participant.id, "")
        note = "; ".join(part for part in (row.tie_note, extra) if part)
        if row.tied_with:
            note = "; ".join(part for part in (note, "равенство не решено") if part)
        rows.append(
            SummaryRow(
                place=str(row.place),
                participant=row.participant.name,
                school=row.participant.school,
                nomination=row.participant.nomination,
                juror_totals=tuple(cells),
                total=fmt(row.total, 2) if isinstance(row.total, Decimal) else str(row.total),
                note=note,
            )
        )
    return tuple(rows)
