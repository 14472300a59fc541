"""Accounts managed in the product: invitations, roles on the card, switching a login off, the history."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory import accounts, services
from directory.models import AccountEvent, Invitation, Role
from roadmaps.tests.factories import SAMPLE_ROWS, make_roadmap

User = get_user_model()
Action = AccountEvent.Action
NEW_PASSWORD = "Sinyaya-Reka-2026"


def _set_email(person, email):
    return services.person_save(data={"email": email}, person=person)


def _invite(client, person, capture):
    with capture(execute=True):
        return client.post(reverse("directory:person_invite", args=[person.pk]), follow=True)


def _link_from_outbox(address: str) -> str:
    letters = [m for m in mail.outbox if m.to == [address]]
    assert letters, f"no letter to {address}"
    match = re.search(r"https?://\S+/accounts/invitation/\S+/", letters[-1].body)
    assert match, letters[-1].body
    return match.group(0)


def _can_log_in(username: str, password: str) -> bool:
    """Through the login page, as a person would (axes needs the request)."""
    client = Client()
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def teacher(district):
    return _set_email(district["people"]["teacher_a"], "ivanova@school1.example.ru")


# --- Invitations -------------------------------------------------------------------------------------


def test_methodist_gives_access_and_invitation_letter_carries_the_link(
    methodist_client, teacher, django_capture_on_commit_callbacks
):
    response = _invite(methodist_client, teacher, django_capture_on_commit_callbacks)

    assert "Приглашение отправлено на ivanova@school1.example.ru" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.user.username == "ivanova.os"
    assert not teacher.user.has_usable_password()
    letter = [m for m in mail.outbox if m.to == ["ivanova@school1.example.ru"]][-1]
    assert "ivanova.os" in letter.body
    assert "/accounts/invitation/" in letter.body
    token = _path(_link_from_outbox("ivanova@school1.example.ru")).rstrip("/").rsplit("/", 1)[1]
    stored = Invitation.objects.get(user=teacher.user)
    assert token not in stored.token_hash  # only the hash is kept


def test_following_the_link_sets_the_password_and_the_user_can_log_in(
    methodist_client, teacher, django_capture_on_commit_callbacks
):
    _invite(methodist_client, teacher, django_capture_on_commit_callbacks)
    path = _path(_link_from_outbox(teacher.email))
    visitor = Client()

    page = visitor.get(path)
    assert page.status_code == 200
    assert "ivanova.os" in page.content.decode()
    done = visitor.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)

    assert "Пароль задан" in done.content.decode()
    assert done.redirect_chain[-1][0] == reverse("login")
    assert _can_log_in("ivanova.os", NEW_PASSWORD)


def test_password_validators_apply_on_the_invitation_page(
    methodist_client, teacher, django_capture_on_commit_callbacks
):
    _invite(methodist_client, teacher, django_capture_on_commit_callbacks)
    path = _path(_link_from_outbox(teacher.email))

    response = Client().post(path, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    assert "слишком" in response.content.decode().lower()  # Django's validators, in Russian
    teacher.refresh_from_db()
    assert not teacher.user.has_usable_password()
    assert not Invitation.objects.get(user=teacher.user).used_at


def test_second_use_of_the_link_is_refused_in_russian(
    methodist_client, teacher, django_capture_on_commit_callbacks
):
    _invite(methodist_client, teacher, django_capture_on_commit_callbacks)
    path = _path(_link_from_outbox(teacher.email))
    Client().post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().post(path, {"new_password1": "Drugoy-Parol-77", "new_password2": "Drugoy-Parol-77"})

    assert again.status_code == 410
    assert "Ссылка уже использована" in again.content.decode()
    assert _can_log_in("ivanova.os", NEW_PASSWORD)


def test_expired_link_is_refused_in_russian(methodist_client, teacher, django_capture_on_commit_callbacks):
    _invite(methodist_client, teacher, django_capture_on_commit_callbacks)
    path = _path(_link_from_outbox(teacher.email))
    Invitation.objects.filter(person=teacher).update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = Client().get(path)

    assert response.status_code == 410
    assert "Срок действия ссылки истёк — попросите новое приглашение" in response.content.decode()


def test_invitation_expires_after_the_configured_days(methodist, teacher, settings):
    settings.INVITATION_VALID_DAYS = 3
    now = timezone.now()
    invitation = accounts.account_invite(person=teacher, actor=methodist, now=now)
    assert invitation.expires_at == now + dt.timedelta(days=3)


def test_resent_invitation_replaces_the_old_link(
    methodist_client, teacher, django_capture_on_commit_callbacks
):
    _invite(methodist_client, teacher, django_capture_on_commit_callbacks)
    old_path = _path(_link_from_outbox(teacher.email))
    response = _invite(methodist_client, teacher, django_capture_on_commit_callbacks)
    new_path = _path(_link_from_outbox(teacher.email))

    assert "Приглашение отправлено повторно" in response.content.decode()
    assert old_path != new_path
    assert Client().get(old_path).status_code == 410
    assert Client().get(new_path).status_code == 200
    assert AccountEvent.objects.filter(person=teacher, action=Action.INVITATION_RESENT).exists()


def test_person_without_email_is_told_to_add_one(methodist_client, district):
    person = district["people"]["teacher_b"]

    response = methodist_client.post(reverse("directory:person_invite", args=[person.pk]), follow=True)

    assert "не указана электронная почта" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None


def test_email_of_another_login_is_refused(methodist_client, methodist, district):
    _set_email(district["people"]["methodist"], "volkova@rmk.example.ru")
    services.user_ensure(username="metodist", password=None, person=district["people"]["methodist"])
    person = _set_email(district["people"]["teacher_b"], "Volkova@rmk.example.ru")

    response = methodist_client.post(reverse("directory:person_invite", args=[person.pk]), follow=True)

    assert "уже используется другой учётной записью (metodist)" in response.content.decode()
    person.refresh_from_db()
    assert person.user is None
    assert not mail.outbox


def test_usernames_are_transliterated_and_unique(methodist, district):
    first = _set_email(district["people"]["teacher_a"], "a@example.ru")
    accounts.account_invite(person=first, actor=methodist)
    twin = services.person_save(
        data={
            "organization": district["school_b"],
            "last_name": "Иванова",
            "first_name": "Ольга",
            "patronymic": "Семёновна",
            "position": "Учитель",
            "email": "b@example.ru",
        }
    )
    accounts.account_invite(person=twin, actor=methodist)
    twin.refresh_from_db()
    assert twin.user.username == "ivanova.os2"
    assert accounts.transliterate("Щербаковъ Юлия") == "shcherbakovyuliya"


def test_director_invites_own_staff_but_not_another_schools(
    director_a_client, district, django_capture_on_commit_callbacks
):
    own = _set_email(district["people"]["teacher_a"], "own@example.ru")
    other = _set_email(district["people"]["teacher_b"], "other@example.ru")

    _invite(director_a_client, own, django_capture_on_commit_callbacks)
    refused = director_a_client.post(reverse("directory:person_invite", args=[other.pk]))

    own.refresh_from_db()
    assert own.user is not None
    assert refused.status_code == 404


def test_director_gets_404_on_another_schools_person_card(director_a_client, district):
    response = director_a_client.get(
        reverse("directory:person_detail", args=[district["people"]["teacher_b"].pk])
    )
    assert response.status_code == 404


def test_teacher_sees_own_card_without_the_access_section_and_cannot_post(teacher_a_client, district):
    person = district["people"]["teacher_a"]
    page = teacher_a_client.get(reverse("directory:person_detail", args=[person.pk]))
    assert page.status_code == 200
    assert "История доступа" not in page.content.decode()
    assert teacher_a_client.post(reverse("directory:person_deactivate", args=[person.pk])).status_code == 403


def test_mutating_urls_refuse_get_and_anonymous(methodist_client, anonymous_client, district):
    url = reverse("directory:person_invite", args=[district["people"]["teacher_a"].pk])
    assert methodist_client.get(url).status_code == 405
    response = anonymous_client.post(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- Roles --------------------------------------------------------------------------------------------


def _grant(client, person, choice):
    return client.post(
        reverse("directory:person_role_grant", args=[person.pk]), {"role": choice}, follow=True
    )


def test_methodist_grants_director_role_and_it_shows_on_the_card(methodist_client, director_b, district):
    teacher = district["people"]["teacher_b"]
    services.user_ensure(username="kuznetsov", password=None, person=teacher)

    response = _grant(methodist_client, teacher, f"director:{district['school_b'].pk}")

    assert "Роль «Руководитель ОО: СОШ № 2» назначена." in response.content.decode()
    assert Role.objects.filter(user__person=teacher, kind=Role.Kind.DIRECTOR).exists()


def test_director_cannot_grant_methodist(director_a_client, district):
    teacher = district["people"]["teacher_a"]
    services.user_ensure(username="ivanova", password=None, person=teacher)

    response = _grant(director_a_client, teacher, "methodist")

    assert response.status_code == 403
    assert not Role.objects.filter(user__person=teacher).exists()


def test_director_grants_teacher_role_to_own_staff(director_a_client, district):
    teacher = district["people"]["teacher_a"]
    services.user_ensure(username="ivanova", password=None, person=teacher)

    _grant(director_a_client, teacher, "teacher")

    assert Role.objects.filter(user__person=teacher, kind=Role.Kind.TEACHER).exists()


def test_methodist_cannot_grant_administrator(methodist_client, district):
    teacher = district["people"]["teacher_a"]
    services.user_ensure(username="ivanova", password=None, person=teacher)

    response = _grant(methodist_client, teacher, "administrator")

    assert response.status_code == 403
    assert not Role.objects.filter(user__person=teacher).exists()


def test_administrator_grants_and_withdraws_methodist(administrator_client, district):
    teacher = district["people"]["teacher_a"]
    services.user_ensure(username="ivanova", password=None, person=teacher)

    _grant(administrator_client, teacher, "methodist")
    role = Role.objects.get(user__person=teacher, kind=Role.Kind.METHODIST)
    administrator_client.post(reverse("directory:person_role_withdraw", args=[teacher.pk, role.pk]))

    assert not Role.objects.filter(pk=role.pk).exists()
    assert list(
        AccountEvent.objects.filter(person=teacher).order_by("pk").values_list("action", "detail")
    ) == [(Action.ROLE_GRANTED, "Методист"), (Action.ROLE_WITHDRAWN, "Методист")]


def test_last_administrator_cannot_withdraw_own_role(administrator_client, administrator, district):
    role = Role.objects.get(user=administrator, kind=Role.Kind.ADMINISTRATOR)
    person = district["people"]["administrator"]

    response = administrator_client.post(
        reverse("directory:person_role_withdraw", args=[person.pk, role.pk]), follow=True
    )

    assert "Это последний администратор" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


def test_administrator_role_can_be_withdrawn_when_another_remains(
    administrator_client, administrator, district
):
    other = services.user_ensure(username="second", password=None, person=district["people"]["teacher_b"])
    services.role_grant(user=other, kind=Role.Kind.ADMINISTRATOR)
    role = Role.objects.get(user=administrator, kind=Role.Kind.ADMINISTRATOR)

    administrator_client.post(
        reverse("directory:person_role_withdraw", args=[district["people"]["administrator"].pk, role.pk])
    )

    assert not Role.objects.filter(pk=role.pk).exists()


def test_methodist_grants_a_scoped_role_chosen_from_the_registered_objects(
    methodist_client, methodist, district
):
    from associations.models import Association

    association = Association.objects.create(
        name="ШМО учителей математики", kind=Association.Kind.SCHOOL, organization=district["school_a"]
    )
    teacher = district["people"]["teacher_a"]
    services.user_ensure(username="ivanova", password=None, person=teacher)

    page = methodist_client.get(reverse("directory:person_detail", args=[teacher.pk]))
    assert f'value="association_head:{association.pk}"' in page.content.decode()
    _grant(methodist_client, teacher, f"association_head:{association.pk}")
    bogus = _grant(methodist_client, teacher, "association_head:999999")

    assert Role.objects.filter(
        user__person=teacher, kind="association_head", scope_id=association.pk
    ).exists()
    assert "Выберите объединение или конкурс из списка." in bogus.content.decode()


# --- Every school head at once ---------------------------------------------------------------------------


def test_bulk_invites_heads_and_lists_who_had_no_email_and_who_had_a_login(
    methodist_client, director_b, district, django_capture_on_commit_callbacks
):
    _set_email(district["people"]["director_a"], "petrov@school1.example.ru")
    kindergarten = services.organization_save(
        data={"name": "МБДОУ «Детский сад № 5»", "short_name": "ДС № 5"}
    )
    no_mail_head = services.person_save(
        data={
            "organization": kindergarten,
            "last_name": "Орлова",
            "first_name": "Нина",
            "patronymic": "",
            "position": "Заведующий",
        }
    )
    services.organization_set_head(organization=kindergarten, person=no_mail_head)

    with django_capture_on_commit_callbacks(execute=True):
        response = methodist_client.post(reverse("directory:heads_invite"))

    text = response.content.decode()
    assert "Приглашено руководителей: 1." in text
    no_email_part = text.split("Без электронной почты")[1].split("Учётная запись уже была")[0]
    assert "Орлова Нина" in no_email_part
    had_login_part = text.split("Учётная запись уже была")[1]
    assert "Сидорова Мария Павловна" in had_login_part
    head = district["people"]["director_a"]
    head.refresh_from_db()
    assert Role.objects.filter(
        user=head.user, kind=Role.Kind.DIRECTOR, organization=district["school_a"]
    ).exists()
    assert _link_from_outbox("petrov@school1.example.ru")
    no_mail_head.refresh_from_db()
    assert no_mail_head.user is None


def test_bulk_page_is_for_methodist_and_administrator_only(director_a_client, administrator_client):
    assert director_a_client.get(reverse("directory:heads_invite")).status_code == 403
    assert administrator_client.get(reverse("directory:heads_invite")).status_code == 200


# --- Switching a login off ------------------------------------------------------------------------------


def test_deactivation_keeps_data_lists_open_items_and_can_be_undone(methodist_client, methodist, district):
    teacher = district["people"]["teacher_a"]
    user = services.user_ensure(username="ivanova", password="Parol-dlya-testa-1", person=teacher)
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)
    rows = list(roadmap.rows.exclude(number=""))[:2]
    for row in rows:
        row.responsible_people.add(teacher)

    page = methodist_client.post(reverse("directory:person_deactivate", args=[teacher.pk]), follow=True)

    text = page.content.decode()
    assert "Доступ отключён" in text
    assert f"Строки дорожной карты «{roadmap.title}», где сотрудник указан ответственным</a>: 2" in text
    user.refresh_from_db()
    assert not user.is_active
    assert not _can_log_in("ivanova", "Parol-dlya-testa-1")
    assert roadmap.rows.filter(responsible_people=teacher).count() == 2  # nothing deleted

    methodist_client.post(reverse("directory:person_reactivate", args=[teacher.pk]))
    assert _can_log_in("ivanova", "Parol-dlya-testa-1")
    assert list(
        AccountEvent.objects.filter(person=teacher).order_by("pk").values_list("action", flat=True)
    ) == [
        Action.DEACTIVATED,
        Action.REACTIVATED,
    ]


def test_methodist_cannot_switch_off_the_administrator(methodist_client, administrator, district):
    response = methodist_client.post(
        reverse("directory:person_deactivate", args=[district["people"]["administrator"].pk])
    )
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert administrator.is_active


# --- History -----------------------------------------------------------------------------------------------


def test_history_records_who_did_what_and_is_shown_on_the_card(
    methodist_client, methodist, teacher, django_capture_on_commit_callbacks
):
    _invite(methodist_client, teacher, django_capture_on_commit_callbacks)
    path = _path(_link_from_outbox(teacher.email))
    Client().post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    _grant(methodist_client, teacher, "teacher")
    methodist_client.post(reverse("directory:person_deactivate", args=[teacher.pk]))

    events = list(AccountEvent.objects.filter(person=teacher).order_by("pk"))
    assert [e.action for e in events] == [
        Action.LOGIN_CREATED,
        Action.INVITATION_SENT,
        Action.INVITATION_USED,
        Action.ROLE_GRANTED,
        Action.DEACTIVATED,
    ]
    assert events[0].actor == methodist and events[-1].actor == methodist
    card = methodist_client.get(reverse("directory:person_detail", args=[teacher.pk])).content.decode()
    assert "История доступа" in card
    assert "приглашение использовано, пароль задан" in card


def test_history_is_read_only_in_the_admin(methodist, teacher, admin_client):
    accounts.account_invite(person=teacher, actor=methodist)
    event = AccountEvent.objects.filter(person=teacher).first()

    listing = admin_client.get(reverse("admin:directory_accountevent_changelist"))
    assert listing.status_code == 200
    assert admin_client.get(reverse("admin:directory_accountevent_add")).status_code == 403
    admin_client.post(reverse("admin:directory_accountevent_delete", args=[event.pk]), {"post": "yes"})
    assert AccountEvent.objects.filter(pk=event.pk).exists()


def test_login_made_without_a_password_can_be_invited_but_one_with_a_password_cannot(methodist, district):
    waiting = _set_email(district["people"]["teacher_a"], "a@example.ru")
    services.user_ensure(username="ivanova", password=None, person=waiting)
    invitation = accounts.account_invite(person=waiting, actor=methodist)
    assert invitation.user.username == "ivanova"

    ready = _set_email(district["people"]["teacher_b"], "b@example.ru")
    services.user_ensure(username="kuznetsov", password="Parol-dlya-testa-1", person=ready)
    with pytest.raises(ValidationError, match="уже есть учётная запись с паролем"):
        accounts.account_invite(person=ready, actor=methodist)
