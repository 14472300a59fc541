"""Accessibility audit (issue 13, ГОСТ Р 52872-2019 = WCAG 2.1 AA) with axe-core, in Chromium, on the demo
district (seed_demo) with DEBUG off.

The login page; then, for every demo role, the pages reachable by links from its start page (same
origin, GET only, one page per URL pattern and query keys, downloads and the admin left out); then the
roadmap editor's in-place states: a row's edit form open and the «Назначить школам» form open. Every
page is checked against axe's WCAG 2.0/2.1 A and AA rules; the test fails on any violation of impact
serious or critical, listing page, rule and element. A per-page summary (every impact) goes to
test-artifacts/a11y-summary.txt, screenshots of the in-place states next to it.

axe-core is vendored for the tests only (tests/vendor/axe-core/). The site's Content-Security-Policy
allows no inline script, so axe is not injected as a <script> tag but evaluated through the DevTools
protocol (page.evaluate), which the CSP does not govern: the pages are audited as users get them.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from associations.models import Association
from directory import accounts
from directory.models import Person
from portal.demo import DEMO_PASSWORD, seed_demo
from roadmaps.models import Roadmap
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
FAILING_IMPACTS = {"serious", "critical"}
ROLES = ["metodist", "nachalnik", "direktor1", "rukmo", "zhyuri", "pedagog"]
PAGES_PER_ROLE = 150  # distinct URL patterns a role's crawl audits at most (the методист has ~110)
# Files and actions, not pages: exports, downloads, signing files; logout; the Django admin.
SKIPPED_VIEWS = {
    "logout",
    "roadmaps:export",
    "roadmaps:grid_export",
    "roadmaps:evidence_download",
    "directory:import_template",
    "orders:journal_xlsx",
    "orders:signature_file",
    "orders:attachment",
    "orders:pdf",
    "orders:pdf_prepare",
    "orders:pdf_status",
    "orders:stamped_pdf",
    "orders:docx",
}
SKIPPED_SUFFIXES = (".xlsx", ".xls", ".pdf", ".docx", ".doc", ".zip", ".csv", ".p7s", ".sig")


@dataclass
class Audit:
    """Every page audited, with its violations; the serious and critical ones fail the test."""

    pages: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    def add(self, who: str, label: str, url: str, violations: list[dict]) -> None:
        self.pages.append({"who": who, "label": label, "url": url, "violations": violations})

    def failures(self) -> list[str]:
        lines = [f"{error}: server error" for error in self.server_errors]
        for entry in self.pages:
            for violation in entry["violations"]:
                if violation["impact"] not in FAILING_IMPACTS:
                    continue
                for node in violation["nodes"]:
                    lines.append(
                        f"{entry['who']} · {entry['label']} ({entry['url']}): {violation['id']} "
                        f"[{violation['impact']}] {' '.join(node['target'])} — {node['summary']}"
                    )
        return lines

    def write_summary(self, path: Path) -> None:
        rules = ", ".join(AXE_OPTIONS["runOnly"]["values"])
        out = [f"axe-core audit, {len(self.pages)} pages (rules: {rules})", ""]
        for entry in self.pages:
            counts = {}
            for violation in entry["violations"]:
                counts[violation["impact"]] = counts.get(violation["impact"], 0) + len(violation["nodes"])
            state = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no violations"
            out.append(f"{entry['who']:10} {entry['label']:40} {entry['url']}  — {state}")
            for violation in entry["violations"]:
                out.append(f"    {violation['id']} [{violation['impact']}] {violation['help']}")
                for node in violation["nodes"][:30]:
                    out.append(f"        {' '.join(node['target'])}: {node['summary']}")
        if self.skipped:
            out += ["", "Not audited (files, actions, over the cap):", *(f"    {s}" for s in self.skipped)]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture
def demo():
    seed_demo(today=timezone.localdate())


@pytest.fixture
def audit():
    result = Audit()
    yield result
    ARTIFACTS.mkdir(exist_ok=True)
    result.write_summary(ARTIFACTS / "a11y-summary.txt")


def run_axe(page) -> list[dict]:
    """axe's violations on the page as it is now: id, impact, help and the elements (target, summary);
    what axe could not decide comes too, with the impact «needs review» (reported, never failing)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (options) => {
            const result = await axe.run(document, options);
            const brief = v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.map(String), summary: (n.failureSummary || '')
                    .replace(/\\s+/g, ' ').slice(0, 300)})),
            });
            // "incomplete": what axe could not decide (e.g. text over a gradient) — for a human to look at.
            return [...result.violations.map(brief),
                    ...result.incomplete.map(v => ({...brief(v), impact: 'needs review'}))];
        }""",
        AXE_OPTIONS,
    )


def pattern_of(path: str, query: str) -> tuple[str, tuple[str, ...]] | None:
    """The URL's view name and query keys (one page is audited per pair); None for what is not a page."""
    if path.lower().endswith(SKIPPED_SUFFIXES) or path.startswith("/admin/") or path.startswith("/static/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name in SKIPPED_VIEWS:
        return None
    return match.view_name, tuple(sorted({key for key, _ in parse_qsl(query, keep_blank_values=True)}))


def links_on(page, base: str) -> list[str]:
    # getAttribute: an SVG <a>'s .href is not a string.
    hrefs = page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'), "
        "a => new URL(a.getAttribute('href'), document.baseURI).href)"
    )
    result = []
    for href in hrefs:
        if not href.startswith(base + "/"):
            continue
        result.append(href.split("#", 1)[0])
    return result


def crawl(page, base: str, who: str, start: str, audit: Audit) -> None:
    """Audit the start page and the pages its links lead to, breadth first, one per URL pattern."""
    queue = deque([start])
    seen: set = set()
    audited = 0
    while queue:
        url = queue.popleft()
        parts = urlsplit(url)
        key = pattern_of(parts.path, parts.query)
        if key is None or key in seen:
            continue
        seen.add(key)
        if audited >= PAGES_PER_ROLE:
            audit.skipped.append(f"{who}: {url} (over the cap of {PAGES_PER_ROLE})")
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download starts instead of a page
            audit.skipped.append(f"{who}: {url} ({str(error).splitlines()[0]})")
            continue
        headers = response.headers if response else {}
        if "text/html" not in headers.get("content-type", "") or "attachment" in headers.get(
            "content-disposition", ""
        ):
            audit.skipped.append(f"{who}: {url} (not a page: {headers.get('content-type')})")
            continue
        if response.status >= 500:
            audit.server_errors.append(f"{who} · {url} ({response.status})")
        audited += 1
        audit.add(who, key[0] + (f" ?{','.join(key[1])}" if key[1] else ""), url, run_axe(page))
        queue.extend(links_on(page, base))


def test_every_page_of_every_role_passes_axe(page, live_server, demo, audit):
    base = live_server.url
    started = time.monotonic()

    # Before logging in: the login page and what it links to (password reset).
    crawl(page, base, "anonymous", base + reverse("login"), audit)
    assert any(entry["label"] == "login" for entry in audit.pages)

    # The page a new colleague meets first: the invitation's link, and what a made-up link shows.
    newcomer = Person.objects.filter(user__isnull=True).first()
    newcomer.email = "novyi.kollega@example.ru"
    newcomer.save(update_fields=["email"])
    accounts.account_invite(person=newcomer, actor=get_user_model().objects.get(username="metodist"))
    [letter] = [m for m in mail.outbox if m.to == [newcomer.email]]
    link = urlsplit(re.search(r"https?://\S+/accounts/invitation/\S+/", letter.body).group(0)).path
    for label, url in (("invitation", link), ("invitation: a made-up link", "/accounts/invitation/x/")):
        page.goto(base + url)
        audit.add("anonymous", label, base + url, run_axe(page))

    for username in ROLES:
        log_in(page, base, username, DEMO_PASSWORD, fresh=True)
        crawl(page, base, username, base + reverse("home"), audit)

    # The roadmap editor in place: a row's edit form (the yellow editing background, outline buttons)…
    log_in(page, base, "metodist", DEMO_PASSWORD, fresh=True)
    # (First, an association's «Добавить участника» with a search's results, each with «Добавить».)
    rmo = Association.objects.filter(kind=Association.Kind.DISTRICT).first()
    page.goto(base + rmo.get_absolute_url() + "?q=ов")
    expect(page.locator("#member-candidates")).to_be_visible()
    audit.add("metodist", "association: member search", page.url, run_axe(page))
    roadmap = (
        Roadmap.objects.exclude(kind=Roadmap.Kind.ASSOCIATION_PLAN)
        .filter(status=Roadmap.Status.APPROVED)
        .first()
    )
    page.goto(base + roadmap.get_absolute_url())
    row = page.locator("#roadmap-rows > tr.rm-row:not(.rm-heading)").first
    row.get_by_role("link", name="Изменить строку").click()
    form = page.get_by_test_id("row-form")
    expect(form).to_be_visible()
    audit.add("metodist", "roadmap: row edit form", page.url, run_axe(page))
    page.locator("tr.rm-editing").screenshot(path=str(ARTIFACTS / "a11y-row-edit-form.png"))
    form.get_by_role("link", name="Отмена").click()
    expect(form).to_have_count(0)

    # … and «Назначить школам» with «Все школы» chosen (the schools part dimmed). The page is loaded
    # afresh: on a busy machine the menu was once opened on the row «Отмена» was still swapping out.
    page.goto(base + roadmap.get_absolute_url())
    row = page.locator("#roadmap-rows > tr.rm-row:not(.rm-heading)").first
    row.get_by_role("button", name="Действия со строкой").click()
    row.get_by_role("button", name="Назначить школам").click()
    assign = page.get_by_test_id("assign-form")
    expect(assign).to_be_visible()
    assign.get_by_label("Все школы").check()
    expect(assign.locator("[data-pg-schools]")).to_have_class(re.compile(r"\bpg-muted\b"))
    expect(assign.get_by_role("button", name="Выбрать все")).to_be_visible()
    audit.add("metodist", "roadmap: «Назначить школам» form", page.url, run_axe(page))
    page.locator("tr.rm-editing").screenshot(path=str(ARTIFACTS / "a11y-assign-form.png"))

    # For a human look: the navigation bar's colours and focus ring; the schools' bars; the bar at 200 %
    # zoom (1280 px at 200 % is 640 CSS px: the menu collapses behind its button).
    page.goto(base + reverse("roadmaps:list"))
    page.locator("#main-nav .nav-link").first.focus()
    page.keyboard.press("Tab")
    page.locator("nav.navbar").screenshot(path=str(ARTIFACTS / "a11y-navbar-focus.png"))
    page.goto(base + reverse("roadmaps:dashboard"))
    page.get_by_test_id("chart-schools").screenshot(path=str(ARTIFACTS / "a11y-dashboard-schools.png"))
    page.set_viewport_size({"width": 640, "height": 450})
    toggler = page.get_by_role("button", name="Меню")
    toggler.focus()
    page.locator("nav.navbar").screenshot(path=str(ARTIFACTS / "a11y-navbar-640.png"))
    toggler.click()
    expect(page.locator("#main-nav")).to_be_visible()
    audit.add("metodist", "dashboard at 640 px, menu open", page.url, run_axe(page))
    page.screenshot(path=str(ARTIFACTS / "a11y-navbar-640-open.png"))

    elapsed = time.monotonic() - started
    roles_seen = {entry["who"] for entry in audit.pages}
    assert roles_seen == {"anonymous", *ROLES}
    assert len(audit.pages) > 40, "the crawl found too few pages"
    failures = audit.failures()
    assert not failures, (
        f"{len(failures)} serious or critical violations (or server errors) on {len(audit.pages)} pages "
        f"({elapsed:.0f} s; see test-artifacts/a11y-summary.txt):\n" + "\n".join(failures)
    )
