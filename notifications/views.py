"""The in-app inbox: the user's own notices, unread first; opening one marks it read.

Only the recipient ever sees a notice: every lookup is filtered by `recipient=request.user`, so
another user's notice is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from directory.access import role_required
from directory.models import Role

from .forms import ReminderPreferenceForm
from .models import Digest, Notice, OutgoingEmail, ReminderClaim, ReminderPreference, default_days_before
from .registry import list_links
from .reminders import digest_shown
from .services import notices_mark_read, reminder_preference_save

PAGE_SIZE = 30


@login_required
@require_GET
def inbox(request):
    notices = (
        Notice.objects.filter(recipient=request.user)
        .annotate(
            is_read=Case(
                When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("is_read", "-created_at", "-pk")
    )
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "notices": page.object_list, "active_nav": "notifications"}
    return render(request, "notifications/inbox.html", context)


def _safe_target(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return reverse("notifications:inbox")


@login_required
@require_POST
def notice_open(request, pk):
    """Mark the notice read and go where it points (a page of this site only)."""
    notice = Notice.objects.filter(recipient=request.user, pk=pk).first()
    if notice is None:
        raise Http404("Уведомление не найдено.")
    notices_mark_read(user=request.user, notice_ids=[notice.pk])
    return redirect(_safe_target(request, notice.url))


@login_required
@require_POST
def mark_all_read(request):
    count = notices_mark_read(user=request.user)
    if count:
        messages.success(request, "Все уведомления отмечены прочитанными.")
    else:
        messages.info(request, "Непрочитанных уведомлений нет.")
    return redirect("notifications:inbox")


# --- Reminders: a day's digest, preferences, delivery problems --------------------------------------


@login_required
@require_GET
def digest(request, pk):
    """One day's reminders of the user (the inbox notice and the email link here). Others: 404."""
    item = Digest.objects.filter(pk=pk, recipient=request.user).first()
    if item is None:
        raise Http404("Сводка не найдена.")
    kinds = digest_shown([item]).get(item.pk, {})
    groups = [
        {"kind": kind, "label": label, "claims": kinds[kind][1], "total": kinds[kind][0]}
        for kind, label in (
            (ReminderClaim.Kind.OVERDUE, "Просрочено"),
            (ReminderClaim.Kind.DUE, "Срок сегодня"),
            (ReminderClaim.Kind.BEFORE, "Скоро срок"),
        )
        if kind in kinds
    ]
    for group in groups:
        group["more"] = group["total"] - len(group["claims"])
    links = [(link.label, reverse(link.url_name)) for link in list_links()]
    context = {"digest": item, "groups": groups, "more_links": links, "active_nav": "notifications"}
    return render(request, "notifications/digest.html", context)


@login_required
def preferences(request):
    """Digest on/off and how many days before a deadline to be reminded."""
    current = ReminderPreference.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = ReminderPreferenceForm(request.POST)
        if form.is_valid():
            reminder_preference_save(user=request.user, **form.cleaned_data)
            messages.success(request, "Настройки напоминаний сохранены.")
            return redirect("notifications:preferences")
    else:
        form = ReminderPreferenceForm(
            initial={
                "email_digest": current.email_digest if current else True,
                "email_notices": current.email_notices if current else True,
                "days_before": ", ".join(
                    str(d) for d in (current.days_before if current else default_days_before())
                ),
            }
        )
    context = {"form": form, "active_nav": "notifications", "has_email": bool(request.user.email)}
    return render(request, "notifications/preferences.html", context)


@role_required(Role.Kind.METHODIST, Role.Kind.ADMINISTRATOR)
@require_GET
def delivery_problems(request):
    """Reminders that could not be emailed: no address, or refused by the mail server."""
    digests = (
        Digest.objects.filter(status__in=[Digest.Status.NO_EMAIL, Digest.Status.FAILED])
        .select_related("recipient", "email")
        .order_by("-date", "recipient__last_name")
    )
    bounced = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.BOUNCED).order_by("-created_at")
    page = Paginator(digests, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "digests": page.object_list,
        "bounced": bounced[:50],
        "active_nav": "notifications",
    }
    return render(request, "notifications/delivery_problems.html", context)
