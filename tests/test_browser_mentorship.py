"""Issue 17 «Done when», in Chromium on the demo district: `direktor1` forms a pair for the young
specialist still without a mentor, with both consents recorded; the school's coverage goes from 50 %
to 100 %; the director ticks the pair and prepares the district's order «О закреплении наставнических
пар (групп)»; `nachalnik` signs it (its PDF looked at as PNG pages); the mentor (`nastavnik`) adds an
item to the mentee's individual plan and `pedagog`, the mentee, marks it done with a file; the
director of another school gets 404 on the pair. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from directory.models import Organization, Person
from mentorship.forms import mentor_label
from mentorship.models import IndividualPlan, Pair, PlanItem
from orders.models import Order
from portal.demo import DEMO_PASSWORD, seed_demo
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_forms_a_pair_orders_it_head_signs_mentor_plans_mentee_reports(page, live_server, tmp_path):
    today = timezone.localdate()
    seed_demo(today=today)
    school = Organization.objects.get(short_name="МБОУ СОШ № 1")
    mentee = Person.objects.get(organization=school, position="Учитель английского языка")
    assert mentee.is_young_specialist(today) and not Pair.objects.filter(members__person=mentee).exists()
    mentor = Person.objects.get(organization=school, position__icontains="физик")
    base = live_server.url

    # --- the director's coverage: one of two young specialists without a mentor ---
    log_in(page, live_server, "direktor1", DEMO_PASSWORD)
    page.goto(base + reverse("mentorship:coverage"))
    row = page.locator("#coverage-table tbody tr", has_text=school.short_name)
    expect(row).to_contain_text("50,0")
    expect(row).to_contain_text(mentee.full_name)

    # --- a pair with both consents recorded ---
    page.goto(base + reverse("mentorship:pair_create"))
    page.get_by_label("Форма наставничества").select_option(label="«учитель — учитель»")
    page.get_by_label("Наставник (наставники)").select_option(label=mentor_label(mentor))
    page.get_by_label("Наставляемый (наставляемые)").select_option(
        label=f"{mentee.full_name}, {mentee.position} (молодой специалист)"
    )
    page.get_by_label("Цель наставничества").fill("Освоить методику проблемного урока физики")
    page.get_by_label("Согласие наставника: дата").fill(today.isoformat())
    page.get_by_label("Согласие наставляемого: дата").fill(today.isoformat())
    page.get_by_role("button", name="Сформировать").click()
    expect(page.get_by_text("Наставническая пара сформирована")).to_be_visible()
    pair = Pair.objects.get(members__person=mentee)
    page.goto(base + reverse("mentorship:coverage"))
    expect(page.locator("#coverage-table tbody tr", has_text=school.short_name)).to_contain_text("100,0")
    page.screenshot(path=str(ARTIFACTS / "mentorship-coverage-after-pair.png"), full_page=True)

    # --- the order fixing the pair, prepared by the director, signed by the head ---
    page.goto(base + reverse("mentorship:pairs"))
    page.get_by_label(f"Включить пару № {pair.pk} в приказ").check()
    page.get_by_label("Приказ управления образования").check()
    page.get_by_role("button", name="Подготовить приказ о закреплении").click()
    expect(page.get_by_text("Проект приказа о закреплении наставнических пар подготовлен")).to_be_visible()
    order = Order.objects.get(heading="О закреплении наставнических пар (групп)", status=Order.Status.DRAFT)
    expect(page.get_by_role("main")).to_contain_text("Список наставнических пар (групп)")
    page.screenshot(path=str(ARTIFACTS / "mentorship-pairs-order-draft.png"), full_page=True)

    log_in(page, live_server, "nachalnik", DEMO_PASSWORD, fresh=True)
    page.goto(base + order.get_absolute_url())
    expect(page.get_by_test_id("signing-problems")).to_have_count(0)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("sign-button").click()
    expect(page.get_by_test_id("order-status")).to_have_text("подписан")
    order.refresh_from_db()
    pdf = tmp_path / "order.pdf"
    pdf.write_bytes(order.pdf.read())
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages).replace("\xa0", " ")
    assert "О закреплении наставнических пар (групп)" in text and mentee.last_name in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "mentorship-pairs-order")], check=True
    )
    assert sorted(ARTIFACTS.glob("mentorship-pairs-order-*.png"))

    # --- the mentor adds an item to the mentee's plan; the mentee marks it done with a file ---
    pedagog = get_user_model().objects.get(username="pedagog").person
    plan = IndividualPlan.objects.filter(person=pedagog).latest("year")
    log_in(page, live_server, "nastavnik", DEMO_PASSWORD, fresh=True)
    page.goto(base + plan.get_absolute_url())
    page.get_by_role("link", name="Добавить пункт").click()
    page.get_by_label("Мероприятие").fill("Посетить уроки наставника по теме «Дроби»")
    page.get_by_label("Форма").select_option(label="посещение уроков")
    page.get_by_label("Срок (как в плане").fill("до 25 декабря")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("region", name="Пункты маршрута", exact=True).last).to_contain_text(
        "Посетить уроки наставника"
    )
    item = PlanItem.objects.get(plan=plan, activity__startswith="Посетить уроки наставника")

    log_in(page, live_server, "pedagog", DEMO_PASSWORD, fresh=True)
    page.goto(base + reverse("mentorship_plans:item_mark", args=[plan.pk, item.pk]))
    page.get_by_label("Выполнение").select_option(label="выполнено")
    page.get_by_label("Когда выполнено").fill(today.isoformat())
    evidence = tmp_path / "лист посещения.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Подтверждающий файл").set_input_files(str(evidence))
    page.get_by_role("button", name="Сохранить").click()
    items = page.get_by_role("region", name="Пункты маршрута", exact=True).last
    expect(items).to_contain_text("лист посещения.pdf")
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE
    page.screenshot(path=str(ARTIFACTS / "mentorship-plan-item-done.png"), full_page=True)
    # on a phone the plan's items are cards, not a table scrolled sideways
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    rows = page.get_by_test_id("plan-items")
    assert rows.evaluate("t => getComputedStyle(t.querySelector('tbody tr')).display") == "block"
    page.screenshot(path=str(ARTIFACTS / "mentorship-plan-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    # --- another school's director: 404 on the pair and on the school's order list ---
    log_in(page, live_server, "direktor2", DEMO_PASSWORD, fresh=True)
    response = page.goto(base + pair.get_absolute_url())
    assert response.status == 404
    assert page.goto(base + order.get_absolute_url()).status == 404
