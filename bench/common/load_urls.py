"""The site's URLs plus /bench-bare/, a view that does nothing: the floor of a request through
gunicorn and every middleware (session, user, CSRF, CSP …), beside which bench_load.py prints the
pages. Used only by common.load_settings."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site_urlpatterns

BARE_PATH = "/bench-bare/"


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>ok</title>ok")


urlpatterns = [path(BARE_PATH.strip("/") + "/", bare), *site_urlpatterns]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
