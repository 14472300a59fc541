"""The annual analysis on paper: an orders.document.OrderDocument of the kind ANALYSIS.

The head's sections are the document's points; the facts are its appendix, one table with a merged
heading row per group. orders.pdf and orders.docx_export print it as they print an order.
"""

from __future__ import annotations

from django.utils import timezone

from core.academic_year import academic_year_label
from orders.document import Appendix, Column, DocumentKind, OrderDocument, Point, Row, Table

from .analysis import AnalysisFacts
from .models import AnnualAnalysis, Association

ANALYSIS = DocumentKind(
    key="analysis",
    title="АНАЛИЗ РАБОТЫ",
    appendix_reference="к анализу работы",
    approved_by="",
    operative_word="",
    print_number=False,
    print_place=False,
    signature_labels=("Руководитель объединения",),
)


def facts_table(facts: AnalysisFacts) -> Table:
    rows: list[Row] = []
    for group in facts.groups:
        rows.append(Row((group.title,), heading=True))
        rows += [Row((label, value)) for label, value in group.lines]
    return Table(columns=(Column("Показатель", 2), Column("Сведения", 3)), rows=tuple(rows), number_row=False)


def analysis_document(
    association: Association, year: int, analysis: AnnualAnalysis | None, facts: AnalysisFacts
) -> OrderDocument:
    label = academic_year_label(year)
    points = []
    for number, (name, title) in enumerate(AnnualAnalysis.SECTIONS, 1):
        text = getattr(analysis, name, "").strip() if analysis else ""
        points.append(Point(f"{number}.", f"{title}.\n{text or '—'}"))
    accepted = analysis is not None and analysis.state == AnnualAnalysis.State.ACCEPTED
    submitted = analysis.submitted_at if analysis is not None else None
    organization = association.organization
    return OrderDocument(
        issuer_name=organization.name,
        issuer_genitive="",  # «Приложение к анализу работы», no organisation in the genitive to name
        heading=f"{association.name} за {label} учебный год",
        kind=ANALYSIS,
        date=timezone.localtime(submitted).date() if submitted else None,
        points=tuple(points),
        signatory_name=association.head.signature_name if association.head else "",
        appendices=(
            Appendix(
                title=f"Сведения о работе объединения за {label} учебный год",
                table=facts_table(facts),
                landscape=False,
            ),
        ),
        is_draft=not accepted,
    )
