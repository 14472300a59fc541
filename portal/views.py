"""The start page. Thin: what it shows comes from the cards the apps register (core.navigation)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from directory.access import user_scope

from . import selectors


@login_required
def home(request):
    """Start page: for each of the user's roles, what the user can reach."""
    scope = user_scope(request.user)
    context = {
        "active_nav": "home",
        "sections": selectors.start_page_sections(user=request.user, scope=scope),
    }
    return render(request, "portal/home.html", context)
