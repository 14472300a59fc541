"""The printout of an individual plan through orders' document layer: PDF and DOCX."""

from __future__ import annotations

from directory.models import Person
from directory.person_facts import mentors_known, mentors_of
from orders.document import Appendix, Column, DocumentKind, OrderDocument, Row, Signatory, Table

from .models import IndividualPlan
from .plans import with_term_warnings

PLAN = DocumentKind(
    key="individual_plan",
    title="ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ",
    appendix_reference="к индивидуальному маршруту",
    approved_by="",
    operative_word="",
    numbered_points=False,
    print_number=False,
    print_date=False,
    print_place=False,
    signature_labels=("Педагог", "Наставник"),
)


def plan_mentors(plan: IndividualPlan) -> list[Person]:
    if not mentors_known():
        return []
    users = mentors_of([plan.person_id]).get(plan.person_id, set())
    return list(Person.objects.filter(user_id__in=users).order_by("last_name"))


def plan_document(plan: IndividualPlan) -> OrderDocument:
    person = plan.person
    mentors = plan_mentors(plan)
    lines = [
        f"Педагог: {person.full_name}, {person.position}.",
        f"Организация: {plan.organization.name}.",
        f"Учебный год: {plan.year_label}.",
        "Наставник: " + (", ".join(m.full_name for m in mentors) if mentors else "не назначен") + ".",
    ]
    if plan.deficits:
        lines.append("Профессиональные дефициты, на преодоление которых направлен маршрут:")
        last = len(plan.deficits) - 1
        lines += [
            f"— {area}: {name}{'.' if i == last else ';'}" for i, (area, name) in enumerate(plan.deficits)
        ]
    else:
        lines.append("Профессиональные дефициты: по результатам диагностики не выявлены.")
    if plan.mentor_note:
        lines.append(f"Заметки наставника: {plan.mentor_note}")
    if plan.methodist_note:
        lines.append(f"Заметки методиста: {plan.methodist_note}")
    rows = tuple(
        Row(
            cells=(
                str(item.position),
                item.activity,
                item.get_form_display(),
                (item.deadline_text or item.dates_label or "—")
                + (f" ({item.term_warning[:1].lower()}{item.term_warning[1:]})" if item.term_warning else ""),
                item.expected_result or "—",
                item.get_status_display() + (f" {item.done_on:%d.%m.%Y}" if item.done_on else ""),
            )
        )
        for item in with_term_warnings(plan, plan.items.all())
    )
    table = Table(
        columns=(
            Column("№", 0.4, "center"),
            Column("Мероприятие", 3),
            Column("Форма", 1.4),
            Column("Срок", 1.2),
            Column("Ожидаемый результат", 2),
            Column("Отметка о выполнении", 1.2),
        ),
        rows=rows,
    )
    return OrderDocument(
        kind=PLAN,
        issuer_name=plan.organization.name,
        issuer_genitive="",  # the appendix mark reads «Приложение к индивидуальному маршруту»
        heading=(
            f"на {plan.year_label} учебный год"
            if plan.title == IndividualPlan.DEFAULT_TITLE
            else f"{plan.title} на {plan.year_label} учебный год"
        ),
        preamble="\n".join(lines),
        signatory_name=person.signature_name,
        more_signatories=(Signatory(name=mentors[0].signature_name if mentors else ""),),
        appendices=(
            Appendix(title="ПЛАН МЕРОПРИЯТИЙ индивидуального маршрута", table=table, landscape=True),
        ),
        is_draft=False,
    )
