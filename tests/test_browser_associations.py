"""Issue 15 «Done when», in Chromium on the demo district: the head of the РМО of mathematics (`rukmo`)
writes the year's plan from a Word file, holds a meeting and records its minutes with attendance and a
decision with a deadline, downloads the protocol PDF (looked at as PNG pages); the decision's responsible
person finds it in «Мои задачи»; the методист sees the meeting counted in the district view; the head of
another association gets 404. Screenshots and the protocol's pages go to test-artifacts/.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from associations import services
from associations.models import Association, AssociationPlan
from core.academic_year import academic_year_label, academic_year_start
from directory.models import Person
from portal.demo import DEMO_PASSWORD, seed_demo
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN_DOCX = Path(__file__).resolve().parent.parent / "associations" / "tests" / "fixtures" / "plan_shmo.docx"
DECISION = "Провести открытые уроки по функциональной грамотности в каждой школе"


@pytest.fixture
def demo():
    today = timezone.localdate()
    seed_demo(today=today)
    rmo = Association.objects.get(head__user__username="rukmo", kind=Association.Kind.DISTRICT)
    # The walk writes this year's plan itself: the demo's one goes.
    for plan in AssociationPlan.objects.filter(association=rmo, year=academic_year_start(today)):
        roadmap = plan.roadmap
        plan.delete()
        roadmap.delete()
    return {"rmo": rmo, "today": today, "users": {u.username: u for u in get_user_model().objects.all()}}


def test_the_head_plans_holds_a_meeting_records_the_minutes_and_everyone_sees_it(page, live_server, demo):
    rmo, today = demo["rmo"], demo["today"]
    year = academic_year_start(today)
    # The decision's responsible person: a member of the РМО who has a login (the demo's juror teaches maths).
    responsible = Person.objects.get(user__username="zhyuri")
    assert rmo.memberships.filter(person=responsible, left_on__isnull=True).exists()
    meeting_day = today - dt.timedelta(days=1)
    if academic_year_start(meeting_day) != year:  # 1 September: the meeting is held on the day itself
        meeting_day = today
    deadline = today + dt.timedelta(days=20)

    browser = page.context.browser
    log_in(page, live_server, "rukmo", DEMO_PASSWORD)
    # The start page shows the head's association and where its year stands; the card opens it.
    card = page.locator('section[data-role="association_head"]')
    expect(card.get_by_text("План работы: нет")).to_be_visible()
    card.get_by_role("link", name=rmo.name).click()
    expect(page.get_by_role("heading", name=rmo.name, level=1)).to_be_visible()

    # The year's plan: made, then its rows come from the Word plan the head already has.
    plan_section = page.locator("#section-plan")
    plan_section.get_by_role(
        "button", name=f"Составить план на {academic_year_label(year)} учебный год"
    ).click()
    expect(page.get_by_text("План работы на")).to_be_visible()
    page.get_by_role("link", name=f"← {rmo.name}").click()
    page.locator("#section-plan").get_by_role("link", name="Загрузить из Word/Excel").click()
    page.get_by_label("План в Word (.docx) или Excel (.xlsx)").set_input_files(str(PLAN_DOCX))
    page.get_by_role("button", name="Загрузить").click()
    # The rows land in the plan, opened in the roadmap editor; its back link returns to the association.
    expect(page.get_by_role("alert").filter(has_text="Загружено")).to_be_visible()
    expect(page.get_by_text("Руководитель ШМО").first).to_be_visible()
    page.get_by_role("link", name=f"← {rmo.name}").click()
    items = page.get_by_test_id("plan-items")
    expect(items).to_be_visible()
    assert int(items.inner_text().split(":")[1]) > 3
    page.locator("#section-plan").get_by_role("button", name="Утвердить план").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("утверждён")

    # A meeting held yesterday, with one question on its agenda.
    page.locator("#section-meetings").get_by_role("link", name="Запланировать заседание").click()
    page.get_by_label("Дата заседания").fill(meeting_day.isoformat())
    page.get_by_label("Форма проведения").select_option(label="семинар")
    page.get_by_label("Тема").fill("Функциональная грамотность: открытые уроки")
    page.get_by_label("Вопрос повестки").first.fill("График открытых уроков")
    page.get_by_label("Докладчики").first.fill("Волков Е.Б.")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("link", name="Записать протокол").click()

    # The minutes: attendance from the member list, the question's course, a decision with a deadline.
    attendance = page.locator("#attendance-table")
    expect(attendance.get_by_role("rowheader", name=responsible.full_name)).to_be_visible()
    absent = attendance.locator("tbody tr").last
    absent.get_by_role("checkbox").uncheck()
    absent.get_by_role("textbox").fill("курсы повышения квалификации")
    page.get_by_label("Слушали (1)").fill("Волкова Е.Б. о графике открытых уроков")
    page.get_by_label("Решили (1)").fill("Утвердить график открытых уроков")
    decision = page.get_by_test_id("decision-form").first
    decision.get_by_label("Решение").fill(DECISION)
    decision.get_by_label("Ответственный").select_option(label=responsible.full_name)
    decision.get_by_label("Срок").fill(deadline.isoformat())
    page.get_by_role("button", name="Сохранить протокол").click()
    expect(page.get_by_role("link", name="Протокол PDF")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "association-meeting-held.png"), full_page=True)

    # The protocol PDF, fetched in the head's session (the link opens it in the browser's viewer).
    link = page.get_by_role("link", name="Протокол PDF")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = ARTIFACTS / "association-protocol.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    text = " ".join(text.decode().split())
    for expected in ("ПРОТОКОЛ", "СЛУШАЛИ", "РЕШИЛИ", "Председатель", "Секретарь", "курсы повышения"):
        assert expected in text, expected
    assert DECISION[:40] in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "association-protocol")], check=True
    )
    pages = sorted(ARTIFACTS.glob("association-protocol-*.png"))
    assert pages and all(png.stat().st_size > 5_000 for png in pages)

    # The responsible person finds the decision in «Мои задачи».
    teacher = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = teacher.new_page()
    log_in(page, live_server, "zhyuri", DEMO_PASSWORD)
    page.get_by_role("link", name="Мои задачи").first.click()
    line = page.locator("li, .list-group-item").filter(has_text=DECISION).first
    expect(line).to_be_visible()
    expect(line).to_contain_text(f"срок {deadline:%d.%m.%Y}")
    page.screenshot(path=str(ARTIFACTS / "association-decision-in-my-tasks.png"), full_page=True)
    teacher.close()

    # The методист sees the meeting counted in the district view: one more planned and held.
    held = rmo.meetings.filter(year=year, status="held").count()
    planned = rmo.meetings.filter(year=year).count()
    methodist = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = methodist.new_page()
    log_in(page, live_server, "metodist", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("associations:list"))
    row = page.locator("tr").filter(has=page.get_by_role("link", name=rmo.name, exact=True))
    expect(row).to_contain_text(f"{planned} / {held}")
    expect(row).to_contain_text("утверждён")
    page.screenshot(path=str(ARTIFACTS / "association-district-view.png"), full_page=True)
    methodist.close()

    # The head of another association: 404 on this one's pages.
    other = Association.objects.get(name="РМО учителей начальных классов")
    other_head = Person.objects.get(user__username="pedagog")
    services.association_save(
        name=other.name, kind=other.kind, organization=other.organization, head=other_head, association=other
    )
    stranger = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = stranger.new_page()
    log_in(page, live_server, "pedagog", DEMO_PASSWORD)
    meeting = rmo.meetings.get(date=meeting_day, topic__startswith="Функциональная")
    for url in (rmo.get_absolute_url(), meeting.get_absolute_url()):
        response = page.goto(live_server.url + url)
        assert response.status == 404, url
    response = page.goto(live_server.url + other.get_absolute_url())
    assert response.status == 200
    stranger.close()
