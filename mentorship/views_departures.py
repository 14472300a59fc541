"""A mentee who left: the form on the pair page that records it (services.mentee_departure_record).

The методист or the director of the pair's school records it; another school's pair is a 404, a
participant of the pair gets 403 (as for the pair's other changes).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from core.web import add_service_errors

from . import services
from .access import get_pair_for_user
from .forms import DepartureForm
from .models import MenteeDeparture, PairMember


@login_required
def departure_record(request, pk, mid):
    pair = get_pair_for_user(request.user, pk, for_update=True)
    member = (
        PairMember.objects.filter(pair=pair, pk=mid, role=PairMember.Role.MENTEE)
        .select_related("person")
        .first()
    )
    if member is None:
        raise Http404("Наставляемый не найден.")
    recorded = MenteeDeparture.objects.filter(person_id=member.person_id, pair=pair).first()
    form = DepartureForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and recorded is None and form.is_valid():
        try:
            services.mentee_departure_record(
                member=member,
                user=request.user,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Уход {member.person.short_name} отмечен.")
            return redirect(pair.get_absolute_url() + "#departures")
    context = {"active_nav": "mentorship", "pair": pair, "member": member, "form": form, "recorded": recorded}
    return render(request, "mentorship/departure_form.html", context, status=400 if form.errors else 200)
