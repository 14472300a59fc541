"""`manage.py setup_district` (the first run of a real district) and the start page's first-run checklist."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from directory.models import AccountEvent, Organization, Person, Role
from notifications.models import OutgoingEmail
from orders.models import OrderSettings
from orders.services import order_draft_create
from portal.demo import seed_demo

User = get_user_model()

OFFICE = "Управление образования администрации Энского муниципального района"
METHOD_OFFICE = "Районный методический кабинет управления образования Энского района"
FLAGS = [
    "--noinput",
    "--district",
    "Энский муниципальный район",
    "--office-name",
    OFFICE,
    "--office-short-name",
    "УО Энского района",
    "--higher-body",
    "Администрация Энского муниципального района",
    "--head-name",
    "Богинский Юрий Николаевич",
    "--head-position",
    "Начальник управления образования",
    "--place",
    "г. Энск",
    "--methodical-office-name",
    METHOD_OFFICE,
    "--admin-username",
    "nachalnik",
    "--admin-email",
    "uo@ensk-rayon.ru",
    "--admin-password",
    "Энск-пароль-2026",
]


def run(*args, stdin: str | None = None, monkeypatch=None) -> tuple[dict, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("setup_district", *map(str, args), stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue().strip().splitlines()[-1]), out.getvalue()


def logs_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.9.9.9"
    )
    return response.status_code == 302 and client.get("/").status_code == 200


@pytest.mark.django_db
def test_flags_set_up_the_offices_the_head_the_requisites_and_an_administrator_who_logs_in():
    result, out = run(*FLAGS)

    office = Organization.objects.get(pk=result["issuer_id"])
    assert (office.name, office.short_name, office.kind) == (OFFICE, "УО Энского района", "education_office")
    method_office = Organization.objects.get(pk=result["method_office_id"])
    assert (method_office.name, method_office.kind) == (METHOD_OFFICE, "method_office")
    head = office.head
    assert (head.full_name, head.position) == (
        "Богинский Юрий Николаевич",
        "Начальник управления образования",
    )
    requisites = OrderSettings.objects.get(issuer=office)
    assert (requisites.higher_body, requisites.place) == (
        "Администрация Энского муниципального района",
        "г. Энск",
    )

    admin = User.objects.get(username=result["admin"])
    assert result["admin"] == "nachalnik" and admin.person == head
    assert set(admin.roles.values_list("kind", flat=True)) == {Role.Kind.ADMINISTRATOR, Role.Kind.METHODIST}
    assert logs_in("nachalnik", "Энск-пароль-2026")
    # The next steps are printed, with what is already done.
    assert "Реквизиты органа управления (используются в каждом приказе) — готово." in out
    assert "Школы и сотрудники из шаблона Excel — не сделано." in out
    assert "/directory/import/template.xlsx" in out


@pytest.mark.django_db
def test_an_order_drafted_after_setup_carries_the_issuer_requisites():
    run(*FLAGS)
    office = Organization.objects.get(kind=Organization.Kind.EDUCATION_OFFICE)
    order = order_draft_create(
        user=User.objects.get(username="nachalnik"),
        issuer=office,
        heading="О проведении совещания",
        points=[],
    )
    assert (order.place, order.higher_body) == ("г. Энск", "Администрация Энского муниципального района")


@pytest.mark.django_db
def test_the_contract_flags_alone_invite_the_administrator_by_email():
    result, out = run(
        "--noinput",
        "--district",
        "Энский район",
        "--issuer",
        OFFICE,
        "--method-office",
        METHOD_OFFICE,
        "--admin-email",
        "Admin.Uo@ensk-rayon.ru",
    )
    admin = User.objects.get(username=result["admin"])
    assert result["admin"] == "admin.uo" and not admin.has_usable_password()
    letter = OutgoingEmail.objects.get()  # the mail queue the worker sends
    assert letter.to == "Admin.Uo@ensk-rayon.ru" and "Ваше имя пользователя: admin.uo" in letter.text
    link = re.search(r"http://\S+/accounts/invitation/\S+/", letter.text).group(0)
    assert link in out
    # The invitation anyone gets (one-time link, in the audit history): it sets the password.
    assert AccountEvent.objects.filter(user=admin, action=AccountEvent.Action.INVITATION_SENT).exists()
    client = Client()
    assert client.get(urlsplit(link).path).status_code == 200
    done = client.post(
        urlsplit(link).path,
        {"new_password1": "Новый-пароль-2026", "new_password2": "Новый-пароль-2026"},
    )
    assert done.status_code == 302
    assert logs_in("admin.uo", "Новый-пароль-2026")
    assert client.get(urlsplit(link).path).status_code == 410  # used once
    # Without a head the requisites are not complete yet: the checklist says so.
    assert "Реквизиты органа управления (используются в каждом приказе) — не сделано." in out


@pytest.mark.django_db
def test_noinput_without_the_required_flags_names_them_and_writes_nothing():
    with pytest.raises(CommandError) as error:
        run("--noinput", "--district", "Энский район")
    assert "--office-name (или --issuer)" in str(error.value)
    assert "--admin-email" in str(error.value)
    assert not Organization.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_noinput_with_a_bad_value_says_which_and_writes_nothing():
    bad = [*FLAGS]
    bad[bad.index("--admin-email") + 1] = "не-почта"
    bad[bad.index("--head-name") + 1] = "Богинский"
    with pytest.raises(CommandError) as error:
        run(*bad)
    assert "Неверный адрес электронной почты" in str(error.value)
    assert "Укажите фамилию, имя и отчество полностью" in str(error.value)
    assert not Organization.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_interactive_answers_with_defaults_and_re_asked_mistakes(monkeypatch):
    answers = "\n".join(
        [
            "Энский район",  # district
            "",  # office name: the default made from the district
            "",  # short name
            "",  # higher body
            "Богинский",  # head: not a full name, asked again
            "Богинский Юрий Николаевич",
            "",  # position
            "г. Энск",
            "",  # method office
            "",  # its short name
            "not-an-email",  # asked again
            "uo@ensk-rayon.ru",
            "",  # username: from the e-mail
            "123",  # too weak: asked again
            "Энск-пароль-2026",
        ]
    )
    result, out = run(stdin=answers + "\n", monkeypatch=monkeypatch)
    assert "[Управление образования администрации Энского района]" in out  # the default is shown
    office = Organization.objects.get(pk=result["issuer_id"])
    assert office.name == "Управление образования администрации Энского района"
    assert Organization.objects.get(pk=result["method_office_id"]).name == (
        "Районный методический кабинет Энского района"
    )
    assert OrderSettings.objects.get(issuer=office).higher_body == "Администрация Энского района"
    assert out.count("Руководитель, подписывающий приказы") == 2
    assert out.count("Электронная почта первого администратора") == 2
    assert result["admin"] == "uo" and logs_in("uo", "Энск-пароль-2026")
    assert Person.objects.get().full_name == "Богинский Юрий Николаевич"


@pytest.mark.django_db
def test_running_again_changes_nothing_and_another_name_is_refused():
    first, _ = run(*FLAGS)
    counts = (
        Organization.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Role.objects.count(),
    )
    again, out = run(*FLAGS)
    assert again == first
    assert "Район уже настроен" in out
    with pytest.raises(CommandError, match="Район уже настроен.*Запрошено другое наименование"):
        run("--noinput", "--office-name", "Отдел образования администрации Другого района")
    assert counts == (
        Organization.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        Role.objects.count(),
    )


@pytest.mark.django_db
def test_a_seeded_demo_counts_as_set_up():
    seed_demo()
    with pytest.raises(CommandError, match="Район уже настроен"):
        run(*FLAGS)


# --- The start page's checklist ---------------------------------------------------------------------


def _steps(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-step="(\w+)" data-done="(\d)"', html))


@pytest.mark.django_db
def test_a_new_district_shows_the_checklist_to_its_first_administrator():
    run(*FLAGS)
    client = Client()
    client.force_login(User.objects.get(username="nachalnik"))
    html = client.get("/").content.decode()
    assert "Начало работы района" in html
    assert "Реквизиты органа управления (используются в каждом приказе)" in html
    assert _steps(html) == {"requisites": "1", "schools": "0", "accounts": "0", "roadmap": "0"}
    for url in (
        "/orders/settings/",
        "/directory/import/",
        "/directory/import/template.xlsx",
        "/directory/people/",
    ):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200, url
    assert 'href="/roadmaps/import/"' in html and client.get("/roadmaps/import/").status_code == 200


@pytest.mark.django_db
def test_the_demo_district_has_done_everything_and_shows_no_checklist():
    seed_demo()
    client = Client()
    client.force_login(User.objects.get(username="metodist"))
    assert "Начало работы района" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_director_never_sees_the_checklist(district, director_a_client):
    html = director_a_client.get("/").content.decode()
    assert "Начало работы района" not in html


@pytest.mark.django_db
def test_the_checklist_ticks_each_step_and_goes_when_all_are_done():
    from directory import services as directory
    from roadmaps.tests.factories import make_roadmap

    run(*FLAGS)
    admin = User.objects.get(username="nachalnik")
    client = Client()
    client.force_login(admin)
    school = directory.organization_save(data={"name": "МБОУ СОШ № 1 г. Энска", "short_name": "СОШ № 1"})
    assert _steps(client.get("/").content.decode())["schools"] == "1"
    teacher = directory.person_save(
        data={"organization": school, "last_name": "Орлова", "first_name": "Нина", "position": "Учитель"}
    )
    directory.user_ensure(username="orlova", password="pass-for-tests-1", person=teacher)
    assert _steps(client.get("/").content.decode()) == {
        "requisites": "1",
        "schools": "1",
        "accounts": "1",
        "roadmap": "0",
    }
    make_roadmap(user=admin, organization=Organization.objects.get(kind="method_office"))
    assert "Начало работы района" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_each_role_is_shown_only_the_links_it_may_open(district, administrator_client, methodist_client):
    admin_page = administrator_client.get("/").content.decode()
    assert "Начало работы района" in admin_page  # the test district has no order requisites saved
    assert 'href="/orders/settings/"' in admin_page and 'href="/directory/import/"' not in admin_page
    methodist_page = methodist_client.get("/").content.decode()
    assert 'href="/directory/import/"' in methodist_page and 'href="/orders/settings/"' not in methodist_page


@pytest.mark.django_db
def test_the_password_comes_from_a_file_or_the_environment(tmp_path, monkeypatch):
    flags = [f for f in FLAGS if f not in ("--admin-password", "Энск-пароль-2026")]
    missing = tmp_path / "nothing.txt"
    with pytest.raises(CommandError, match="Файл пароля .* не найден"):
        run(*flags, "--admin-password-file", missing)
    secret = tmp_path / "password.txt"
    secret.write_text("Пароль-из-файла-2026\n", encoding="utf-8")
    run(*flags, "--admin-password-file", secret)
    assert logs_in("nachalnik", "Пароль-из-файла-2026")


@pytest.mark.django_db
def test_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DISTRICT_ADMIN_PASSWORD", "Пароль-из-окружения-2026")
    run(*[f for f in FLAGS if f not in ("--admin-password", "Энск-пароль-2026")])
    assert logs_in("nachalnik", "Пароль-из-окружения-2026")
    assert not OutgoingEmail.objects.exists()  # a password given: no invitation letter
