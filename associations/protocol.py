"""The protocol (протокол) of a meeting, printed by orders' document layer (kind ПРОТОКОЛ): PDF and DOCX."""

from __future__ import annotations

from orders.document import PROTOCOL, OrderDocument, Point, Signatory

from .models import Meeting


def _name(person) -> str:
    return person.signature_name if person is not None else ""


def protocol_document(meeting: Meeting, *, agenda: list, attendance: list, decisions: list) -> OrderDocument:
    """The protocol of a held meeting: attendance, the agenda, Слушали/Выступили/Решили, the decisions."""
    association = meeting.association
    organization = association.organization
    present = [row for row in attendance if row.present]
    absent = [row for row in attendance if not row.present]
    lines = [f"Форма проведения: {meeting.get_form_display()}. Тема: {meeting.topic}."]
    if meeting.place:
        lines.append(f"Место проведения: {meeting.place}.")
    lines.append(f"Присутствовали: {len(present)} чел. (список прилагается).")
    if present:
        lines.append(_sentence(", ".join(row.person.short_name for row in present)))
    if absent:
        lines.append(
            "Отсутствовали: "
            + "; ".join(
                row.person.short_name + (f" ({row.absence_reason})" if row.absence_reason else "")
                for row in absent
            )
            + "."
        )
    else:
        lines.append("Отсутствовали: нет.")
    if meeting.guests:
        lines.append(f"Приглашённые: {' '.join(meeting.guests.split())}.")
    lines.append("Повестка дня:")
    for item in agenda:
        speakers = f" ({item.speakers})" if item.speakers else ""
        lines.append(f"{item.position}. {item.question}{speakers}.")
    by_item: dict[int | None, list] = {}
    for decision in decisions:
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    points = []
    for item in agenda:
        text = [f"СЛУШАЛИ: {item.heard or item.speakers or '—'}"]
        if item.spoke:
            text.append(f"ВЫСТУПИЛИ: {item.spoke}")
        decided = [item.decided] if item.decided else []
        decided += [_decision_text(d) for d in by_item.pop(item.pk, [])]
        text.append("РЕШИЛИ: " + (" ".join(decided) if decided else "принять к сведению."))
        points.append(Point(f"{item.position}.", "\n".join(text)))
    rest = [d for ds in by_item.values() for d in ds]
    if rest:
        points.append(Point(f"{len(agenda) + 1}.", "РЕШИЛИ: " + " ".join(_decision_text(d) for d in rest)))
    return OrderDocument(
        kind=PROTOCOL,
        issuer_name=organization.name,
        issuer_genitive=organization.name,
        heading=f"Заседания {association.name}",
        date=meeting.date,
        number=str(meeting.number or ""),
        preamble="\n".join(lines),
        points=tuple(points),
        signatory_name=_name(meeting.chairman),
        more_signatories=(Signatory(name=_name(meeting.secretary)),),
        is_draft=False,
    )


def _decision_text(decision) -> str:
    text = decision.text.strip().rstrip(".")
    tail = [f"ответственный — {decision.responsible.short_name}"]
    if decision.deadline:
        tail.insert(0, f"срок — до {decision.deadline:%d.%m.%Y}")
    return f"{text} ({', '.join(tail)})."


def _sentence(text: str) -> str:
    """The text with one final full stop («… Фролова В.В.», not «В.В..»)."""
    return text if text.endswith(".") else text + "."
