"""Response headers every page shares: the Content-Security-Policy of HTML pages and no caching of
what a logged-in user sees (on a shared school computer the back button must not show a page after
logout)."""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.http import HttpRequest, HttpResponseBase

NO_STORE = "private, no-store"


def public_page(view: Callable) -> Callable:
    """Mark a view whose page is the same for everyone (the public verification page): it keeps its
    caching headers even when a logged-in user opens it."""
    view.public_page = True  # type: ignore[attr-defined]
    return view


class HtmlContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY) on HTML pages only: PDFs and other files
    are shown by the browser's own viewers, which a page policy would only get in the way of."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            response._csp_exempt = True  # type: ignore[attr-defined]
        return super().process_response(request, response)


class PrivatePagesNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every answer to a logged-in user unless the view set its
    own (static files never get here: WhiteNoise answers them earlier)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(request, "_public_page", False)
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = NO_STORE
        return response

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs) -> None:
        request._public_page = getattr(view_func, "public_page", False)  # type: ignore[attr-defined]
