"""Individual plans (ИОМ): access, deadlines, suggestions from deficits, reminders and «Мои задачи»,
the PDF, the reports' review workflow and the demo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from directory import person_facts, services
from directory.models import Role
from mentorship import plans
from mentorship.models import IndividualPlan, PlanItem, PlanReport
from notifications.models import Notice
from notifications.reminders import reminders_scan

YEAR = 2026
TODAY = dt.date(2026, 10, 1)


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def mentor(district):
    person = services.person_save(
        data={
            "organization": district["school_a"],
            "last_name": "Орлова",
            "first_name": "Нина",
            "patronymic": "Петровна",
            "position": "Учитель математики",
        }
    )
    user = services.user_ensure(username="nastavnik", password="pass-for-tests-1", person=person)
    services.role_grant(user=user, kind=Role.Kind.TEACHER)
    return user


@pytest.fixture
def mentors(district, mentor):
    """mentor mentors teacher_a (a provider as the pairs app would register it)."""
    teacher = district["people"]["teacher_a"]

    def provider(ids):
        return {teacher.pk: {mentor.pk}} if teacher.pk in ids else {}

    person_facts.register_mentors(provider)
    yield mentor
    person_facts.unregister_mentors(provider)


@pytest.fixture
def deficits(district):
    teacher = district["people"]["teacher_a"]

    def provider(person):
        if person.pk != teacher.pk:
            return []
        return [
            ("Методические компетенции", "Составление технологической карты урока"),
            ("Цифровые компетенции", "Использование ЦОР на уроке"),
        ]

    person_facts.register_deficits(provider)
    yield provider
    person_facts._deficit_providers.remove(provider)


@pytest.fixture
def plan(district, methodist):
    return plans.plan_create(
        user=methodist,
        person=district["people"]["teacher_a"],
        year=YEAR,
        title="",
        items=[
            {"activity": "Посещение уроков наставника", "form": "lessons", "deadline_text": "до 15 октября"},
            {"activity": "Открытый урок", "form": "open_lesson", "deadline_text": "март"},
        ],
    )


# --- Access ------------------------------------------------------------------------------------------


def test_the_teacher_sees_and_edits_their_own_plan(plan, teacher_a_client):
    page = teacher_a_client.get(reverse("mentorship_plans:detail", args=[plan.pk]))
    assert page.status_code == 200
    assert "Посещение уроков наставника" in page.content.decode()
    response = teacher_a_client.post(
        reverse("mentorship_plans:item_add", args=[plan.pk]),
        {"new-activity": "Курсы по ФГОС", "new-form": "courses", "new-deadline_text": "ноябрь"},
    )
    assert response.status_code == 302
    item = plan.items.get(activity="Курсы по ФГОС")
    assert item.position == 3 and item.due_until == dt.date(2026, 11, 30)
    mine = teacher_a_client.get(reverse("mentorship_plans:mine")).content.decode()
    assert plan.title in mine


def test_the_mentor_sees_the_mentees_plan_and_nothing_else(plan, mentors, district, methodist):
    other = plans.plan_create(
        user=methodist, person=district["people"]["teacher_b"], year=YEAR, title="", items=[]
    )
    client = _client(mentors)
    assert client.get(reverse("mentorship_plans:detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("mentorship_plans:detail", args=[other.pk])).status_code == 404
    mine = client.get(reverse("mentorship_plans:mine")).content.decode()
    assert "Маршруты наставляемых" in mine and "Иванова Ольга Сергеевна" in mine
    response = client.post(
        reverse("mentorship_plans:edit", args=[plan.pk]),
        {"title": plan.title, "status": "active", "mentor_note": "Работаем над картой урока"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.mentor_note == "Работаем над картой урока"


def test_without_the_mentors_provider_the_mentor_gets_404(plan, mentor):
    assert _client(mentor).get(reverse("mentorship_plans:detail", args=[plan.pk])).status_code == 404


def test_director_sees_the_schools_plans_another_school_gets_404(plan, director_a_client, director_b_client):
    assert director_a_client.get(reverse("mentorship_plans:detail", args=[plan.pk])).status_code == 200
    listing = director_a_client.get(reverse("mentorship_plans:list")).content.decode()
    assert "Иванова Ольга Сергеевна" in listing
    assert director_b_client.get(reverse("mentorship_plans:detail", args=[plan.pk])).status_code == 404
    assert "Иванова" not in director_b_client.get(reverse("mentorship_plans:list")).content.decode()
    pdf = director_b_client.get(reverse("mentorship_plans:pdf", args=[plan.pk]))
    assert pdf.status_code == 404


def test_administrator_reads_but_does_not_edit(plan, administrator_client):
    assert administrator_client.get(reverse("mentorship_plans:detail", args=[plan.pk])).status_code == 200
    item = plan.items.first()
    response = administrator_client.post(reverse("mentorship_plans:item_delete", args=[plan.pk, item.pk]))
    assert response.status_code == 403
    assert plan.items.count() == 2


def test_list_filters_by_school_and_status(plan, district, methodist, methodist_client):
    plans.plan_create(user=methodist, person=district["people"]["teacher_b"], year=YEAR, title="", items=[])
    url = reverse("mentorship_plans:list")
    page = methodist_client.get(url, {"school": district["school_b"].pk}).content.decode()
    assert "Кузнецов" in page and "Иванова" not in page
    plan.status = IndividualPlan.Status.FINISHED
    plan.save()
    page = methodist_client.get(url, {"status": "finished"}).content.decode()
    assert "Иванова" in page and "Кузнецов" not in page


# --- Deadlines and items -----------------------------------------------------------------------------


def test_an_unreadable_deadline_is_flagged_and_dates_can_be_typed(plan, teacher_a_client):
    url = reverse("mentorship_plans:item_add", args=[plan.pk])
    teacher_a_client.post(
        url,
        {
            "new-activity": "Выступление на ШМО",
            "new-form": "association",
            "new-deadline_text": "как получится",
        },
    )
    item = plan.items.get(activity="Выступление на ШМО")
    assert item.deadline_unreadable and item.due_until is None
    page = teacher_a_client.get(reverse("mentorship_plans:detail", args=[plan.pk])).content.decode()
    assert "срок не распознан — укажите даты вручную" in page
    edit = reverse("mentorship_plans:item_edit", args=[plan.pk, item.pk])
    teacher_a_client.post(
        edit,
        {
            "item-activity": "Выступление на ШМО",
            "item-form": "association",
            "item-deadline_text": "как получится",
            "item-due_on": "2026-12-10",
            "item-due_until": "2026-12-10",
        },
    )
    item.refresh_from_db()
    assert not item.deadline_unreadable and item.due_until == dt.date(2026, 12, 10)


def test_typed_dates_outside_the_year_are_refused_and_nothing_saved(plan, teacher_a_client):
    response = teacher_a_client.post(
        reverse("mentorship_plans:item_add", args=[plan.pk]),
        {
            "new-activity": "Стажировка",
            "new-form": "internship",
            "new-due_on": "2028-01-10",
            "new-due_until": "2028-01-12",
        },
    )
    assert response.status_code == 400
    assert "Даты выходят за учебный год маршрута" in response.content.decode()
    assert not plan.items.filter(activity="Стажировка").exists()


def test_reorder_and_delete_keep_positions(plan, teacher_a_client):
    first, second = plan.items.order_by("position")
    teacher_a_client.post(
        reverse("mentorship_plans:item_move", args=[plan.pk, second.pk]), {"direction": "up"}
    )
    assert list(plan.items.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    teacher_a_client.post(reverse("mentorship_plans:item_delete", args=[plan.pk, second.pk]))
    assert list(plan.items.values_list("position", flat=True)) == [1]


def test_marking_done_with_evidence_and_a_bad_file_saves_nothing(plan, teacher_a_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = plan.items.first()
    url = reverse("mentorship_plans:item_mark", args=[plan.pk, item.pk])
    fake = SimpleUploadedFile("отчёт.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = teacher_a_client.post(url, {"status": "done", "done_on": "2026-10-10", "files": fake})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.status == PlanItem.Status.PLANNED and not item.evidence.exists()
    real = SimpleUploadedFile("отчёт.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = teacher_a_client.post(
        url,
        {"status": "done", "done_on": "2026-10-10", "files": real, "url": "https://school1.ru/open-lesson"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PlanItem.Status.DONE and item.done_on == dt.date(2026, 10, 10)
    assert sorted(e.label for e in item.evidence.all()) == ["https://school1.ru/open-lesson", "отчёт.pdf"]
    evidence = item.evidence.get(url="")
    download = teacher_a_client.get(reverse("mentorship_plans:evidence", args=[plan.pk, evidence.pk]))
    assert download.status_code == 200
    link = item.evidence.get(file="")
    teacher_a_client.post(reverse("mentorship_plans:evidence_remove", args=[plan.pk, link.pk]))
    assert [e.label for e in item.evidence.all()] == ["отчёт.pdf"]


# --- Suggestions ---------------------------------------------------------------------------------------


def test_create_prefills_items_from_deficits_and_saves_the_edited_ones(deficits, district, director_a_client):
    teacher = district["people"]["teacher_a"]
    url = reverse("mentorship_plans:create") + f"?person={teacher.pk}"
    page = director_a_client.get(url).content.decode()
    assert "Составление технологической карты урока" in page
    assert "Посещение открытых уроков наставника и коллег" in page
    assert "Цифровые образовательные ресурсы" in page
    data = {
        "person": teacher.pk,
        "title": "ИОМ молодого специалиста",
        "year": YEAR,
        "items-TOTAL_FORMS": 3,
        "items-INITIAL_FORMS": 0,
        "items-0-include": "on",
        "items-0-activity": "Посещение открытых уроков наставника (изменено)",
        "items-0-form": "lessons",
        "items-0-deadline_text": "ноябрь",
        "items-1-activity": "Не включён",
        "items-1-form": "other",
        "items-2-include": "on",
        "items-2-activity": "Курсы по ЦОР",
        "items-2-form": "courses",
        "items-2-deadline_text": "до февраля",
    }
    response = director_a_client.post(reverse("mentorship_plans:create"), data)
    assert response.status_code == 302
    plan = IndividualPlan.objects.get(person=teacher)
    assert list(plan.items.values_list("activity", flat=True)) == [
        "Посещение открытых уроков наставника (изменено)",
        "Курсы по ЦОР",
    ]
    assert ["Цифровые компетенции", "Использование ЦОР на уроке"] in plan.deficits


def test_create_with_a_bad_item_saves_nothing(deficits, district, teacher_a_client):
    teacher = district["people"]["teacher_a"]
    data = {
        "person": teacher.pk,
        "title": "ИОМ",
        "year": YEAR,
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 0,
        "items-0-include": "on",
        "items-0-activity": "Стажировка",
        "items-0-form": "internship",
        "items-0-due_on": "2026-12-20",
        "items-0-due_until": "2026-12-01",
    }
    response = teacher_a_client.post(reverse("mentorship_plans:create"), data)
    assert "Дата «по» раньше даты «с»" in response.content.decode()
    assert not IndividualPlan.objects.exists()


def test_another_schools_director_cannot_create_a_plan(district, director_b_client):
    teacher = district["people"]["teacher_a"]
    url = reverse("mentorship_plans:create") + f"?person={teacher.pk}"
    assert director_b_client.get(url).status_code == 404


# --- Reminders and «Мои задачи» ---------------------------------------------------------------------


def test_due_items_remind_the_teacher_and_the_mentor_and_show_in_my_tasks(
    plan, mentors, teacher_a, teacher_a_client, django_capture_on_commit_callbacks
):
    item = plan.items.get(position=1)
    assert item.due_until == dt.date(2026, 10, 15)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=item.due_until)
    for user in (teacher_a, mentors):
        notice = Notice.objects.filter(recipient=user).latest("pk")
        assert "Посещение уроков наставника" in notice.title + notice.body
    tasks = teacher_a_client.get(reverse("roadmaps:my_tasks")).content.decode()
    assert "Индивидуальный маршрут" in tasks and "Посещение уроков наставника" in tasks
    mentor_tasks = _client(mentors).get(reverse("roadmaps:my_tasks")).content.decode()
    assert "наставляемый Иванова О.С." in mentor_tasks
    plans.item_mark(user=teacher_a, item=item, status="done", done_on=item.due_until)
    assert (
        "Посещение уроков наставника"
        not in teacher_a_client.get(reverse("roadmaps:my_tasks")).content.decode()
    )


# --- PDF ------------------------------------------------------------------------------------------------


def test_the_pdf_shows_teacher_school_mentor_deficits_and_items(deficits, mentors, district, methodist):
    teacher = district["people"]["teacher_a"]
    plan = plans.plan_create(
        user=methodist,
        person=teacher,
        year=YEAR,
        title="",
        items=[{"activity": "Посещение уроков наставника", "form": "lessons", "deadline_text": "октябрь"}],
    )
    response = _client(methodist).get(reverse("mentorship_plans:pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "ИНДИВИДУАЛЬНЫЙ ОБРАЗОВАТЕЛЬНЫЙ МАРШРУТ" in text
    assert "Иванова Ольга Сергеевна" in text and "СОШ № 1" in text
    assert "Орлова Нина Петровна" in text
    assert "Составление технологической карты урока" in text
    assert "Посещение уроков наставника" in text and "посещение уроков" in text
    docx = _client(methodist).get(reverse("mentorship_plans:docx", args=[plan.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


# --- Reports --------------------------------------------------------------------------------------------


def test_reports_go_through_the_review_workflow(
    plan, mentors, teacher_a_client, director_a, director_a_client
):
    url = reverse("mentorship_plans:report_save", args=[plan.pk, "mentee"])
    teacher_a_client.post(url, {"mentee-text": "Выполнила все пункты", "version": 0, "submit": "1"})
    report = PlanReport.objects.get(plan=plan, author_kind="mentee")
    assert report.state == PlanReport.State.SUBMITTED
    assert Notice.objects.filter(recipient=director_a, kind="plan_report_submitted").exists()
    # The mentor cannot write the mentee's report; the mentor writes their own.
    assert _client(mentors).post(url, {"mentee-text": "x", "version": report.version}).status_code == 403
    review = reverse("mentorship_plans:report_review", args=[plan.pk, report.pk])
    director_a_client.post(review, {"action": "return", "comment": "", "version": report.version})
    report.refresh_from_db()
    assert report.state == PlanReport.State.SUBMITTED  # a return needs a comment
    director_a_client.post(
        review, {"action": "return", "comment": "Добавьте итоги", "version": report.version}
    )
    report.refresh_from_db()
    assert report.state == PlanReport.State.RETURNED
    teacher_a_client.post(url, {"mentee-text": "Итоги: 2 из 2", "version": report.version, "submit": "1"})
    report.refresh_from_db()
    director_a_client.post(review, {"action": "accept", "version": report.version})
    report.refresh_from_db()
    assert report.state == PlanReport.State.ACCEPTED and report.text == "Итоги: 2 из 2"
    page = teacher_a_client.get(reverse("mentorship_plans:detail", args=[plan.pk])).content.decode()
    assert "принят" in page
    queue_url = reverse("mentorship_plans:report_save", args=[plan.pk, "mentor"])
    _client(mentors).post(queue_url, {"mentor-text": "Наставничество завершено", "version": 0, "submit": "1"})
    from progress.registry import review_queue

    assert any(item.kind == "Индивидуальные маршруты" for item in review_queue(director_a))


def test_a_report_carries_a_checked_file_and_a_disguised_one_is_refused_keeping_the_text(
    plan, teacher_a_client, director_b_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("mentorship_plans:report_save", args=[plan.pk, "mentee"])
    fake = SimpleUploadedFile("итоги.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = teacher_a_client.post(
        url, {"mentee-text": "Итоги года", "mentee-files": fake, "version": 0, "submit": "1"}, follow=True
    )
    report = PlanReport.objects.get(plan=plan, author_kind="mentee")
    assert "Черновик сохранён, но файл не приложен" in response.content.decode()
    assert (
        report.text == "Итоги года"
        and report.state == PlanReport.State.DRAFT
        and not report.evidence.exists()
    )
    real = SimpleUploadedFile("итоги.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    teacher_a_client.post(
        url, {"mentee-text": "Итоги года", "mentee-files": real, "version": report.version, "submit": "1"}
    )
    report.refresh_from_db()
    assert report.state == PlanReport.State.SUBMITTED and [e.label for e in report.evidence.all()] == [
        "итоги.pdf"
    ]
    page = teacher_a_client.get(reverse("mentorship_plans:detail", args=[plan.pk])).content.decode()
    evidence = report.evidence.get()
    download_url = reverse("mentorship_plans:report_evidence", args=[plan.pk, evidence.pk])
    assert "Приложения к отчёту" in page and download_url in page
    assert teacher_a_client.get(download_url).status_code == 200
    assert director_b_client.get(download_url).status_code == 404


def test_the_pairs_curator_sees_the_mentees_plan_is_told_and_reviews_the_report(
    plan, district, teacher_a_client
):
    from mentorship import services as pair_services

    school = district["school_a"]
    curator_person = services.person_save(
        data={
            "organization": school,
            "last_name": "Кураторова",
            "first_name": "Вера",
            "position": "Заместитель директора",
        }
    )
    curator = services.user_ensure(username="kurator", password="pass-for-tests-1", person=curator_person)
    services.role_grant(user=curator, kind=Role.Kind.TEACHER)
    client = _client(curator)
    detail = reverse("mentorship_plans:detail", args=[plan.pk])
    assert client.get(detail).status_code == 404  # not yet the curator of a pair of this teacher
    mentor_person = services.person_save(
        data={"organization": school, "last_name": "Стажева", "first_name": "Ирина", "position": "Учитель"}
    )
    today = timezone.localdate()
    pair_services.pair_create(
        user=None,
        organization=school,
        form="traditional",
        goal="Адаптация",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=200),
        mentors=[mentor_person],
        mentees=[district["people"]["teacher_a"]],
        curator=curator_person,
    )
    assert client.get(detail).status_code == 200
    url = reverse("mentorship_plans:report_save", args=[plan.pk, "mentee"])
    teacher_a_client.post(url, {"mentee-text": "Всё выполнено", "version": 0, "submit": "1"})
    report = PlanReport.objects.get(plan=plan, author_kind="mentee")
    assert Notice.objects.filter(recipient=curator, kind="plan_report_submitted").exists()
    review = reverse("mentorship_plans:report_review", args=[plan.pk, report.pk])
    client.post(review, {"action": "accept", "version": report.version})
    report.refresh_from_db()
    assert report.state == PlanReport.State.ACCEPTED


# --- Demo ---------------------------------------------------------------------------------------------


def test_demo_gives_pedagog_a_plan_with_items_due_soon(db):
    from portal.demo import seed_demo

    today = dt.date(2026, 11, 10)
    seed_demo(today=today)
    seed_demo(today=today)  # idempotent
    plan = IndividualPlan.objects.get(person__user__username="pedagog")
    assert IndividualPlan.objects.count() == 3
    soon = plan.items.filter(status="planned", due_until__lte=today + dt.timedelta(days=7))
    assert soon.exists()
    assert plan.items.filter(status="done").exists()
    assert plan.items.filter(deadline_unreadable=True).exists()


def test_demo_pages_open_for_each_role_and_pedagog_has_the_start_card(db):
    from django.contrib.auth import get_user_model

    from portal.demo import seed_demo

    seed_demo(today=dt.date(2026, 11, 10))
    users = get_user_model().objects
    plan = IndividualPlan.objects.get(person__user__username="pedagog")
    pedagog = _client(users.get(username="pedagog"))
    home = pedagog.get(reverse("home")).content.decode()
    assert "Мой маршрут" in home and "Осталось выполнить пунктов" in home
    for name in ("mine", "create"):
        assert pedagog.get(reverse(f"mentorship_plans:{name}")).status_code == 200
    assert pedagog.get(reverse("mentorship_plans:list")).status_code == 403
    for username, status in (("direktor1", 200), ("direktor2", 404), ("metodist", 200), ("nachalnik", 200)):
        client = _client(users.get(username=username))
        assert client.get(reverse("mentorship_plans:detail", args=[plan.pk])).status_code == status
        if status == 200:
            assert client.get(reverse("mentorship_plans:list")).status_code == 200
    choose = _client(users.get(username="direktor1")).get(reverse("mentorship_plans:create")).content.decode()
    assert plan.person.full_name in choose
