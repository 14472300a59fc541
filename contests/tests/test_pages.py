import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contests import services
from contests.models import Application, Contest, JuryMember
from directory import services as directory_services
from directory.models import Role

from .conftest import PDF, apply, make_contest


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_methodist_creates_a_contest_with_settings_nominations_round_and_regulations(
    methodist_client, district
):
    today = timezone.localdate()
    response = methodist_client.post(
        "/contests/new/",
        {
            "name": "Педагогический дебют",
            "year": today.year,
            "kind": "debut",
            "level": "municipal",
            "organizer": district["office"].pk,
            "status": "applications",
            "eligibility": "young",
            "applications_open_on": today.isoformat(),
            "applications_close_on": (today + dt.timedelta(days=14)).isoformat(),
            "aggregation": "mean",
            "drop_extremes": "on",
            "prize_winners_count": 2,
            "laureates_count": 3,
            "conflict_of_interest": "on",
        },
    )
    contest = Contest.objects.get(name="Педагогический дебют")
    assert response.status_code == 302 and response["Location"] == f"/contests/{contest.pk}/"
    assert contest.eligibility == "young" and contest.drop_extremes and contest.laureates_count == 3
    methodist_client.post(
        f"/contests/{contest.pk}/nominations/", {"names": "Молодые учителя\nМолодые воспитатели"}
    )
    response = methodist_client.post(
        f"/contests/{contest.pk}/rounds/new/",
        {
            "title": "Заочный тур",
            "kind": "correspondence",
            "position": "",
            "criteria-TOTAL_FORMS": 3,
            "criteria-INITIAL_FORMS": 0,
            "criteria-0-name": "Актуальность",
            "criteria-0-max_points": "10",
            "criteria-1-name": "Оформление",
            "criteria-1-max_points": "-1",
        },
    )
    assert response.status_code == 200
    assert "Критерий «Оформление»: максимум баллов — положительное число." in _text(response)
    assert not contest.rounds.exists()
    methodist_client.post(
        f"/contests/{contest.pk}/rounds/new/",
        {
            "title": "Заочный тур",
            "kind": "correspondence",
            "criteria-TOTAL_FORMS": 3,
            "criteria-INITIAL_FORMS": 0,
            "criteria-0-name": "Актуальность",
            "criteria-0-indicators": "Связь с ФГОС",
            "criteria-0-max_points": "10",
        },
    )
    assert [(c.name, c.max_points) for c in contest.rounds.get().criteria.all()] == [("Актуальность", 10)]
    methodist_client.post(
        f"/contests/{contest.pk}/regulations/",
        {"file": SimpleUploadedFile("Положение.pdf", PDF), "regulations_on": today.isoformat()},
    )
    page = _text(methodist_client.get(f"/contests/{contest.pk}/"))
    assert "Молодые воспитатели" in page and "Положение.pdf" in page
    assert "среднее баллов членов жюри, без высшей и низшей оценки" in page


@pytest.mark.django_db
def test_contest_form_shows_the_russian_refusal(methodist_client, district):
    response = methodist_client.post(
        "/contests/new/",
        {
            "name": "Сердце отдаю детям",
            "year": 2026,
            "kind": "heart",
            "level": "municipal",
            "organizer": district["office"].pk,
            "status": "preparation",
            "eligibility": "all",
            "aggregation": "sum",
            "prize_winners_count": 2,
            "laureates_count": 0,
        },
    )
    assert response.status_code == 200
    assert "Правило о конфликте интересов выключено: укажите причину" in _text(response)
    assert not Contest.objects.exists()


@pytest.mark.django_db
def test_only_the_methodist_sets_contests_up(director_a_client, teacher_a_client, contest):
    for client in (director_a_client, teacher_a_client):
        assert client.get("/contests/new/").status_code == 403
    assert director_a_client.get(f"/contests/{contest.pk}/edit/").status_code == 403


@pytest.mark.django_db
def test_jury_page_grants_the_role_and_says_when_there_is_no_account(
    methodist_client, district, contest, director_b
):
    response = methodist_client.post(
        f"/contests/{contest.pk}/jury/",
        {"person": district["people"]["teacher_b"].pk, "role": "member"},
        follow=True,
    )
    assert "нет учётной записи" in _text(response)
    response = methodist_client.post(
        f"/contests/{contest.pk}/jury/",
        {"person": district["people"]["director_b"].pk, "role": "chair"},
        follow=True,
    )
    assert "роль «Член жюри» конкурса выдана" in _text(response)
    assert Role.objects.filter(user=director_b, kind=Role.Kind.JURY, scope_id=contest.pk).exists()


@pytest.mark.django_db
def test_director_applies_for_a_teacher_of_the_school(director_a_client, district, contest):
    teacher = district["people"]["teacher_a"]
    response = director_a_client.post(
        f"/contests/{contest.pk}/applications/new/",
        {
            "person": teacher.pk,
            "consent_on": timezone.localdate().isoformat(),
            "files": SimpleUploadedFile("портфолио.pdf", PDF),
            "submit": "1",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert application.state == Application.State.SUBMITTED
    # a teacher of another school is not offered
    response = director_a_client.post(
        f"/contests/{contest.pk}/applications/new/",
        {
            "person": district["people"]["teacher_b"].pk,
            "consent_on": timezone.localdate().isoformat(),
            "url": "https://x.ru",
        },
    )
    assert response.status_code == 200 and Application.objects.count() == 1
    # the same teacher again
    response = director_a_client.post(
        f"/contests/{contest.pk}/applications/new/",
        {
            "person": teacher.pk,
            "consent_on": timezone.localdate().isoformat(),
            "url": "https://x.ru",
            "submit": "1",
        },
    )
    assert "уже есть заявка" in _text(response)
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_a_late_application_is_refused_with_the_date(director_a_client, district):
    today = timezone.localdate()
    contest = make_contest(
        district,
        applications_open_on=today - dt.timedelta(days=9),
        applications_close_on=today - dt.timedelta(days=2),
    )
    page = _text(director_a_client.get(f"/contests/{contest.pk}/applications/new/"))
    message = f"Приём заявок завершён {today - dt.timedelta(days=2):%d.%m.%Y}."
    assert message in page
    response = director_a_client.post(
        f"/contests/{contest.pk}/applications/new/",
        {
            "person": district["people"]["teacher_a"].pk,
            "consent_on": today.isoformat(),
            "url": "https://x.ru",
            "submit": "1",
        },
    )
    assert message in _text(response)
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_teacher_applies_personally_only_where_allowed(teacher_a_client, district, contest):
    assert teacher_a_client.get(f"/contests/{contest.pk}/").status_code == 404
    contest.self_apply = True
    contest.save()
    assert teacher_a_client.get(f"/contests/{contest.pk}/applications/new/").status_code == 200
    teacher_a_client.post(
        f"/contests/{contest.pk}/applications/new/",
        {
            "person": district["people"]["teacher_a"].pk,
            "consent_on": timezone.localdate().isoformat(),
            "url": "https://x.ru",
            "submit": "1",
        },
    )
    assert Application.objects.get().person == district["people"]["teacher_a"]


@pytest.mark.django_db
def test_schools_see_only_their_applications_and_others_get_404(
    district, contest, director_a_client, director_b_client, director_a
):
    mine = apply(contest, district["people"]["teacher_a"], user=director_a)
    theirs = apply(contest, district["people"]["teacher_b"])
    page = _text(director_a_client.get(f"/contests/{contest.pk}/applications/"))
    assert "Иванова Ольга Сергеевна" in page and "Кузнецов" not in page
    assert director_a_client.get(theirs.get_absolute_url()).status_code == 404
    assert director_b_client.get(mine.get_absolute_url()).status_code == 404
    material = mine.evidence.get()
    assert (
        director_b_client.get(
            f"/contests/{contest.pk}/applications/{mine.pk}/materials/{material.pk}/"
        ).status_code
        == 404
    )
    other = make_contest(district, name="Педагогический дебют")
    assert director_a_client.get(f"/contests/{other.pk}/applications/{mine.pk}/").status_code == 404
    assert (
        director_a_client.post(
            f"/contests/{contest.pk}/applications/{mine.pk}/admit/", {"decision": "admit"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_methodist_admits_returns_and_refuses(methodist_client, district, contest):
    a = apply(contest, district["people"]["teacher_a"])
    b = apply(contest, district["people"]["teacher_b"])
    url = f"/contests/{contest.pk}/applications/{{}}/admit/"
    response = methodist_client.post(
        url.format(a.pk), {"decision": "refuse", "version": a.version}, follow=True
    )
    assert "Укажите причину отклонения заявки" in _text(response)
    methodist_client.post(url.format(a.pk), {"decision": "admit", "version": a.version})
    methodist_client.post(
        url.format(b.pk), {"decision": "refuse", "comment": "Стаж более 3 лет", "version": b.version}
    )
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.get_state_display(), b.get_state_display()) == ("допущена", "отклонена")
    assert "Причина отклонения: Стаж более 3 лет" in _text(methodist_client.get(b.get_absolute_url()))


@pytest.mark.django_db
def test_the_secretary_admits(district, contest, director_b, director_b_client):
    services.jury_member_add(
        contest=contest, person=district["people"]["director_b"], role="secretary", user=None
    )
    a = apply(contest, district["people"]["teacher_a"])
    assert "Иванова Ольга Сергеевна" in _text(director_b_client.get(f"/contests/{contest.pk}/applications/"))
    director_b_client.post(
        f"/contests/{contest.pk}/applications/{a.pk}/admit/", {"decision": "admit", "version": a.version}
    )
    a.refresh_from_db()
    assert a.state == Application.State.ACCEPTED


@pytest.mark.django_db
def test_a_juror_sees_admitted_applications_without_personal_data(district, contest, juror, methodist):
    from django.test import Client

    teacher = district["people"]["teacher_a"]
    teacher.phone, teacher.email, teacher.birth_date = (
        "8 900 111-22-33",
        "olga@example.ru",
        dt.date(1999, 3, 4),
    )
    teacher.save()
    admitted = apply(contest, teacher, consent_on=None, consent_scan=("согласие.pdf", PDF))
    services.application_review(
        user=methodist, application=admitted, version=admitted.version, decision="admit"
    )
    waiting = apply(
        contest,
        directory_services.person_save(
            data={
                "organization": district["school_a"],
                "last_name": "Ждущая",
                "first_name": "Анна",
                "position": "Учитель",
            }
        ),
    )
    client = Client()
    client.force_login(juror, backend="django.contrib.auth.backends.ModelBackend")
    listing = _text(client.get(f"/contests/{contest.pk}/applications/"))
    assert "Иванова Ольга Сергеевна" in listing and "Ждущая" not in listing
    page = _text(client.get(admitted.get_absolute_url()))
    assert "СОШ № 1" in page and "https://example.ru/portfolio" in page
    for private in ("8 900 111-22-33", "olga@example.ru", "04.03.1999", "согласие.pdf", "152-ФЗ"):
        assert private not in page
    scan = admitted.consent_scans.get()
    assert (
        client.get(f"/contests/{contest.pk}/applications/{admitted.pk}/consent/{scan.pk}/").status_code == 404
    )
    assert client.get(waiting.get_absolute_url()).status_code == 404
    other = make_contest(district, name="Педагогический дебют")
    assert client.get(f"/contests/{other.pk}/").status_code == 404
    assert client.get(f"/contests/{contest.pk}/new/").status_code == 404
    home = _text(client.get("/"))
    assert f"Учитель года — {contest.year}" in home and f"/contests/{contest.pk}/applications/" in home


@pytest.mark.django_db
def test_navigation_and_the_directors_start_card(director_a_client, methodist_client, contest):
    home = _text(director_a_client.get("/"))
    assert "Конкурсы" in home
    assert f"Конкурс «{contest}»: приём заявок" in home
    assert f"{contest.applications_close_on:%d.%m.%Y}" in home
    assert 'href="/contests/"' in _text(methodist_client.get("/"))


def _scale(district, contest, n: int, start: int = 0):
    """n contests more, and n applications from each school in `contest` with a file and a link each."""
    for i in range(start, start + n):
        make_contest(district, name=f"Конкурс {i}")
        for org in (district["school_a"], district["school_b"]):
            person = directory_services.person_save(
                data={
                    "organization": org,
                    "last_name": f"Участник{org.pk}x{i}",
                    "first_name": "Анна",
                    "position": "Учитель",
                }
            )
            apply(contest, person, files=[("a.pdf", PDF)])
        JuryMember.objects.get_or_create(contest=contest, person=person, defaults={"role": "member"})


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "applications"])
def test_pages_read_a_constant_number_of_queries(
    district, contest, methodist_client, director_a_client, page
):
    url = "/contests/" if page == "list" else f"/contests/{contest.pk}/applications/"
    _scale(district, contest, 2)
    small = [_queries(methodist_client, url), _queries(director_a_client, url)]
    _scale(district, contest, 6, start=2)
    assert [_queries(methodist_client, url), _queries(director_a_client, url)] == small


@pytest.mark.django_db
def test_setup_pages_open_for_the_methodist(methodist_client, contest):
    round = contest.rounds.get()
    for url in (
        "/contests/new/",
        f"/contests/{contest.pk}/edit/",
        f"/contests/{contest.pk}/rounds/new/",
        f"/contests/{contest.pk}/rounds/{round.pk}/",
        f"/contests/{contest.pk}/jury/",
        f"/contests/{contest.pk}/applications/new/",
    ):
        assert methodist_client.get(url).status_code == 200, url
    assert "Актуальность" in _text(methodist_client.get(f"/contests/{contest.pk}/rounds/{round.pk}/"))
    assert methodist_client.get(f"/contests/{contest.pk}/rounds/999999/").status_code == 404
