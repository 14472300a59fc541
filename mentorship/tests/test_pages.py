import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from core.academic_year import academic_year_start
from directory import services as directory_services
from directory.models import Role
from mentorship import services
from mentorship.models import IndividualPlan, MenteeDeparture, Pair, PairMember, PlanItem

from .conftest import add_person
from .test_services import PDF, make_pair


def _reload(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _bank_names(response) -> list[str]:
    return [row.person.last_name for row in response.context["rows"]]


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_schools_director_gets_404_on_the_pair(district, staff, director_b_client, director_a_client):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    assert director_a_client.get(f"/mentorship/{pair.pk}/").status_code == 200
    assert director_b_client.get(f"/mentorship/{pair.pk}/").status_code == 404
    member = pair.members.first()
    assert director_b_client.post(f"/mentorship/{pair.pk}/members/{member.pk}/consent/").status_code == 404
    assert director_b_client.post(f"/mentorship/{pair.pk}/end/", {"reason": "x"}).status_code == 404
    page = director_b_client.get("/mentorship/")
    assert f"/mentorship/{pair.pk}/" not in page.content.decode()


@pytest.mark.django_db
def test_a_teacher_sees_only_the_pairs_they_are_in(district, staff, teacher_a_client):
    theirs = make_pair(district, mentors=[staff["mentor1"]], mentees=[district["people"]["teacher_a"]])
    other = make_pair(district, mentors=[staff["mentor2"]], mentees=[staff["young1"]])
    page = teacher_a_client.get("/mentorship/")
    html = page.content.decode()
    assert "Моё наставничество" in html
    assert f"/mentorship/{theirs.pk}/" in html and f"/mentorship/{other.pk}/" not in html
    assert teacher_a_client.get(f"/mentorship/{theirs.pk}/").status_code == 200
    assert teacher_a_client.get(f"/mentorship/{other.pk}/").status_code == 404
    assert teacher_a_client.get("/mentorship/bank/").status_code == 403
    assert teacher_a_client.get("/mentorship/coverage/").status_code == 403
    assert teacher_a_client.get("/mentorship/new/").status_code == 403
    member = theirs.members.first()
    assert teacher_a_client.post(f"/mentorship/{theirs.pk}/members/{member.pk}/consent/").status_code == 403


@pytest.mark.django_db
def test_the_administrator_reads_but_does_not_change(district, staff, administrator_client):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    assert administrator_client.get(f"/mentorship/{pair.pk}/").status_code == 200
    assert administrator_client.get("/mentorship/coverage/").status_code == 200
    assert administrator_client.post(f"/mentorship/{pair.pk}/end/", {"reason": "x"}).status_code == 403


@pytest.mark.django_db
def test_navigation_names_mentorship_by_role(district, teacher_a_client, director_a_client, methodist_client):
    assert "Моё наставничество" in teacher_a_client.get("/").content.decode()
    for client in (director_a_client, methodist_client):
        html = client.get("/").content.decode()
        assert ">Наставничество<" in html and "Моё наставничество" not in html


# --- Forming a pair through the page --------------------------------------------------------------


def _form_data(staff, **extra):
    today = timezone.localdate()
    data = {
        "form": Pair.Form.TRADITIONAL,
        "mentors": [staff["mentor1"].pk],
        "mentees": [staff["young1"].pk],
        "goal": "Освоить методику урока",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=270)).isoformat(),
        "curator": staff["deputy"].pk,
        "mentor_consent_on": today.isoformat(),
        "mentee_consent_on": today.isoformat(),
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_mentors_are_offered_with_their_category_and_experience(district, staff, director_a_client):
    mentor = staff["mentor1"]
    mentor.category = "mentor"
    mentor.save()
    page = director_a_client.get("/mentorship/new/").content.decode()
    assert "Наставникова Анна Петровна, Учитель — педагог-наставник, стаж 20 лет" in page


def test_a_director_forms_a_pair_of_own_school_with_consent(district, staff, director_a_client):
    page = director_a_client.get("/mentorship/new/")
    html = page.content.decode()
    assert "Молодова Анна Петровна, Учитель (молодой специалист)" in html
    assert "Бэшкина" not in html  # another school's teacher is not offered
    response = director_a_client.post("/mentorship/new/", _form_data(staff))
    pair = Pair.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mentorship/{pair.pk}/"
    assert pair.members.filter(consent_on=timezone.localdate()).count() == 2
    detail = director_a_client.get(f"/mentorship/{pair.pk}/").content.decode()
    assert "Молодова Анна Петровна" in detail and "нет согласия" not in detail


@pytest.mark.django_db
def test_the_form_shows_the_limit_message_and_saves_nothing(district, staff, director_a_client):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"], staff["young2"]], form="group")
    response = director_a_client.post("/mentorship/new/", _form_data(staff, mentees=[staff["young3"].pk]))
    assert response.status_code == 200
    assert "уже 2 наставляемых (не более 2)" in response.content.decode()
    assert Pair.objects.count() == 1


@pytest.mark.django_db
def test_a_director_cannot_pick_another_schools_teacher(district, staff, director_a_client):
    response = director_a_client.post("/mentorship/new/", _form_data(staff, mentees=[staff["young_b"].pk]))
    assert response.status_code == 200 and not Pair.objects.exists()
    assert "is-invalid" in response.content.decode()


@pytest.mark.django_db
def test_the_methodist_chooses_the_school_first(district, staff, methodist_client):
    page = methodist_client.get("/mentorship/new/")
    assert "Сформировать пару" not in page.content.decode().split("<h1")[-1].split("</form>")[-1]
    url = f"/mentorship/new/?organization={district['school_b'].pk}"
    response = methodist_client.post(
        url, _form_data(staff, mentors=[staff["mentor_b"].pk], mentees=[staff["young_b"].pk], curator="")
    )
    assert response.status_code == 302
    assert Pair.objects.get().organization == district["school_b"]


@pytest.mark.django_db
def test_consent_scan_uploaded_on_the_pair_page(district, staff, director_a_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    member = pair.members.get(role=PairMember.Role.MENTEE)
    assert "нет согласия" in director_a_client.get(f"/mentorship/{pair.pk}/").content.decode()
    upload = io.BytesIO(b"MZ not a pdf")
    upload.name = "согласие.pdf"
    response = director_a_client.post(
        f"/mentorship/{pair.pk}/members/{member.pk}/consent/", {"consent_file": upload}, follow=True
    )
    assert "не записано" in response.content.decode()
    good = io.BytesIO(PDF)
    good.name = "согласие.pdf"
    response = director_a_client.post(
        f"/mentorship/{pair.pk}/members/{member.pk}/consent/", {"consent_file": good}, follow=True
    )
    html = response.content.decode()
    assert "записано" in html and "согласие.pdf" in html
    scan = member.consent_scans.get()
    download = director_a_client.get(f"/mentorship/{pair.pk}/members/{member.pk}/consent/{scan.pk}/")
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_a_participant_downloads_only_their_own_consent_scan(district, staff, teacher_a_client):
    teacher = district["people"]["teacher_a"]
    scan = ("согласие.pdf", PDF)
    pair = make_pair(
        district,
        mentors=[staff["mentor1"]],
        mentees=[teacher],
        consents={p.pk: services.Consent(scan=scan) for p in (staff["mentor1"], teacher)},
    )
    mine = pair.members.get(person=teacher)
    theirs = pair.members.get(person=staff["mentor1"])
    base = f"/mentorship/{pair.pk}/members"
    url = f"{base}/{mine.pk}/consent/{mine.consent_scans.get().pk}/"
    assert teacher_a_client.get(url).status_code == 200
    url = f"{base}/{theirs.pk}/consent/{theirs.consent_scans.get().pk}/"
    assert teacher_a_client.get(url).status_code == 404
    assert url not in teacher_a_client.get(f"/mentorship/{pair.pk}/").content.decode()


@pytest.mark.django_db
def test_ending_early_asks_for_the_reason(district, staff, director_a_client):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    today = timezone.localdate().isoformat()
    response = director_a_client.post(f"/mentorship/{pair.pk}/end/", {"ended_on": today, "reason": ""})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    response = director_a_client.post(f"/mentorship/{pair.pk}/end/", {"ended_on": today, "reason": "Болезнь"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED_EARLY


@pytest.mark.django_db
def test_the_form_takes_a_scan_per_role_and_refuses_a_disguised_one(
    district, staff, director_a_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    bad = io.BytesIO(b"MZ not a pdf")
    bad.name = "заявление.pdf"
    data = _form_data(staff, mentee_consent_on="", mentee_consent_file=bad)
    response = director_a_client.post("/mentorship/new/", data)
    html = response.content.decode()
    assert response.status_code == 200 and "заявление.pdf" in html and "is-invalid" in html
    assert not Pair.objects.exists() and not any(p.is_file() for p in tmp_path.rglob("*"))
    good = io.BytesIO(PDF)
    good.name = "заявление.pdf"
    data = _form_data(staff, mentee_consent_on="", mentee_consent_file=good)
    assert director_a_client.post("/mentorship/new/", data).status_code == 302
    mentee = PairMember.objects.get(role=PairMember.Role.MENTEE)
    assert mentee.consent_on is None and mentee.consent_scans.get().original_name == "заявление.pdf"


@pytest.mark.django_db
def test_a_scan_for_a_group_of_mentees_is_refused_on_the_form(district, staff, director_a_client):
    scan = io.BytesIO(PDF)
    scan.name = "заявление.pdf"
    data = _form_data(
        staff,
        form=Pair.Form.GROUP,
        mentees=[staff["young1"].pk, staff["young2"].pk],
        mentee_consent_file=scan,
    )
    response = director_a_client.post("/mentorship/new/", data)
    assert "Скан прикладывается, когда участник в этой роли один" in response.content.decode()
    assert not Pair.objects.exists()


# --- The bank -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_bank_lists_young_specialists_of_the_scope(district, staff, director_a_client, methodist_client):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    names = _bank_names(director_a_client.get("/mentorship/bank/"))
    assert sorted(names) == ["Иванова", "Молодова", "Новикова", "Юнова"]  # not the 40-year-old, not school B
    district_names = _bank_names(methodist_client.get("/mentorship/bank/"))
    assert "Бэшкина" in district_names and "Позднякова" not in district_names
    html = director_a_client.get("/mentorship/bank/").content.decode()
    assert "Наставникова А.П." in html and "не закреплён" in html


@pytest.mark.django_db
def test_the_bank_filters(district, staff, methodist_client):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    assert _bank_names(methodist_client.get("/mentorship/bank/?has_mentor=yes")) == ["Молодова"]
    without = _bank_names(methodist_client.get("/mentorship/bank/?has_mentor=no"))
    assert "Молодова" not in without and "Бэшкина" in without
    school_b = district["school_b"].pk
    assert _bank_names(methodist_client.get(f"/mentorship/bank/?school={school_b}")) == ["Бэшкина"]
    math = staff["young1"].subjects.get()
    assert sorted(_bank_names(methodist_client.get(f"/mentorship/bank/?subject={math.pk}"))) == [
        "Молодова",
        "Юнова",
    ]


@pytest.mark.django_db
def test_the_bank_xlsx_reloads(district, staff, director_a_client):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    response = director_a_client.get("/mentorship/bank.xlsx?has_mentor=yes")
    ws = _reload(response).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("Банк молодых специалистов")
    assert rows[1][:2] == ("ФИО", "Организация")
    header = rows[1]
    row = dict(zip(header, rows[2], strict=True))
    assert row["ФИО"] == "Молодова Анна Петровна" and row["Наставник"] == "Наставникова А.П."
    assert row["Форма наставничества"] == "традиционная («один на один»)"
    assert row["Этап адаптации"] == "становление (2-й год работы)"
    assert len(rows) == 3


@pytest.mark.django_db
def test_the_bank_shows_education_stage_and_contests_from_the_registry(district, staff, director_a_client):
    from directory import person_facts

    young = staff["young1"]
    young.education_institution = "КубГУ, физико-математический факультет"
    young.education_year = 2025
    young.save()

    def provider(ids):
        return {young.pk: ["«Педагогический дебют — 2026»: призёр"]} if young.pk in ids else {}

    person_facts.register_contest_entries(provider)
    try:
        page = director_a_client.get("/mentorship/bank/").content.decode()
        rows = list(
            _reload(director_a_client.get("/mentorship/bank.xlsx")).active.iter_rows(values_only=True)
        )
    finally:
        person_facts.unregister_contest_entries(provider)
    assert "КубГУ, физико-математический факультет, 2025" in page
    assert "«Педагогический дебют — 2026»: призёр" in page
    assert "становление (2-й год работы)" in page and "адаптация (1-й год работы)" in page
    by_name = {r[0]: dict(zip(rows[1], r, strict=True)) for r in rows[2:]}
    assert by_name["Молодова Анна Петровна"]["Конкурсы"] == "«Педагогический дебют — 2026»: призёр"
    assert by_name["Молодова Анна Петровна"]["Образование"] == "КубГУ, физико-математический факультет, 2025"
    assert by_name["Юнова Анна Петровна"]["Конкурсы"] in ("", None)


def _scale(district, n: int, start: int = 0):
    """n more young specialists and n pairs in each school, with subjects; n teachers who started three
    years ago (retention), every other one recorded as left."""
    three_years_ago = dt.date(academic_year_start(timezone.localdate()) - 3, 10, 1)
    for org in (district["school_a"], district["school_b"]):
        for i in range(start, start + n):
            mentor = add_person(org, f"Ментор{org.pk}x{i}", years=20, subjects=["Химия"])
            young = add_person(org, f"Молодой{org.pk}x{i}", years=1, subjects=["Химия", "Биология"])
            make_pair(district, mentors=[mentor], mentees=[young], org=org)
            _plan_with_items(young, academic_year_start(timezone.localdate()), timezone.localdate())
            started = add_person(org, f"Стажёр{org.pk}x{i}", years=None, teaching_since=three_years_ago)
            if i % 2:
                MenteeDeparture.objects.create(
                    person=started, organization=org, left_on=timezone.localdate(), left_reason="Переезд"
                )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/mentorship/bank/", "/mentorship/coverage/", "/mentorship/"])
def test_pages_read_a_constant_number_of_queries(district, staff, methodist_client, url):
    _scale(district, 2)
    small = _queries(methodist_client, url)
    _scale(district, 8, start=2)
    assert _queries(methodist_client, url) == small
    if "coverage" in url:  # the retention counted all of them
        retention = methodist_client.get(url).context["data"].retention
        assert (retention[1].working, retention[1].started) == (10, 20)


# --- Coverage -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coverage_figures_by_school(district, staff, methodist_client, director_a_client):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    make_pair(district, mentors=[staff["mentor2"]], mentees=[staff["young2"]], form=Pair.Form.VIRTUAL)
    data = methodist_client.get("/mentorship/coverage/").context["data"]
    by_name = {s.name: s for s in data.schools}
    assert (by_name["СОШ № 1"].young, by_name["СОШ № 1"].covered) == (4, 2)
    assert by_name["СОШ № 1"].share == 50
    assert [p.last_name for p in by_name["СОШ № 1"].not_covered] == ["Иванова", "Юнова"]
    assert (by_name["СОШ № 2"].young, by_name["СОШ № 2"].covered) == (1, 0)
    assert (data.young, data.covered) == (5, 2)
    assert data.forms == [("традиционная («один на один»)", 1), ("виртуальная", 1)]
    html = methodist_client.get("/mentorship/coverage/").content.decode()
    assert "40,0&nbsp;%" in html or "40.0&nbsp;%" in html
    assert "pg-bars" in html and "СОШ № 2" in html
    mine = director_a_client.get("/mentorship/coverage/")
    assert [s.name for s in mine.context["data"].schools] == ["СОШ № 1"]
    assert "Бэшкина" not in mine.content.decode()


@pytest.mark.django_db
def test_coverage_xlsx_reloads(district, staff, methodist_client):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    book = _reload(methodist_client.get("/mentorship/coverage.xlsx"))
    rows = list(book["Охват"].iter_rows(values_only=True))
    assert rows[1][:4] == ("Организация", "Молодых специалистов", "С наставником", "Доля, %")
    assert rows[2][:4] == ("СОШ № 1", 4, 1, 25)
    assert "Юнова Анна Петровна" in rows[2][4]
    assert rows[-1][:3] == ("Итого", 5, 1)
    forms = list(book["Формы"].iter_rows(values_only=True))
    assert ("традиционная («один на один»)", 1) in forms


def _plan_with_items(person, year: int, today: dt.date):
    """A plan with four dated items: done on time, done late, overdue, due later."""
    plan = IndividualPlan.objects.create(person=person, organization=person.organization, year=year)
    day = dt.timedelta(days=1)
    items = [
        ("Открытый урок", PlanItem.Status.DONE, today - 10 * day, today - 12 * day),
        ("Курсы", PlanItem.Status.DONE, today - 20 * day, today - 5 * day),
        ("Посещение уроков", PlanItem.Status.PLANNED, today - 3 * day, None),
        ("Самообразование", PlanItem.Status.PLANNED, today + 30 * day, None),
    ]
    for position, (activity, status, due, done_on) in enumerate(items, start=1):
        PlanItem.objects.create(
            plan=plan, position=position, activity=activity, status=status, due_until=due, done_on=done_on
        )
    return plan


@pytest.mark.django_db
def test_coverage_shows_plans_done_on_time_by_school_and_in_the_xlsx(district, staff, methodist_client):
    today = timezone.localdate()
    year = academic_year_start(today)
    _plan_with_items(staff["young1"], year, today)
    _plan_with_items(staff["young2"], year - 1, today)  # last year's plan is not counted
    response = methodist_client.get("/mentorship/coverage/")
    school = {s.name: s for s in response.context["data"].schools}["СОШ № 1"]
    assert (school.plans.plans, school.plans.items, school.plans.on_time, school.plans.overdue) == (
        1,
        4,
        1,
        1,
    )
    html = response.content.decode()
    assert "маршрутов: 1; пунктов выполнено в срок: 1 из 4 (25,0 %); просрочено: 1" in html
    rows = list(
        _reload(methodist_client.get("/mentorship/coverage.xlsx"))["Охват"].iter_rows(values_only=True)
    )
    header, first = rows[1], dict(zip(rows[1], rows[2], strict=True))
    assert "Выполнено в срок" in header
    assert (first["Индивидуальных маршрутов"], first["Выполнено в срок"], first["Просрочено"]) == (1, 1, 1)


@pytest.mark.django_db
def test_a_director_gets_a_start_card_for_young_specialists_without_a_mentor(
    district, staff, director_a_client
):
    html = director_a_client.get("/").content.decode()
    assert "молодые специалисты без наставника" in html
    assert "/mentorship/bank/?has_mentor=no" in html


@pytest.mark.django_db
def test_a_user_without_a_person_sees_no_own_mentorship(db):
    user = directory_services.user_ensure(username="lone", password="pass-for-tests-1", person=None)
    directory_services.role_grant(user=user, kind=Role.Kind.TEACHER)
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/mentorship/")
    assert page.status_code == 200 and "Вы не участвуете" in page.content.decode()
