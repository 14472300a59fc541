"""Reminders about teachers' questionnaires: the deadline source (monitoring.questionnaires) in the
reminder scan, and «Напомнить всем» on a teachers' campaign roll call."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from directory import person_facts
from directory import services as directory_services
from directory.person_facts import register_mentors, unregister_mentors
from monitoring import rollcall
from monitoring.models import Campaign, MonitoringForm, Submission
from monitoring.reminders import QuestionnaireDeadlineSource
from notifications.models import Notice, ReminderClaim
from notifications.reminders import reminders_scan

pytestmark = pytest.mark.django_db

S = Submission.State
R = Campaign.Respondent
DEADLINE = dt.date(2025, 10, 1)


def _campaign(title, respondent=R.SELF, status=Campaign.Status.OPEN, deadline=DEADLINE):
    form = MonitoringForm.objects.create(title=f"Форма {title}", year=2025)
    return Campaign.objects.create(
        form=form,
        title=title,
        deadline=deadline,
        status=status,
        audience=Campaign.Audience.TEACHERS,
        respondent=respondent,
    )


def _ask(campaign, person, state=S.DRAFT):
    return Submission.objects.create(
        campaign=campaign, organization=person.organization, person=person, state=state
    )


def _with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.ru"
        user.save(update_fields=["email"])


@pytest.fixture
def novice(district):
    """A second teacher of school A, without a login."""
    return directory_services.person_save(
        data={
            "organization": district["school_a"],
            "last_name": "Смирнова",
            "first_name": "Вера",
            "patronymic": "Петровна",
            "position": "Учитель музыки",
        }
    )


def _scan(today, capture):
    with capture(execute=True):
        reminders_scan(today=today)


def _letters(title):
    return sorted(m.to[0] for m in mail.outbox if title in m.body)


def test_a_teacher_hears_of_their_own_questionnaire_once(
    district, teacher_a, novice, django_capture_on_commit_callbacks
):
    _with_email(teacher_a)
    campaign = _campaign("Диагностика дефицитов 2025")
    own = _ask(campaign, district["people"]["teacher_a"])
    _ask(campaign, novice)  # no login: nobody to remind
    sent = _campaign("Анкета уже отправлена")
    _ask(sent, district["people"]["teacher_a"], S.SUBMITTED)
    closed = _campaign("Анкета закрытой кампании", status=Campaign.Status.CLOSED)
    _ask(closed, district["people"]["teacher_a"])

    _scan(DEADLINE + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert _letters("Диагностика дефицитов 2025") == ["pedagog_a@example.ru"]
    claims = ReminderClaim.objects.filter(title__contains="Анкета")
    assert [(c.recipient_id, c.title, c.url) for c in claims] == [
        (teacher_a.pk, "Анкета: Диагностика дефицитов 2025", reverse("monitoring:submission", args=[own.pk]))
    ]
    assert not _letters("Анкета уже отправлена") and not _letters("Анкета закрытой кампании")

    mail.outbox.clear()
    _scan(DEADLINE + dt.timedelta(days=7), django_capture_on_commit_callbacks)  # the hourly scan again
    assert mail.outbox == []

    Submission.objects.filter(pk=own.pk).update(state=S.SUBMITTED)
    _scan(DEADLINE + dt.timedelta(days=14), django_capture_on_commit_callbacks)
    assert not _letters("Диагностика дефицитов 2025")


def test_a_director_hears_once_per_campaign_how_many_are_left_and_no_names(
    district, director_a, director_b, teacher_a, novice, django_capture_on_commit_callbacks
):
    _with_email(director_a, director_b, teacher_a)
    campaign = _campaign("Оценка руководителя 2025", respondent=R.DIRECTOR)
    _ask(campaign, district["people"]["teacher_a"])
    _ask(campaign, novice, S.RETURNED)
    _ask(campaign, district["people"]["teacher_b"], S.SUBMITTED)

    _scan(DEADLINE, django_capture_on_commit_callbacks)
    claims = list(ReminderClaim.objects.filter(context__contains="Оценка руководителя 2025"))
    assert [(c.recipient_id, c.title, c.url) for c in claims] == [
        (director_a.pk, "Анкеты о педагогах: осталось 2", reverse("monitoring:campaign", args=[campaign.pk]))
    ]
    letters = [m for m in mail.outbox if "Оценка руководителя 2025" in m.body]
    assert [m.to for m in letters] == [["direktor_a@example.ru"]]
    for name in ("Иванова", "Смирнова", "Кузнецов"):
        assert name not in letters[0].body
    assert not [m for m in mail.outbox if m.to == ["pedagog_a@example.ru"]]  # the teacher does not answer


def test_the_source_runs_in_a_constant_number_of_queries(
    district, teacher_a, director_a, novice, django_assert_max_num_queries
):
    for n in range(3):
        _ask(_campaign(f"Анкета {n}"), district["people"]["teacher_a"])
        _ask(_campaign(f"О педагогах {n}", respondent=R.DIRECTOR), novice)
    query = QuestionnaireDeadlineSource().due_query(dates=[DEADLINE], today=DEADLINE, told=())
    with django_assert_max_num_queries(1), connection.cursor() as cursor:
        cursor.execute(query.sql, query.params)
        rows = cursor.fetchall()
    assert len(rows) == 6


def test_remind_all_on_a_teachers_campaign_once_a_day(
    district, methodist_client, teacher_a, novice, director_a, django_capture_on_commit_callbacks
):
    _with_email(teacher_a, director_a)
    campaign = _campaign("Диагностика 2025")
    _ask(campaign, district["people"]["teacher_a"])
    _ask(campaign, novice)  # no login
    _ask(campaign, district["people"]["teacher_b"], S.SUBMITTED)
    page = methodist_client.get(reverse("monitoring_results:rollcall", args=[campaign.pk])).content.decode()
    assert "Напомнить всем" in page

    url = reverse("monitoring_results:remind", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = methodist_client.post(url, follow=True)
    assert "Напоминания отправлены: 1." in response.content.decode()
    notices = Notice.objects.filter(kind=rollcall.REMINDER_KIND)
    assert [(n.recipient_id, n.body) for n in notices] == [
        (teacher_a.pk, "Ваша анкета не отправлена. Заполните её до 01.10.2025.")
    ]
    assert [m.to for m in mail.outbox] == [["pedagog_a@example.ru"]]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = methodist_client.post(url, follow=True)
    assert "Сегодня всем уже напоминали" in again.content.decode()
    assert notices.count() == 1 and mail.outbox == []
    # once everyone has sent, the page says so rather than «tomorrow»
    campaign.submissions.update(state=S.SUBMITTED)
    done = methodist_client.post(url, follow=True).content.decode()
    assert "Все уже ответили: напоминать некому." in done


def test_remind_all_asks_the_director_about_the_teachers_without_names(
    district, methodist_client, director_a, director_b, teacher_a, novice, django_capture_on_commit_callbacks
):
    _with_email(director_a, director_b)
    campaign = _campaign("Оценка руководителя 2025", respondent=R.DIRECTOR)
    _ask(campaign, district["people"]["teacher_a"])
    _ask(campaign, novice)
    _ask(campaign, district["people"]["teacher_b"], S.SUBMITTED)
    url = reverse("monitoring_results:remind", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = methodist_client.post(url, follow=True)
    assert "Напоминания отправлены: 1." in response.content.decode()
    assert [(n.recipient_id, n.body) for n in Notice.objects.filter(kind=rollcall.REMINDER_KIND)] == [
        (director_a.pk, "Анкеты о педагогах: осталось 2. Заполните их до 01.10.2025.")
    ]
    assert [m.to for m in mail.outbox] == [["direktor_a@example.ru"]]
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    campaign.refresh_from_db()
    assert rollcall.remind_all(campaign, today=dt.date(2099, 1, 1)) == 0


@pytest.fixture
def mentors(monkeypatch):
    """The test's pairs as the only mentors' provider (mentorship's own is set aside for the test):
    {mentee person id: {mentor user ids}}."""
    pairs: dict[int, set[int]] = {}

    def provider(person_ids):
        return {pid: set(pairs[pid]) for pid in person_ids if pid in pairs}

    monkeypatch.setattr(person_facts, "_mentor_providers", [])
    register_mentors(provider)
    yield pairs
    unregister_mentors(provider)


def test_remind_all_reaches_the_mentor_of_a_mentee_not_yet_assessed(
    district, mentors, teacher_a, novice, director_a, django_capture_on_commit_callbacks
):
    mentor = directory_services.user_ensure(
        username="nastavnik", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    _with_email(mentor, teacher_a, director_a)
    mentors[novice.pk] = {mentor.pk}
    mentors[district["people"]["teacher_a"].pk] = {mentor.pk}
    campaign = _campaign("Оценка наставника 2025", respondent=R.MENTOR)
    _ask(campaign, novice)
    _ask(campaign, district["people"]["teacher_a"], S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert rollcall.remind_all(campaign) == 1
    assert [(n.recipient_id, n.body) for n in Notice.objects.filter(kind=rollcall.REMINDER_KIND)] == [
        (mentor.pk, "Анкеты о педагогах: осталось 1. Заполните их до 01.10.2025.")
    ]
    assert [m.to for m in mail.outbox] == [["nastavnik@example.ru"]]
    assert rollcall.remind_all(campaign) == 0  # the same day: nothing again


def test_the_scan_reminds_the_mentor_once_per_campaign(
    district, mentors, teacher_a, novice, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    mentor = directory_services.user_ensure(
        username="nastavnik", password="pass-for-tests-1", person=district["people"]["teacher_b"]
    )
    _with_email(mentor, teacher_a)
    mentors[novice.pk] = {mentor.pk}
    mentors[district["people"]["teacher_a"].pk] = {mentor.pk}
    campaign = _campaign("Оценка наставника 2025", respondent=R.MENTOR)
    _ask(campaign, novice)
    _ask(campaign, district["people"]["teacher_a"])
    with django_assert_max_num_queries(1):  # the mentees still due; the test's provider asks nothing
        query = QuestionnaireDeadlineSource().due_query(dates=[DEADLINE], today=DEADLINE, told=())
    assert query is not None

    _scan(DEADLINE, django_capture_on_commit_callbacks)
    claims = list(ReminderClaim.objects.filter(context__contains="Оценка наставника 2025"))
    assert [(c.recipient_id, c.title) for c in claims] == [(mentor.pk, "Анкеты о педагогах: осталось 2")]
    letters = [m for m in mail.outbox if "Оценка наставника 2025" in m.body]
    assert [m.to for m in letters] == [["nastavnik@example.ru"]]
    assert "Смирнова" not in letters[0].body and "Иванова" not in letters[0].body
