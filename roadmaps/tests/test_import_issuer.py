"""Importing into a directory with no method office: the organization of the document's header, on request."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from directory import services as directory
from directory.models import Organization, Role
from orders.models import Order
from roadmaps import import_services
from roadmaps.models import Roadmap, RoadmapImport

from .test_import_views import confirm_url, preview_url, upload
from .test_importers import FIXTURES

HEADER = "Районное управление образованием администрации муниципального образования Мостовский район"


def run_import(*args) -> tuple[dict, str]:
    out = io.StringIO()
    call_command("import_roadmap", *map(str, args), stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1]), out.getvalue()


@pytest.fixture
def lone_methodist(db) -> Client:
    """A methodist in an empty directory: no organizations, no staff card."""
    user = get_user_model().objects.create_user("first", password="pass-for-tests-1")
    directory.role_grant(user=user, kind=Role.Kind.METHODIST)
    client = Client()
    client.force_login(user)
    return client


def test_the_header_name_leaves_capitals_but_keeps_the_district_s_own():
    payload = {"order": {"issuer": ["РАЙОННОЕ УПРАВЛЕНИЕ ОБРАЗОВАНИЕМ", "АДМИНИСТРАЦИИ НАЗАРОВСКОГО РАЙОНА"]}}
    assert import_services.header_organization_name(payload) == (
        "Районное управление образованием администрации Назаровского района"
    )
    assert import_services.header_organization_name({"order": {}}) == ""


@pytest.mark.django_db
def test_the_command_without_the_flag_keeps_the_old_message_and_names_the_flag():
    with pytest.raises(CommandError, match="В справочнике нет методического кабинета.*--create-issuer"):
        run_import(FIXTURES / "seed000.docx")
    assert not Organization.objects.exists() and not Roadmap.objects.exists()


@pytest.mark.django_db
def test_the_command_with_create_issuer_leads_the_roadmap_on_behalf_of_the_header():
    result, out = run_import(FIXTURES / "seed000.docx", "--create-issuer")
    assert set(result) == {"roadmap_id", "rows", "headings", "order_id"}
    roadmap = Roadmap.objects.get(pk=result["roadmap_id"])
    office = roadmap.organization
    assert (office.name, office.short_name, office.kind) == (
        HEADER,
        "Районное управление образованием",
        Organization.Kind.EDUCATION_OFFICE,
    )
    assert f"от имени организации из шапки документа: «{HEADER}»" in out
    # The order recovered from the document is issued by the same organization.
    assert Order.objects.get(pk=result["order_id"]).issuer == office
    # A second document finds it and creates nothing new.
    again, _ = run_import(FIXTURES / "seed000.docx", "--create-issuer")
    assert Roadmap.objects.get(pk=again["roadmap_id"]).organization == office
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_the_command_with_create_issuer_and_a_headerless_document_says_why():
    with pytest.raises(CommandError, match="в шапке документа нет наименования организации"):
        run_import(FIXTURES / "seed000.xlsx", "--create-issuer")
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_the_preview_offers_the_header_and_confirming_without_the_box_keeps_the_old_message(lone_methodist):
    assert upload(lone_methodist, "seed000.docx", (FIXTURES / "seed000.docx").read_bytes()).status_code == 302
    pending = RoadmapImport.objects.get()
    html = lone_methodist.get(preview_url(pending.pk)).content.decode()
    assert (
        f"Создать в справочнике организацию «{HEADER}» из шапки документа и вести карту от её имени" in html
    )
    assert (
        'name="create_issuer" value="1"' in html
        and "checked" not in html.split('name="create_issuer"')[1][:40]
    )

    refused = lone_methodist.post(confirm_url(pending.pk), follow=True)
    assert "В справочнике нет методического кабинета" in refused.content.decode()
    assert not Roadmap.objects.exists() and not Organization.objects.exists()

    done = lone_methodist.post(confirm_url(pending.pk), {"create_issuer": "1"})
    roadmap = Roadmap.objects.get()
    assert done.status_code == 302 and done["Location"] == roadmap.get_absolute_url()
    assert roadmap.organization.name == HEADER


@pytest.mark.django_db
def test_a_headerless_document_is_told_to_add_a_method_office(lone_methodist):
    assert upload(lone_methodist, "seed000.xlsx", (FIXTURES / "seed000.xlsx").read_bytes()).status_code == 302
    html = lone_methodist.get(preview_url(RoadmapImport.objects.get().pk)).content.decode()
    assert "В шапке документа нет наименования организации" in html
    assert 'name="create_issuer"' not in html


@pytest.mark.django_db
def test_with_a_method_office_nothing_is_offered(district, methodist_client):
    assert (
        upload(methodist_client, "seed000.docx", (FIXTURES / "seed000.docx").read_bytes()).status_code == 302
    )
    html = methodist_client.get(preview_url(RoadmapImport.objects.get().pk)).content.decode()
    assert 'data-testid="issuer-choice"' not in html
