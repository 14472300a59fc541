"""In Chromium: a draft with a damaged PDF appendix (stored by an older version) names it on the order
page; the methodist removes it with the button beside it and the problem is gone. Screenshots go to
test-artifacts/ (gitignored)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from orders.models import OrderAttachment
from orders.tests.factories import SAMPLE_ROWS, make_roadmap, ready_draft
from tests.browser_helpers import log_in
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_damaged_appendix_is_named_and_removed_from_the_draft(page, live_server, district, methodist):
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    draft = ready_draft(user=methodist, roadmap=roadmap)
    attachment = OrderAttachment(
        order=draft,
        kind=OrderAttachment.Kind.APPENDIX,
        title="Положение о конкурсе",
        original_name="polozhenie.pdf",
        size=20,
        sha256="0" * 64,
        position=5,
    )
    attachment.file.save("polozhenie.pdf", ContentFile(b"%PDF-1.7\n...cut short"), save=False)
    attachment.save()

    log_in(page, live_server, "metodist")
    page.goto(live_server.url + reverse("orders:detail", args=[draft.pk]))
    expect(page.get_by_text("Приложение «Положение о конкурсе» не открывается").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "order-damaged-appendix.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "order-damaged-appendix-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Удалить файл «Положение о конкурсе»").click()

    expect(page.get_by_text("Файл удалён из проекта.")).to_be_visible()
    expect(page.get_by_text("не открывается")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "order-appendix-removed.png"), full_page=True)
    assert not draft.attachments.exists()
