"""One school's reports through the views: «Мои задачи», the quick form in place, the report page,
evidence, the methodist's review; who may do what; bad input leaves nothing half-saved."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from directory import services as directory
from directory.models import Role
from notifications.models import Notice
from roadmaps import services
from roadmaps.models import ProgressReport, ReportEvent, ReportEvidence, Roadmap
from roadmaps.progress import services as report_services
from roadmaps.services import RowData

from .factories import make_roadmap
from .report_factories import approved_roadmap_for_schools, first_occurrence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTMX = {"HX-Request": "true"}


# --- Data ---------------------------------------------------------------------------------------------


@pytest.fixture
def roadmap(district, methodist, director_a, director_b):
    """Section 1 (1.1., 1.2.) for all schools; 2.1. is the office's own work. All dates are past."""
    return approved_roadmap_for_schools(user=methodist, district=district)


@pytest.fixture
def occurrence(roadmap):
    return first_occurrence(roadmap, "1.1.")


def draft(user, occurrence, organization, **data):
    data.setdefault("progress", "in_progress")
    data.setdefault("comment", "Провели заседание ШМО")
    return report_services.report_save(
        user=user, occurrence=occurrence, organization=organization, data=data, version=None
    )


def submitted(user, occurrence, organization, **data):
    report = draft(user, occurrence, organization, **data)
    return report_services.report_submit(user=user, report=report, version=report.version)


def accepted(director, methodist, occurrence, organization):
    report = submitted(director, occurrence, organization, progress="done")
    return report_services.report_accept(user=methodist, report=report, version=report.version)


def with_evidence(user, report, name="протокол.pdf", data=PDF):
    evidence = report_services.evidence_add_file(user=user, report=report, name=name, data=data)
    report.refresh_from_db()
    return evidence


def dated_roadmap(methodist, district, dates: dict[str, list[dt.date]], *, title="Карта на текущий год"):
    """An approved roadmap around today: one item per key with its dates by hand, all for every school."""
    today = timezone.localdate()
    rows = [RowData(number="1.", activity="Работа со школами", is_heading=True)]
    rows += [RowData(number=f"1.{i}.", activity=name) for i, name in enumerate(dates, start=1)]
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=rows,
        title=title,
        period=(today - dt.timedelta(days=120), today + dt.timedelta(days=400)),
        status=Roadmap.Status.APPROVED,
    )
    report_services.row_assign(user=methodist, row=roadmap.rows.get(number="1."), scope="all")
    for name, days in dates.items():
        services.row_set_manual_dates(user=methodist, row=roadmap.rows.get(activity=name), dates=days)
    return roadmap


def edit_url(occurrence, organization):
    return reverse("roadmaps:report_edit", args=[occurrence.pk, organization.pk])


def detail_url(report):
    return reverse("roadmaps:report_detail", args=[report.pk])


def form_data(**overrides):
    data = {"progress": "in_progress", "comment": "", "reason": "", "done_on": "", "version": "", "url": ""}
    data.update(overrides)
    return data


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "reports"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Access matrix ------------------------------------------------------------------------------------


def report_urls(report, evidence):
    """Every URL of a report, as (name, method, url)."""
    occurrence, org = report.occurrence, report.organization
    return [
        ("report_detail", "get", detail_url(report)),
        ("report_edit", "get", edit_url(occurrence, org)),
        ("report_edit", "post", edit_url(occurrence, org)),
        ("report_submit", "post", reverse("roadmaps:report_submit", args=[report.pk])),
        ("report_review", "post", reverse("roadmaps:report_review", args=[report.pk])),
        ("report_reopen", "post", reverse("roadmaps:report_reopen", args=[report.pk])),
        ("evidence_add", "post", reverse("roadmaps:evidence_add", args=[report.pk])),
        ("evidence_download", "get", reverse("roadmaps:evidence_download", args=[report.pk, evidence.pk])),
        ("evidence_remove", "post", reverse("roadmaps:evidence_remove", args=[report.pk, evidence.pk])),
    ]


@pytest.fixture
def report_a(occurrence, district, director_a):
    """School A's draft with one PDF."""
    report = draft(director_a, occurrence, district["school_a"])
    evidence = with_evidence(director_a, report)
    report.refresh_from_db()
    return report, evidence


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_login_from_every_report_url(client, report_a):
    report, evidence = report_a
    urls = [*report_urls(report, evidence), ("my_tasks", "get", reverse("roadmaps:my_tasks"))]
    for _name, method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_the_director_of_another_school_gets_404_on_every_url_of_school_a(director_b_client, report_a):
    report, evidence = report_a
    for _name, method, url in report_urls(report, evidence):
        response = getattr(director_b_client, method)(url, {"version": report.version, "action": "accept"})
        assert response.status_code == 404, (method, url)
    report.refresh_from_db()
    assert report.state == "draft" and report.evidence.count() == 1


@pytest.mark.django_db
def test_guessing_ids_gives_404_not_a_hint(director_b_client, report_a, district):
    report, evidence = report_a
    missing = ProgressReport.objects.order_by("-pk").first().pk + 100
    assert director_b_client.get(reverse("roadmaps:report_detail", args=[missing])).status_code == 404
    # School B's director may not report «for» school A on an item both schools have.
    url = edit_url(report.occurrence, district["school_a"])
    before = list(ProgressReport.objects.values()), ReportEvent.objects.count()
    assert director_b_client.post(url, form_data(comment="Чужой текст")).status_code == 404
    assert (list(ProgressReport.objects.values()), ReportEvent.objects.count()) == before


@pytest.mark.django_db
def test_the_administrator_reads_the_report_but_every_change_is_403(administrator_client, report_a):
    report, evidence = report_a
    assert administrator_client.get(detail_url(report)).status_code == 200
    download = reverse("roadmaps:evidence_download", args=[report.pk, evidence.pk])
    assert administrator_client.get(download).status_code == 200
    for name, method, url in report_urls(report, evidence):
        if method == "get" and name != "report_edit":
            continue
        response = getattr(administrator_client, method)(url, {"version": report.version, "action": "accept"})
        assert response.status_code == 403, (method, url)
    report.refresh_from_db()
    assert report.state == "draft" and report.version == 2 and report.evidence.count() == 1


@pytest.mark.django_db
def test_the_administrators_report_page_has_no_forms(administrator_client, report_a):
    report, _ = report_a
    page = text(administrator_client.get(detail_url(report)))
    assert "Провели заседание ШМО" in page
    for form in ('data-testid="report-form"', 'data-testid="evidence-form"', 'data-testid="review-form"'):
        assert form not in page


@pytest.mark.django_db
def test_the_director_opens_own_tasks_report_page_and_file(director_a_client, report_a):
    report, evidence = report_a
    assert director_a_client.get(reverse("roadmaps:my_tasks")).status_code == 200
    page = director_a_client.get(detail_url(report))
    assert page.status_code == 200
    assert 'data-testid="report-form"' in page.content.decode()
    download = reverse("roadmaps:evidence_download", args=[report.pk, evidence.pk])
    assert director_a_client.get(download).status_code == 200


@pytest.mark.django_db
def test_a_methodist_reviews_a_schools_report_but_cannot_edit_it(methodist_client, director_a, report_a):
    report, evidence = report_a
    report = report_services.report_submit(user=director_a, report=report, version=report.version)
    events_before = report.events.count()
    page = text(methodist_client.get(detail_url(report)))
    assert 'data-testid="review-form"' in page and 'data-testid="report-form"' not in page
    for name in ("report_submit", "evidence_add"):
        url = reverse(f"roadmaps:{name}", args=[report.pk])
        assert methodist_client.post(url, {"version": report.version}).status_code == 403
    url = reverse("roadmaps:evidence_remove", args=[report.pk, evidence.pk])
    assert methodist_client.post(url).status_code == 403
    assert (
        methodist_client.post(edit_url(report.occurrence, report.organization), form_data()).status_code
        == 403
    )
    fresh = ProgressReport.objects.get(pk=report.pk)
    assert (fresh.state, fresh.version, fresh.comment) == ("submitted", report.version, report.comment)
    assert list(fresh.evidence.values_list("pk", flat=True)) == [evidence.pk]
    assert fresh.events.count() == events_before


@pytest.mark.django_db
def test_a_director_cannot_review_own_report(director_a_client, director_a, report_a):
    report, _ = report_a
    report = report_services.report_submit(user=director_a, report=report, version=report.version)
    review = reverse("roadmaps:report_review", args=[report.pk])
    assert director_a_client.post(review, {"action": "accept", "version": report.version}).status_code == 403
    assert ProgressReport.objects.get(pk=report.pk).state == "submitted"


@pytest.mark.django_db
def test_get_on_the_post_only_urls_is_405(director_a_client, methodist_client, report_a):
    report, evidence = report_a
    for name, method, url in report_urls(report, evidence):
        if method == "post" and name != "report_edit":
            client = methodist_client if name in ("report_review", "report_reopen") else director_a_client
            assert client.get(url).status_code == 405, url


@pytest.mark.django_db
def test_posts_without_the_csrf_token_are_refused(csrf_client_for, director_a, methodist, report_a):
    report, evidence = report_a
    for name, method, url in report_urls(report, evidence):
        if method != "post":
            continue
        client = csrf_client_for(methodist if name in ("report_review", "report_reopen") else director_a)
        assert client.post(url, form_data(version=report.version)).status_code == 403, url
    report.refresh_from_db()
    assert report.version == 2 and report.evidence.count() == 1


@pytest.mark.django_db
def test_a_teacher_has_no_tasks_and_cannot_report(teacher_a_client, occurrence, district):
    page = teacher_a_client.get(reverse("roadmaps:my_tasks"))
    assert page.status_code == 200 and "не отчитываетесь" in text(page)
    assert teacher_a_client.get(edit_url(occurrence, district["school_a"])).status_code == 404


# --- «Мои задачи» -------------------------------------------------------------------------------------


def groups_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-group="([\w-]+)"(.*?)</section>', html, flags=re.S))


@pytest.mark.django_db
def test_tasks_show_what_is_overdue_and_due_within_four_weeks_with_returned_reports_on_top(
    district, methodist, director_a, director_a_client
):
    today = timezone.localdate()
    roadmap = dated_roadmap(
        methodist,
        district,
        {
            "Просроченное мероприятие": [today - dt.timedelta(days=3)],
            "Принятое в прошлом": [today - dt.timedelta(days=5)],
            "Возвращённое": [today - dt.timedelta(days=7)],
            "Сегодняшнее": [today],
            "Через три недели": [today + dt.timedelta(days=21)],
            "Через полтора месяца": [today + dt.timedelta(days=45)],
            "Через полгода": [today + dt.timedelta(days=200)],
        },
    )
    school = district["school_a"]

    def occ(name):
        return roadmap.rows.get(activity=name).occurrences.get()

    accepted(director_a, methodist, occ("Принятое в прошлом"), school)
    report = submitted(director_a, occ("Возвращённое"), school, progress="done")
    report_services.report_return(
        user=methodist, report=report, version=report.version, comment="Нет протокола"
    )

    page = director_a_client.get(reverse("roadmaps:my_tasks"))
    html = page.content.decode()
    groups = groups_of(html)
    assert "Возвращённое" in groups["returned"] and "Нет протокола" in groups["returned"]
    assert "Возвращённое" not in groups["overdue"]
    assert "Просроченное мероприятие" in groups["overdue"]
    assert "Принятое в прошлом" not in html  # done: neither overdue nor anywhere else
    assert "Сегодняшнее" in groups["week"]
    assert "Через три недели" in groups["soon"]
    # Further dates are counted and a click away, not on the page.
    assert "Через полтора месяца" not in html and "Через полгода" not in html
    assert re.search(r'data-testid="later-count">Ещё 2 срока позже</span> — <a', html)
    later = re.search(r'href="([^"]+)" data-testid="show-later"', html).group(1).replace("&amp;", "&")
    shown_later = director_a_client.get(reverse("roadmaps:my_tasks") + later).content.decode()
    assert "Через полтора месяца" in shown_later and "Через полгода" in shown_later

    everything = director_a_client.get(reverse("roadmaps:my_tasks") + "?all=1").content.decode()
    for name in ("Возвращённое", "Просроченное мероприятие", "Сегодняшнее", "Через полгода"):
        assert name in everything
    assert "Принятое в прошлом" not in everything
    by_month = groups_of(everything)
    later_month = today + dt.timedelta(days=200)
    assert "Через полгода" in by_month[f"month-{later_month:%Y-%m}"]
    assert "Возвращённое" in by_month["overdue"]  # among the others, in date order


@pytest.mark.django_db
def test_a_school_far_behind_gets_a_short_page_with_the_rest_counted(
    district, methodist, director_a, director_a_client
):
    today = timezone.localdate()
    days = [today - dt.timedelta(days=60) + dt.timedelta(days=i) for i in range(60)]
    dated_roadmap(methodist, district, {"Ежедневный отчёт": days})
    page = director_a_client.get(reverse("roadmaps:my_tasks"))
    html = page.content.decode()
    assert html.count('data-testid="task-line"') == 15  # the oldest fifteen
    assert f"{days[0]:%d.%m.%Y}" in html and f"{days[20]:%d.%m.%Y}" not in html
    assert "Ещё 45 сроков — " in text(page)
    first = director_a_client.get(reverse("roadmaps:my_tasks") + "?all=1").content.decode()
    assert first.count('data-testid="task-line"') == 50
    school = district["school_a"].pk
    assert f'href="?organization={school}&amp;all=1&amp;page=2" rel="next"' in first  # plain links, no JS
    everything = director_a_client.get(reverse("roadmaps:my_tasks") + "?all=1&page=2").content.decode()
    assert everything.count('data-testid="task-line"') == 10
    assert "51–60 из 60" in everything and f"{days[59]:%d.%m.%Y}" in everything


@pytest.mark.django_db
def test_each_line_shows_the_state_and_progress_of_the_schools_report(
    roadmap, district, director_a, director_b, director_a_client
):
    occurrence = first_occurrence(roadmap, "1.1.")
    draft(director_a, occurrence, district["school_a"], progress="done", comment="")
    draft(
        director_b, first_occurrence(roadmap, "1.2."), district["school_b"], progress="not_done", reason="x"
    )
    page = text(director_a_client.get(reverse("roadmaps:my_tasks")))
    line = re.search(rf'id="task-{occurrence.pk}-{district["school_a"].pk}".*?Открыть', page).group(0)
    assert "черновик" in line and "выполнено" in line
    other = first_occurrence(roadmap, "1.2.")
    line = re.search(rf'id="task-{other.pk}-{district["school_a"].pk}".*?Отчитаться', page).group(0)
    assert "нет отчёта" in line  # school B's report is not school A's
    assert "Мониторинг ШМО" not in page  # the office's own item


@pytest.mark.django_db
def test_the_methodist_sees_the_offices_own_items(roadmap, district, methodist_client):
    page = text(methodist_client.get(reverse("roadmaps:my_tasks")))
    assert "РМК" in page and "Мониторинг ШМО" in page
    assert "Заседания ШМО" not in page  # the schools' items


@pytest.mark.django_db
def test_a_user_reporting_for_several_organizations_chooses_one(
    roadmap, district, director_a, director_a_client, methodist
):
    directory.role_grant(user=director_a, kind=Role.Kind.DIRECTOR, organization=district["school_b"])
    draft(director_a, first_occurrence(roadmap, "1.1."), district["school_b"], comment="За вторую школу")
    page = text(director_a_client.get(reverse("roadmaps:my_tasks")))
    assert 'data-testid="organization-selector"' in page
    chosen = director_a_client.get(reverse("roadmaps:my_tasks"), {"organization": district["school_b"].pk})
    assert "СОШ № 2 · сегодня" in text(chosen) and "черновик" in text(chosen)
    other = director_a_client.get(reverse("roadmaps:my_tasks"), {"organization": district["office"].pk})
    assert other.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 300])
def test_my_tasks_runs_a_constant_number_of_queries(
    count, district, methodist, director_a, director_a_client, django_assert_max_num_queries
):
    today = timezone.localdate()
    days = [today - dt.timedelta(days=100) + dt.timedelta(days=i) for i in range(count)]
    roadmap = dated_roadmap(methodist, district, {"Еженедельный мониторинг": days})
    row = roadmap.rows.get(activity="Еженедельный мониторинг")
    occurrences = list(row.occurrences.order_by("due_date"))
    for occ in occurrences[:5]:
        with_evidence(director_a, draft(director_a, occ, district["school_a"]))
    report = submitted(director_a, occurrences[5], district["school_a"], progress="done")
    report_services.report_return(user=methodist, report=report, version=report.version, comment="Исправьте")
    tasks = reverse("roadmaps:my_tasks")
    # session, user, roles, person, organizations, the bell, session save, and then the counts, the
    # occurrences (the first few of each block, or one page of «Все сроки») and their reports.
    for url, queries, lines in (
        (tasks, 12, min(count, 1 + 15 + 29)),  # returned, the oldest 15 overdue, 29 days ahead
        (f"{tasks}?all=1", 12, min(count, 50)),
        (f"{tasks}?all=1&page=last", 12, count - 50 * ((count - 1) // 50)),
        (f"{tasks}?all=1&page=999", 12, count - 50 * ((count - 1) // 50)),
    ):
        director_a_client.get(url)  # warm caches (content types, sessions)
        with django_assert_max_num_queries(queries) as captured:
            response = director_a_client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="task-line"') == lines, url
        print(f"{url} with {count} occurrences: {len(captured.captured_queries)} queries")


# --- The quick form in place (htmx) -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_quick_form_opens_in_place_and_saves_a_draft(director_a_client, occurrence, district):
    school = district["school_a"]
    form = director_a_client.get(edit_url(occurrence, school), headers=HTMX)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'data-testid="task-form"' in html and "<html" not in html
    assert 'name="files"' in html and "multiple" in html

    line = director_a_client.post(
        edit_url(occurrence, school),
        form_data(progress="in_progress", comment="Идёт подготовка"),
        headers=HTMX,
    )
    assert line.status_code == 200
    assert 'data-testid="task-line"' in line.content.decode() and "черновик" in text(line)
    report = ProgressReport.objects.get(occurrence=occurrence, organization=school)
    assert (report.state, report.progress, report.comment) == ("draft", "in_progress", "Идёт подготовка")
    # Said to screen readers; the focus goes to the line's first action (static/js/app.js).
    dom_id = f"task-{occurrence.pk}-{school.pk}"
    assert json.loads(line["HX-Trigger-After-Settle"])["mk-update"] == {
        "say": "Черновик отчёта сохранён.",
        "focus": [f"#{dom_id} .task-actions", f"#{dom_id}"],
    }
    cancelled = director_a_client.get(edit_url(occurrence, school) + "?view=line", headers=HTMX)
    assert f'id="{dom_id}"' in text(cancelled) and 'data-testid="task-form"' not in text(cancelled)
    assert json.loads(cancelled["HX-Trigger-After-Settle"])["mk-update"]["say"] == "Изменения отменены"


@pytest.mark.django_db
def test_without_htmx_the_form_is_a_page_and_saving_goes_to_the_report(
    director_a_client, occurrence, district
):
    school = district["school_a"]
    page = director_a_client.get(edit_url(occurrence, school))
    assert page.status_code == 200 and "<html" in page.content.decode()
    response = director_a_client.post(edit_url(occurrence, school), form_data(comment="Без скриптов"))
    report = ProgressReport.objects.get(occurrence=occurrence, organization=school)
    assert response.status_code == 302 and response["Location"] == detail_url(report)


@pytest.mark.django_db
def test_sending_in_the_same_request_submits_and_notifies_the_methodist(
    director_a_client, occurrence, district, methodist
):
    response = director_a_client.post(
        edit_url(occurrence, district["school_a"]),
        form_data(progress="done", comment="Проведено", submit="1"),
        headers=HTMX,
    )
    assert response.status_code == 200 and "отправлен" in text(response)
    report = ProgressReport.objects.get(occurrence=occurrence)
    assert report.state == "submitted" and report.done_on == timezone.localdate()
    notice = Notice.objects.get(recipient=methodist, kind="report_submitted")
    assert notice.url == detail_url(report)


@pytest.mark.django_db
def test_a_refused_submission_keeps_the_draft_and_says_why(director_a_client, occurrence, district):
    response = director_a_client.post(
        edit_url(occurrence, district["school_a"]),
        form_data(progress="not_started", comment="Пока ничего", submit="1"),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Черновик сохранён, но не отправлен" in text(response) and "ход выполнения" in text(response)
    report = ProgressReport.objects.get(occurrence=occurrence)
    assert report.state == "draft" and report.comment == "Пока ничего"


@pytest.mark.django_db
def test_errors_come_back_in_the_inline_form_with_the_typed_values(director_a_client, occurrence, district):
    response = director_a_client.post(
        edit_url(occurrence, district["school_a"]),
        form_data(progress="not_done", comment="Мой набранный текст"),
        headers=HTMX,
    )
    assert response.status_code == 422
    html = text(response)
    assert "Укажите причину" in html and "Мой набранный текст" in html
    assert 'data-testid="task-form"' in html
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_a_future_done_date_is_refused(director_a_client, occurrence, district):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = director_a_client.post(
        edit_url(occurrence, district["school_a"]),
        form_data(progress="done", done_on=tomorrow.isoformat()),
        headers=HTMX,
    )
    assert response.status_code == 422 and "в будущем" in text(response)
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_a_stale_form_shows_the_saved_version_and_keeps_the_typed_values(
    director_a_client, director_a, occurrence, district
):
    school = district["school_a"]
    report = draft(director_a, occurrence, school, comment="Первая версия")
    seen = report.version
    colleague = {"progress": "in_progress", "comment": "Версия коллеги"}  # the same school, another tab
    report_services.report_save(
        user=director_a, occurrence=occurrence, organization=school, data=colleague, version=seen
    )
    response = director_a_client.post(
        edit_url(occurrence, school), form_data(comment="Мои правки", version=seen), headers=HTMX
    )
    assert response.status_code == 409
    html = text(response)
    assert "уже изменил" in html and "Версия коллеги" in html and "Мои правки" in html
    assert f'name="version" value="{seen + 1}"' in html  # saving again goes over the current version
    assert ProgressReport.objects.get(pk=report.pk).comment == "Версия коллеги"

    again = director_a_client.post(
        edit_url(occurrence, school), form_data(comment="Мои правки", version=seen + 1), headers=HTMX
    )
    assert again.status_code == 200
    assert ProgressReport.objects.get(pk=report.pk).comment == "Мои правки"


@pytest.mark.django_db
def test_an_accepted_report_cannot_be_changed_and_nothing_changes(
    director_a_client, director_a, methodist, occurrence, district
):
    school = district["school_a"]
    report = accepted(director_a, methodist, occurrence, school)
    before = (report.version, report.progress, report.comment, ReportEvent.objects.count())
    response = director_a_client.post(
        edit_url(occurrence, school),
        form_data(progress="not_done", reason="Передумали", version=report.version),
        headers=HTMX,
    )
    assert response.status_code == 409
    assert "принят и закрыт" in text(response) and "Ничего не изменено" in text(response)
    assert "Передумали" in text(response)  # the typed text is shown to copy, with no save button
    assert "Сохранить мои данные" not in text(response)
    report.refresh_from_db()
    assert (report.version, report.progress, report.comment, ReportEvent.objects.count()) == before
    # The plain form says so too, and the GET of the form sends to the report page.
    assert director_a_client.get(edit_url(occurrence, school))["Location"] == detail_url(report)
    add = director_a_client.post(reverse("roadmaps:evidence_add", args=[report.pk]), {"url": "https://a.ru/"})
    assert add.status_code == 302 and not report.evidence.exists()


# --- Files: all or nothing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_several_files_and_a_link_are_attached_in_one_request(director_a_client, occurrence, district):
    response = director_a_client.post(
        edit_url(occurrence, district["school_a"]),
        {
            **form_data(progress="done", comment="Протокол и фото"),
            "files": [
                SimpleUploadedFile("протокол.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("фото.png", PNG, "image/png"),
            ],
            "url": "https://school1.ru/news/5",
        },
        headers=HTMX,
    )
    assert response.status_code == 200 and "подтверждений: 3" in text(response)
    report = ProgressReport.objects.get(occurrence=occurrence)
    assert sorted(e.original_name or e.url for e in report.evidence.all()) == [
        "https://school1.ru/news/5",
        "протокол.pdf",
        "фото.png",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (("отчёт.pdf", b"MZ\x90\x00" + b"\x00" * 64), "не похоже ни на один допустимый формат"),
        (("фото.jpg", PDF), "на самом деле это PDF"),
        (("программа.exe", b"MZ"), "не принимаются"),
        (("большой.pdf", PDF + b"0" * 2048), "слишком большой"),
    ],
    ids=["disguised", "renamed", "forbidden-type", "oversized"],
)
def test_a_bad_file_refuses_the_whole_request_and_nothing_is_saved(
    upload, message, director_a_client, director_a, occurrence, district, settings
):
    settings.REPORT_FILE_MAX_BYTES = 1024
    school = district["school_a"]
    report = draft(director_a, occurrence, school, comment="Сохранённый текст")
    files_before = stored_files()
    events_before = ReportEvent.objects.count()
    response = director_a_client.post(
        edit_url(occurrence, school),
        {
            **form_data(progress="done", comment="Новый текст", version=report.version, submit="1"),
            "files": [SimpleUploadedFile("хороший.pdf", PDF), SimpleUploadedFile(*upload)],
            "url": "https://school1.ru/news/6",
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    assert message in text(response) and "Новый текст" in text(response)
    fresh = ProgressReport.objects.get(pk=report.pk)
    assert (fresh.state, fresh.comment, fresh.version) == ("draft", "Сохранённый текст", report.version)
    assert not fresh.evidence.exists()
    assert ReportEvent.objects.count() == events_before
    assert stored_files() == files_before


@pytest.mark.django_db
def test_a_bad_link_after_good_files_rolls_back_the_fields_and_deletes_the_files(
    director_a_client, director_a, occurrence, district
):
    school = district["school_a"]
    report = draft(director_a, occurrence, school, comment="Сохранённый текст")
    files_before = stored_files()
    response = director_a_client.post(
        edit_url(occurrence, school),
        {
            **form_data(comment="Новый текст", version=report.version),
            "files": [SimpleUploadedFile("протокол.pdf", PDF)],
            "url": "javascript:alert(1)",
        },
        headers=HTMX,
    )
    assert response.status_code == 422 and "http://" in text(response)
    fresh = ProgressReport.objects.get(pk=report.pk)
    assert (fresh.comment, fresh.version) == ("Сохранённый текст", report.version)
    assert not ReportEvidence.objects.exists()
    assert stored_files() == files_before


@pytest.mark.django_db
def test_files_and_links_are_added_and_removed_on_the_report_page(director_a_client, director_a, report_a):
    report, evidence = report_a
    add = reverse("roadmaps:evidence_add", args=[report.pk])
    response = director_a_client.post(
        add, {"files": [SimpleUploadedFile("фото.png", PNG)], "url": "https://school1.ru/a"}
    )
    assert response.status_code == 302 and report.evidence.count() == 3
    refused = director_a_client.post(add, {"files": [SimpleUploadedFile("фото.png", PDF)]})
    assert refused.status_code == 422 and "на самом деле это PDF" in text(refused)
    assert director_a_client.post(add, {}).status_code == 422
    remove = reverse("roadmaps:evidence_remove", args=[report.pk, evidence.pk])
    assert director_a_client.post(remove).status_code == 302
    assert sorted(e.original_name or e.url for e in report.evidence.all()) == [
        "https://school1.ru/a",
        "фото.png",
    ]
    actions = list(report.events.values_list("action", flat=True))
    assert actions.count("evidence_add") == 3 and actions[-1] == "evidence_remove"


# --- Evidence download --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_downloads_with_its_original_name_and_safe_headers(director_a_client, report_a):
    report, evidence = report_a
    response = director_a_client.get(reverse("roadmaps:evidence_download", args=[report.pk, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%D0%BF%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_report_page_links_files_through_the_checked_view_never_media(director_a_client, report_a):
    report, evidence = report_a
    html = director_a_client.get(detail_url(report)).content.decode()
    assert reverse("roadmaps:evidence_download", args=[report.pk, evidence.pk]) in html
    assert settings.MEDIA_URL not in html and evidence.file.name not in html


@pytest.mark.django_db
def test_an_evidence_id_of_another_report_is_404(director_a_client, director_a, roadmap, district, report_a):
    report, _ = report_a
    other = draft(director_a, first_occurrence(roadmap, "1.2."), district["school_a"])
    foreign = with_evidence(director_a, other)
    url = reverse("roadmaps:evidence_download", args=[report.pk, foreign.pk])
    assert director_a_client.get(url).status_code == 404
    link = report_services.evidence_add_link(user=director_a, report=report, url="https://school1.ru/")
    url = reverse("roadmaps:evidence_download", args=[report.pk, link.pk])
    assert director_a_client.get(url).status_code == 404  # a link has no file


@pytest.mark.django_db
def test_a_content_type_outside_the_allowed_kinds_is_served_as_octet_stream(director_a_client, report_a):
    report, evidence = report_a
    ReportEvidence.objects.filter(pk=evidence.pk).update(content_type="text/html")
    response = director_a_client.get(reverse("roadmaps:evidence_download", args=[report.pk, evidence.pk]))
    assert response["Content-Type"] == "application/octet-stream"


# --- The methodist's review ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_whole_loop_through_the_views(
    director_a_client, methodist_client, director_a, methodist, occurrence, district
):
    school = district["school_a"]
    director_a_client.post(
        edit_url(occurrence, school), form_data(progress="done", comment="Провели", submit="1"), headers=HTMX
    )
    report = ProgressReport.objects.get(occurrence=occurrence, organization=school)
    review = reverse("roadmaps:report_review", args=[report.pk])

    refused = methodist_client.post(review, {"action": "return", "version": report.version, "comment": " "})
    assert refused.status_code == 422 and "Напишите, что нужно исправить" in text(refused)
    assert ProgressReport.objects.get(pk=report.pk).state == "submitted"

    returned = methodist_client.post(
        review, {"action": "return", "version": report.version, "comment": "Приложите протокол"}
    )
    assert returned.status_code == 302
    report.refresh_from_db()
    assert report.state == "returned"
    assert Notice.objects.filter(recipient=director_a, kind="report_returned").exists()

    tasks = text(director_a_client.get(reverse("roadmaps:my_tasks")))
    assert "Возвращены на доработку" in tasks and "Приложите протокол" in tasks

    resubmit = director_a_client.post(
        edit_url(occurrence, school),
        {
            **form_data(progress="done", comment="Протокол приложен", version=report.version, submit="1"),
            "files": [SimpleUploadedFile("протокол.pdf", PDF)],
        },
        headers=HTMX,
    )
    assert resubmit.status_code == 200 and "отправлен" in text(resubmit)
    report.refresh_from_db()
    assert report.state == "submitted"

    stale = methodist_client.post(review, {"action": "accept", "version": report.version - 1})
    assert stale.status_code == 302
    assert ProgressReport.objects.get(pk=report.pk).state == "submitted"

    methodist_client.post(review, {"action": "accept", "version": report.version})
    report.refresh_from_db()
    assert report.state == "accepted"
    assert Notice.objects.filter(recipient=director_a, kind="report_accepted").exists()

    reopen = reverse("roadmaps:report_reopen", args=[report.pk])
    no_reason = methodist_client.post(reopen, {"version": report.version, "reason": ""})
    assert no_reason.status_code == 422 and "почему" in text(no_reason)
    methodist_client.post(reopen, {"version": report.version, "reason": "Ошибка в дате"})
    report.refresh_from_db()
    assert report.state == "returned" and report.review_comment == "Ошибка в дате"
    assert Notice.objects.filter(recipient=director_a, kind="report_reopened").exists()

    history = text(director_a_client.get(detail_url(report)))
    for action in (
        "Отправлен",
        "Возвращён на доработку",
        "Принят",
        "Открыт повторно",
        "Добавлено подтверждение",
    ):
        assert action in history
    assert "Волкова Елена Викторовна" in history and "Ошибка в дате" in history


@pytest.mark.django_db
def test_accepting_a_report_that_is_not_submitted_says_so_and_changes_nothing(
    methodist_client, director_a, occurrence, district
):
    report = draft(director_a, occurrence, district["school_a"])
    review = reverse("roadmaps:report_review", args=[report.pk])
    response = methodist_client.post(review, {"action": "accept", "version": report.version}, follow=True)
    assert "невозможно" in text(response)
    assert ProgressReport.objects.get(pk=report.pk).state == "draft"


@pytest.mark.django_db
def test_a_quick_submit_from_the_line(director_a_client, director_a, occurrence, district):
    report = draft(director_a, occurrence, district["school_a"], progress="done")
    url = reverse("roadmaps:report_submit", args=[report.pk])
    response = director_a_client.post(url, {"version": report.version}, headers=HTMX)
    assert response.status_code == 200 and 'data-testid="task-line"' in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).state == "submitted"
    again = director_a_client.post(url, {"version": report.version}, headers=HTMX)
    assert again.status_code == 409


@pytest.mark.django_db
def test_the_office_reports_on_its_own_item_through_the_views(roadmap, methodist_client, district):
    occurrence = first_occurrence(roadmap, "2.1.")
    office = district["method_office"]
    response = methodist_client.post(
        edit_url(occurrence, office), form_data(progress="done", submit="1"), headers=HTMX
    )
    assert response.status_code == 200
    assert ProgressReport.objects.get(occurrence=occurrence, organization=office).state == "submitted"
    # …but not on a school's item, nor as a school.
    school_item = first_occurrence(roadmap, "1.1.")
    assert methodist_client.get(edit_url(school_item, office)).status_code == 404


# --- The form on the report page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_mistake_in_the_form_on_the_report_page_comes_back_on_that_page(director_a_client, report_a):
    report, _ = report_a
    response = director_a_client.post(
        edit_url(report.occurrence, report.organization),
        form_data(
            progress="not_done",
            comment="Набрано на странице отчёта",
            version=report.version,
            return_to="detail",
        ),
    )
    assert response.status_code == 422
    html = text(response)
    assert 'data-testid="report-history"' in html and "Укажите причину" in html
    assert "Набрано на странице отчёта" in html
    assert ProgressReport.objects.get(pk=report.pk).comment == "Провели заседание ШМО"


@pytest.mark.django_db
def test_a_stale_form_on_the_report_page_shows_the_conflict_there(director_a_client, director_a, report_a):
    report, _ = report_a
    seen = report.version
    report_services.evidence_add_link(user=director_a, report=report, url="https://school1.ru/x")
    response = director_a_client.post(
        edit_url(report.occurrence, report.organization),
        form_data(comment="Мои правки", version=seen, return_to="detail", url="https://school1.ru/y"),
    )
    assert response.status_code == 409
    html = text(response)
    assert 'data-testid="report-conflict"' in html and 'data-testid="report-history"' in html
    assert "Мои правки" in html and "https://school1.ru/y" in html
    fresh = ProgressReport.objects.get(pk=report.pk)
    assert fresh.comment == "Провели заседание ШМО" and fresh.evidence.count() == 2


@pytest.mark.django_db
def test_a_stale_form_for_a_report_sent_meanwhile_says_it_is_closed(
    director_a_client, director_a, occurrence, district
):
    school = district["school_a"]
    report = draft(director_a, occurrence, school)
    seen = report.version
    report_services.report_submit(user=director_a, report=report, version=seen)
    response = director_a_client.post(
        edit_url(occurrence, school), form_data(comment="Поздняя правка", version=seen), headers=HTMX
    )
    assert response.status_code == 409
    html = text(response)
    assert "ждёт проверки методиста" in html and "Поздняя правка" in html
    assert "Сохранить мои данные" not in html
    assert ProgressReport.objects.get(pk=report.pk).comment == "Провели заседание ШМО"
