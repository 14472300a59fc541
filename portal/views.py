"""The start page. Thin: what it shows comes from the cards the apps register (core.navigation)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from directory.access import user_scope

from . import selectors
from .checklist import pending_first_run_steps


@login_required
def home(request):
    """Start page: for each of the user's roles, what the user can reach."""
    scope = user_scope(request.user)
    context = {
        "active_nav": "home",
        "sections": selectors.start_page_sections(user=request.user, scope=scope),
        "first_run_steps": pending_first_run_steps(scope),
    }
    return render(request, "portal/home.html", context)
