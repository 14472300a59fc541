"""The annual analysis: facts, the head's draft, sending, the review by the director or the methodist,
refusals, notices, the reviewer's queue, PDF and DOCX, and the page's queries at two sizes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from associations import analysis_review, bulk, services
from associations.analysis import FACT_PROVIDERS, NO_DATA, analysis_facts
from associations.models import AnnualAnalysis, Association
from associations.selectors import analysis_year, district_queryset, district_rows
from associations.tests.conftest import client_for, teacher
from directory import services as directory_services
from directory.models import Person, ProfessionalCourse, Role
from notifications.models import Notice
from orders.tests import pdfcheck
from progress.registry import review_queue

pytestmark = pytest.mark.django_db

YEAR = 2025  # the academic year 2025-2026: in the past whatever the day the tests run
TEXT = {
    "achievements": "Провели районный семинар по функциональной грамотности.",
    "problems": "Молодые учителя редко посещают заседания.",
    "next_year_tasks": "Закрепить наставников за молодыми специалистами.",
    "conclusions": "",
}


def _url(association: Association, name: str = "analysis", year: int = YEAR) -> str:
    return reverse(f"associations:{name}", args=[association.pk, year])


def _member(association: Association, person: Person, joined: dt.date = dt.date(YEAR, 9, 1)) -> None:
    services.member_add(association=association, person=person, joined_on=joined)


@pytest.fixture
def shmo(district, mo):
    """The ШМО of school A with a head who has a login, and three members."""
    school = district["school_a"]
    head = teacher(school, "Морозова", category=Person.Category.HIGHEST, category_date=dt.date(YEAR, 12, 20))
    user = directory_services.user_ensure(username="rukshmo_a", password="pass-for-tests-1", person=head)
    shmo = services.association_save(
        name="ШМО учителей математики", kind=Association.Kind.SCHOOL, organization=school, head=head
    )
    assert shmo.pk == mo["shmo_a"].pk
    young = teacher(school, "Зайцева", teaching_since=dt.date(YEAR, 9, 1), attestation_planned_year=YEAR + 1)
    first = teacher(school, "Орлова", category=Person.Category.FIRST, category_date=dt.date(2020, 3, 1))
    for person in (head, young, first):
        _member(shmo, person)
    directory_services.course_save(
        person=first, data={"topic": "ФГОС ООО", "provider": "ИРО", "hours": 72, "year": YEAR + 1}
    )
    directory_services.course_save(
        person=first, data={"topic": "Старые курсы", "provider": "ИРО", "hours": 36, "year": YEAR - 3}
    )
    return {"association": shmo, "head": head, "user": user, "client": client_for(user)}


def _lines(facts) -> dict[str, str]:
    return {label: value for group in facts.groups for label, value in group.lines}


def _save(client, association, *, version=0, submit=False, **text):
    data = {**TEXT, **text, "version": version}
    if submit:
        data["submit"] = "1"
    return client.post(_url(association), data)


def _sent(shmo) -> AnnualAnalysis:
    response = _save(shmo["client"], shmo["association"], submit=True)
    assert response.status_code == 302
    analysis = AnnualAnalysis.objects.get(association=shmo["association"], year=YEAR)
    assert analysis.state == AnnualAnalysis.State.SUBMITTED
    return analysis


# --- Facts ------------------------------


def test_facts_count_members_categories_young_courses_and_attestation(shmo):
    lines = _lines(analysis_facts(shmo["association"], YEAR))
    assert lines["Участников в течение учебного года"] == "3 педагога"
    assert lines["Квалификационная категория: высшая"] == "1 педагог"
    assert lines["Квалификационная категория: первая"] == "1 педагог"
    assert lines["Квалификационная категория: без категории"] == "1 педагог"
    assert lines["Молодых специалистов"] == "1 педагог"
    # Only the course of the year's calendar years; the old one is not this year's.
    assert lines["Прошли курсы"] == "1 педагог, 1 курс, 72 ч."
    assert "ФГОС ООО (ИРО, 72 ч., 2026)" in lines.values()
    assert not any("Старые курсы" in value for value in lines.values())
    assert lines["Аттестованы в учебном году"] == "1 педагог"
    assert lines["Морозова А.П."] == "высшая (20.12.2025)"
    assert lines[f"Планируют аттестацию в {YEAR + 1} г."] == "1 педагог"
    # No meeting planned that year: the meetings' group says none; the parts not built yet say so honestly.
    assert lines["Заседаний запланировано / проведено"] == "0 / 0"
    assert lines["Участие в конкурсах, открытые уроки"] == NO_DATA


def test_facts_count_the_years_meetings_their_protocols_and_decisions(shmo):
    from associations import services_meetings as meetings

    association, head = shmo["association"], shmo["head"]
    held = meetings.meeting_save(
        association=association,
        year=YEAR,
        date=dt.date(YEAR, 10, 15),
        form="seminar",
        topic="Функциональная грамотность",
        place="",
        agenda=[meetings.AgendaInput(question="Приёмы работы", speakers="Морозова А.П.")],
    )
    meetings.meeting_save(
        association=association,
        year=YEAR,
        date=dt.date(YEAR + 1, 3, 1),
        form="meeting",
        topic="Итоги",
        place="",
        agenda=[],
    )
    meetings.protocol_save(
        meeting=held,
        version=held.version,
        user=None,
        chairman=head,
        secretary=head,
        guests="",
        attendance=[meetings.AttendanceInput(person=head, present=True, absence_reason="")],
        answers={},
        decisions=[
            meetings.DecisionInput(
                text="Провести открытые уроки", responsible=head, deadline=dt.date(YEAR, 12, 1)
            ),
            meetings.DecisionInput(text="Принять к сведению", responsible=head),
        ],
        today=dt.date(YEAR + 1, 6, 1),
    )
    lines = _lines(analysis_facts(association, YEAR))
    assert lines["Заседаний запланировано / проведено"] == "2 / 1"
    assert lines[f"Протокол № 1 от 15.10.{YEAR}"] == "семинар: Функциональная грамотность"
    assert lines["Решений принято / со сроком / из них выполнено"] == "2 / 1 / 0"


def test_a_member_who_left_before_the_year_is_not_counted(shmo):
    gone = teacher(shmo["association"].organization, "Соколова")
    _member(shmo["association"], gone, joined=dt.date(YEAR - 2, 9, 1))
    services.member_leave(membership=gone.memberships.get())
    membership = gone.memberships.get()
    membership.left_on = dt.date(YEAR, 6, 1)
    membership.save()
    assert (
        _lines(analysis_facts(shmo["association"], YEAR))["Участников в течение учебного года"]
        == "3 педагога"
    )


def test_a_provider_added_by_another_part_is_shown(shmo, monkeypatch):
    monkeypatch.setitem(FACT_PROVIDERS, "Заседания", lambda association, year: [("Проведено", "4 из 5")])
    assert _lines(analysis_facts(shmo["association"], YEAR))["Проведено"] == "4 из 5"


# --- The head's draft and sending ----------


def test_the_head_saves_a_draft_and_sends_it_to_the_director(shmo, director_a):
    association = shmo["association"]
    response = _save(shmo["client"], association)
    assert response.status_code == 302
    analysis = AnnualAnalysis.objects.get(association=association, year=YEAR)
    assert analysis.state == AnnualAnalysis.State.DRAFT and analysis.achievements == TEXT["achievements"]
    assert analysis.facts is None
    response = _save(shmo["client"], association, version=analysis.version, submit=True, problems="Новые")
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.state == AnnualAnalysis.State.SUBMITTED and analysis.problems == "Новые"
    # The facts are frozen at submission.
    assert any(group["title"] == "Состав объединения" for group in analysis.facts)
    notice = Notice.objects.get(kind="analysis_submitted")
    assert notice.recipient == director_a and association.name in notice.title
    page = client_for(director_a).get(_url(association)).content.decode()
    assert "Принять" in page and "Вернуть на доработку" in page and TEXT["achievements"] in page


def test_an_empty_analysis_is_saved_but_not_sent(shmo):
    empty = {name: "" for name in TEXT}
    response = shmo["client"].post(
        _url(shmo["association"]), {**empty, "version": 0, "submit": "1"}, follow=True
    )
    assert "Напишите хотя бы один раздел анализа" in response.content.decode()
    assert AnnualAnalysis.objects.get().state == AnnualAnalysis.State.DRAFT


def test_a_stale_form_is_refused_and_keeps_the_input(shmo):
    association = shmo["association"]
    _save(shmo["client"], association)
    analysis = AnnualAnalysis.objects.get()
    _save(shmo["client"], association, version=analysis.version, achievements="Первая правка")
    response = _save(shmo["client"], association, version=analysis.version, achievements="Вторая правка")
    assert response.status_code == 409
    page = response.content.decode()
    assert AnnualAnalysis.text_stale in page and "Вторая правка" in page
    analysis.refresh_from_db()
    assert analysis.achievements == "Первая правка"


def test_a_sent_analysis_cannot_be_changed_by_the_head(shmo):
    analysis = _sent(shmo)
    response = _save(shmo["client"], shmo["association"], version=analysis.version, achievements="Правка")
    assert response.status_code == 409
    page = response.content.decode()
    assert AnnualAnalysis.text_waiting in page and "Правка" in page  # the refused text is kept
    analysis.refresh_from_db()
    assert analysis.achievements == TEXT["achievements"]


# --- Review ------------------------------


def test_the_director_returns_it_with_a_comment_and_the_head_is_told(shmo, director_a):
    analysis = _sent(shmo)
    director = client_for(director_a)
    response = director.post(
        _url(shmo["association"], "analysis_review"),
        {"action": "return", "comment": "", "version": analysis.version},
    )
    assert response.status_code == 422
    assert AnnualAnalysis.text_return_needs_comment in response.content.decode()
    response = director.post(
        _url(shmo["association"], "analysis_review"),
        {"action": "return", "comment": "Добавьте итоги олимпиад.", "version": analysis.version},
    )
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert (
        analysis.state == AnnualAnalysis.State.RETURNED
        and analysis.review_comment == "Добавьте итоги олимпиад."
    )
    notice = Notice.objects.get(kind="analysis_returned")
    assert notice.recipient == shmo["user"] and notice.body == "Добавьте итоги олимпиад."
    page = shmo["client"].get(_url(shmo["association"])).content.decode()
    assert "Добавьте итоги олимпиад." in page and "Исправить анализ" in page


def test_an_accepted_analysis_is_locked_and_its_edit_refused(shmo, director_a):
    analysis = _sent(shmo)
    response = client_for(director_a).post(
        _url(shmo["association"], "analysis_review"),
        {"action": "accept", "comment": "", "version": analysis.version},
    )
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.state == AnnualAnalysis.State.ACCEPTED
    assert Notice.objects.get(kind="analysis_accepted").recipient == shmo["user"]
    response = _save(
        shmo["client"], shmo["association"], version=analysis.version, achievements="Поздняя правка"
    )
    assert response.status_code == 409
    assert "Анализ принят и закрыт для изменений." in response.content.decode()
    analysis.refresh_from_db()
    assert analysis.achievements == TEXT["achievements"]


def test_the_methodist_reviews_an_rmo_and_reopens_an_accepted_one(mo, methodist):
    head = client_for(mo["head_user"])
    rmo = mo["rmo"]
    response = _save(head, rmo, submit=True)
    assert response.status_code == 302
    analysis = AnnualAnalysis.objects.get(association=rmo)
    assert Notice.objects.get(kind="analysis_submitted").recipient == methodist
    assert [item.url for item in review_queue(methodist) if item.kind == "Анализ работы МО"] == [_url(rmo)]
    metodist = client_for(methodist)
    metodist.post(
        _url(rmo, "analysis_review"), {"action": "accept", "comment": "", "version": analysis.version}
    )
    analysis.refresh_from_db()
    response = metodist.post(
        _url(rmo, "analysis_review"), {"action": "reopen", "comment": "", "version": analysis.version}
    )
    assert response.status_code == 422
    metodist.post(
        _url(rmo, "analysis_review"),
        {"action": "reopen", "comment": "Уточнить цифры", "version": analysis.version},
    )
    analysis.refresh_from_db()
    assert analysis.state == AnnualAnalysis.State.RETURNED
    history = metodist.get(_url(rmo)).content.decode()
    assert "открыт повторно" in history and "Уточнить цифры" in history


def test_a_stale_review_changes_nothing(shmo, director_a):
    analysis = _sent(shmo)
    response = client_for(director_a).post(
        _url(shmo["association"], "analysis_review"),
        {"action": "accept", "comment": "", "version": analysis.version - 1},
        follow=True,
    )
    assert "Анализ изменился, пока страница была открыта" in response.content.decode()
    analysis.refresh_from_db()
    assert analysis.state == AnnualAnalysis.State.SUBMITTED


def test_the_director_of_another_school_gets_404_and_a_member_403(shmo, director_b, district):
    analysis = _sent(shmo)
    other = client_for(director_b)
    assert other.get(_url(shmo["association"])).status_code == 404
    data = {"action": "accept", "comment": "", "version": analysis.version}
    assert other.post(_url(shmo["association"], "analysis_review"), data).status_code == 404
    assert other.get(_url(shmo["association"], "analysis_pdf")).status_code == 404
    member = shmo["association"].memberships.exclude(person=shmo["head"]).first().person
    member_client = client_for(
        directory_services.user_ensure(username="member", password="pass-for-tests-1", person=member)
    )
    assert member_client.get(_url(shmo["association"])).status_code == 200
    assert member_client.post(_url(shmo["association"], "analysis_review"), data).status_code == 403
    assert _save(member_client, shmo["association"], version=analysis.version).status_code == 403
    analysis.refresh_from_db()
    assert analysis.state == AnnualAnalysis.State.SUBMITTED


def test_the_head_cannot_review_their_own_analysis(shmo):
    analysis = _sent(shmo)
    response = shmo["client"].post(
        _url(shmo["association"], "analysis_review"),
        {"action": "accept", "comment": "", "version": analysis.version},
    )
    assert response.status_code == 403


def test_a_future_year_is_404(shmo):
    assert shmo["client"].get(_url(shmo["association"], year=2999)).status_code == 404


# --- Queues, the district table, the association page ------------------------------


def test_the_reviewers_queue_and_start_page_list_it(shmo, director_a, director_b, methodist):
    _sent(shmo)
    items = [item for item in review_queue(director_a) if item.kind == "Анализ работы МО"]
    assert [item.url for item in items] == [_url(shmo["association"])]
    assert not [item for item in review_queue(director_b) if item.kind == "Анализ работы МО"]
    # A ШМО is the director's: the methodist's queue is for the district's associations.
    assert not [item for item in review_queue(methodist) if item.kind == "Анализ работы МО"]
    home = client_for(director_a).get(reverse("home")).content.decode()
    assert "Анализ работы на проверке: ШМО учителей математики" in home


def test_the_district_table_shows_the_state(shmo, mo):
    _sent(shmo)
    year = YEAR + 1
    rows = district_rows(district_queryset(Association.objects.all(), year))
    states = {row.association.pk: row.values["analysis"] for row in rows}
    if analysis_year(year) == YEAR:
        assert states[shmo["association"].pk] == "отправлен"
        assert states[mo["rmo"].pk] == "нет"


def test_analysis_year_is_the_last_one_until_may():
    assert analysis_year(2026, dt.date(2026, 11, 30)) == 2025
    assert analysis_year(2025, dt.date(2026, 5, 15)) == 2025


def test_the_association_page_links_the_analysis(shmo):
    page = shmo["client"].get(shmo["association"].get_absolute_url()).content.decode()
    assert 'data-testid="analysis-section"' in page and "Анализ работы за" in page


# --- PDF and DOCX ------------------------------


def test_the_pdf_has_the_sections_and_the_facts(shmo, director_a):
    analysis = _sent(shmo)
    client_for(director_a).post(
        _url(shmo["association"], "analysis_review"),
        {"action": "accept", "comment": "", "version": analysis.version},
    )
    response = shmo["client"].get(_url(shmo["association"], "analysis_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdfcheck.norm(pdfcheck.pdftotext(response.content))
    assert "АНАЛИЗ РАБОТЫ" in text and "ПРИКАЗ" not in text and "ПРОЕКТ" not in text
    assert "ШМО учителей математики за 2025-2026 учебный год" in text
    assert "Провели районный семинар по функциональной грамотности." in text
    assert "Задачи на следующий учебный год" in text
    assert "Приложение к анализу работы" in text
    assert (
        "Квалификационная категория: высшая" in text
        and "Участников в течение учебного года 3 педагога" in text
    )
    assert "Руководитель объединения" in text and "А.П. Морозова" in text


def test_the_docx_reopens_with_the_same_text(shmo):
    _save(shmo["client"], shmo["association"])
    response = shmo["client"].get(_url(shmo["association"], "analysis_docx"))
    assert response.status_code == 200
    word = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "АНАЛИЗ РАБОТЫ" in text and "Молодые учителя редко посещают заседания." in text
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Состав объединения" in cells and "Молодых специалистов" in cells


# --- Queries ------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_analysis_page_queries_do_not_grow_with_members(district, methodist_client):
    few = bulk.build(method_office=district["method_office"], associations=1, members=3, schools=1, tag="f")[
        0
    ]
    many = bulk.build(
        method_office=district["method_office"], associations=1, members=40, schools=1, tag="m"
    )[0]
    for association in (few, many):
        for membership in association.memberships.all():
            ProfessionalCourse.objects.create(person=membership.person, topic="Курсы", year=YEAR, hours=36)
            membership.joined_on = dt.date(YEAR, 9, 1)
            membership.save()
    assert _queries(methodist_client, _url(few)) == _queries(methodist_client, _url(many))


def test_the_role_head_without_being_the_head_may_write(district, mo):
    """The role «Руководитель МО» is what lets a user write (kept in step with `head` by association_save)."""
    user = directory_services.user_ensure(
        username="x", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    directory_services.role_grant(user=user, kind=Role.Kind.ASSOCIATION_HEAD, scope=mo["shmo_b"])
    assert analysis_review.can_write(user, mo["shmo_b"])
    assert not analysis_review.can_write(user, mo["rmo"])
