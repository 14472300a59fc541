"""Accounts managed in the product: logins by invitation, roles on a person's card, switching a login off.

Writes of the directory's accounts (services) and the rules of who may do them. Every change is
written to `AccountEvent`. Nobody types or sends a password: a new login gets an unusable one and
an invitation letter with a one-time link (only its SHA-256 is stored) to set it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import services
from .access import user_scope
from .mail import send_account_mail
from .models import AccountEvent, Invitation, Organization, Person, Role
from .roles import scope_choices, scope_titles

User = get_user_model()
Kind = Role.Kind
Action = AccountEvent.Action

# --- Usernames ---------------------------------------------------------------------------------------

_LETTERS = "а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=y к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ=_ ы=y ь=_ э=e ю=yu я=ya"  # noqa: E501
_LATIN = dict(pair.split("=") for pair in _LETTERS.split())


def transliterate(text: str) -> str:
    """Russian letters in Latin ones (the passport style, simplified); other letters dropped."""
    out = []
    for ch in text.lower():
        latin = _LATIN.get(ch, ch)
        out.append("" if latin == "_" else latin)
    return re.sub(r"[^a-z0-9]", "", "".join(out))


def username_for(person: Person) -> str:
    """A free username from the name: «Волкова Елена Викторовна» -> volkova.ev (volkova.ev2, …)."""
    initials = "".join(transliterate(p)[:1] for p in (person.first_name, person.patronymic) if p)
    base = transliterate(person.last_name) or "user"
    base = f"{base}.{initials}" if initials else base
    base = base[:140]
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


# --- Who may do what --------------------------------------------------------------------------------


def _holds_district_role(user_id: int | None) -> bool:
    return bool(user_id) and Role.objects.filter(user_id=user_id, kind__in=Role.DISTRICT_WIDE).exists()


def can_manage_account(actor, person: Person) -> bool:
    """May `actor` give, switch off and change the login of `person`?

    The администратор: anyone. The методист: anyone without a district-wide role. A director: the
    staff of their own school without a district-wide role.
    """
    scope = user_scope(actor)
    if scope.is_administrator:
        return True
    if _holds_district_role(person.user_id):
        return False
    if scope.is_methodist:
        return True
    return person.organization_id in scope.school_ids and not person.organization.is_district_body


def grantable_kinds(actor, person: Person) -> list[str]:
    """Role kinds `actor` may grant to and withdraw from `person`."""
    if not can_manage_account(actor, person):
        return []
    scope = user_scope(actor)
    kinds: list[str] = []
    if scope.is_administrator:
        kinds += [Kind.ADMINISTRATOR, Kind.METHODIST]
    if scope.is_administrator or scope.is_methodist:
        if not person.organization.is_district_body:
            kinds.append(Kind.DIRECTOR)
        kinds += [Kind.ASSOCIATION_HEAD, Kind.JURY]
    kinds.append(Kind.TEACHER)  # a director: for the staff of their own school only
    return kinds


def can_invite_heads(actor) -> bool:
    scope = user_scope(actor)
    return scope.is_methodist or scope.is_administrator


@dataclass(frozen=True)
class RoleChoice:
    value: str  # "kind" or "kind:scope id"
    label: str


def role_choices(actor, person: Person) -> list[tuple[str, list[RoleChoice]]]:
    """The roles the form on the card offers, grouped by kind: [(group label, [choice, …]), …]."""
    groups = []
    for kind in grantable_kinds(actor, person):
        label = Kind(kind).label
        if kind == Kind.DIRECTOR:
            options = [RoleChoice(f"{kind}:{person.organization_id}", f"{label}: {person.organization}")]
        elif kind in Role.SCOPED_KINDS:
            options = [RoleChoice(f"{kind}:{pk}", f"{label}: {title}") for pk, title in scope_choices(kind)]
        else:
            options = [RoleChoice(kind, label)]
        if options:
            groups.append((label, options))
    return groups


def event_record(*, action: str, person: Person | None, user, actor, detail: str = "") -> AccountEvent:
    return AccountEvent.objects.create(
        action=action, person=person, user=user, actor=actor, detail=detail[:500]
    )


def role_label(role: Role) -> str:
    if role.organization_id:
        return f"{role.get_kind_display()}: {role.organization}"
    if role.scope_id:
        return f"{role.get_kind_display()}: {scope_titles(role.kind, [role.scope_id])[role.scope_id]}"
    return role.get_kind_display()


def has_password(user) -> bool:
    """Has the person set a password? A login made without one (user_ensure(password=None)) has ""."""
    return bool(user.password) and user.has_usable_password()


# --- Invitations ------------------------------------------------------------------------------------


class InvitationInvalid(Exception):
    """The link cannot be used; `title` and `text` are shown to the visitor as they are."""

    def __init__(self, title: str, text: str):
        super().__init__(title)
        self.title = title
        self.text = text


INVALID_LINK = InvitationInvalid(
    "Ссылка недействительна",
    "Ссылка неверна или заменена новым приглашением. Откройте последнее письмо-приглашение "
    "или попросите новое у методиста.",
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_email(person: Person) -> str:
    email = (person.email or "").strip()
    if not email:
        raise ValidationError(
            f"У сотрудника «{person.full_name}» не указана электронная почта: приглашение отправить "
            "некуда. Добавьте адрес в карточку."
        )
    other = User.objects.filter(email__iexact=email).exclude(pk=person.user_id).first()
    if other is not None:
        raise ValidationError(
            f"Адрес {email} уже используется другой учётной записью ({other.get_username()}). "
            "Укажите в карточке личный адрес сотрудника."
        )
    return email


def invitation_send(
    *, user, email: str, actor=None, person: Person | None = None, now: dt.datetime | None = None
) -> tuple[Invitation, str]:
    """Send `user` the letter with a one-time link to set their password; returns it and the link.

    The one way a login gets its first password (the person's card, the bulk invitation of heads,
    setup_district's first administrator). Callers check who may invite and record the event."""
    now = now or timezone.now()
    # A new letter replaces the links sent before: only the latest one works.
    Invitation.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        person=person,
        user=user,
        email=email,
        token_hash=_hash(token),
        created_by=actor,
        expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = settings.SITE_URL + reverse("invitation_accept", args=[token])
    context = {
        "person": person,
        "username": user.get_username(),
        "link": link,
        "expires_at": invitation.expires_at,
        "days": settings.INVITATION_VALID_DAYS,
        "site_url": settings.SITE_URL,
    }
    send_account_mail(
        to=email,
        subject="Приглашение в Методкабинет",
        text=render_to_string("directory/email/invitation.txt", context),
    )
    return invitation, link


@transaction.atomic
def account_invite(*, person: Person, actor, now: dt.datetime | None = None) -> Invitation:
    """Give `person` a login (when they have none) and send the invitation letter; again when resent.

    Refused (ValidationError) without an e-mail, with an e-mail of another login, or when the login
    already has a password (then the person restores it with «Забыли пароль?»).
    """
    if not can_manage_account(actor, person):
        raise PermissionDenied("Выдавать доступ этому сотруднику вы не можете.")
    now = now or timezone.now()
    locked = Person.objects.select_for_update(of=("self",))  # the login: an outer join; lock the person
    person = locked.select_related("user", "organization").get(pk=person.pk)
    email = _check_email(person)
    user = person.user
    if user is not None and has_password(user):
        raise ValidationError(
            "У сотрудника уже есть учётная запись с паролем. Забытый пароль он восстановит сам "
            "по ссылке «Забыли пароль?» на странице входа."
        )
    if user is not None and not user.is_active:
        raise ValidationError("Доступ сотрудника отключён. Сначала включите его.")
    if user is None:
        user = services.user_ensure(username=username_for(person), password=None, person=person)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        event_record(action=Action.LOGIN_CREATED, person=person, user=user, actor=actor, detail=user.username)
        action = Action.INVITATION_SENT
    else:
        if user.email != email:
            user.email = email
            user.save(update_fields=["email"])
        action = Action.INVITATION_RESENT if user.invitations.exists() else Action.INVITATION_SENT
    invitation = invitation_send(person=person, user=user, actor=actor, email=email, now=now)[0]
    event_record(action=action, person=person, user=user, actor=actor, detail=email)
    return invitation


USED_LINK = (
    "Ссылка уже использована",
    "По этой ссылке пароль уже задан. Войдите со своим именем пользователя и паролем; "
    "если пароль забыт — восстановите его по ссылке «Забыли пароль?».",
)
EXPIRED_LINK = (
    "Срок действия ссылки истёк — попросите новое приглашение",
    "Ссылка из приглашения действует ограниченное время. Попросите методиста или "
    "руководителя организации отправить новое приглашение.",
)
SWITCHED_OFF = ("Доступ отключён", "Учётная запись отключена. Обратитесь к методисту района.")


def _refusal(invitation: Invitation | None, now: dt.datetime) -> InvitationInvalid | None:
    if invitation is None:
        return INVALID_LINK
    if invitation.used_at is not None:
        return InvitationInvalid(*USED_LINK)
    if invitation.is_expired(now):
        return InvitationInvalid(*EXPIRED_LINK)
    if not invitation.user.is_active:
        return InvitationInvalid(*SWITCHED_OFF)
    return None


def invitation_check(token: str, *, now: dt.datetime | None = None) -> Invitation:
    """The invitation of this link, or InvitationInvalid saying in Russian why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("user", "person").filter(token_hash=_hash(token or "")).first()
    )
    refusal = _refusal(invitation, now or timezone.now())
    if refusal is not None:
        raise refusal
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, now: dt.datetime | None = None):
    """Set the password chosen by the invited person; the link works once (claimed in the database)."""
    now = now or timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, expires_at__gt=now, user__is_active=True
    ).update(used_at=now)
    if claimed != 1:  # another tab used it a moment ago, or it has just expired
        fresh = Invitation.objects.select_related("user").filter(pk=invitation.pk).first()
        raise _refusal(fresh, now) or INVALID_LINK
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    event_record(action=Action.INVITATION_USED, person=invitation.person, user=user, actor=user)
    return user


# --- Roles ----------------------------------------------------------------------------------------------


def _parse_choice(value: str, person: Person) -> tuple[str, Organization | None, int | None]:
    kind, _, raw_id = (value or "").partition(":")
    if kind not in Kind.values:
        raise ValidationError("Выберите роль из списка.")
    if kind == Kind.DIRECTOR:
        if raw_id != str(person.organization_id):
            raise ValidationError("Руководителем можно назначить только в его собственной организации.")
        return kind, person.organization, None
    if kind in Role.SCOPED_KINDS:
        if not raw_id.isdigit() or int(raw_id) not in dict(scope_choices(kind)):
            raise ValidationError("Выберите объединение или конкурс из списка.")
        return kind, None, int(raw_id)
    return kind, None, None


@transaction.atomic
def account_role_grant(*, actor, person: Person, choice: str) -> Role:
    """Grant the role chosen on the card ("kind" or "kind:scope id"), within the actor's rights."""
    if person.user_id is None:
        raise ValidationError("Сначала выдайте сотруднику доступ: роли назначаются учётной записи.")
    kind, organization, scope_id = _parse_choice(choice, person)
    if kind not in grantable_kinds(actor, person):
        raise PermissionDenied(_not_yours(kind))
    exists = Role.objects.filter(
        user_id=person.user_id, kind=kind, organization=organization, scope_id=scope_id
    )
    if exists.exists():
        raise ValidationError("Эта роль у сотрудника уже есть.")
    role = services.role_grant(user=person.user, kind=kind, organization=organization, scope_id=scope_id)
    event_record(
        action=Action.ROLE_GRANTED, person=person, user=person.user, actor=actor, detail=role_label(role)
    )
    return role


def _not_yours(kind: str) -> str:
    if kind in Role.DISTRICT_WIDE:
        return "Роли методиста и администратора назначает и снимает только администратор."
    return "Эту роль вы назначать и снимать не можете."


def _last_administrator(user_id: int) -> bool:
    others = Role.objects.filter(kind=Kind.ADMINISTRATOR, user__is_active=True).exclude(user_id=user_id)
    return not others.exists()


@transaction.atomic
def account_role_withdraw(*, actor, person: Person, role_id: int) -> None:
    role = Role.objects.filter(pk=role_id, user_id=person.user_id).first() if person.user_id else None
    if role is None:
        raise ValidationError("Такой роли у сотрудника нет.")
    if role.kind not in grantable_kinds(actor, person):
        raise PermissionDenied(_not_yours(role.kind))
    if role.kind == Kind.ADMINISTRATOR:
        # Serialize withdrawals of the administrator role, so two cannot remove the last two at once.
        list(Role.objects.select_for_update().filter(kind=Kind.ADMINISTRATOR))
        if _last_administrator(role.user_id):
            raise ValidationError(
                "Это последний администратор: снять роль нельзя, иначе некому будет назначать роли. "
                "Сначала назначьте администратором другого сотрудника."
            )
    label = role_label(role)
    role.delete()
    event_record(action=Action.ROLE_WITHDRAWN, person=person, user=person.user, actor=actor, detail=label)


# --- Switching a login off and on ---------------------------------------------------------------


@transaction.atomic
def account_deactivate(*, actor, person: Person) -> None:
    """Switch the login off (nothing the person wrote is deleted); their sessions stop working."""
    if not can_manage_account(actor, person):
        raise PermissionDenied("Отключать доступ этому сотруднику вы не можете.")
    user = person.user
    if user is None or not user.is_active:
        raise ValidationError("Доступ сотрудника уже отключён или не выдавался.")
    if user.pk == actor.pk:
        raise ValidationError("Свой собственный доступ отключить нельзя.")
    if Role.objects.filter(user=user, kind=Kind.ADMINISTRATOR).exists() and _last_administrator(user.pk):
        raise ValidationError("Это последний администратор: его доступ отключить нельзя.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    event_record(action=Action.DEACTIVATED, person=person, user=user, actor=actor)


@transaction.atomic
def account_reactivate(*, actor, person: Person) -> None:
    if not can_manage_account(actor, person):
        raise PermissionDenied("Включать доступ этому сотруднику вы не можете.")
    user = person.user
    if user is None or user.is_active:
        raise ValidationError("Доступ сотрудника не отключён.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    event_record(action=Action.REACTIVATED, person=person, user=user, actor=actor)


# --- Every school head at once -------------------------------------------------------------------


@dataclass
class HeadsInvited:
    invited: list[Person] = field(default_factory=list)
    had_login: list[Person] = field(default_factory=list)
    no_email: list[Person] = field(default_factory=list)
    refused: list[tuple[Person, str]] = field(default_factory=list)
    no_head: list[Organization] = field(default_factory=list)


def heads_invite_all(*, actor, now: dt.datetime | None = None) -> HeadsInvited:
    """A login, the director role and an invitation for the head of every organization lacking a login.

    Heads are `Organization.head` of the organizations outside the district administration. A head
    who already has a login keeps it (the director role is added when missing); one without an
    e-mail, or with another login's e-mail, is listed, not invited. Each head is its own transaction.
    """
    if not can_invite_heads(actor):
        raise PermissionDenied("Приглашать руководителей может методист или администратор.")
    result = HeadsInvited()
    organizations = (
        Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS)
        .select_related("head__user", "head__organization")
        .order_by("short_name")
    )
    for organization in organizations:
        head = organization.head
        if head is None:
            result.no_head.append(organization)
            continue
        if head.user_id is None and not head.email.strip():
            result.no_email.append(head)
            continue
        try:
            with transaction.atomic():
                had_login = head.user_id is not None
                if not had_login:
                    account_invite(person=head, actor=actor, now=now)
                    head.refresh_from_db()
                if not Role.objects.filter(
                    user_id=head.user_id, kind=Kind.DIRECTOR, organization=organization
                ).exists():
                    role = services.role_grant(user=head.user, kind=Kind.DIRECTOR, organization=organization)
                    event_record(
                        action=Action.ROLE_GRANTED,
                        person=head,
                        user=head.user,
                        actor=actor,
                        detail=role_label(role),
                    )
        except PermissionDenied as exc:
            result.refused.append((head, str(exc)))
            continue
        except ValidationError as exc:
            result.refused.append((head, " ".join(exc.messages)))
            continue
        (result.had_login if had_login else result.invited).append(head)
    return result


# --- Reads for the card -----------------------------------------------------------------------------


def account_events(*, person: Person, limit: int = 50):
    return person.account_events.select_related("actor", "user")[:limit]


def person_roles(*, person: Person) -> list[tuple[Role, str]]:
    if person.user_id is None:
        return []
    roles = list(Role.objects.filter(user_id=person.user_id).select_related("organization").order_by("kind"))
    titles: dict[str, dict[int, str]] = {}
    for kind in Role.SCOPED_KINDS:
        ids = [r.scope_id for r in roles if r.kind == kind]
        titles[kind] = scope_titles(kind, ids) if ids else {}
    out = []
    for role in roles:
        if role.organization_id:
            label = f"{role.get_kind_display()}: {role.organization}"
        elif role.scope_id:
            label = f"{role.get_kind_display()}: {titles[role.kind].get(role.scope_id, '')}"
        else:
            label = role.get_kind_display()
        out.append((role, label))
    return out
