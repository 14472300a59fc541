"""Login lockout: django-axes' username+client lockout, plus a limit per client across all usernames.

Axes compares every lockout parameter with one AXES_FAILURE_LIMIT, so adding "ip_address" to
AXES_LOCKOUT_PARAMETERS would lock a whole school behind one NAT after five typos. Instead this handler
(settings.AXES_HANDLER) sums the client's recent failures over all usernames — axes' own records,
kept per username+client — and locks the client at the higher AXES_CLIENT_FAILURE_LIMIT: password
spraying (a few passwords tried on many usernames) stops there.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_failures(request) -> int:
    """Failed logins from the request's client within the cool-off time, over all usernames."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _client_locked(request) -> bool:
    locked = client_failures(request) >= settings.AXES_CLIENT_FAILURE_LIMIT
    if locked:
        request.client_locked_out = True  # the lockout page then speaks of the computer, not a username
    return locked


class ClientLimitAxesHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or _client_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and _client_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
