import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contests import selectors, services
from contests.models import Application, ApplicationMaterial, Contest, JuryMember, Nomination
from directory.models import Role
from directory.person_facts import contest_entries

from .conftest import PDF, apply, make_contest


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.django_db
def test_an_application_is_filed_with_materials_and_consent_and_submitted(district, contest, director_a):
    teacher = district["people"]["teacher_a"]
    application = apply(contest, teacher, user=director_a, files=[("портфолио.pdf", PDF)])
    assert application.state == Application.State.SUBMITTED
    assert application.get_state_display() == "подана"
    assert application.organization == district["school_a"]
    assert application.submitted_by == director_a
    assert {m.label for m in application.evidence.all()} == {"портфолио.pdf", "https://example.ru/portfolio"}
    assert list(application.events.values_list("action", flat=True))[-1] == "submit"


@pytest.mark.django_db
def test_outside_the_window_an_application_is_refused_with_the_date(district):
    today = timezone.localdate()
    closed = make_contest(
        district,
        applications_open_on=today - dt.timedelta(days=30),
        applications_close_on=today - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as excinfo:
        apply(closed, district["people"]["teacher_a"])
    assert _messages(excinfo) == f"Приём заявок завершён {today - dt.timedelta(days=1):%d.%m.%Y}."
    early = make_contest(
        district,
        name="Педагогический дебют",
        applications_open_on=today + dt.timedelta(days=2),
        applications_close_on=today + dt.timedelta(days=9),
    )
    with pytest.raises(ValidationError) as excinfo:
        apply(early, district["people"]["teacher_a"])
    assert _messages(excinfo) == f"Приём заявок начнётся {today + dt.timedelta(days=2):%d.%m.%Y}."
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_contest_in_preparation_takes_no_applications(district):
    contest = make_contest(district, status=Contest.Status.PREPARATION)
    with pytest.raises(ValidationError) as excinfo:
        apply(contest, district["people"]["teacher_a"])
    assert "сейчас этап «подготовка»" in _messages(excinfo)


@pytest.mark.django_db
def test_a_second_application_for_the_same_teacher_and_nomination_is_refused(district, contest):
    young, other = (Nomination.objects.create(contest=contest, name=n) for n in ("Молодые учителя", "Другие"))
    teacher = district["people"]["teacher_a"]
    apply(contest, teacher, nomination=young)
    with pytest.raises(ValidationError) as excinfo:
        apply(contest, teacher, nomination=young, files=[("a.pdf", PDF)])
    assert _messages(excinfo) == (
        "На Иванова О.С. уже есть заявка в номинации «Молодые учителя» в конкурсе «Учитель года — "
        f"{contest.year}»."
    )
    assert Application.objects.count() == 1
    assert ApplicationMaterial.objects.count() == 1  # the first one's link only; no stray file
    apply(contest, teacher, nomination=other)  # another nomination is another application
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_application_may_be_followed_by_a_new_one(district, contest, methodist):
    teacher = district["people"]["teacher_a"]
    first = apply(contest, teacher)
    services.application_review(
        user=methodist,
        application=first,
        version=first.version,
        decision=services.REFUSE,
        comment="Не тот стаж",
    )
    assert apply(contest, teacher).state == Application.State.SUBMITTED


@pytest.mark.django_db
def test_young_specialists_only(district):
    contest = make_contest(district, eligibility=Contest.Eligibility.YOUNG)
    with pytest.raises(ValidationError) as excinfo:
        apply(contest, district["people"]["teacher_b"])  # teaching since 2001
    assert "Кузнецов И.О. — не молодой специалист" in _messages(excinfo)
    assert not Application.objects.exists()
    assert apply(contest, district["people"]["teacher_a"]).state == Application.State.SUBMITTED


@pytest.mark.django_db
def test_a_nomination_must_be_chosen_when_the_contest_has_them(district, contest):
    Nomination.objects.create(contest=contest, name="Молодые учителя")
    with pytest.raises(ValidationError) as excinfo:
        apply(contest, district["people"]["teacher_a"])
    assert _messages(excinfo) == "Выберите номинацию."


@pytest.mark.django_db
def test_submission_needs_consent_and_materials_and_a_bad_file_stores_nothing(
    district, contest, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # this test's own storage: what it finds there is its own
    teacher = district["people"]["teacher_a"]
    with pytest.raises(ValidationError) as excinfo:
        apply(contest, teacher, consent_on=None)
    assert "Нет согласия участника на обработку персональных данных (152-ФЗ)" in _messages(excinfo)
    assert not Application.objects.exists()
    with pytest.raises(ValidationError) as excinfo:
        apply(contest, teacher, url="")
    assert _messages(excinfo) == "Приложите материалы заявки: файл или ссылку."
    assert not Application.objects.exists()
    with pytest.raises(ValidationError) as excinfo:
        apply(contest, teacher, files=[("ok.pdf", PDF), ("virus.pdf", b"MZ\x90\x00 not a pdf")])
    assert not Application.objects.exists()
    assert not ApplicationMaterial.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], "the good file of a refused batch is removed"


@pytest.mark.django_db
def test_a_draft_gets_consent_by_scan_and_is_submitted(district, contest, director_a):
    application = apply(contest, district["people"]["teacher_a"], consent_on=None, submit=False)
    assert application.state == Application.State.DRAFT
    with pytest.raises(ValidationError) as excinfo:
        services.consent_record(user=director_a, application=application)
    assert _messages(excinfo) == "Укажите дату согласия или загрузите скан заявления."
    services.consent_record(user=director_a, application=application, scan=("согласие.pdf", PDF))
    application.refresh_from_db()
    services.application_submit(user=director_a, application=application, version=application.version)
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED


@pytest.mark.django_db
def test_technical_admission_admit_return_refuse(district, contest, methodist):
    teacher = district["people"]["teacher_a"]
    application = apply(contest, teacher)
    with pytest.raises(ValidationError) as excinfo:
        services.application_review(
            user=methodist, application=application, version=application.version, decision=services.RETURN
        )
    assert _messages(excinfo) == "Напишите, что нужно доработать в заявке."
    services.application_review(
        user=methodist,
        application=application,
        version=application.version,
        decision=services.RETURN,
        comment="Нет видеозаписи урока",
    )
    application.refresh_from_db()
    assert application.get_state_display() == "возвращена на доработку"
    services.application_submit(user=None, application=application, version=application.version)
    application.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.application_review(
            user=methodist, application=application, version=application.version, decision=services.REFUSE
        )
    assert _messages(excinfo) == "Укажите причину отклонения заявки: участник её увидит."
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    services.application_review(
        user=methodist, application=application, version=application.version, decision=services.ADMIT
    )
    application.refresh_from_db()
    assert application.get_state_display() == "допущена"
    with pytest.raises(ValidationError) as excinfo:
        services.application_review(
            user=methodist,
            application=application,
            version=application.version,
            decision=services.REFUSE,
            comment="поздно",
        )
    assert _messages(excinfo) == "Заявку в состоянии «допущена» отклонить нельзя."
    with pytest.raises(ValidationError):
        services.materials_add(user=None, application=application, url="https://example.ru/2")
    assert application.evidence.count() == 1


@pytest.mark.django_db
def test_contest_settings_refusals(district):
    with pytest.raises(ValidationError) as excinfo:
        make_contest(district, conflict_of_interest=False)
    assert "Правило о конфликте интересов выключено: укажите причину" in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        make_contest(district, applications_close_on=None)
    assert _messages(excinfo) == "Чтобы открыть приём заявок, укажите дату его окончания."
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        make_contest(district, applications_open_on=today, applications_close_on=today - dt.timedelta(days=1))
    assert _messages(excinfo) == "Окончание приёма заявок — не раньше его начала."
    make_contest(district)
    with pytest.raises(ValidationError) as excinfo:
        make_contest(district)
    assert _messages(excinfo) == f"Конкурс «Учитель года» {today.year} года уже есть."
    assert Contest.objects.count() == 1
    off = make_contest(
        district, name="Другой", conflict_of_interest=False, conflict_off_reason="п. 5.3 положения"
    )
    assert off.conflict_off_reason == "п. 5.3 положения"


@pytest.mark.django_db
def test_rounds_and_criteria_refusals_save_nothing(district, contest):
    with pytest.raises(ValidationError) as excinfo:
        services.round_save(
            contest=contest,
            data={"title": "Очный тур"},
            criteria=[
                services.CriterionData(name="Урок", max_points=Decimal(10)),
                services.CriterionData(name="Рефлексия", max_points=Decimal(0)),
            ],
        )
    assert _messages(excinfo) == "Критерий «Рефлексия»: максимум баллов — положительное число."
    assert contest.rounds.count() == 1
    round = services.round_save(
        contest=contest,
        data={"title": "Очный тур", "cutoff": 5},
        criteria=[services.CriterionData(name="Урок", max_points=Decimal("12.5"))],
    )
    assert round.position == 2
    assert [(c.name, c.max_points) for c in round.criteria.all()] == [("Урок", Decimal("12.5"))]


@pytest.mark.django_db
def test_nominations_in_use_are_not_removed(district, contest):
    services.nominations_set(contest=contest, names=["Молодые учителя", "Молодые воспитатели"])
    young = contest.nominations.get(name="Молодые учителя")
    apply(contest, district["people"]["teacher_a"], nomination=young)
    with pytest.raises(ValidationError) as excinfo:
        services.nominations_set(contest=contest, names=["Молодые воспитатели"])
    assert _messages(excinfo) == "На номинации уже поданы заявки, их нельзя удалить: Молодые учителя."
    assert contest.nominations.count() == 2
    services.nominations_set(contest=contest, names=["Молодые учителя"])
    assert list(contest.nominations.values_list("name", flat=True)) == ["Молодые учителя"]


@pytest.mark.django_db
def test_a_juror_gets_the_role_of_the_contest_and_loses_it_with_the_last_seat(district, contest, director_a):
    seat = services.jury_member_add(
        contest=contest, person=district["people"]["director_a"], role="chair", user=None
    )
    assert seat.granted and seat.has_account
    assert Role.objects.filter(user=director_a, kind=Role.Kind.JURY, scope_id=contest.pk).exists()
    with pytest.raises(ValidationError) as excinfo:
        services.jury_member_add(
            contest=contest, person=district["people"]["director_a"], role="member", user=None
        )
    assert _messages(excinfo) == "Петров А.И. уже в жюри конкурса."
    with pytest.raises(ValidationError) as excinfo:
        services.jury_member_add(
            contest=contest, person=district["people"]["director_b"], role="chair", user=None
        )
    assert _messages(excinfo) == "Председатель жюри уже назначен."
    no_account = services.jury_member_add(
        contest=contest, person=district["people"]["teacher_b"], role="member", user=None
    )
    assert not no_account.has_account and not no_account.granted
    services.jury_member_remove(member=seat.member)
    assert not Role.objects.filter(user=director_a, kind=Role.Kind.JURY).exists()
    assert JuryMember.objects.count() == 1


@pytest.mark.django_db
def test_contest_entries_for_other_apps_in_one_query(district, contest, django_assert_num_queries):
    apply(contest, district["people"]["teacher_a"])
    apply(contest, district["people"]["teacher_b"], submit=False)  # a draft is no entry
    ids = [district["people"]["teacher_a"].pk, district["people"]["teacher_b"].pk]
    with django_assert_num_queries(1):
        entries = selectors.contest_entries(ids)
    assert entries == {ids[0]: [f"«Учитель года — {contest.year}»: подана"]}
    assert contest_entries(ids) == entries  # registered with directory.person_facts


@pytest.mark.django_db
def test_steps_are_told_and_submitted_applications_wait_in_the_queue(
    district, contest, methodist, director_a, director_b
):
    from notifications.models import Notice
    from progress.registry import review_queue

    services.jury_member_add(
        contest=contest, person=district["people"]["director_b"], role="secretary", user=None
    )
    application = apply(contest, district["people"]["teacher_a"], user=director_a)
    for user in (methodist, director_b):
        assert Notice.objects.filter(recipient=user, kind="contest_application_submitted").exists()
        assert [item.title for item in review_queue(user) if item.kind == "Заявки на конкурсы"] == [
            f"{contest}: Иванова Ольга Сергеевна"
        ]
    assert not [item for item in review_queue(director_a) if item.kind == "Заявки на конкурсы"]
    services.application_review(
        user=methodist,
        application=application,
        version=application.version,
        decision=services.REFUSE,
        comment="Стаж",
    )
    notice = Notice.objects.filter(recipient=director_a, kind="contest_application_decided").get()
    assert notice.title == f"Заявка Иванова О.С. («{contest}») отклонена"
    assert not [item for item in review_queue(methodist) if item.kind == "Заявки на конкурсы"]
