"""Who answers a teacher's questionnaire: the teacher, the school's director about each teacher, the mentor
about the mentee (Campaign.respondent); mentors come through directory.person_facts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from directory import services as directory_services
from directory.models import Role
from directory.person_facts import mentors_of, register_mentors, unregister_mentors
from monitoring.models import Campaign, Indicator, MonitoringForm, Submission

ANSWERS = {"v_lessons": "4", "v_discipline": "да"}


def _form(personal: bool) -> MonitoringForm:
    form = MonitoringForm.objects.create(
        title="Адаптация молодого специалиста: оценка", year=2026, personal_answers=personal
    )
    Indicator.objects.create(
        form=form,
        position=1,
        code="lessons",
        name="Качество уроков (1 — низкое, 5 — высокое)",
        kind=Indicator.Kind.CHOICE,
        choices=["1", "2", "3", "4", "5"],
        required=True,
        aggregate=Indicator.Aggregate.NONE,
    )
    Indicator.objects.create(
        form=form,
        position=2,
        code="discipline",
        name="Справляется с дисциплиной в классе",
        kind=Indicator.Kind.YESNO,
        required=True,
        aggregate=Indicator.Aggregate.SHARE_YES,
    )
    return form


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def young_a2(district):
    """A second young specialist of school A (teacher_a is one too; teacher_b of school B is not)."""
    return directory_services.person_save(
        data={
            "organization": district["school_a"],
            "last_name": "Смирнова",
            "first_name": "Анна",
            "patronymic": "Петровна",
            "position": "Учитель русского языка",
            "teaching_since": dt.date(2024, 9, 1),
        }
    )


@pytest.fixture
def mentors():
    """A mentorship app's pairs, registered for the test: {mentee person id: {mentor user ids}}."""
    pairs: dict[int, set[int]] = {}

    def provider(person_ids):
        return {pid: set(pairs[pid]) for pid in person_ids if pid in pairs}

    register_mentors(provider)
    yield pairs
    unregister_mentors(provider)


@pytest.fixture
def mentor_user(district):
    """The experienced teacher of school B, a mentor (a teacher's login)."""
    user = directory_services.user_ensure(
        username="nastavnik", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    directory_services.role_grant(user=user, kind=Role.Kind.TEACHER)
    return user


def _open(methodist_client, form, respondent: str, title: str):
    return methodist_client.post(
        reverse("monitoring:campaign_create"),
        {
            "form": form.pk,
            "title": title,
            "deadline": "2026-12-20",
            "audience": "teachers",
            "teacher_scope": "young",
            "respondent": respondent,
            "all_schools": "on",
        },
    )


def _cards(user, kind, campaign) -> list[dict]:
    from core.navigation import start_cards
    from directory.access import user_scope

    user._metodkabinet_scope = None
    return [c for c in start_cards(user_scope(user), kind) if campaign.title in c["text"]]


def _page(client, name, *args) -> str:
    return client.get(reverse(name, args=args)).content.decode()


def _send(client, submission: Submission):
    return client.post(
        reverse("monitoring:submission", args=[submission.pk]),
        {**ANSWERS, "version": submission.version, "submit": ""},
    )


def test_the_form_offers_who_answers(methodist_client, district):
    page = methodist_client.get(reverse("monitoring:campaign_create")).content.decode()
    assert "Кто отвечает" in page
    for label in ("сам педагог", "руководитель организации о педагоге", "наставник о молодом специалисте"):
        assert label in page


def test_director_fills_one_questionnaire_about_each_young_teacher(
    methodist_client, director_a, director_a_client, young_a2, district
):

    response = _open(methodist_client, _form(personal=False), "director", "Оценка руководителя")
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Оценка руководителя")
    assert campaign.respondent == Campaign.Respondent.DIRECTOR
    about = {s.person.last_name: s for s in campaign.submissions.select_related("person")}
    assert set(about) == {"Иванова", "Смирнова"}  # the young specialists, not the director or teacher_b
    # The director's list and the campaign page: a row per teacher, with the teacher's name.
    listing = director_a_client.get(reverse("monitoring:list")).content.decode()
    assert "о педагоге: Иванова Ольга Сергеевна" in listing
    assert "о педагоге: Смирнова Анна Петровна" in listing
    assert "анкет о педагогах заполнено: 0 из 2" in listing
    detail = director_a_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "Иванова Ольга Сергеевна" in detail and "Смирнова Анна Петровна" in detail
    # The start page asks the director.
    cards = _cards(director_a, Role.Kind.DIRECTOR, campaign)
    assert len(cards) == 1 and "не заполнено анкет — 2" in cards[0]["text"]
    # The director fills and sends; sent is final.
    page = _page(director_a_client, "monitoring:submission", about["Иванова"].pk)
    assert "Анкета о педагоге" in page and "Иванова Ольга Сергеевна" in page
    sent = _send(director_a_client, about["Иванова"])
    assert sent.status_code == 302
    about["Иванова"].refresh_from_db()
    assert about["Иванова"].state == Submission.State.SUBMITTED
    assert about["Иванова"].answers.get(indicator__code="lessons").value == "4"
    again = _send(director_a_client, about["Иванова"])
    assert again.status_code == 409
    listing = director_a_client.get(reverse("monitoring:list")).content.decode()
    assert "анкет о педагогах заполнено: 1 из 2" in listing
    cards = _cards(director_a, Role.Kind.DIRECTOR, campaign)
    assert "не заполнено анкет — 1" in cards[0]["text"]


def test_another_director_and_the_teacher_do_not_see_it(
    methodist_client, director_b_client, teacher_a, teacher_a_client, district
):
    from core.navigation import start_cards
    from directory.access import user_scope

    _open(methodist_client, _form(personal=False), "director", "Оценка руководителя")
    campaign = Campaign.objects.get(title="Оценка руководителя")
    about_a = campaign.submissions.get(person=district["people"]["teacher_a"])
    url = reverse("monitoring:submission", args=[about_a.pk])
    assert director_b_client.get(url).status_code == 404
    assert director_b_client.post(url, {**ANSWERS, "version": 1, "submit": ""}).status_code == 404
    assert director_b_client.get(reverse("monitoring:campaign", args=[campaign.pk])).status_code == 404
    # The young teacher the questionnaire is about neither sees nor fills it.
    assert teacher_a_client.get(url).status_code == 404
    assert _send(teacher_a_client, about_a).status_code == 404
    assert "Оценка руководителя" not in teacher_a_client.get(reverse("monitoring:list")).content.decode()
    cards = start_cards(user_scope(teacher_a), Role.Kind.TEACHER)
    assert not [c for c in cards if campaign.title in c["text"]]
    about_a.refresh_from_db()
    assert about_a.state == Submission.State.DRAFT and not about_a.answers.exists()


def test_methodist_sees_totals_not_names_when_personal(
    methodist_client, director_a_client, young_a2, district
):
    _open(methodist_client, _form(personal=True), "director", "Оценка руководителя")
    campaign = Campaign.objects.get(title="Оценка руководителя")
    about_a = campaign.submissions.get(person=district["people"]["teacher_a"])
    assert _send(director_a_client, about_a).status_code == 302
    # The director writes about the teachers: their rows are the director's own.
    detail = director_a_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "Иванова Ольга Сергеевна" in detail and "Смирнова Анна Петровна" in detail
    # The district: no names, no questionnaire, the totals and N of M per school.
    district_page = methodist_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "Иванова" not in district_page and "Смирнова" not in district_page
    assert "1 из 2" in district_page
    assert methodist_client.get(reverse("monitoring:submission", args=[about_a.pk])).status_code == 404
    totals = methodist_client.get(reverse("monitoring_results:results", args=[campaign.pk])).content.decode()
    assert "Иванова" not in totals and "да: 1 (100&nbsp;%)" in totals
    rollcall = _page(methodist_client, "monitoring_results:rollcall", campaign.pk)
    assert "СОШ № 1" in rollcall and "1 из 2" in rollcall and "заполняет руководитель" in rollcall


def test_methodist_reads_the_directors_answers_when_not_personal(
    methodist_client, director_a_client, district
):
    _open(methodist_client, _form(personal=False), "director", "Оценка руководителя")
    campaign = Campaign.objects.get(title="Оценка руководителя")
    about_a = campaign.submissions.get(person=district["people"]["teacher_a"])
    _send(director_a_client, about_a)
    page = methodist_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "Иванова Ольга Сергеевна" in page
    # Read only: the director's answers are not the district's to change.
    assert methodist_client.post(
        reverse("monitoring:submission", args=[about_a.pk]), {**ANSWERS, "version": 2, "save": ""}
    ).status_code in (403, 404)


def test_mentor_campaign_is_refused_while_no_mentors(methodist_client, district):
    response = _open(methodist_client, _form(personal=False), "mentor", "Оценка наставника")
    assert response.status_code == 200
    assert "Наставники ещё не закреплены" in response.content.decode()
    assert not Campaign.objects.filter(title="Оценка наставника").exists()


def test_mentor_campaign_is_refused_when_no_teacher_of_the_audience_has_a_mentor(
    methodist_client, mentors, mentor_user, district
):
    mentors[district["people"]["teacher_b"].pk] = {mentor_user.pk}  # not a young specialist
    response = _open(methodist_client, _form(personal=False), "mentor", "Оценка наставника")
    assert response.status_code == 200
    assert "ни у одного из выбранных педагогов нет наставника" in response.content.decode()
    assert not Campaign.objects.filter(title="Оценка наставника").exists()


def test_mentors_registry_joins_providers(mentors, district):
    first, second = district["people"]["teacher_a"].pk, district["people"]["teacher_b"].pk
    mentors[first] = {10}

    def other(person_ids):
        return {first: {11}, second: set()}

    register_mentors(other)
    try:
        assert mentors_of([first, second]) == {first: {10, 11}}
    finally:
        unregister_mentors(other)
    assert mentors_of([first]) == {first: {10}} and mentors_of([]) == {}


def test_the_mentor_fills_about_the_mentee_nobody_else(
    methodist_client,
    mentors,
    mentor_user,
    teacher_a,
    teacher_a_client,
    director_a_client,
    young_a2,
    district,
):

    mentors[district["people"]["teacher_a"].pk] = {mentor_user.pk}
    response = _open(methodist_client, _form(personal=True), "mentor", "Оценка наставника")
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Оценка наставника")
    # Only the young specialists who have a mentor are asked about.
    about = campaign.submissions.get()
    assert about.person == district["people"]["teacher_a"]
    mentor = _client(mentor_user)
    listing = mentor.get(reverse("monitoring:list")).content.decode()
    assert "Оценка наставника" in listing and "о педагоге: Иванова Ольга Сергеевна" in listing
    cards = _cards(mentor_user, Role.Kind.TEACHER, campaign)
    assert [c["title"] for c in cards] == ["Анкета наставника: ответьте до 20.12.2026"]
    url = reverse("monitoring:submission", args=[about.pk])
    assert teacher_a_client.get(url).status_code == 404
    assert director_a_client.get(url).status_code == 404
    assert methodist_client.get(url).status_code == 404
    assert _send(mentor, about).status_code == 302
    about.refresh_from_db()
    assert about.state == Submission.State.SUBMITTED
    # The pair ended: the former mentor no longer reaches it.
    mentors.clear()
    assert _client(mentor_user).get(url).status_code == 404


def test_demo_directors_assess_their_young_specialists(db):
    from django.contrib.auth import get_user_model

    from portal.demo import seed_demo

    seed_demo(today=dt.date(2026, 11, 22))
    campaign = Campaign.objects.get(title__startswith="Адаптация молодых специалистов: оценка руководителя")
    assert campaign.respondent == Campaign.Respondent.DIRECTOR
    subs = list(campaign.submissions.select_related("person"))
    assert subs and all(s.person.is_young_specialist() for s in subs)
    sent = [s for s in subs if s.state == Submission.State.SUBMITTED]
    assert 0 < len(sent) < len(subs) or len(subs) == 1
    users = get_user_model().objects
    for submission in sent:  # sent by the director of the teacher's school
        assert Role.objects.filter(
            user=submission.updated_by, kind=Role.Kind.DIRECTOR, organization=submission.organization
        ).exists()
    director = Role.objects.filter(kind=Role.Kind.DIRECTOR, organization=subs[0].organization).first().user
    listing = _client(director).get(reverse("monitoring:list")).content.decode()
    assert f"о педагоге: {subs[0].person.full_name}" in listing
    pedagog = users.get(username="pedagog")
    assert "оценка руководителя" not in _client(pedagog).get(reverse("monitoring:list")).content.decode()
    seed_demo(today=dt.date(2026, 11, 22))  # twice changes nothing
    assert Campaign.objects.filter(title=campaign.title).count() == 1
    assert Submission.objects.filter(campaign=campaign, state=Submission.State.SUBMITTED).count() == len(sent)
