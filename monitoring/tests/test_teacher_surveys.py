"""Teachers' questionnaires: the audience, «Мои анкеты», privacy of personal answers, totals, deficits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from directory import services as directory_services
from directory.models import Organization, Role
from directory.person_facts import deficits_of
from monitoring import results, services
from monitoring.models import Answer, Campaign, Indicator, MonitoringForm, Submission
from notifications.models import Notice


def _form(personal: bool) -> MonitoringForm:
    form = MonitoringForm.objects.create(
        title="Диагностика профессиональных дефицитов", year=2026, personal_answers=personal
    )
    rows = [
        ("plan", "Затрудняюсь составить технологическую карту урока", Indicator.Kind.YESNO, "methodical", []),
        ("digital", "Затрудняюсь работать в электронном журнале", Indicator.Kind.YESNO, "digital", []),
        (
            "subject",
            "Владею содержанием предмета (1 — слабо, 5 — отлично)",
            Indicator.Kind.CHOICE,
            "subject",
            ["1", "2"],
        ),
        ("hours", "Часов самообразования в месяц", Indicator.Kind.NUMBER_INT, "", []),
    ]
    for position, (code, name, kind, area, marks) in enumerate(rows, start=1):
        Indicator.objects.create(
            form=form,
            position=position,
            code=code,
            name=name,
            kind=kind,
            area=area,
            deficit_answers=marks,
            choices=["1", "2", "3", "4", "5"] if kind == Indicator.Kind.CHOICE else [],
            aggregate=Indicator.Aggregate.MEAN,
            required=code == "plan",
        )
    return form


def _campaign(methodist, form, **audience) -> Campaign:
    return services.campaign_create(
        user=methodist,
        form=form,
        title=f"Анкета {form.pk} {audience}",
        opens_on=None,
        deadline=dt.date(2026, 12, 25),
        schools=audience.pop("schools", None),
        audience=Campaign.Audience.TEACHERS,
        **audience,
    )


@pytest.fixture
def teacher_b(district):
    user = directory_services.user_ensure(
        username="pedagog_b", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    directory_services.role_grant(user=user, kind=Role.Kind.TEACHER)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _mine(campaign, person) -> Submission:
    return Submission.objects.get(campaign=campaign, person=person)


ANSWERS = {"v_plan": "да", "v_digital": "нет", "v_subject": "2", "v_hours": "6"}


def _submit(user, submission, data) -> Submission:
    query = QueryDict(mutable=True)
    query.update(data)
    saved, checked = services.answers_submit(
        user=user, submission=submission, data=query, version=submission.version
    )
    assert not checked.errors
    return saved


# --- The audience ---


def test_teacher_campaign_opens_one_questionnaire_per_teacher(methodist_client, district):
    form = _form(personal=True)
    page = methodist_client.get(reverse("monitoring:campaign_create")).content.decode()
    assert 'name="audience"' in page and "Педагоги (каждый свою анкету)" in page
    assert "только молодые специалисты" in page and "Детский сад" in page
    response = methodist_client.post(
        reverse("monitoring:campaign_create"),
        {
            "form": form.pk,
            "title": "Диагностика дефицитов",
            "deadline": "2026-12-20",
            "audience": "teachers",
            "teacher_scope": "all",
            "all_schools": "on",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Диагностика дефицитов")
    got = {
        (s.person.last_name, s.organization.short_name) for s in campaign.submissions.select_related("person")
    }
    # The directors head the schools: they are not asked as teachers.
    assert got == {("Иванова", "СОШ № 1"), ("Кузнецов", "СОШ № 2")}
    assert "анкет — 2" in methodist_client.get(response.url).content.decode()


def test_young_specialists_and_chosen_schools_and_kinds(methodist, district):
    form = _form(personal=False)
    young = _campaign(methodist, form, teacher_scope=Campaign.TeacherScope.YOUNG)
    assert [s.person.last_name for s in young.submissions.all()] == ["Иванова"]
    chosen = _campaign(methodist, form, schools=[district["school_b"]])
    assert [s.person.last_name for s in chosen.submissions.all()] == ["Кузнецов"]
    assert list(chosen.organizations.all()) == [district["school_b"]]
    garden = directory_services.organization_save(
        data={
            "name": "МБДОУ «Детский сад № 5»",
            "short_name": "Д/с № 5",
            "kind": Organization.Kind.KINDERGARTEN,
        }
    )
    schools_only = services.campaign_create(
        user=methodist,
        form=form,
        title="Только детские сады",
        opens_on=None,
        deadline=None,
        schools=None,
        organization_kinds=[Organization.Kind.KINDERGARTEN],
    )
    assert [s.organization for s in schools_only.submissions.all()] == [garden]


def test_one_questionnaire_per_teacher_and_one_answer_sheet_per_school(methodist, district):
    form = _form(personal=False)
    campaign = _campaign(methodist, form)
    teacher = district["people"]["teacher_a"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(campaign=campaign, organization=teacher.organization, person=teacher)
    # Two teachers of one school are two questionnaires; the school's own sheet is a third one.
    colleague = directory_services.person_save(
        data={
            "organization": district["school_a"],
            "last_name": "Орлова",
            "first_name": "Нина",
            "patronymic": "",
            "position": "Учитель",
        }
    )
    Submission.objects.create(campaign=campaign, organization=district["school_a"], person=colleague)
    Submission.objects.create(campaign=campaign, organization=district["school_a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(campaign=campaign, organization=district["school_a"])


# --- The teacher ---


def test_teacher_answers_own_questionnaire_and_sees_deficits(
    teacher_a_client, teacher_a, methodist, district
):
    campaign = _campaign(methodist, _form(personal=True))
    mine = _mine(campaign, district["people"]["teacher_a"])
    listing = teacher_a_client.get(reverse("monitoring:list")).content.decode()
    assert "Мои анкеты" in listing and reverse("monitoring:submission", args=[mine.pk]) in listing
    page = teacher_a_client.get(reverse("monitoring:submission", args=[mine.pk])).content.decode()
    assert "Отправить анкету" in page and "из справочника" not in page
    response = teacher_a_client.post(
        reverse("monitoring:submission", args=[mine.pk]), {**ANSWERS, "version": mine.version, "submit": ""}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.state == Submission.State.SUBMITTED  # sent is final: no review
    page = teacher_a_client.get(reverse("monitoring:submission", args=[mine.pk])).content.decode()
    assert "Анкета отправлена" in page and "Отправить анкету" not in page
    block = page[page.index('data-testid="deficits"') :]
    block = block[: block.index("</section>")]
    assert "Ваши профессиональные дефициты" in block
    assert "Методические" in block and "Затрудняюсь составить технологическую карту урока" in block  # «да»
    assert "Затрудняюсь работать в электронном журнале" not in block  # «нет» — no deficit
    assert "Предметные" in block and "Владею содержанием предмета" in block  # 2 on the scale ≤ 2
    # Nobody is asked to review a questionnaire.
    assert not Notice.objects.filter(kind="monitoring_submitted").exists()
    assert services.submission_queue(methodist) == []


def test_another_teachers_questionnaire_is_404(teacher_a_client, teacher_b, methodist, district):
    campaign = _campaign(methodist, _form(personal=False))
    other = _mine(campaign, district["people"]["teacher_b"])
    url = reverse("monitoring:submission", args=[other.pk])
    assert teacher_a_client.get(url).status_code == 404
    assert teacher_a_client.post(url, {**ANSWERS, "version": 1, "submit": ""}).status_code == 404
    assert (
        teacher_a_client.post(
            reverse("monitoring:submission_autosave", args=[other.pk]), {"version": 1}
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.state == Submission.State.DRAFT and not other.answers.exists()
    # The teacher's own is there; the other's answers are not on the teacher's list.
    listing = teacher_a_client.get(reverse("monitoring:list")).content.decode()
    assert url not in listing


def test_methodist_cannot_fill_or_review_a_questionnaire(methodist_client, methodist, teacher_a, district):
    campaign = _campaign(methodist, _form(personal=False))
    mine = _mine(campaign, district["people"]["teacher_a"])
    _submit(teacher_a, mine, ANSWERS)
    url = reverse("monitoring:submission", args=[mine.pk])
    page = methodist_client.get(url).content.decode()
    assert "Вернуть на доработку" not in page
    assert methodist_client.post(url, {**ANSWERS, "version": 2, "save": ""}).status_code == 403
    methodist_client.post(reverse("monitoring:submission_review", args=[mine.pk, "return"]), {"version": 2})
    mine.refresh_from_db()
    assert mine.state == Submission.State.SUBMITTED


# --- Privacy of personal answers ---


def test_director_sees_only_counts_of_personal_answers(
    director_a_client, director_b_client, methodist_client, teacher_a, methodist, district
):
    campaign = _campaign(methodist, _form(personal=True))
    mine = _mine(campaign, district["people"]["teacher_a"])
    _submit(teacher_a, mine, ANSWERS)
    url = reverse("monitoring:submission", args=[mine.pk])
    assert director_a_client.get(url).status_code == 404
    assert methodist_client.get(url).status_code == 404
    listing = director_a_client.get(reverse("monitoring:list")).content.decode()
    assert "педагогов ответили: 1 из 1" in listing
    page = director_a_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "1 из 1" in page
    assert "Иванова" not in page and "СОШ № 2" not in page
    assert director_b_client.get(reverse("monitoring:campaign", args=[campaign.pk])).status_code == 200
    assert (
        "0 из 1" in director_b_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    )
    district_page = methodist_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "Иванова" not in district_page and "1 из 1" in district_page and "0 из 1" in district_page
    totals = methodist_client.get(reverse("monitoring_results:results", args=[campaign.pk])).content.decode()
    assert "Иванова" not in totals and "да: 1 (100&nbsp;%)" in totals
    # the district's Excel (a row per respondent) is not offered for a teachers' survey
    xlsx = reverse("monitoring_results:xlsx", args=[campaign.pk])
    assert xlsx not in totals and methodist_client.get(xlsx).status_code == 404


def test_director_sees_the_schools_teachers_when_answers_are_not_personal(
    director_a_client, director_b_client, teacher_a, methodist, district
):
    campaign = _campaign(methodist, _form(personal=False))
    mine = _mine(campaign, district["people"]["teacher_a"])
    _submit(teacher_a, mine, ANSWERS)
    url = reverse("monitoring:submission", args=[mine.pk])
    page = director_a_client.get(url).content.decode()
    assert "Иванова Ольга Сергеевна" in page and 'value="6"' in page
    assert director_b_client.get(url).status_code == 404
    detail = director_a_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "Иванова Ольга Сергеевна" in detail and "Кузнецов" not in detail
    # The director reads, but the answers are the teacher's.
    assert director_a_client.post(url, {**ANSWERS, "version": 2, "save": ""}).status_code == 403


# --- Totals and deficits ---


def _respondents(methodist, campaign, count: int) -> None:
    """`count` more sent questionnaires with answers, written in bulk (as the bench does)."""
    school = Organization.objects.get(short_name="СОШ № 1")
    start = Submission.objects.count()
    indicators = {i.code: i for i in campaign.form.indicators.all()}
    people = [
        directory_services.person_save(
            data={
                "organization": school,
                "last_name": f"Педагог{start + n}",
                "first_name": "Имя",
                "patronymic": "",
                "position": "Учитель",
            }
        )
        for n in range(count)
    ]
    subs = Submission.objects.bulk_create(
        [
            Submission(campaign=campaign, organization=school, person=p, state=Submission.State.SUBMITTED)
            for p in people
        ]
    )
    Answer.objects.bulk_create(
        [
            answer
            for n, sub in enumerate(subs)
            for answer in (
                Answer(submission=sub, indicator=indicators["plan"], value=n % 2 == 0),
                Answer(submission=sub, indicator=indicators["subject"], value=str(1 + n % 5)),
                Answer(submission=sub, indicator=indicators["hours"], value=n),
            )
        ]
    )


def test_survey_totals_are_shares_and_means_in_constant_queries(
    methodist, django_assert_num_queries, district
):
    campaign = _campaign(methodist, _form(personal=True))
    _respondents(methodist, campaign, 4)  # plan: да, нет, да, нет; subject 1..4; hours 0..3
    with django_assert_num_queries(3):
        summary = results.survey_summary(campaign)
    by_code = {row.indicator.code: row for row in summary.indicators}
    assert [(o.label, o.count, o.share) for o in by_code["plan"].options] == [("да", 2, 50), ("нет", 2, 50)]
    assert [(o.label, o.count) for o in by_code["subject"].options] == [
        ("1", 1),
        ("2", 1),
        ("3", 1),
        ("4", 1),
        ("5", 0),
    ]
    assert (by_code["hours"].mean, by_code["hours"].total) == (1.5, 6)
    assert (summary.answered, summary.expected) == (4, 6)  # the two drafts of the district's teachers
    _respondents(methodist, campaign, 20)
    with django_assert_num_queries(3):
        summary = results.survey_summary(campaign)
    assert summary.answered == 24


def test_deficits_of_person_through_the_directory_registry(teacher_a, methodist, methodist_client, district):
    teacher = district["people"]["teacher_a"]
    assert deficits_of(teacher) == []
    campaign = _campaign(methodist, _form(personal=True))
    _submit(teacher_a, _mine(campaign, teacher), ANSWERS)
    assert deficits_of(teacher) == [
        ("методические", "Затрудняюсь составить технологическую карту урока"),
        ("предметные", "Владею содержанием предмета (1 — слабо, 5 — отлично)"),
    ]
    # A later diagnostics replaces the earlier one.
    later = _campaign(methodist, _form(personal=True))
    _submit(
        teacher_a, _mine(later, teacher), {**ANSWERS, "v_plan": "нет", "v_subject": "5", "v_digital": "да"}
    )
    assert deficits_of(teacher) == [("цифровые", "Затрудняюсь работать в электронном журнале")]
    # The methodist's table: area → teachers with the deficit.
    _respondents(methodist, later, 4)  # plan «да» twice; subject 1 and 2 — deficits for two
    page = methodist_client.get(reverse("monitoring_results:results", args=[later.pk])).content.decode()
    assert 'data-area="методические">2<' in page
    assert 'data-area="предметные">2<' in page
    # and the same as a chart: a bar per area, the share of those who answered
    chart = page.split('data-testid="deficits-chart"')[1].split("</figure>")[0]
    assert "<svg" in chart and "Методические" in chart and "2 из 5" in chart
    assert 'data-area="цифровые">1<' in page


def test_a_draft_or_a_school_form_shows_no_deficits(teacher_a, methodist, district):
    campaign = _campaign(methodist, _form(personal=True))
    mine = _mine(campaign, district["people"]["teacher_a"])
    query = QueryDict(mutable=True)
    query.update(ANSWERS)
    services.answers_save(user=teacher_a, submission=mine, data=query, version=mine.version)
    assert deficits_of(district["people"]["teacher_a"]) == []


def test_demo_teacher_has_a_sent_diagnostics_and_an_open_adaptation_survey(db):
    from django.contrib.auth import get_user_model

    from portal.demo import seed_demo

    seed_demo(today=dt.date(2026, 11, 22))
    pedagog = get_user_model().objects.get(username="pedagog")
    found = deficits_of(pedagog.person)
    assert found and all(area in dict(Indicator.Area.choices).values() for area, _name in found)
    page = _client(pedagog).get(reverse("monitoring:list")).content.decode()
    assert "Диагностика профессиональных дефицитов педагогов" in page
    assert "Адаптация молодых специалистов" in page
    diagnostics = Campaign.objects.get(title__startswith="Диагностика профессиональных дефицитов")
    assert diagnostics.form.personal_answers
    answered = diagnostics.submissions.filter(state=Submission.State.SUBMITTED).count()
    assert 0 < answered < diagnostics.submissions.count()
    # Only the young specialists are asked about their adaptation.
    adaptation = Campaign.objects.get(
        title__startswith="Адаптация молодых специалистов", respondent=Campaign.Respondent.SELF
    )
    assert all(s.person.is_young_specialist() for s in adaptation.submissions.select_related("person"))
    seed_demo(today=dt.date(2026, 11, 22))  # twice changes nothing
    # The young specialist's own survey and the directors' assessment of them (test_respondents.py).
    assert Campaign.objects.filter(title__startswith="Адаптация").count() == 2


def test_start_page_cards_ask_the_teacher_not_the_director(director_a, teacher_a, methodist, district):
    from core.navigation import start_cards
    from directory.access import user_scope

    campaign = _campaign(methodist, _form(personal=True))
    teacher_cards = start_cards(user_scope(teacher_a), Role.Kind.TEACHER)
    assert [c["url"] for c in teacher_cards if campaign.title in c["text"]] == [
        reverse("monitoring:submission", args=[_mine(campaign, district["people"]["teacher_a"]).pk])
    ]
    director_cards = start_cards(user_scope(director_a), Role.Kind.DIRECTOR)
    assert not [c for c in director_cards if campaign.title in c["text"]]
    _submit(teacher_a, _mine(campaign, district["people"]["teacher_a"]), ANSWERS)
    teacher_a._metodkabinet_scope = None
    assert not [
        c for c in start_cards(user_scope(teacher_a), Role.Kind.TEACHER) if campaign.title in c["text"]
    ]


def test_a_teacher_campaign_nobody_can_answer_is_refused(methodist_client, district):
    form = _form(personal=False)
    response = methodist_client.post(
        reverse("monitoring:campaign_create"),
        {
            "form": form.pk,
            "title": "Молодые во второй школе",
            "deadline": "2026-12-20",
            "audience": "teachers",
            "teacher_scope": "young",
            "schools": [district["school_b"].pk],  # its only teacher has taught since 2001
        },
    )
    assert response.status_code == 200
    assert "нет таких педагогов" in response.content.decode()
    assert not Campaign.objects.filter(title="Молодые во второй школе").exists()
