"""A school's monitoring answers: fill, autosave, submit with checks, review, locking, access, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from directory.models import Organization
from monitoring import services
from monitoring.models import Answer, Campaign, Indicator, MonitoringForm, Section, Submission
from notifications.models import Notice


@pytest.fixture
def monitoring_form(db):
    form = MonitoringForm.objects.create(title="Мониторинг деятельности ШМО", year=2025)
    staff = Section.objects.create(form=form, position=1, title="Кадры")
    work = Section.objects.create(form=form, position=2, title="Работа ШМО")
    Indicator.objects.create(
        form=form,
        section=staff,
        position=1,
        code="teachers",
        name="Количество педагогов",
        kind=Indicator.Kind.NUMBER_INT,
        required=True,
        min_value=0,
    )
    Indicator.objects.create(
        form=form,
        section=staff,
        position=2,
        code="young",
        name="Молодые специалисты",
        kind=Indicator.Kind.NUMBER_INT,
        min_value=0,
    )
    Indicator.objects.create(
        form=form,
        section=staff,
        position=3,
        code="young_share",
        name="Доля молодых специалистов",
        kind=Indicator.Kind.SHARE,
        formula="young / teachers * 100",
    )
    Indicator.objects.create(
        form=form,
        section=work,
        position=4,
        code="meetings",
        name="Проведено заседаний",
        kind=Indicator.Kind.NUMBER_INT,
        required=True,
        min_value=0,
        max_value=20,
    )
    Indicator.objects.create(
        form=form,
        section=work,
        position=5,
        code="plan",
        name="План работы утверждён",
        kind=Indicator.Kind.YESNO,
        required=True,
    )
    Indicator.objects.create(
        form=form,
        section=work,
        position=6,
        code="format",
        name="Формат",
        kind=Indicator.Kind.CHOICE,
        choices=["очно", "дистанционно"],
    )
    Indicator.objects.create(
        form=form,
        section=work,
        position=7,
        code="site",
        name="Ссылка на страницу ШМО",
        kind=Indicator.Kind.LINK,
    )
    return form


@pytest.fixture
def campaign(monitoring_form, methodist, district):
    return services.campaign_create(
        user=methodist,
        form=monitoring_form,
        title="Мониторинг ШМО за 2025-2026 уч. г.",
        opens_on=dt.date(2026, 1, 10),
        deadline=dt.date(2026, 12, 20),
        schools=None,
        responsible=district["people"]["methodist"],
    )


def _sub(campaign, school) -> Submission:
    return Submission.objects.get(campaign=campaign, organization=school)


def _url(sub, name="monitoring:submission"):
    return reverse(name, args=[sub.pk])


GOOD = {
    "v_teachers": "2",
    "v_young": "1",
    "v_meetings": "5",
    "v_plan": "да",
    "v_format": "очно",
    "v_site": "https://school1.example/shmo",
}


def test_campaign_opens_a_draft_per_school(campaign, district):
    schools = set(campaign.submissions.values_list("organization__short_name", flat=True))
    assert schools == {"СОШ № 1", "СОШ № 2"}
    assert set(campaign.submissions.values_list("state", flat=True)) == {"draft"}


def test_methodist_creates_campaign_for_chosen_schools(methodist_client, monitoring_form, district):
    response = methodist_client.post(
        reverse("monitoring:campaign_create"),
        {
            "form": monitoring_form.pk,
            "title": "Только вторая",
            "deadline": "2026-12-01",
            "schools": [district["school_b"].pk],
        },
    )
    created = Campaign.objects.get(title="Только вторая")
    assert response.status_code == 302
    assert list(created.submissions.values_list("organization__short_name", flat=True)) == ["СОШ № 2"]
    bad = methodist_client.post(
        reverse("monitoring:campaign_create"),
        {"form": monitoring_form.pk, "title": "Никому", "deadline": "2026-12-01"},
    )
    assert "Выберите организации" in bad.content.decode()
    assert not Campaign.objects.filter(title="Никому").exists()


def test_director_sees_prefill_saves_and_submits(director_a_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    page = director_a_client.get(_url(sub)).content.decode()
    # The directory knows two people at school A, one of them a young specialist (since 2025).
    assert 'name="v_teachers" id="v_teachers" value="2"' in page
    assert 'name="v_young" id="v_young" value="1"' in page
    assert "из справочника" in page
    response = director_a_client.post(_url(sub), {**GOOD, "version": sub.version, "save": ""})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == "draft"
    assert sub.answers.get(indicator__code="plan").value is True
    page = director_a_client.get(_url(sub)).content.decode()
    assert "50 %" in page  # the computed share
    # how it is computed, in the indicators' names rather than their codes
    assert "Вычисляется: «Молодые специалисты» / «" in page
    response = director_a_client.post(_url(sub), {**GOOD, "version": sub.version, "submit": ""})
    sub.refresh_from_db()
    assert sub.state == "submitted"
    assert sub.answers.get(indicator__code="meetings").value == 5


def test_submit_errors_are_russian_and_nothing_is_saved(director_a_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    data = {**GOOD, "v_meetings": "25", "v_plan": "", "v_young": "пять", "version": sub.version, "submit": ""}
    response = director_a_client.post(_url(sub), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Введите целое число." in page or "Введите число." in page
    assert 'value="пять"' in page  # the input is kept
    sub.refresh_from_db()
    assert sub.state == "draft" and not sub.answers.exists()
    data = {**GOOD, "v_meetings": "25", "v_plan": "", "version": sub.version, "submit": ""}
    page = director_a_client.post(_url(sub), data).content.decode()
    assert "Значение не может быть больше 20." in page
    assert "Заполните это поле: показатель обязательный." in page
    data = {**GOOD, "v_young": "3", "version": sub.version, "submit": ""}
    page = director_a_client.post(_url(sub), data).content.decode()
    assert "Доля не может быть больше 100 %" in page
    sub.refresh_from_db()
    assert sub.state == "draft" and not sub.answers.exists() and sub.version == 1


def test_stale_draft_is_refused_and_input_kept(director_a_client, director_a, campaign, district):
    sub = _sub(campaign, district["school_a"])
    services.answers_save(user=director_a, submission=sub, data=_qd({"v_meetings": "3"}), version=1)
    response = director_a_client.post(_url(sub), {**GOOD, "v_meetings": "7", "version": 1, "save": ""})
    assert response.status_code == 409
    page = response.content.decode()
    assert "изменил другой пользователь" in page
    assert 'value="7"' in page
    assert sub.answers.get(indicator__code="meetings").value == 3


def test_autosave_returns_a_status_and_the_new_version(director_a_client, campaign, district):
    sub = _sub(campaign, district["school_a"])
    response = director_a_client.post(
        _url(sub, "monitoring:submission_autosave"), {"v_meetings": "4", "version": sub.version}
    )
    page = response.content.decode()
    assert "Черновик сохранён" in page
    assert 'value="2"' in page  # the form's next version
    assert sub.answers.get(indicator__code="meetings").value == 4
    bad = director_a_client.post(
        _url(sub, "monitoring:submission_autosave"), {"v_meetings": "x", "version": 2}
    )
    assert "Черновик не сохранён" in bad.content.decode()


def test_access(
    director_b_client, teacher_a_client, administrator_client, anonymous_client, campaign, district
):
    sub = _sub(campaign, district["school_a"])
    assert director_b_client.get(_url(sub)).status_code == 404
    assert director_b_client.post(_url(sub), {**GOOD, "version": 1}).status_code == 404
    assert teacher_a_client.get(_url(sub)).status_code == 404
    # A teacher reaches the list for «Мои анкеты», but a school campaign is not theirs to see.
    listing = teacher_a_client.get(reverse("monitoring:list"))
    assert listing.status_code == 200 and campaign.title not in listing.content.decode()
    assert teacher_a_client.get(reverse("monitoring:campaign", args=[campaign.pk])).status_code == 404
    assert administrator_client.get(_url(sub)).status_code == 200
    assert administrator_client.post(_url(sub), {**GOOD, "version": 1}).status_code == 403
    assert (
        administrator_client.post(
            reverse("monitoring:submission_review", args=[sub.pk, "accept"]), {"version": 1}
        ).status_code
        == 403
    )
    assert administrator_client.get(reverse("monitoring:campaign_create")).status_code == 404
    assert anonymous_client.get(_url(sub)).status_code == 302
    page = director_b_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert "СОШ № 2" in page and "СОШ № 1" not in page


def test_review_round_trip_with_notices(
    director_a_client, methodist_client, director_a, methodist, campaign, district
):
    sub = _sub(campaign, district["school_a"])
    director_a_client.post(_url(sub), {**GOOD, "version": 1, "submit": ""})
    sub.refresh_from_db()
    assert Notice.objects.filter(recipient=methodist, kind="monitoring_submitted").exists()
    # Sent: locked for the director.
    page = director_a_client.get(_url(sub)).content.decode()
    assert "Ответы отправлены и ждут проверки методиста." in page
    response = director_a_client.post(_url(sub), {**GOOD, "version": sub.version, "save": ""})
    assert response.status_code == 409
    # Return needs a comment; the methodist may comment each indicator.
    assert 'form="review-return" name="c_meetings"' in methodist_client.get(_url(sub)).content.decode()
    methodist_client.post(
        reverse("monitoring:submission_review", args=[sub.pk, "return"]),
        {"version": sub.version, "comment": ""},
    )
    sub.refresh_from_db()
    assert sub.state == "submitted"
    methodist_client.post(
        reverse("monitoring:submission_review", args=[sub.pk, "return"]),
        {
            "version": sub.version,
            "comment": "Проверьте число заседаний",
            "c_meetings": "Заседаний было шесть",
            "c_nope": "лишнее",
        },
    )
    sub.refresh_from_db()
    assert sub.state == "returned"
    assert Notice.objects.filter(recipient=director_a, kind="monitoring_returned").exists()
    page = director_a_client.get(_url(sub)).content.decode()
    assert "Проверьте число заседаний" in page
    assert sub.indicator_comments == {"meetings": "Заседаний было шесть"}
    assert 'data-testid="note-meetings"' in page and "Заседаний было шесть" in page
    director_a_client.post(_url(sub), {**GOOD, "v_meetings": "6", "version": sub.version, "submit": ""})
    sub.refresh_from_db()
    assert sub.state == "submitted"
    methodist_client.post(
        reverse("monitoring:submission_review", args=[sub.pk, "accept"]), {"version": sub.version}
    )
    sub.refresh_from_db()
    assert sub.state == "accepted"
    assert Notice.objects.filter(recipient=director_a, kind="monitoring_accepted").exists()
    page = director_a_client.get(_url(sub)).content.decode()
    assert "Ответы приняты и закрыты для изменений." in page
    response = director_a_client.post(
        _url(sub), {**GOOD, "v_meetings": "9", "version": sub.version, "save": ""}
    )
    assert response.status_code == 409
    assert sub.answers.get(indicator__code="meetings").value == 6
    # The methodist's queue lists sent submissions.
    from progress.registry import review_queue

    assert review_queue(methodist) == []


def test_director_start_card_and_nav(director_a_client, campaign):
    page = director_a_client.get("/").content.decode()
    assert "Мониторинг: заполните форму до 20.12.2026" in page
    assert reverse("monitoring:list") in page


def _qd(data):
    from django.http import QueryDict

    qd = QueryDict(mutable=True)
    for key, value in data.items():
        qd[key] = value
    return qd


def _more_schools(count):
    for n in range(count):
        Organization.objects.create(name=f"Школа номер {n + 10}", short_name=f"СОШ № {n + 10}")


def _page_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-process caches (navigation, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_are_constant(methodist_client, director_a_client, monitoring_form, methodist, district):
    counts = []
    for extra in (0, 8):
        _more_schools(extra)
        campaign = services.campaign_create(
            user=methodist,
            form=monitoring_form,
            title=f"К{extra}",
            opens_on=None,
            deadline=None,
            schools=None,
        )
        for sub in campaign.submissions.exclude(organization=district["school_a"]):
            Answer.objects.bulk_create(
                [Answer(submission=sub, indicator=i, value=1) for i in monitoring_form.indicators.all()[:3]]
            )
        sub = _sub(campaign, district["school_a"])
        counts.append(
            (
                _page_queries(methodist_client, reverse("monitoring:campaign", args=[campaign.pk])),
                _page_queries(methodist_client, reverse("monitoring:list")),
                _page_queries(director_a_client, _url(sub)),
            )
        )
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 12 and counts[0][2] <= 16, counts


def test_demo_campaign_is_half_answered(methodist, director_a, director_b, district):
    from monitoring.demo import seed_monitoring

    today = dt.date(2026, 11, 30)
    schools = [district["school_a"], district["school_b"]]
    campaign = seed_monitoring(
        schools=schools, methodist=methodist, directors=[director_a, director_b], today=today
    )
    assert seed_monitoring(schools=schools, methodist=methodist, directors=[], today=today) == campaign
    states = dict(campaign.submissions.values_list("organization__short_name", "state"))
    assert states == {"СОШ № 1": "submitted", "СОШ № 2": "draft"}
    assert campaign.title == "Мониторинг деятельности ШМО за 2026-2027 уч. г."
    # Last year's campaign, closed and accepted, is the year-on-year column of the results.
    from monitoring import results

    found = results.results(campaign)
    assert found.previous.title == "Мониторинг деятельности ШМО за 2025-2026 уч. г."
    assert found.previous.status == "closed"
    teachers = next(r for r in found.indicators if r.indicator.code == "teachers")
    # only the first school has answered this year: last year is compared over it alone
    assert (found.compared, found.previous_schools) == (1, 2)
    assert teachers.last_year == 20


def test_the_campaign_page_leads_the_methodist_to_results_and_roll_call(campaign, methodist_client):
    from monitoring import rollcall

    page = methodist_client.get(reverse("monitoring:campaign", args=[campaign.pk])).content.decode()
    assert reverse("monitoring_results:results", args=[campaign.pk]) in page
    assert reverse("monitoring_results:rollcall", args=[campaign.pk]) in page
    # Its audience is the schools it was opened for: each has a draft, none has sent.
    call = rollcall.rollcall(campaign)
    assert call.expected == campaign.submissions.count() and call.submitted == 0
