"""Views of accounts managed in the product: invitations, roles, switching a login off. Thin: check, call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import accounts
from .access import get_person_for_user
from .registry import open_items


def _managed_person(request, pk):
    """The person of the card, 404 to outsiders, 403 to those who see the card but may not manage it."""
    person = get_person_for_user(request.user, pk)
    if not accounts.can_manage_account(request.user, person):
        raise PermissionDenied("Управлять доступом этого сотрудника вы не можете.")
    return person


def _refused(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def person_access_context(user, person) -> dict:
    """What the card's «Доступ» section shows to `user` (empty when they may not manage it)."""
    if not accounts.can_manage_account(user, person):
        return {}
    login = person.user
    return {
        "manage_access": True,
        "login": login,
        "login_waits_for_password": login is not None and not accounts.has_password(login),
        "roles": accounts.person_roles(person=person),
        "grantable": {kind for kind in accounts.grantable_kinds(user, person)},
        "role_choices": accounts.role_choices(user, person) if login else [],
        "open_items": open_items(person),
        "account_events": accounts.account_events(person=person),
    }


@require_POST
@login_required
def person_invite(request, pk):
    """«Выдать доступ» / «Отправить приглашение повторно»."""
    person = _managed_person(request, pk)
    resend = person.user_id is not None
    try:
        invitation = accounts.account_invite(person=person, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        verb = "отправлено повторно" if resend else "отправлено"
        messages.success(
            request,
            f"Приглашение {verb} на {invitation.email}. Имя пользователя: {invitation.user.get_username()}. "
            f"Ссылка действует до {invitation.expires_at:%d.%m.%Y}.",
        )
    return redirect(person)


@require_POST
@login_required
def person_role_grant(request, pk):
    person = _managed_person(request, pk)
    try:
        role = accounts.account_role_grant(
            actor=request.user, person=person, choice=request.POST.get("role", "")
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"Роль «{accounts.role_label(role)}» назначена.")
    return redirect(person)


@require_POST
@login_required
def person_role_withdraw(request, pk, role_pk):
    person = _managed_person(request, pk)
    try:
        accounts.account_role_withdraw(actor=request.user, person=person, role_id=role_pk)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Роль снята.")
    return redirect(person)


@require_POST
@login_required
def person_deactivate(request, pk):
    person = _managed_person(request, pk)
    try:
        accounts.account_deactivate(actor=request.user, person=person)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            "Доступ отключён: войти сотрудник больше не сможет. Всё, что он внёс, сохранено; "
            "незавершённые дела — ниже, в разделе «Доступ».",
        )
    return redirect(person)


@require_POST
@login_required
def person_reactivate(request, pk):
    person = _managed_person(request, pk)
    try:
        accounts.account_reactivate(actor=request.user, person=person)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Доступ снова включён.")
    return redirect(person)


@require_http_methods(["GET", "POST"])
@login_required
def heads_invite(request):
    """«Учётные записи всем руководителям ОО»: an explanation and one button; the result after it."""
    if not accounts.can_invite_heads(request.user):
        raise PermissionDenied("Приглашать руководителей может методист или администратор.")
    result = None
    if request.method == "POST":
        result = accounts.heads_invite_all(actor=request.user)
    context = {"active_nav": "heads_invite", "result": result}
    return render(request, "directory/heads_invite.html", context)


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The link of the letter: the invited person sets a password, then logs in."""
    try:
        invitation = accounts.invitation_check(token)
    except accounts.InvitationInvalid as exc:
        return render(request, "directory/invitation_invalid.html", {"refusal": exc}, status=410)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accounts.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except accounts.InvitationInvalid as exc:
            return render(request, "directory/invitation_invalid.html", {"refusal": exc}, status=410)
        messages.success(
            request,
            f"Пароль задан. Войдите: имя пользователя — {user.get_username()}, пароль — только что заданный.",
        )
        return redirect("login")
    context = {"form": form, "invitation": invitation, "username": invitation.user.get_username()}
    return render(request, "directory/invitation_accept.html", context)
