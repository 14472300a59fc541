"""Security headers of the pages: a strict Content-Security-Policy (and no inline script, style or
handler left for it to block), the Permissions-Policy, no caching of logged-in pages, and the
Russian page of a failed CSRF check."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orders.models import Order
from portal.demo import DEMO_PASSWORD, seed_demo


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class InlineFinder(HTMLParser):
    """Collects what a strict CSP blocks: inline <script> and <style>, on…= handlers, hx-on, style="…"
    attributes and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


class LinkFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "hx-get") and value:
                self.links.append(value)


# --- The policy ----------------------------------------------------------------------------------


def test_inline_finder_sees_what_the_policy_blocks():
    html = (
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">a</a></p><script>1</script>'
        '<script src="/static/x.js"></script><style>p{}</style><button hx-on:click="y()">b</button>'
    )
    assert len(inline_code(html)) == 6


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "password_reset"])
def test_pages_carry_a_strict_content_security_policy(client, url_name):
    directives = policy(client.get(reverse(url_name)))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


@pytest.mark.django_db
def test_logged_in_page_carries_the_policy_and_no_inline_code(methodist_client):
    response = methodist_client.get(reverse("home"))
    assert policy(response)["script-src"] == ["'self'"]
    assert inline_code(response.content.decode()) == []


@pytest.mark.django_db
def test_htmx_injects_no_style_and_evaluates_nothing(client):
    html = client.get(reverse("login")).content.decode()
    assert (
        """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>"""
        in html
    )


def test_htmx_indicator_rules_are_in_the_stylesheet():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/app.css")).read_text(encoding="utf-8")
    assert ".htmx-request .htmx-indicator" in css


@pytest.mark.django_db
def test_permissions_policy_turns_off_camera_microphone_location_payment_usb(client):
    header = client.get(reverse("login"))["Permissions-Policy"]
    features = dict(part.strip().split("=") for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", header


# --- Every page of every demo role ---------------------------------------------------------------

# Files and documents, not pages: not crawled (WeasyPrint renders would only slow the test).
SKIP_PARTS = ("pdf", "export", "xlsx", "docx", "json", "download", "file", "logout", "stamped", "attachment")
PAGES_PER_USER = 120


def crawl(client: Client, start: str, limit: int) -> dict[str, list[str]]:
    """GET the pages reachable from `start` (links and hx-get), one per path; returns {url: inline code}."""
    seen_paths: set[str] = set()
    queue = [start]
    problems: dict[str, list[str]] = {}
    visited = 0
    while queue and visited < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen_paths or any(part in path.lower() for part in SKIP_PARTS):
            continue
        seen_paths.add(path)
        response = client.get(url)
        visited += 1
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code != 200:
            continue
        html = response.content.decode()
        if found := inline_code(html):
            problems[url] = found
        finder = LinkFinder()
        finder.feed(html)
        for link in finder.links:
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if (
                parts.scheme in ("", "http")
                and parts.netloc in ("", "testserver")
                and parts.path.startswith("/")
            ) and not parts.path.startswith(("/admin/", "/static/")):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert visited > 5, f"the crawl from {start} found almost nothing"
    return problems


@pytest.mark.django_db
def test_no_page_of_any_role_has_inline_script_style_or_handlers():
    """On the demo district (every role, roadmaps, reports, orders), crawl each user's pages."""
    seed_demo(today=timezone.localdate())
    assert Order.objects.exists()
    problems = {}
    for username in ("metodist", "nachalnik", "direktor1", "rukmo", "zhyuri", "pedagog"):
        client = Client()
        assert (
            client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD}).status_code
            == 302
        )
        problems.update(crawl(client, reverse("home"), PAGES_PER_USER))
    anonymous = Client()
    for name in ("login", "password_reset"):
        if found := inline_code(anonymous.get(reverse(name)).content.decode()):
            problems[name] = found
    assert problems == {}


# --- Caching ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_logged_in_pages_are_not_stored_by_the_browser(methodist_client):
    for url in (reverse("home"), reverse("directory:person_list"), reverse("roadmaps:list")):
        cache_control = methodist_client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


@pytest.mark.django_db
def test_back_button_after_logout_shows_no_data(methodist_client):
    assert "no-store" in methodist_client.get(reverse("home"))["Cache-Control"]
    methodist_client.post(reverse("logout"))
    assert methodist_client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_static_files_keep_their_caching(methodist_client):
    response = methodist_client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_public_verification_page_keeps_its_caching(methodist_client):
    response = methodist_client.get(reverse("orders:verify", args=["x" * 20]))
    assert response.status_code == 404
    assert "no-store" not in response.get("Cache-Control", "")


# --- CSRF failure ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csrf_failure_page_is_russian_and_says_nothing_of_debug(methodist):
    client = Client(enforce_csrf_checks=True)
    client.force_login(methodist)
    response = client.post(
        reverse("password_change"),
        {"old_password": "x"},
        HTTP_REFERER="http://testserver/accounts/password/change/",
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "Форма устарела или страница открыта слишком давно" in body
    assert 'href="http://testserver/accounts/password/change/"' in body
    assert "DEBUG" not in body
    assert "verification failed" not in body and "Request aborted" not in body
    assert get_user_model().objects.filter(pk=methodist.pk).exists()
