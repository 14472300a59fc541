"""«Подготовить приказ о закреплении»: the pairs ticked on the pairs page become a draft order."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from orders.access import can_sign

from .order_services import pairs_order_create


@login_required
@require_POST
def pairs_order(request):
    ids = [value for value in request.POST.getlist("pair") if value.isdigit()]
    try:
        order = pairs_order_create(user=request.user, pair_ids=ids, level=request.POST.get("level", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("mentorship:pairs"))
    who_signs = (
        "Проверьте текст и подпишите."
        if can_sign(request.user, order)
        else f"Его подписывает {order.signatory_name or 'начальник управления'}: ему направлено уведомление."
    )
    messages.success(request, f"Проект приказа о закреплении наставнических пар подготовлен. {who_signs}")
    return redirect(order.get_absolute_url())
