"""Views of the district directory, the start page and the error pages. Thin: parse, check, call, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors
from .access import user_scope


@login_required
def home(request):
    """Start page: for each of the user's roles, what the user can reach."""
    scope = user_scope(request.user)
    context = {"active_nav": "home", "sections": selectors.start_page_sections(user=request.user, scope=scope)}
    return render(request, "associations/home.html", context)


def _error(request, template: str, status: int, exception=None):
    reason = ""
    if exception is not None and status in (403, 404):
        # Messages raised by our access helpers are Russian and safe to show.
        text = str(exception)
        if text and any("а" <= ch.lower() <= "я" for ch in text):
            reason = text
    return render(request, template, {"reason": reason}, status=status)


def error_400(request, exception=None):
    return _error(request, "400.html", 400)


def error_403(request, exception=None):
    return _error(request, "403.html", 403, exception)


def error_404(request, exception=None):
    return _error(request, "404.html", 404, exception)


def error_500(request):
    return render(request, "500.html", status=500)


# --- Directory pages: TO BE IMPLEMENTED (placeholders so the URLconf loads) ---------------------
def _todo(request, *args, **kwargs):
    raise NotImplementedError


organization_list = organization_create = organization_detail = organization_update = _todo
person_list = person_create = person_detail = person_update = _todo
import_upload = import_template = import_preview = import_confirm = _todo
