"""Assignment, the report workflow, evidence checks, notices and history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notice
from progress import registry
from roadmaps import services
from roadmaps.models import Occurrence, ProgressReport, ReportEvent
from roadmaps.progress import services as report_services
from roadmaps.progress.services import ReportLocked, StaleReportError

from .report_factories import approved_roadmap_for_schools, first_occurrence, item

TODAY = dt.date(2023, 1, 10)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def roadmap(district, methodist, director_a, director_b):
    return approved_roadmap_for_schools(user=methodist, district=district)


def save(user, occurrence, org, version=None, **data):
    data.setdefault("progress", "in_progress")
    return report_services.report_save(
        user=user, occurrence=occurrence, organization=org, data=data, version=version, today=TODAY
    )


@pytest.mark.django_db
def test_assigning_a_heading_assigns_every_item_under_it(roadmap, district):
    assert item(roadmap, "1.1.").report_scope == "all"
    assert item(roadmap, "1.2.").report_scope == "all"
    assert item(roadmap, "2.1.").report_scope == "none"
    schools = report_services.expected_organization_ids(item(roadmap, "1.1."))
    assert set(schools) == {district["school_a"].pk, district["school_b"].pk}
    assert report_services.expected_organization_ids(item(roadmap, "2.1.")) == [district["method_office"].pk]


@pytest.mark.django_db
def test_selected_schools_only(roadmap, district, methodist):
    row = item(roadmap, "1.2.")
    report_services.row_assign(user=methodist, row=row, scope="selected", schools=[district["school_b"]])
    assert report_services.expected_organization_ids(row) == [district["school_b"].pk]
    with pytest.raises(PermissionDenied):
        save(None, row.occurrences.first(), district["school_a"])
    with pytest.raises(ValidationError):
        report_services.row_assign(user=methodist, row=row, scope="selected", schools=[])


@pytest.mark.django_db
def test_the_whole_loop_submit_return_resubmit_accept(roadmap, district, methodist, director_a):
    occurrence = first_occurrence(roadmap, "1.1.")
    school = district["school_a"]
    report = save(director_a, occurrence, school, progress="done", comment="Провели заседание")
    assert report.state == "draft" and report.done_on == TODAY
    report = report_services.report_submit(user=director_a, report=report, version=report.version)
    assert report.state == "submitted"
    assert Notice.objects.filter(recipient=methodist, kind="report_submitted").count() == 1

    report = report_services.report_return(
        user=methodist, report=report, version=report.version, comment="Приложите протокол"
    )
    assert report.state == "returned" and report.review_comment == "Приложите протокол"
    returned = Notice.objects.get(recipient=director_a, kind="report_returned")
    assert "Приложите протокол" in returned.body

    report_services.evidence_add_file(user=director_a, report=report, name="протокол.pdf", data=PDF)
    report.refresh_from_db()
    report = report_services.report_submit(user=director_a, report=report, version=report.version)
    report = report_services.report_accept(user=methodist, report=report, version=report.version)
    assert report.state == "accepted" and report.is_locked
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["save", "submit", "return", "evidence_add", "submit", "accept"]

    with pytest.raises(ReportLocked):
        save(director_a, occurrence, school, version=report.version, progress="not_done", reason="x")
    with pytest.raises(ReportLocked):
        report_services.evidence_add_link(user=director_a, report=report, url="https://school1.ru/news")

    report = report_services.report_reopen(
        user=methodist, report=report, version=report.version, reason="Ошибка в дате"
    )
    assert report.state == "returned"
    assert ReportEvent.objects.filter(report=report, action="reopen", comment="Ошибка в дате").exists()


@pytest.mark.django_db
def test_a_stale_form_is_refused_and_nothing_is_written(roadmap, district, director_a):
    occurrence = first_occurrence(roadmap, "1.1.")
    report = save(director_a, occurrence, district["school_a"], comment="Первая версия")
    save(director_a, occurrence, district["school_a"], version=report.version, comment="Вторая версия")
    with pytest.raises(StaleReportError) as error:
        save(director_a, occurrence, district["school_a"], version=report.version, comment="Старая форма")
    assert error.value.current.comment == "Вторая версия"
    assert ProgressReport.objects.get(pk=report.pk).comment == "Вторая версия"


@pytest.mark.django_db
def test_not_done_needs_a_reason_and_done_date_cannot_be_in_the_future(roadmap, district, director_a):
    occurrence = first_occurrence(roadmap, "1.1.")
    with pytest.raises(ValidationError) as error:
        save(director_a, occurrence, district["school_a"], progress="not_done")
    assert "причину" in str(error.value)
    with pytest.raises(ValidationError):
        save(
            director_a,
            occurrence,
            district["school_a"],
            progress="done",
            done_on=TODAY + dt.timedelta(days=1),
        )
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_an_empty_report_cannot_be_submitted(roadmap, district, director_a):
    report = save(director_a, first_occurrence(roadmap, "1.1."), district["school_a"], progress="not_started")
    with pytest.raises(ValidationError):
        report_services.report_submit(user=director_a, report=report, version=report.version)


@pytest.mark.django_db
def test_the_office_reports_on_its_own_work_and_schools_cannot(roadmap, district, methodist, director_a):
    occurrence = first_occurrence(roadmap, "2.1.")
    with pytest.raises(PermissionDenied):
        save(director_a, occurrence, district["school_a"])
    report = save(methodist, occurrence, district["method_office"], progress="done")
    assert report.organization == district["method_office"]


@pytest.mark.django_db
def test_no_report_on_a_draft_roadmap(roadmap, district, methodist, director_a):
    services.roadmap_update(user=methodist, roadmap=roadmap, data={"status": "draft"})
    with pytest.raises(PermissionDenied):
        save(director_a, first_occurrence(roadmap, "1.1."), district["school_a"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("отчёт.pdf", b"MZ\x90\x00" + b"\x00" * 100, "не похоже"),
        ("фото.jpg", PDF, "на самом деле это PDF"),
        ("скрипт.exe", b"MZ", "не принимаются"),
        ("пустой.pdf", b"", "пустой"),
        ("большой.pdf", PDF + b"0" * (10 * 1024 * 1024), "слишком большой"),
    ],
)
def test_oversized_or_disguised_files_are_refused(roadmap, district, director_a, name, data, message):
    report = save(director_a, first_occurrence(roadmap, "1.1."), district["school_a"])
    with pytest.raises(ValidationError) as error:
        report_services.evidence_add_file(user=director_a, report=report, name=name, data=data)
    assert message in str(error.value)
    assert not report.evidence.exists()


@pytest.mark.django_db
def test_links_must_be_web_addresses(roadmap, district, director_a):
    report = save(director_a, first_occurrence(roadmap, "1.1."), district["school_a"])
    with pytest.raises(ValidationError):
        report_services.evidence_add_link(user=director_a, report=report, url="javascript:alert(1)")
    evidence = report_services.evidence_add_link(
        user=director_a, report=report, url="https://school1.ru/news/5"
    )
    assert evidence.url == "https://school1.ru/news/5"


@pytest.mark.django_db
def test_changing_the_deadline_keeps_occurrences_that_have_reports(roadmap, district, methodist, director_a):
    row = item(roadmap, "1.1.")
    occurrence = first_occurrence(roadmap, "1.1.")
    save(director_a, occurrence, district["school_a"])
    services.row_update(user=methodist, row=row, data={"deadline_text": "Май 2023 г."}, version=row.version)
    occurrence.refresh_from_db()
    assert occurrence.is_active is False  # kept with its report, hidden from schedules
    assert list(row.occurrences.filter(is_active=True).values_list("due_date", flat=True)) == [
        dt.date(2023, 5, 31)
    ]
    assert Occurrence.objects.filter(row=row).count() == 2
    row.refresh_from_db()
    services.row_update(
        user=methodist, row=row, data={"deadline_text": "1 раз в четверть"}, version=row.version
    )
    occurrence.refresh_from_db()
    assert occurrence.is_active is True  # due again: the report is back in place


@pytest.mark.django_db
def test_submitted_reports_reach_the_cross_app_review_queue_of_methodists_only(
    roadmap, district, methodist, director_a
):
    report = save(director_a, first_occurrence(roadmap, "1.1."), district["school_a"], progress="done")
    report_services.report_submit(user=director_a, report=report, version=report.version)
    queue = registry.review_queue(methodist)
    assert [(item.author, item.url) for item in queue] == [("СОШ № 1", f"/roadmaps/reports/{report.pk}/")]
    assert registry.review_queue(director_a) == []


@pytest.mark.django_db
def test_report_save_with_evidence_keeps_nothing_when_a_file_is_refused(roadmap, district, director_a):
    occurrence = first_occurrence(roadmap, "1.1.")
    with pytest.raises(ValidationError):
        report_services.report_save_with_evidence(
            user=director_a,
            occurrence=occurrence,
            organization=district["school_a"],
            data={"progress": "in_progress"},
            files=[("протокол.pdf", PDF), ("вирус.pdf", b"MZ\x90\x00")],
        )
    assert not ProgressReport.objects.filter(occurrence=occurrence).exists()
