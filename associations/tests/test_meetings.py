"""Meetings and protocols (issue 15, part 3): the plan, the protocol and its refusals, files, the printed
protocol, the decisions' reminders and «Мои задачи», access, and query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from associations import services
from associations import services_meetings as meetings
from associations.models import Decision, Meeting, MeetingFile
from core.academic_year import academic_year_start
from directory import services as directory_services
from notifications.reminders import reminders_scan
from orders.tests import pdfcheck

from .conftest import client_for, teacher

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=1)
YEAR = academic_year_start(PAST)
LONG_AGO = dt.date(YEAR - 2, 9, 1)


def _future_in(year: int) -> dt.date:
    """A day after today inside the academic year `year` (or the next one when today is 31 August)."""
    day = TODAY + dt.timedelta(days=1)
    return day if academic_year_start(day) == year else day


@pytest.fixture
def group(district, mo):
    """The РМО with three members on the meeting's date: the head, a teacher with a login, one without."""
    rmo = mo["rmo"]
    people = district["people"]
    responsible = teacher(district["school_b"], "Смирнова")
    user = directory_services.user_ensure(
        username="pedagog", password="pass-for-tests-1", person=responsible, email="pedagog@example.ru"
    )
    user.email = "pedagog@example.ru"
    user.save()
    for person in (people["teacher_a"], people["teacher_b"], responsible):
        services.member_add(association=rmo, person=person, joined_on=LONG_AGO)
    return {
        "rmo": rmo,
        "responsible": responsible,
        "user": user,
        "head": people["teacher_a"],
        "absent": people["teacher_b"],
    }


def plan(association, day=PAST, year=None, questions=("Итоги ВПР", "План на четверть")) -> Meeting:
    return meetings.meeting_save(
        association=association,
        year=year if year is not None else academic_year_start(day),
        date=day,
        form=Meeting.Form.SEMINAR,
        topic="Функциональная грамотность",
        place="СОШ № 1, каб. 12",
        agenda=[meetings.AgendaInput(question=q, speakers="Иванова О.С.") for q in questions],
    )


def protocol(meeting, group, *, version=None, decisions=None, guests="Петров А.И., директор СОШ № 1"):
    items = list(meeting.agenda.all())
    return meetings.protocol_save(
        meeting=meeting,
        version=meeting.version if version is None else version,
        user=None,
        chairman=group["head"],
        secretary=group["responsible"],
        guests=guests,
        attendance=[
            meetings.AttendanceInput(person=group["head"], present=True),
            meetings.AttendanceInput(person=group["responsible"], present=True),
            meetings.AttendanceInput(person=group["absent"], present=False, absence_reason="болезнь"),
        ],
        answers={
            items[0].pk: meetings.AnswerInput(
                heard="Иванову О.С. об итогах ВПР", spoke="Кузнецов И.О.", decided="Принять к сведению."
            )
        },
        decisions=decisions
        if decisions is not None
        else [
            meetings.DecisionInput(
                text="Провести пробную ВПР в 8 классах",
                responsible=group["responsible"],
                deadline=TODAY + dt.timedelta(days=3),
                agenda_item_id=items[0].pk,
            )
        ],
    )


# --- Planning ----------------------------------------------------------------------------------------


def test_the_head_plans_a_meeting_with_its_agenda_and_sees_it_on_the_association_page(group, head_client):
    rmo = group["rmo"]
    response = head_client.post(
        reverse("associations:meeting_create", args=[rmo.pk]),
        {
            "year": YEAR,
            "date": PAST.isoformat(),
            "form": Meeting.Form.ROUND_TABLE,
            "topic": "Подготовка к ОГЭ",
            "place": "РМК",
            "agenda-TOTAL_FORMS": "2",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-question": "Анализ ошибок ОГЭ",
            "agenda-0-speakers": "Иванова О.С.",
            "agenda-1-question": "Разное",
        },
    )
    meeting = Meeting.objects.get(association=rmo)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert [i.question for i in meeting.agenda.all()] == ["Анализ ошибок ОГЭ", "Разное"]
    assert meeting.number is None and meeting.chairman_id == group["head"].pk
    page = head_client.get(rmo.get_absolute_url()).content.decode()
    assert "Подготовка к ОГЭ" in page and "круглый стол" in page and "проведено: 0" in page


def test_a_date_outside_the_chosen_academic_year_is_refused_and_nothing_is_saved(group, head_client):
    rmo = group["rmo"]
    response = head_client.post(
        reverse("associations:meeting_create", args=[rmo.pk]),
        {
            "year": YEAR,
            "date": dt.date(YEAR + 1, 9, 15).isoformat(),
            "form": Meeting.Form.MEETING,
            "topic": "Заседание",
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "0",
            "agenda-0-question": "Вопрос",
        },
    )
    assert response.status_code == 422
    assert f"не входит в {YEAR}-{YEAR + 1} учебный год" in response.content.decode()
    assert not Meeting.objects.exists()


# --- The protocol ------------------------------------------------------------------------------------


def test_a_protocol_for_a_meeting_that_has_not_happened_is_refused(group, head_client):
    future = TODAY + dt.timedelta(days=2)
    meeting = plan(group["rmo"], day=future)
    with pytest.raises(ValidationError, match="ещё не состоялось"):
        protocol(meeting, group)
    response = head_client.get(
        reverse("associations:protocol_edit", args=[group["rmo"].pk, meeting.pk]), follow=True
    )
    assert "ещё не состоялось" in response.content.decode()
    meeting.refresh_from_db()
    assert (
        meeting.status == Meeting.Status.PLANNED
        and meeting.number is None
        and not meeting.attendance.exists()
    )


def _protocol_post(meeting, group, **extra) -> dict:
    item = meeting.agenda.first()
    data = {
        "version": meeting.version,
        "chairman": group["head"].pk,
        "secretary": group["responsible"].pk,
        "guests": "",
        f"present_{group['head'].pk}": "on",
        f"present_{group['responsible'].pk}": "on",
        f"reason_{group['absent'].pk}": "курсы",
        f"heard_{item.pk}": "Иванову О.С.",
        "decisions-TOTAL_FORMS": "1",
        "decisions-INITIAL_FORMS": "0",
        "decisions-0-text": "Подготовить банк заданий",
        "decisions-0-responsible": group["responsible"].pk,
        "decisions-0-deadline": (TODAY + dt.timedelta(days=10)).isoformat(),
    }
    data.update(extra)
    return data


def test_the_attendance_form_lists_the_members_on_the_meeting_date(group, head_client, district):
    rmo = group["rmo"]
    meeting = plan(rmo)
    left = teacher(district["school_a"], "Ушедшая")
    services.member_add(association=rmo, person=left, joined_on=LONG_AGO)
    services.member_leave(membership=rmo.memberships.get(person=left), left_on=PAST - dt.timedelta(days=5))
    newcomer = teacher(district["school_a"], "Новенькая")
    services.member_add(association=rmo, person=newcomer, joined_on=TODAY)
    page = head_client.get(reverse("associations:protocol_edit", args=[rmo.pk, meeting.pk])).content.decode()
    assert (
        f'name="present_{group["responsible"].pk}"' in page and f'name="present_{group["absent"].pk}"' in page
    )
    assert f'name="present_{left.pk}"' not in page and f'name="present_{newcomer.pk}"' not in page
    assert page.count('type="checkbox" class="form-check-input" name="present_') == 3
    response = head_client.post(
        reverse("associations:protocol_edit", args=[rmo.pk, meeting.pk]), _protocol_post(meeting, group)
    )
    assert response.status_code == 302
    detail = head_client.get(meeting.get_absolute_url()).content.decode()
    assert "Кузнецов И.О. (курсы)" in detail and "Протокол № 1" in detail


def test_a_decision_without_a_responsible_person_is_refused_and_nothing_is_saved(group, head_client):
    meeting = plan(group["rmo"])
    response = head_client.post(
        reverse("associations:protocol_edit", args=[group["rmo"].pk, meeting.pk]),
        _protocol_post(meeting, group, **{"decisions-0-responsible": ""}),
    )
    assert response.status_code == 422
    assert "укажите ответственного" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and meeting.number is None and meeting.version == 1
    assert not Decision.objects.exists() and not meeting.attendance.exists()


def test_a_second_head_saving_a_stale_protocol_is_refused_and_sees_their_input(group, head_client, mo):
    rmo = group["rmo"]
    meeting = plan(rmo)
    url = reverse("associations:protocol_edit", args=[rmo.pk, meeting.pk])
    stale = _protocol_post(meeting, group, guests="Гость второго руководителя")
    assert head_client.post(url, _protocol_post(meeting, group, guests="Гость первого")).status_code == 302
    response = head_client.post(url, stale)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Протокол уже изменил другой пользователь" in page and "Гость второго руководителя" in page
    meeting.refresh_from_db()
    assert meeting.guests == "Гость первого" and meeting.version == 2 and meeting.decisions.count() == 1


def test_protocols_are_numbered_per_association_per_year(group, mo):
    rmo = group["rmo"]
    first, second = plan(rmo, day=PAST - dt.timedelta(days=1)), plan(rmo)
    earlier = plan(rmo, day=dt.date(YEAR - 1, 10, 1))
    protocol(second, group)
    protocol(first, group)
    protocol(earlier, group)
    other = plan(mo["shmo_a"])
    meetings.protocol_save(meeting=other, version=1, user=None, chairman=None, secretary=None)
    numbers = {m.pk: m.number for m in Meeting.objects.all()}
    assert (numbers[second.pk], numbers[first.pk], numbers[earlier.pk], numbers[other.pk]) == (1, 2, 1, 1)
    protocol(Meeting.objects.get(pk=second.pk), group)  # saved again: keeps its number
    assert Meeting.objects.get(pk=second.pk).number == 1


# --- Files ---------------------------------------------------------------------------------------------


def test_files_are_checked_like_report_evidence_and_served_through_the_access_check(
    group, head_client, district, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    rmo = group["rmo"]
    meeting = plan(rmo)
    url = reverse("associations:meeting_file_add", args=[rmo.pk, meeting.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("презентация.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    page = head_client.post(url, {"files": [exe]}, follow=True).content.decode()
    assert "Файлы не добавлены" in page and not MeetingFile.objects.exists()
    pdf = SimpleUploadedFile("слайды.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    head_client.post(url, {"files": [pdf]})
    stored = MeetingFile.objects.get()
    download = head_client.get(reverse("associations:meeting_file", args=[rmo.pk, meeting.pk, stored.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    stranger = client_for(
        directory_services.user_ensure(
            username="x", password="pass-for-tests-1", person=teacher(district["school_a"], "Чужая")
        )
    )
    assert (
        stranger.get(reverse("associations:meeting_file", args=[rmo.pk, meeting.pk, stored.pk])).status_code
        == 404
    )


# --- The printed protocol ----------------------------------------------------------------------------------


def test_the_protocol_pdf_and_docx_read_as_a_protocol(group, head_client):
    rmo = group["rmo"]
    meeting = protocol(plan(rmo), group)
    pdf = head_client.get(reverse("associations:protocol_pdf", args=[rmo.pk, meeting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdfcheck.norm(pdfcheck.pdftotext(pdf.content))
    for expected in (
        "ПРОТОКОЛ",
        "Заседания РМО учителей математики",
        "Присутствовали: 2 чел.",
        "Отсутствовали: Кузнецов И.О. (болезнь)",
        "Приглашённые: Петров А.И., директор СОШ № 1",
        "Повестка дня:",
        "СЛУШАЛИ: Иванову О.С. об итогах ВПР",
        "ВЫСТУПИЛИ: Кузнецов И.О.",
        "РЕШИЛИ:",
        "Провести пробную ВПР в 8 классах",
        "Председатель",
        "Секретарь",
    ):
        assert expected in text, expected
    assert "ПРИКАЗЫВАЮ" not in text and "ПРОЕКТ" not in text
    word = head_client.get(reverse("associations:protocol_docx", args=[rmo.pk, meeting.pk]))
    document = Document(io.BytesIO(word.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs).replace("\xa0", " ")
    assert "ПРОТОКОЛ" in paragraphs and "СЛУШАЛИ: Иванову О.С. об итогах ВПР" in paragraphs
    signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Председатель"))
    assert [r.cells[0].text for r in signature.rows] == ["Председатель", "Секретарь"]
    planned = plan(rmo, questions=("Вопрос",))
    assert head_client.get(reverse("associations:protocol_pdf", args=[rmo.pk, planned.pk])).status_code == 404


# --- Reminders and «Мои задачи» --------------------------------------------------------------------


def test_the_reminder_scan_tells_the_responsible_person_until_the_decision_is_done(
    group, django_capture_on_commit_callbacks
):
    meeting = protocol(plan(group["rmo"]), group)
    deadline = meeting.decisions.get().deadline
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=deadline)
    [message] = [m for m in mail.outbox if m.to == ["pedagog@example.ru"]]
    assert "Провести пробную ВПР в 8 классах" in message.body and "РМО учителей математики" in message.body
    mail.outbox.clear()
    meetings.decision_done(decision=meeting.decisions.get())
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=deadline + dt.timedelta(days=7))
    assert not [m for m in mail.outbox if m.to == ["pedagog@example.ru"]]


def test_my_tasks_shows_the_decision_to_the_responsible_teacher_and_done_removes_it(group):
    protocol(plan(group["rmo"]), group)
    teacher_client = client_for(group["user"])
    home = teacher_client.get("/").content.decode()
    assert 'href="/roadmaps/tasks/"' in home  # the nav entry, though the teacher reports for no school
    page = teacher_client.get(reverse("roadmaps:my_tasks")).content.decode()
    assert "Решения заседаний МО" in page and "Провести пробную ВПР в 8 классах" in page
    assert "Вы не отчитываетесь" not in page
    decision = Decision.objects.get()
    response = teacher_client.post(
        reverse("associations:decision_done", args=[decision.pk]), {"next": "/roadmaps/tasks/"}
    )
    assert response.status_code == 302 and response["Location"] == "/roadmaps/tasks/"
    assert Decision.objects.get().done_on == timezone.localdate()  # TODAY was read at import: midnight
    assert 'data-testid="other-task"' not in teacher_client.get(reverse("roadmaps:my_tasks")).content.decode()


def test_the_administrator_gets_no_empty_my_tasks_entry(administrator):
    home = client_for(administrator).get("/").content.decode()
    assert 'href="/roadmaps/tasks/"' not in home


# --- Access ------------------------------------------------------------------------------------------


def test_another_head_gets_404_and_a_member_gets_403_on_edit(group, district, mo):
    from directory.models import Role

    rmo = group["rmo"]
    meeting = protocol(plan(rmo), group)
    other_user = directory_services.user_ensure(
        username="rukshmo", password="pass-for-tests-1", person=teacher(district["school_b"], "Орлова")
    )
    directory_services.role_grant(user=other_user, kind=Role.Kind.ASSOCIATION_HEAD, scope=mo["shmo_b"])
    other = client_for(other_user)
    for name in ("associations:meeting", "associations:protocol_edit", "associations:protocol_pdf"):
        assert other.get(reverse(name, args=[rmo.pk, meeting.pk])).status_code == 404
    assert (
        other.post(reverse("associations:decision_done", args=[meeting.decisions.get().pk])).status_code
        == 404
    )
    member = client_for(group["user"])
    assert member.get(meeting.get_absolute_url()).status_code == 200
    assert member.get(reverse("associations:protocol_edit", args=[rmo.pk, meeting.pk])).status_code == 403
    assert member.get(reverse("associations:meeting_edit", args=[rmo.pk, meeting.pk])).status_code == 403
    assert member.post(reverse("associations:meeting_create", args=[rmo.pk]), {}).status_code == 403


# --- Query counts ----------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(group, district, meetings_count: int, members: int, tag: str):
    rmo = group["rmo"]
    for n in range(members):
        services.member_add(
            association=rmo, person=teacher(district["school_a"], f"Участник{tag}{n}"), joined_on=LONG_AGO
        )
    made = [plan(rmo, day=PAST - dt.timedelta(days=n % 20)) for n in range(meetings_count)]
    for meeting in made[: meetings_count // 2]:
        protocol(meeting, group)
    return made


def test_the_association_page_and_the_protocol_page_run_constant_queries(group, district, methodist_client):
    rmo = group["rmo"]
    made = _grow(group, district, 2, 2, "a")
    small_page = _queries(methodist_client, rmo.get_absolute_url())
    small_protocol = _queries(methodist_client, made[0].get_absolute_url())
    small_form = _queries(methodist_client, reverse("associations:protocol_edit", args=[rmo.pk, made[0].pk]))
    made = _grow(group, district, 10, 40, "b")
    assert _queries(methodist_client, rmo.get_absolute_url()) == small_page
    assert _queries(methodist_client, made[0].get_absolute_url()) == small_protocol
    assert (
        _queries(methodist_client, reverse("associations:protocol_edit", args=[rmo.pk, made[0].pk]))
        == small_form
    )
    table = methodist_client.get(reverse("associations:list")).content.decode()
    assert "<td>12 / 6</td>" in table


def test_my_tasks_runs_the_same_queries_for_two_decisions_and_twenty(group):
    teacher_client = client_for(group["user"])
    url = reverse("roadmaps:my_tasks")

    def add(count):
        meeting = plan(group["rmo"])
        protocol(
            meeting,
            group,
            decisions=[
                meetings.DecisionInput(
                    text=f"Решение {n}",
                    responsible=group["responsible"],
                    deadline=TODAY + dt.timedelta(days=n - 5),
                )
                for n in range(count)
            ],
        )

    add(2)
    few = _queries(teacher_client, url)
    add(18)
    many = _queries(teacher_client, url)
    page = teacher_client.get(url).content.decode()
    assert page.count('data-testid="other-task"') == 20 and "просрочено" in page
    assert few == many
