"""«Подготовить приказ об утверждении» on the roadmap's page: a draft order approving the roadmap.

Served under /orders/from-roadmap/<id>/ as «orders:create_from_roadmap» (the URL predates the appendix
registry, which adds it to the orders namespace: see roadmaps.order_appendix).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from orders import access as order_access

from .. import order_services, owners, selectors
from ..access import get_roadmap_for_user


@require_POST
@login_required
def create_approval_order(request, roadmap_pk):
    roadmap = get_roadmap_for_user(request.user, roadmap_pk)
    if not order_access.can_draft(request.user):
        raise PermissionDenied("Готовить проекты приказов могут методисты и администраторы.")
    if owners.owner_of(roadmap) is not None:
        messages.error(request, "Этот план утверждает само объединение: приказ управления не готовится.")
        return redirect(roadmap.get_absolute_url())
    had_order = roadmap.approving_order_id
    warning = None if had_order else selectors.past_period(roadmap=roadmap, today=timezone.localdate())
    if warning is not None and request.POST.get("past_period_confirmed") != "1":
        # Approving a roadmap whose period has ended: say what it does and offer the copy first.
        context = {"roadmap": roadmap, "past_period": warning, "active_nav": "roadmaps"}
        return render(request, "roadmaps/approve_past_period.html", context)
    try:
        order = order_services.roadmap_approval_order_create(user=request.user, roadmap=roadmap)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(roadmap.get_absolute_url())
    if had_order == order.pk:
        messages.info(request, "У дорожной карты уже есть приказ об утверждении — открыт он.")
    else:
        messages.success(request, "Проект приказа подготовлен. Проверьте текст и направьте на согласование.")
    return redirect(order.get_absolute_url())
