"""The roadmap's approval order («Подготовить приказ об утверждении»), built on the generic services of
orders: heading, preamble, points, the roadmap as the approved appendix, and the roadmap's table alone
as a PDF with the orders' layout.
"""

from __future__ import annotations

from django.db import transaction

from orders import points as points_module
from orders import services as order_services
from orders.models import Order
from orders.wording import approved_phrase, genitive_title, period_phrase

from .models import Roadmap
from .order_appendix import KIND, content, kind_phrase
from .order_table import to_appendix


def active_approving_order(roadmap: Roadmap) -> Order | None:
    """The order approving the roadmap unless it was cancelled (a withdrawn draft approves nothing)."""
    if roadmap.approving_order_id is None:
        return None
    order = Order.objects.filter(pk=roadmap.approving_order_id).first()
    if order is None or order.status == Order.Status.CANCELLED:
        return None
    return order


def approval_heading(roadmap: Roadmap) -> str:
    """«Об утверждении дорожной карты по … на 2022–2023 учебный год»."""
    period = period_phrase(roadmap.period_start, roadmap.period_end)
    return "Об утверждении " + approved_phrase(
        title=roadmap.title, kind_phrase=kind_phrase(roadmap), period=period, case=0
    )


@transaction.atomic
def roadmap_approval_order_create(*, user, roadmap: Roadmap) -> Order:
    """A draft order approving the roadmap (its appendix); the existing one when it already has one."""
    roadmap = Roadmap.objects.select_for_update().select_related("organization").get(pk=roadmap.pk)
    existing = active_approving_order(roadmap)
    if existing is not None:
        return existing
    issuer = order_services.default_issuer(organization=roadmap.organization)
    period = period_phrase(roadmap.period_start, roadmap.period_end)
    signatory = order_services.default_signatory(issuer=issuer)
    executor = order_services.person_of(user)
    if executor is not None and signatory is not None and executor.pk == signatory.pk:
        # the head prepares the draft themself: the executor is who made the roadmap, not the signatory
        author = order_services.person_of(roadmap.created_by) if roadmap.created_by_id else None
        executor = author if author is not None and author.pk != signatory.pk else None
    subject = genitive_title(kind_phrase(roadmap)) or "дорожной карты"
    approved = approved_phrase(title=roadmap.title, kind_phrase=kind_phrase(roadmap), period=period, case=1)
    points = [points_module.point(f"Утвердить {approved} (приложение).")]
    # The one who signs keeps control («оставляю за собой») unless the roadmap's organization has its own
    # head; the executor (never the signatory) is responsible for the roadmap.
    if executor is not None:
        points.append(
            points_module.point(order_services.responsible_point(person=executor, subject_genitive=subject))
        )
    controller = roadmap.organization.head if roadmap.organization_id != issuer.pk else None
    points.append(points_module.point(order_services.control_point(controller)))
    order = order_services.order_draft_create(
        user=user,
        issuer=issuer,
        heading=approval_heading(roadmap),
        preamble=(
            "В целях организации и планирования методической работы в образовательных организациях "
            f"района {period},"
        ),
        points=points,
        appendices=[(KIND, roadmap.pk, True)],
        **order_services.signature_fields(signatory=signatory, executor=executor),
    )
    Roadmap.objects.filter(pk=roadmap.pk).update(approving_order=order)
    return order


@transaction.atomic
def roadmap_order_from_document(*, user, roadmap: Roadmap) -> Order | None:
    """A draft from the order recovered from the roadmap's document (roadmap.source_order), if any."""
    source = roadmap.source_order or {}
    if not (source.get("heading") or source.get("points")):
        return None
    existing = active_approving_order(roadmap)
    if existing is not None:
        return existing
    order = order_services.order_draft_from_recovered(
        user=user,
        recovered=source,
        file_name=roadmap.source_file_name,
        fallback_heading=approval_heading(roadmap),
        fallback_issuer=order_services.default_issuer(organization=roadmap.organization),
        appendix=(KIND, roadmap.pk),
    )
    # The link lives on the roadmap (approving_order); source_order stays as it was read from the document.
    Roadmap.objects.filter(pk=roadmap.pk).update(approving_order=order)
    return order


def roadmap_pdf(*, roadmap: Roadmap) -> bytes:
    """The roadmap's table as a PDF with the orders' layout (and the approval stamp once a signed order
    approved it)."""
    issuer = order_services.default_issuer(organization=roadmap.organization)
    appendix = to_appendix(content(roadmap, approves=True, position=1))
    order = Order.objects.filter(pk=roadmap.approving_order_id, status=Order.Status.SIGNED).first()
    return order_services.appendix_pdf(appendix=appendix, issuer=issuer, approved_by=order)
