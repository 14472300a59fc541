"""Part 2: the year's work plan of an association — a roadmap the association owns (roadmaps/owners.py)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from associations import plans
from associations.models import AssociationPlan, AssociationTheme, Membership
from core.academic_year import academic_year_start
from directory import services as directory_services
from directory.models import Role
from notifications.reminders import reminders_scan
from roadmaps import services as roadmap_services
from roadmaps.models import Roadmap
from roadmaps.services import RowData

from .conftest import client_for, other_head, teacher
from .plan_files import plan_xlsx

pytestmark = pytest.mark.django_db

FIXTURE_DOCX = Path(__file__).parent / "fixtures" / "plan_shmo.docx"


def _year(mo) -> int:
    return academic_year_start(mo["today"])


def _plan(mo, association, user, rows=()) -> AssociationPlan:
    plan = plans.plan_create(user=user, association=association, year=_year(mo))
    if rows:
        roadmap_services.rows_append(user=user, roadmap=plan.roadmap, rows=rows)
    return plan


def _url(name, plan, *args):
    return reverse(f"associations:{name}", args=[plan.association_id, plan.pk, *args])


ROWS = [
    RowData(
        number="1",
        activity="Заседание РМО: анализ ВПР",
        deadline_text="сентябрь",
        responsible_text="Руководитель РМО",
    ),
    RowData(
        number="2", activity="Открытые уроки", deadline_text="в течение года", responsible_text="Учителя"
    ),
]


# --- Create, edit in the roadmap editor, permissions ----------------------------------------------------


def test_head_creates_the_plan_and_edits_it_in_the_roadmap_editor(mo, head_client):
    rmo = mo["rmo"]
    response = head_client.post(reverse("associations:plan_create", args=[rmo.pk]))
    plan = AssociationPlan.objects.get(association=rmo)
    assert response.status_code == 302 and response["Location"] == reverse(
        "roadmaps:detail", args=[plan.roadmap_id]
    )
    year = _year(mo)
    roadmap = plan.roadmap
    assert roadmap.title == f"План работы РМО учителей математики на {year}-{year + 1} учебный год"
    assert (roadmap.kind, roadmap.status) == (Roadmap.Kind.ASSOCIATION_PLAN, Roadmap.Status.DRAFT)
    assert (roadmap.period_start, roadmap.period_end) == (dt.date(year, 9, 1), dt.date(year + 1, 8, 31))
    assert roadmap.organization == rmo.organization

    page = head_client.get(reverse("roadmaps:detail", args=[roadmap.pk])).content.decode()
    assert "Добавить мероприятие" in page and "РМО учителей математики: план работы" in page
    response = head_client.post(
        reverse("roadmaps:row_insert", args=[roadmap.pk]),
        {
            "activity": "Семинар «Функциональная грамотность»",
            "deadline_text": "до 25 мая",
            "number": "1",
            "save": "1",
        },
    )
    assert response.status_code in (200, 302)
    row = roadmap.rows.get()
    assert row.activity == "Семинар «Функциональная грамотность»"
    assert row.occurrences.get().due_date == dt.date(year + 1, 5, 25)
    # A second plan for the same year is refused with a message, nothing created.
    response = head_client.post(reverse("associations:plan_create", args=[rmo.pk]), follow=True)
    assert "уже есть" in response.content.decode()
    assert AssociationPlan.objects.filter(association=rmo).count() == 1


def test_a_member_reads_the_plan_and_gets_403_on_edit(district, mo, head_client):
    rmo = mo["rmo"]
    plan = _plan(mo, rmo, mo["head_user"], ROWS)
    member = teacher(district["school_b"], "Смирнова")
    Membership.objects.create(association=rmo, person=member, joined_on=dt.date(2020, 9, 1))
    user = directory_services.user_ensure(username="member", password="pass-for-tests-1", person=member)
    client = client_for(user)
    assert client.get(reverse("roadmaps:detail", args=[plan.roadmap_id])).status_code == 200
    assert client.get(_url("plan_pdf", plan)).status_code == 200
    assert (
        client.post(
            reverse("roadmaps:row_insert", args=[plan.roadmap_id]), {"activity": "x", "save": "1"}
        ).status_code
        == 403
    )
    assert client.get(reverse("roadmaps:update", args=[plan.roadmap_id])).status_code == 403
    assert client.get(_url("plan_details", plan)).status_code == 403
    assert client.post(_url("plan_approve", plan)).status_code == 403
    assert client.post(reverse("associations:plan_create", args=[mo["shmo_b"].pk])).status_code == 404


def test_another_head_and_another_school_get_404(district, mo, director_b_client, director_a_client):
    plan = _plan(mo, mo["shmo_a"], mo["head_user"], ROWS)
    stranger = client_for(other_head(district, mo))
    for client in (stranger, director_b_client):
        assert client.get(reverse("roadmaps:detail", args=[plan.roadmap_id])).status_code == 404
        assert client.get(_url("plan_details", plan)).status_code == 404
        assert client.get(_url("plan_pdf", plan)).status_code == 404
        assert client.get(reverse("roadmaps:export", args=[plan.roadmap_id, "xlsx"])).status_code == 404
    # The school's director edits the plan of the school's ШМО in the same editor.
    response = director_a_client.post(
        reverse("roadmaps:row_insert", args=[plan.roadmap_id]),
        {"activity": "Предметная неделя", "number": "3", "save": "1"},
    )
    assert response.status_code in (200, 302)
    assert plan.roadmap.rows.filter(activity="Предметная неделя").exists()


def test_district_plans_are_out_of_the_roadmap_list_unless_asked(mo, methodist_client):
    plan = _plan(mo, mo["rmo"], mo["head_user"], ROWS)
    page = methodist_client.get(reverse("roadmaps:list")).content.decode()
    assert plan.roadmap.title not in page
    page = methodist_client.get(
        reverse("roadmaps:list"), {"kind": Roadmap.Kind.ASSOCIATION_PLAN}
    ).content.decode()
    assert plan.roadmap.title in page


# --- Import, copy, approve, PDF ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [("plan.docx", lambda: FIXTURE_DOCX.read_bytes()), ("plan.xlsx", plan_xlsx)],
)
def test_a_word_or_excel_plan_is_imported_into_the_plan(mo, head_client, name, data):
    plan = _plan(mo, mo["rmo"], mo["head_user"])
    response = head_client.post(_url("plan_import", plan), {"file": SimpleUploadedFile(name, data())})
    assert response.status_code == 302
    rows = list(plan.roadmap.rows.order_by("position"))
    assert [r.activity for r in rows if not r.is_heading] == [
        "Заседание ШМО: утверждение плана работы",
        "Проверка рабочих программ",
        "Школьный этап олимпиады по математике",
        "Взаимопосещение уроков",
    ]
    assert sum(r.is_heading for r in rows) == 2
    year = _year(mo)
    check = next(r for r in rows if r.activity == "Проверка рабочих программ")
    assert [o.due_date for o in check.occurrences.all()] == [dt.date(year, 9, 15)]


def test_a_bad_file_is_refused_with_a_message_and_nothing_saved(mo, head_client):
    plan = _plan(mo, mo["rmo"], mo["head_user"])
    response = head_client.post(_url("plan_import", plan), {"file": SimpleUploadedFile("plan.txt", b"hello")})
    assert response.status_code == 400
    assert "Ничего не загружено" in response.content.decode()
    assert not plan.roadmap.rows.exists()


def test_the_plan_is_copied_to_the_next_year(mo, head_client):
    plan = _plan(mo, mo["rmo"], mo["head_user"], ROWS)
    AssociationPlan.objects.filter(pk=plan.pk).update(
        directions="Работа с одарёнными детьми", reviewed_protocol="1"
    )
    response = head_client.post(_url("plan_copy", plan))
    year = _year(mo) + 1
    new = AssociationPlan.objects.get(association=mo["rmo"], year=year)
    assert response["Location"] == reverse("roadmaps:detail", args=[new.roadmap_id])
    assert new.roadmap.title == f"План работы РМО учителей математики на {year}-{year + 1} учебный год"
    assert new.roadmap.rows.count() == 2 and new.directions == "Работа с одарёнными детьми"
    assert new.reviewed_protocol == ""
    assert new.roadmap.rows.get(number="1").occurrences.get().due_date == dt.date(year, 9, 30)
    # The roadmap's own «Копировать на новый период» leads to the association's copy.
    response = head_client.get(reverse("roadmaps:copy", args=[plan.roadmap_id]))
    assert response["Location"] == _url("plan_copy", plan)
    response = head_client.post(_url("plan_copy", plan))
    assert response.status_code == 400 and "уже есть" in response.content.decode()


def test_the_head_approves_the_plan(mo, head_client):
    empty = _plan(mo, mo["shmo_b"], mo["head_user"])
    plan = _plan(mo, mo["rmo"], mo["head_user"], ROWS)
    head_client.post(_url("plan_approve", plan))
    plan.roadmap.refresh_from_db()
    assert plan.roadmap.status == Roadmap.Status.APPROVED
    # An empty plan is not approved.
    with pytest.raises(Exception, match="нет ни одного мероприятия"):
        plans.plan_approve(user=mo["head_user"], plan=empty)


def test_the_pdf_prints_the_approval_block(district, mo, director_a_client):
    plan = _plan(mo, mo["shmo_a"], mo["head_user"], ROWS)
    AssociationTheme.objects.create(
        association=mo["shmo_a"], year=plan.year, theme="Формирование грамотности"
    )
    response = director_a_client.post(
        _url("plan_details", plan),
        {
            "version": plan.version,
            "directions": "Повышение квалификации\nРабота с одарёнными детьми",
            "reviewed_protocol": "1",
            "reviewed_on": "2026-08-28",
            "agreed_by": "Заместитель директора по УВР Петрова А.А.",
            "agreed_on": "2026-08-29",
            "approved_by": "директора МБОУ СОШ № 1",
            "approved_order_number": "45",
            "approved_order_date": "2026-08-30",
        },
    )
    assert response.status_code == 302
    # A stale form (the old version) changes nothing.
    response = director_a_client.post(
        _url("plan_details", plan), {"version": plan.version, "reviewed_protocol": "9"}
    )
    assert response.status_code == 400 and "уже изменил" in response.content.decode()
    response = director_a_client.get(_url("plan_pdf", plan))
    assert response.status_code == 200
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    text = text.replace("\xa0", " ")
    for expected in (
        "РАССМОТРЕНО",
        "на заседании ШМО",
        "протокол № 1 от 28.08.2026",
        "СОГЛАСОВАНО",
        "Заместитель директора по УВР Петрова А.А.",
        "УТВЕРЖДЕНО",
        "приказом директора МБОУ СОШ № 1",
        "от 30.08.2026 № 45",
        "Методическая тема: Формирование грамотности",
        "Работа с одарёнными детьми",
        "Заседание РМО: анализ ВПР",
    ):
        assert expected in text, expected
    # The XLSX of the roadmap export.
    response = director_a_client.get(reverse("roadmaps:export", args=[plan.roadmap_id, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "Открытые уроки" in [c.value for row in sheet.iter_rows() for c in row]


# --- Reminders ---------------------------------------------------------------------------------------


def test_a_plan_row_for_the_head_reminds_the_associations_head_only(
    district, mo, django_capture_on_commit_callbacks
):
    head = mo["head_user"]
    directory_services.role_grant(user=head, kind=Role.Kind.ASSOCIATION_HEAD, scope=mo["rmo"])
    head.email = "rmo@example.ru"
    head.save()
    stranger = other_head(district, mo)
    stranger.email = "shmo@example.ru"
    stranger.save()
    year = _year(mo)
    plan = _plan(
        mo,
        mo["rmo"],
        head,
        [
            RowData(
                number="1",
                activity="Отчёт о работе РМО",
                deadline_text="до 25 мая",
                responsible_text="Руководитель РМО",
            )
        ],
    )
    plans.plan_approve(user=head, plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=dt.date(year + 1, 5, 25))
    to_head = [m for m in mail.outbox if m.to == ["rmo@example.ru"]]
    assert to_head and "Отчёт о работе РМО" in to_head[0].body
    assert not [m for m in mail.outbox if m.to == ["shmo@example.ru"]]
    # Nobody reports on a plan's item: no weekly «ПРОСРОЧЕНО» that nothing could ever end.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=dt.date(year + 1, 6, 1))
    assert not [m for m in mail.outbox if "Отчёт о работе РМО" in m.body]


# --- The district table and the association page -----------------------------------------------------


def test_the_district_table_shows_the_plan_state(mo, methodist_client):
    plan = _plan(mo, mo["rmo"], mo["head_user"], ROWS)
    _plan(mo, mo["shmo_a"], mo["head_user"])
    plans.plan_approve(user=mo["head_user"], plan=plan)
    page = methodist_client.get(reverse("associations:list")).content.decode()
    rows = {
        name: page.split(name, 1)[1].split("</tr>", 1)[0]
        for name in ("РМО учителей", "ШМО учителей математики", "ШМО учителей истории")
    }
    assert "<td>утверждён</td>" in rows["РМО учителей"]
    assert "<td>черновик</td>" in rows["ШМО учителей математики"]
    assert "<td>нет</td>" in rows["ШМО учителей истории"]


def _page_queries(client, association) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("associations:detail", args=[association.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_plan_section_runs_the_same_queries_at_any_size(mo, head_client):
    small_plan = _plan(mo, mo["rmo"], mo["head_user"], ROWS)
    small, page = _page_queries(head_client, mo["rmo"])
    assert "Мероприятий: 2" in page and "Утвердить план" in page
    many = [
        RowData(number=str(n), activity=f"Мероприятие {n}", deadline_text="ежемесячно") for n in range(40)
    ]
    roadmap_services.rows_append(user=mo["head_user"], roadmap=small_plan.roadmap, rows=many)
    large, page = _page_queries(head_client, mo["rmo"])
    assert "Мероприятий: 42" in page
    assert small == large


def test_the_demo_has_this_years_plans(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    plans_ = AssociationPlan.objects.select_related("roadmap", "association")
    assert plans_.count() == 3
    rmo = plans_.get(association__name="РМО учителей математики")
    assert rmo.roadmap.status == Roadmap.Status.APPROVED
    assert rmo.roadmap.rows.filter(is_heading=False).count() >= 8
    assert rmo.roadmap.rows.filter(deadline_text="до 25 мая").exists()
    assert plans_.filter(association__kind="shmo").exclude(approved_order_number="").count() == 1
    call_command("seed_demo", verbosity=0)  # idempotent
    assert AssociationPlan.objects.count() == 3


def test_the_heads_calendar_has_the_plans_deadlines_the_district_ones_do_not(
    mo, head_client, methodist_client
):
    head = mo["head_user"]
    directory_services.role_grant(user=head, kind=Role.Kind.ASSOCIATION_HEAD, scope=mo["rmo"])
    plan = _plan(
        mo, mo["rmo"], head, [RowData(number="1", activity="Методический десант", deadline_text="ежемесячно")]
    )
    plans.plan_approve(user=head, plan=plan)
    assert "Методический десант" in head_client.get(reverse("roadmaps:agenda")).content.decode()
    assert "Методический десант" not in methodist_client.get(reverse("roadmaps:agenda")).content.decode()
    assert plan.roadmap.title not in methodist_client.get(reverse("roadmaps:dashboard")).content.decode()


# --- The annual analysis's facts -----------------------------------------------------------------------


def test_the_analysis_counts_the_plans_items_and_the_dates_passed(mo):
    from associations.analysis import analysis_facts

    rmo, year = mo["rmo"], _year(mo)
    lines = {label: value for group in analysis_facts(rmo, year).groups for label, value in group.lines}
    assert lines["План работы"] == "не составлен"
    _plan(mo, rmo, mo["head_user"], ROWS)
    facts = plans.analysis_facts(rmo, year, today=dt.date(year, 12, 31))
    lines = dict(facts)
    assert lines["План работы"] == "черновик"
    assert lines["Мероприятий в плане"] == "2"
    # «сентябрь» is one date, passed by December; «в течение года» is one date at the year's end.
    total, passed = (int(n) for n in lines["Сроков по плану / из них наступило"].split(" / "))
    assert passed >= 1 and total > passed


def test_a_plan_gets_no_district_order_and_keeps_its_associations_organization(mo, methodist_client):
    from orders.models import Order

    plan = _plan(mo, mo["rmo"], mo["head_user"], ROWS)
    page = methodist_client.get(plan.roadmap.get_absolute_url()).content.decode()
    assert "Подготовить приказ об утверждении" not in page
    response = methodist_client.post(
        reverse("orders:create_from_roadmap", args=[plan.roadmap.pk]), follow=True
    )
    assert "приказ управления не готовится" in response.content.decode()
    assert not Order.objects.exists()
    # «Изменить сведения» offers the association's own organization only: a plan cannot move elsewhere.
    response = methodist_client.get(reverse("roadmaps:update", args=[plan.roadmap.pk]))
    offered = list(response.context["form"].fields["organization"].queryset)
    assert offered == [mo["rmo"].organization]
