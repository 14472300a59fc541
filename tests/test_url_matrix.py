"""A safety net over every URL of the project: no page is open to anonymous visitors by accident.

Each pattern is requested with made-up ids; an anonymous GET must end at the login page (or be
refused with 405 on POST-only URLs). Public pages are listed here on purpose, one by one.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "orders:verify",  # the page behind an order's QR code
    "invitation_accept",  # the one-time link of an invitation: a made-up one is «gone» (410)
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django admin has its own login
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or ""), prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:str|slug)?:?\w+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$")


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def test_the_matrix_sees_the_project_pages():
    names = {name for name, _ in ROUTES}
    assert {"home", "directory:person_list", "directory:import_confirm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name or route for name, route in ROUTES])
def test_anonymous_visitor_is_sent_to_login_everywhere_but_public_pages(client, name, route):
    url = _concrete(route)
    response = client.get(url)
    if name in PUBLIC or name.split(":")[-1] in PUBLIC or name == "logout":
        # A made-up token on a public page is simply not found (404): it never asks to log in.
        assert response.status_code in (200, 302, 404, 405, 410), url
        assert not response.get("Location", "").startswith("/accounts/login/"), url
        return
    if response.status_code == 405:  # POST-only: an anonymous POST must still go to login
        response = client.post(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith("/accounts/login/?next="), url
