"""In Chromium, on the demo district (seed_demo) with DEBUG off, as its users meet it: the Russian 404 for
another school's page, the start pages' cards, the roadmap page on a phone, the highlighted menu item.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from directory.models import Role
from portal.demo import DEMO_PASSWORD, seed_demo
from roadmaps.models import Roadmap
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo():
    seed_demo(today=timezone.localdate())
    return {u.username: u for u in get_user_model().objects.all()}


def test_director_opening_another_schools_page_sees_the_russian_404(page, live_server, demo):
    assert not settings.DEBUG
    other_school = Role.objects.get(user=demo["direktor2"], kind=Role.Kind.DIRECTOR).organization
    log_in(page, live_server, "direktor1", DEMO_PASSWORD)
    response = page.goto(live_server.url + reverse("directory:organization_detail", args=[other_school.pk]))
    assert response.status == 404
    expect(page.get_by_role("heading", name="Страница не найдена")).to_be_visible()
    expect(page.get_by_role("link", name="На главную")).to_be_visible()
    expect(page.get_by_text(other_school.short_name)).to_have_count(0)
    expect(page.get_by_text("DEBUG")).to_have_count(0)
    expect(page.get_by_text("URLconf")).to_have_count(0)
    # Styled like every page: the navigation bar with the user's menu.
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "demo-404-other-school.png"), full_page=True)


def test_start_pages_give_the_director_my_tasks_and_the_head_orders_on_signature(page, live_server, demo):
    log_in(page, live_server, "direktor1", DEMO_PASSWORD)
    director = page.locator('section[data-role="director"]')
    expect(director.get_by_role("link", name="Мои задачи")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "demo-start-director.png"), full_page=True)
    director.get_by_role("link", name="Мои задачи").click()
    expect(page).to_have_url(live_server.url + reverse("roadmaps:my_tasks"))

    page.context.clear_cookies()
    log_in(page, live_server, "nachalnik", DEMO_PASSWORD)
    head = page.locator('section[data-role="administrator"]')
    card = head.locator(".start-card", has=page.get_by_role("link", name="На подпись"))
    expect(card).to_contain_text("ждут вашей подписи или визы: 1")
    expect(head.get_by_role("link", name="Приказы", exact=True)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "demo-start-head.png"), full_page=True)
    card.get_by_role("link", name="На подпись").click()
    rows = page.locator("#orders-journal tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("на согласовании")


def test_roadmap_page_fits_a_phone_and_the_menu_lights_up_roadmaps(page, live_server, demo):
    log_in(page, live_server, "metodist", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("roadmaps:list"))
    active = page.locator("#main-nav .nav-link.active")
    expect(active).to_have_count(1)
    expect(active).to_have_text("Дорожные карты")
    page.screenshot(path=str(ARTIFACTS / "demo-roadmaps-list-menu.png"))
    # The demo's dashboard has figures to show: the schools' reports of the year so far.
    page.goto(live_server.url + reverse("roadmaps:dashboard"))
    page.screenshot(path=str(ARTIFACTS / "demo-dashboard.png"), full_page=True)

    roadmap = Roadmap.objects.exclude(kind=Roadmap.Kind.ASSOCIATION_PLAN).get(status=Roadmap.Status.APPROVED)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + roadmap.get_absolute_url())
    expect(page.locator("#roadmap-table")).to_be_visible()
    # The page itself does not scroll sideways; the table does, inside its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wrap = page.locator(".rm-table-wrap")
    assert wrap.evaluate("box => box.scrollWidth > box.clientWidth")
    # The navigation bar is collapsed behind its button.
    expect(page.get_by_role("button", name="Меню")).to_be_visible()
    expect(page.locator("#main-nav")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "demo-roadmap-390.png"), full_page=True)

    # A row's menu opens whole, not clipped by the scrolling box.
    wrap.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    row = page.locator("#roadmap-rows > tr.rm-row").first
    row.get_by_role("button", name="Действия со строкой").click()
    menu_item = row.get_by_role("button", name="Вставить мероприятие ниже")
    expect(menu_item).to_be_visible()
    box = page.locator("#roadmap-rows .dropdown-menu.show").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    page.screenshot(path=str(ARTIFACTS / "demo-roadmap-390-menu.png"))


def test_association_page_fits_a_phone_its_roster_scrolls_in_its_box(page, live_server, demo):
    """The roster's hidden «Действия» header (position: absolute) once widened the page to 1,140 px."""
    from associations.models import Association

    association = Association.objects.get(head__user=demo["rukmo"], kind=Association.Kind.DISTRICT)
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "rukmo", DEMO_PASSWORD)
    page.goto(live_server.url + association.get_absolute_url())
    expect(page.get_by_role("heading", name=association.name)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "demo-association-390.png"), full_page=True)
