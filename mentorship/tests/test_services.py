import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from mentorship import selectors, services
from mentorship.models import ConsentScan, MenteeDeparture, Pair, PairMember

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _dates(months: int = 9):
    starts = timezone.localdate() - dt.timedelta(days=30)
    return starts, starts + dt.timedelta(days=round(months * 30.4))


def make_pair(district, *, mentors, mentees, form=Pair.Form.TRADITIONAL, org=None, **extra):
    starts, ends = _dates()
    kwargs = {
        "user": None,
        "organization": org or district["school_a"],
        "form": form,
        "goal": "Адаптация в коллективе",
        "starts_on": starts,
        "ends_on": ends,
        "mentors": mentors,
        "mentees": mentees,
    }
    kwargs.update(extra)
    return services.pair_create(**kwargs)


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.mark.django_db
def test_a_pair_is_formed_with_consent_dates_and_a_scan(district, staff):
    today = timezone.localdate()
    pair = make_pair(
        district,
        mentors=[staff["mentor1"]],
        mentees=[staff["young1"]],
        curator=staff["deputy"],
        consents={
            staff["mentor1"].pk: services.Consent(on=today),
            staff["young1"].pk: services.Consent(scan=("согласие.pdf", PDF)),
        },
    )
    members = {m.person_id: m for m in pair.members.all()}
    assert members[staff["mentor1"].pk].role == PairMember.Role.MENTOR
    assert members[staff["mentor1"].pk].consent_on == today
    scan = ConsentScan.objects.get(member=members[staff["young1"].pk])
    assert scan.original_name == "согласие.pdf" and scan.content_type == "application/pdf"
    assert all(services.has_consent(m) for m in members.values())
    assert pair.curator == staff["deputy"] and pair.status == Pair.Status.ACTIVE


@pytest.mark.django_db
def test_the_mentor_cannot_be_the_mentee(district, staff):
    with pytest.raises(ValidationError) as excinfo:
        make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["mentor1"]])
    assert "Наставник не может быть наставляемым" in _messages(excinfo)
    assert not Pair.objects.exists()


@pytest.mark.django_db
def test_a_mentee_already_in_an_active_pair_is_refused(district, staff):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    with pytest.raises(ValidationError) as excinfo:
        make_pair(district, mentors=[staff["mentor2"]], mentees=[staff["young1"]])
    assert "Молодова А.П. уже наставляемый в действующей паре" in _messages(excinfo)
    assert Pair.objects.count() == 1 and PairMember.objects.count() == 2


@pytest.mark.django_db
def test_a_mentor_over_the_limit_is_refused_with_the_numbers(district, staff):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"], staff["young2"]], form="group")
    with pytest.raises(ValidationError) as excinfo:
        make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young3"]])
    assert "У наставника Наставникова А.П. уже 2 наставляемых (не более 2)." in _messages(excinfo)
    assert Pair.objects.count() == 1


@pytest.mark.django_db
@override_settings(MENTORSHIP_MAX_MENTEES=1)
def test_the_limit_is_a_setting(district, staff):
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    with pytest.raises(ValidationError) as excinfo:
        make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young2"]])
    assert "уже 1 наставляемых (не более 1)" in _messages(excinfo)


@pytest.mark.django_db
def test_an_ended_pair_frees_the_mentee_and_the_mentor(district, staff):
    pair = make_pair(
        district, mentors=[staff["mentor1"]], mentees=[staff["young1"], staff["young2"]], form="group"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.pair_end_early(pair=pair, user=None, reason="  ")
    assert "Укажите причину досрочного завершения." in _messages(excinfo)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    services.pair_end_early(pair=pair, user=None, reason="Переход наставника в другую школу")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED_EARLY and pair.end_reason == "Переход наставника в другую школу"
    assert pair.ended_on == timezone.localdate()
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])  # free again
    with pytest.raises(ValidationError, match="Пара уже завершена"):
        services.pair_end_early(pair=pair, user=None, reason="ещё раз")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-10, "Дата окончания должна быть позже даты начала."),
        (0, "Дата окончания должна быть позже даты начала."),
        (40, "Срок наставничества — от 3 месяцев до 12 месяцев"),
        (400, "Срок наставничества — от 3 месяцев до 12 месяцев"),
    ],
)
@pytest.mark.django_db
def test_the_term_is_three_months_to_a_year(district, staff, days, message):
    starts = dt.date(2026, 9, 1)
    with pytest.raises(ValidationError) as excinfo:
        make_pair(
            district,
            mentors=[staff["mentor1"]],
            mentees=[staff["young1"]],
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=days),
        )
    assert message in _messages(excinfo)
    assert not Pair.objects.exists()


@pytest.mark.django_db
def test_the_traditional_form_is_one_to_one(district, staff):
    with pytest.raises(ValidationError) as excinfo:
        make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"], staff["young2"]])
    assert "«один на один»" in _messages(excinfo)


@pytest.mark.django_db
def test_participants_of_another_school_are_refused(district, staff):
    with pytest.raises(ValidationError) as excinfo:
        make_pair(district, mentors=[staff["mentor_b"]], mentees=[staff["young1"]])
    assert "не из неё: Бэстаж А.П." in _messages(excinfo)


@pytest.mark.django_db
def test_a_disguised_scan_leaves_nothing_saved(district, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as excinfo:
        make_pair(
            district,
            mentors=[staff["mentor1"]],
            mentees=[staff["young1"]],
            consents={
                staff["mentor1"].pk: services.Consent(scan=("скан.pdf", PDF)),
                staff["young1"].pk: services.Consent(scan=("скан2.pdf", b"MZ\x90\x00program")),
            },
        )
    assert "скан2.pdf" in _messages(excinfo)
    assert not Pair.objects.exists() and not ConsentScan.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # the first scan's file went too


@pytest.mark.django_db
def test_a_consent_date_in_the_future_is_refused(district, staff):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        make_pair(
            district,
            mentors=[staff["mentor1"]],
            mentees=[staff["young1"]],
            consents={staff["young1"].pk: services.Consent(on=tomorrow)},
        )
    assert "Дата согласия не может быть позже сегодняшнего дня." in _messages(excinfo)


@pytest.mark.django_db
def test_consent_recorded_later(district, staff):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    member = pair.members.get(role=PairMember.Role.MENTEE)
    assert not services.has_consent(member)
    with pytest.raises(ValidationError) as excinfo:
        services.consent_record(member=member, user=None)
    assert "Укажите дату согласия или загрузите скан" in _messages(excinfo)
    services.consent_record(member=member, user=None, on=timezone.localdate())
    member.refresh_from_db()
    assert services.has_consent(member)


@pytest.mark.django_db
def test_a_mentee_who_left_is_kept_in_the_history_and_the_pair_ends(district, staff):
    pair = make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    member = pair.members.get(role=PairMember.Role.MENTEE)
    services.mentee_departure_record(
        member=member, user=None, left_on=timezone.localdate(), reason="Переезд в другой район"
    )
    departure = MenteeDeparture.objects.get()
    assert departure.person == staff["young1"] and departure.organization == district["school_a"]
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED_EARLY and "Переезд" in pair.end_reason
    staff["young1"].refresh_from_db()  # the person stays in the directory


@pytest.mark.django_db
def test_mentor_users_of_names_the_mentors_logins(district, staff):
    from directory import services as directory_services

    user = directory_services.user_ensure(
        username="mentor1", password="pass-for-tests-1", person=staff["mentor1"]
    )
    make_pair(district, mentors=[staff["mentor1"]], mentees=[staff["young1"]])
    assert selectors.mentor_users_of([staff["young1"].pk, staff["young2"].pk]) == {
        staff["young1"].pk: {user.pk}
    }
