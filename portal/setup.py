"""The first run of a real district: the education office, the method office, the head, the first admin.

`district_setup` writes everything in one transaction, or nothing. It lives at the top because it fills
the education office's order requisites (orders) as well as the directory. The field checks are plain
functions the `setup_district` command also uses to re-ask a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from core.inflection import inflect_phrase
from directory import accounts
from directory import services as directory
from directory.models import AccountEvent, Organization, Person, Role
from orders.services.order_settings import order_settings_save

User = get_user_model()

_NAME_PART_RE = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_NAME_LIMIT = Organization._meta.get_field("name").max_length
_SHORT_LIMIT = Organization._meta.get_field("short_name").max_length


class DistrictAlreadySetUp(Exception):
    """The directory already has an education office: the district was set up (or the demo seeded)."""

    def __init__(self, office: Organization):
        self.office = office
        super().__init__(
            f"Район уже настроен: в справочнике есть управление образования «{office.name}». "
            "Повторный запуск ничего не меняет; реквизиты правятся в разделе «Приказы → Настройки», "
            "организации и сотрудники — в «Справочнике»."
        )


@dataclass(frozen=True)
class DistrictData:
    district: str
    office_name: str
    method_office_name: str
    admin_email: str
    office_short_name: str = "Управление образования"
    method_office_short_name: str = "РМК"
    higher_body: str = ""
    head_name: str = ""
    head_position: str = "Начальник управления образования"
    place: str = ""
    admin_username: str = ""
    #: None: the administrator gets a link to set a password (by e-mail and in the command's output).
    admin_password: str | None = None


@dataclass(frozen=True)
class DistrictSetupResult:
    office: Organization
    method_office: Organization
    head: Person | None
    admin: User
    #: The link that sets the administrator's password (when none was given), else "".
    invitation_url: str = ""


# --- Defaults and checks of one answer -----------------------------------------------------------------


def genitive(district: str) -> str:
    """«Энский район» → «Энского района» (the words the default names are made of)."""
    return inflect_phrase(district, "gent")


def default_office_name(district: str) -> str:
    return f"Управление образования администрации {genitive(district)}"


def default_method_office_name(district: str) -> str:
    return f"Районный методический кабинет {genitive(district)}"


def default_higher_body(district: str) -> str:
    return f"Администрация {genitive(district)}"


def default_username(email: str) -> str:
    local = email.split("@", 1)[0].lower()
    cleaned = re.sub(r"[^\w.@+-]", "", local, flags=re.ASCII)
    return cleaned or "admin"


def split_full_name(text: str) -> tuple[str, str, str]:
    """«Иванова Мария Петровна» → (last, first, patronymic); raises ValidationError in Russian."""
    parts = text.split()
    if len(parts) not in (2, 3) or not all(_NAME_PART_RE.match(p) for p in parts):
        raise ValidationError(
            "Укажите фамилию, имя и отчество полностью, русскими буквами, с заглавной: "
            "«Иванова Мария Петровна»."
        )
    last, first, *rest = parts
    return last, first, rest[0] if rest else ""


def check_required(value: str) -> None:
    if not value.strip():
        raise ValidationError("Поле обязательно.")


def check_organization_name(value: str) -> None:
    check_required(value)
    if len(value) > _NAME_LIMIT:
        raise ValidationError(f"Не длиннее {_NAME_LIMIT} символов.")
    if Organization.objects.filter(name__iexact=value.strip()).exists():
        raise ValidationError(f"Организация «{value.strip()}» уже есть в справочнике.")


def check_short_name(value: str) -> None:
    check_required(value)
    if len(value) > _SHORT_LIMIT:
        raise ValidationError(f"Не длиннее {_SHORT_LIMIT} символов.")
    if Organization.objects.filter(short_name__iexact=value.strip()).exists():
        raise ValidationError(f"Краткое наименование «{value.strip()}» уже занято в справочнике.")


def check_head_name(value: str) -> None:
    if value.strip():
        split_full_name(value)


def check_email(value: str) -> None:
    check_required(value)
    try:
        validate_email(value.strip())
    except ValidationError:
        raise ValidationError("Неверный адрес электронной почты, например: uo@ensk-rayon.ru.") from None


def check_username(value: str) -> None:
    check_required(value)
    field = User._meta.get_field(User.USERNAME_FIELD)
    try:
        field.run_validators(value)
    except ValidationError:
        raise ValidationError("Логин — латинские буквы, цифры и знаки @ . + - _, без пробелов.") from None
    if User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": value}).exists():
        raise ValidationError(f"Логин «{value}» уже занят.")


def check_password(value: str | None, *, username: str = "", email: str = "") -> None:
    if value is None:
        return
    validate_password(value, user=User(username=username, email=email))


FIELD_CHECKS = {
    "district": check_required,
    "office_name": check_organization_name,
    "office_short_name": check_short_name,
    "method_office_name": check_organization_name,
    "method_office_short_name": check_short_name,
    "higher_body": check_required,
    "head_name": check_head_name,
    "head_position": check_required,
    "admin_email": check_email,
    "admin_username": check_username,
}


def data_problems(data: DistrictData) -> dict[str, list[str]]:
    """Every answer's problems by field (empty when the data can be written)."""
    problems: dict[str, list[str]] = {}
    for name, check in FIELD_CHECKS.items():
        value = getattr(data, name)
        if name == "head_position" and not data.head_name:
            continue
        try:
            check(value)
        except ValidationError as exc:
            problems[name] = exc.messages
    if data.office_name.strip().lower() == data.method_office_name.strip().lower():
        problems.setdefault("method_office_name", []).append("Совпадает с наименованием управления.")
    if data.office_short_name.strip().lower() == data.method_office_short_name.strip().lower():
        problems.setdefault("method_office_short_name", []).append(
            "Совпадает с кратким наименованием управления."
        )
    try:
        check_password(data.admin_password, username=data.admin_username, email=data.admin_email)
    except ValidationError as exc:
        problems["admin_password"] = exc.messages
    return problems


# --- The write ------------------------------------------------------------------------------------------


def existing_office() -> Organization | None:
    return Organization.objects.filter(kind=Organization.Kind.EDUCATION_OFFICE).order_by("pk").first()


def first_administrator() -> User | None:
    return User.objects.filter(roles__kind=Role.Kind.ADMINISTRATOR).order_by("pk").first()


@transaction.atomic
def district_setup(*, data: DistrictData) -> DistrictSetupResult:
    """Create the district's offices, its head and the first administrator; raise if already set up.

    The administrator gets the roles «администратор» and «методист»: alone in a new district, they fill
    the directory and import the first roadmap themselves. Without a password they get a link to set one.
    """
    office = existing_office()
    if office is not None:
        raise DistrictAlreadySetUp(office)
    problems = data_problems(data)
    if problems:
        raise ValidationError(problems)
    office = directory.organization_save(
        data={
            "name": data.office_name.strip(),
            "short_name": data.office_short_name.strip(),
            "kind": Organization.Kind.EDUCATION_OFFICE,
        }
    )
    method_office = directory.organization_save(
        data={
            "name": data.method_office_name.strip(),
            "short_name": data.method_office_short_name.strip(),
            "kind": Organization.Kind.METHOD_OFFICE,
        }
    )
    head = None
    if data.head_name.strip():
        last, first, patronymic = split_full_name(data.head_name)
        head = directory.person_save(
            data={
                "organization": office,
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "position": data.head_position.strip(),
                "email": data.admin_email.strip(),
            }
        )
        directory.organization_set_head(organization=office, person=head)
    username = data.admin_username or default_username(data.admin_email)
    admin = directory.user_ensure(
        username=username, password=data.admin_password, person=head, email=data.admin_email.strip()
    )
    accounts.event_record(
        action=AccountEvent.Action.LOGIN_CREATED, person=head, user=admin, actor=None, detail=username
    )
    url = ""
    if data.admin_password is None:
        # The same invitation as anyone's (directory.accounts): a one-time link, in the audit history.
        admin.set_unusable_password()
        admin.save(update_fields=["password"])
        _, url = accounts.invitation_send(user=admin, email=admin.email, person=head)
        accounts.event_record(
            action=AccountEvent.Action.INVITATION_SENT,
            person=head,
            user=admin,
            actor=None,
            detail=admin.email,
        )
    for kind in (Role.Kind.ADMINISTRATOR, Role.Kind.METHODIST):
        directory.role_grant(user=admin, kind=kind)
        accounts.event_record(
            action=AccountEvent.Action.ROLE_GRANTED,
            person=head,
            user=admin,
            actor=None,
            detail=Role.Kind(kind).label,
        )
    order_settings_save(
        user=admin,
        issuer=office,
        data={
            "higher_body": data.higher_body.strip() or default_higher_body(data.district),
            "place": data.place.strip(),
        },
    )
    return DistrictSetupResult(
        office=office, method_office=method_office, head=head, admin=admin, invitation_url=url
    )
