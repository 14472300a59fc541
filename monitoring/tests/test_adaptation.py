"""The adaptation surveys of young specialists on mentorship's coverage page (monitoring/adaptation.py,
through directory.person_facts.survey_results)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.academic_year import academic_year_start
from directory import services as directory_services
from directory.models import Person
from monitoring import services
from monitoring.models import Campaign, Indicator, MonitoringForm

YEAR = academic_year_start(timezone.localdate())
ROWS = [
    ("comfort", "Комфортно в коллективе (1–5)", Indicator.Kind.CHOICE),
    ("mentor", "Закреплён наставник", Indicator.Kind.YESNO),
    ("meetings", "Встреч с наставником за месяц", Indicator.Kind.NUMBER_INT),
    ("hard", "Что даётся труднее всего", Indicator.Kind.TEXT),
]


def _form(title="Адаптация молодого специалиста", year=YEAR, personal=False) -> MonitoringForm:
    form = MonitoringForm.objects.create(title=title, year=year, personal_answers=personal)
    for position, (code, name, kind) in enumerate(ROWS, start=1):
        Indicator.objects.create(
            form=form,
            position=position,
            code=code,
            name=name,
            kind=kind,
            choices=["1", "2", "3", "4", "5"] if kind == Indicator.Kind.CHOICE else [],
        )
    return form


def _campaign(methodist, form, title, opens_on) -> Campaign:
    return services.campaign_create(
        user=methodist,
        form=form,
        title=title,
        opens_on=opens_on,
        deadline=opens_on + dt.timedelta(days=20),
        schools=None,
        audience=Campaign.Audience.TEACHERS,
        teacher_scope=Campaign.TeacherScope.YOUNG,
    )


def _young(org, last) -> Person:
    return directory_services.person_save(
        data={
            "organization": org,
            "last_name": last,
            "first_name": "Анна",
            "patronymic": "",
            "position": "Учитель",
            "teaching_since": timezone.localdate() - dt.timedelta(days=200),
        }
    )


def _answer(campaign, person, comfort, mentor, meetings) -> None:
    data = QueryDict(mutable=True)
    data.update({"v_comfort": comfort, "v_mentor": mentor, "v_meetings": meetings, "v_hard": "Дисциплина"})
    services.questionnaire_submit_as_author(submission=campaign.submissions.get(person=person), data=data)


@pytest.fixture
def young(district):
    Person.objects.filter(pk=district["people"]["teacher_a"].pk).update(teaching_since=dt.date(2001, 9, 1))
    return {
        "a1": _young(district["school_a"], "Адаптова"),
        "a2": _young(district["school_a"], "Бодрова"),
        "b1": _young(district["school_b"], "Вернова"),
    }


@pytest.fixture
def surveys(young, methodist):
    start = _campaign(methodist, _form(), "Адаптация: начало года", dt.date(YEAR, 9, 15))
    end = _campaign(methodist, _form(), "Анкета в конце года", dt.date(YEAR + 1, 5, 10))  # the form's title
    _campaign(methodist, _form(title="Диагностика дефицитов"), "Диагностика", dt.date(YEAR, 10, 1))
    _campaign(methodist, _form(year=YEAR - 1), "Адаптация прошлого года", dt.date(YEAR - 1, 9, 15))
    _answer(start, young["a1"], "4", "да", "2")
    _answer(start, young["a2"], "5", "нет", "4")
    _answer(end, young["b1"], "3", "да", "1")
    return start, end


@pytest.mark.django_db
def test_the_coverage_page_shows_this_years_adaptation_surveys(surveys, methodist_client):
    response = methodist_client.get("/mentorship/coverage/")
    html = response.content.decode()
    assert "Адаптация молодых специалистов (мониторинг)" in html
    assert [s.title for s in response.context["data"].surveys] == [
        "Адаптация: начало года",
        "Анкета в конце года",
    ]
    assert "Диагностика" not in html and "прошлого года" not in html
    assert f"15.09.{YEAR} — 05.10.{YEAR}" in html
    section = html[html.index("Адаптация: начало года") :]
    assert "Ответили: 2 из 3" in section
    assert "Комфортно в коллективе (1–5): в среднем 4,5" in section
    assert "Закреплён наставник: 50,0 %" in section
    assert "Встреч с наставником за месяц: в среднем 3,0" in section
    assert "Что даётся труднее всего" not in section  # a text has no figure
    end = html[html.index("Анкета в конце года") :]
    assert "Ответили: 1 из 3" in end and "Закреплён наставник: 100,0 %" in end


@pytest.mark.django_db
def test_a_director_sees_own_schools_figures_and_not_personal_answers(
    surveys, young, director_a_client, methodist
):
    html = director_a_client.get("/mentorship/coverage/").content.decode()
    start = html[html.index("Адаптация: начало года") :]
    assert "Ответили: 2 из 2" in start
    end = html[html.index("Анкета в конце года") :]
    assert "Ответили: 0 из 2" in end and "нет ответов" in end
    personal = _campaign(methodist, _form(personal=True), "Адаптация: личные ответы", dt.date(YEAR, 9, 20))
    _answer(personal, young["a1"], "2", "нет", "0")
    html = director_a_client.get("/mentorship/coverage/").content.decode()
    section = html[html.index("Адаптация: личные ответы") :]
    assert "Ответили: 1 из 2" in section and "Ответы личные" in section
    assert "в среднем 2,0" not in section


@pytest.mark.django_db
def test_no_adaptation_survey_this_year_says_so_with_a_hint(
    young, methodist, methodist_client, director_a_client
):
    _campaign(methodist, _form(year=YEAR - 1), "Адаптация прошлого года", dt.date(YEAR - 1, 9, 15))
    html = methodist_client.get("/mentorship/coverage/").content.decode()
    assert "анкетирования молодых специалистов об адаптации не было" in html
    assert 'href="/monitoring/campaigns/new/"' in html
    director = director_a_client.get("/mentorship/coverage/").content.decode()
    assert "об адаптации не было" in director and "/monitoring/campaigns/new/" not in director


@pytest.mark.django_db
def test_the_marker_is_a_setting(surveys, methodist_client, settings):
    settings.MONITORING_ADAPTATION_MARKERS = ["конце года"]
    data = methodist_client.get("/mentorship/coverage/").context["data"]
    assert [s.title for s in data.surveys] == ["Анкета в конце года"]


@pytest.mark.django_db
def test_the_coverage_xlsx_lists_the_surveys(surveys, methodist_client):
    import io

    from openpyxl import load_workbook

    response = methodist_client.get("/mentorship/coverage.xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Адаптация"].values)
    assert rows[1][0].startswith("Адаптация: начало года")
    assert ("Ответили", "2 из 3") in rows and ("Закреплён наставник", "50,0 %") in rows


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/mentorship/coverage/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_coverage_page_reads_a_constant_number_of_queries_with_surveys(
    district, young, surveys, methodist, methodist_client
):
    small = _queries(methodist_client)
    start, _end = surveys
    for i in range(8):
        _young(district["school_a"], f"Новенькая{i}")
    more = _campaign(methodist, _form(), "Адаптация: ещё одна", dt.date(YEAR, 11, 1))
    for i in range(8):
        _answer(more, Person.objects.get(last_name=f"Новенькая{i}"), str(1 + i % 5), "да", str(i))
    assert _queries(methodist_client) == small
