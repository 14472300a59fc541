"""The reminder scan: who is told what today, once.

1. Work out the dates that matter today: today (due), today + N for every «N days before» any user
   chose (before), and today − 7k (overdue, weekly). Sources are asked only about those dates.
2. Every registered source (notifications.registry) returns the things due on them with recipients.
3. Per recipient, one transaction: create today's Digest (unique per person and day — a second scan,
   concurrent or later, finds it and skips the person), claim each (thing, kind, date) (unique),
   create the in-app notices, and queue one digest email after commit.
Sending is the email queue's job (notifications.services.email_send): compare-and-set, retries,
a lease for sends that died mid-way, bounces recorded and shown to the методист.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Digest, Notice, ReminderClaim, ReminderPreference, default_days_before
from .registry import DueThing, sources
from .services import absolute_url, directory_cards, email_enqueue, email_requeue_stuck

logger = logging.getLogger(__name__)
User = get_user_model()

OVERDUE_WEEKS = 52  # overdue reminders go on weekly for up to a year
EMAIL_ITEMS_PER_GROUP = 50  # a longer list is on the digest page in the app


@dataclass(frozen=True)
class Item:
    thing: DueThing
    kind: str
    days: int  # days before the due date (before), or days late (overdue)
    earlier_overdue: int = 0  # earlier overdue dates of the same group, told with this one

    @property
    def title(self) -> str:
        if self.earlier_overdue:
            return f"{self.thing.title} (и ещё просроченных сроков: {self.earlier_overdue})"
        return self.thing.title


@dataclass(frozen=True)
class ScanResult:
    sent: int  # digest emails queued
    skipped: int  # people with due things who got no email (already told today, inbox only, no address)

    def as_json(self) -> dict:
        return {"sent": self.sent, "skipped": self.skipped}


def _days_before(preference: ReminderPreference | None) -> set[int]:
    days = preference.days_before if preference is not None else default_days_before()
    return {int(d) for d in days if 0 < int(d) <= 60}


def scan_dates(today: dt.date, days_before: set[int]) -> set[dt.date]:
    before = {today + dt.timedelta(days=n) for n in days_before}
    overdue = {today - dt.timedelta(weeks=k) for k in range(1, OVERDUE_WEEKS + 1)}
    return before | {today} | overdue


def _items_for(thing: DueThing, today: dt.date, preferences: dict[int, ReminderPreference]):
    """(recipient id, Item) pairs for one thing on `today`."""
    if thing.due_date == today:
        for uid in thing.recipients:
            yield uid, Item(thing, ReminderClaim.Kind.DUE, 0)
    elif thing.due_date > today:
        days = (thing.due_date - today).days
        for uid in thing.recipients:
            if days in _days_before(preferences.get(uid)):
                yield uid, Item(thing, ReminderClaim.Kind.BEFORE, days)
    else:
        late = (today - thing.due_date).days
        if late % 7 == 0:
            for uid in thing.overdue_recipients:
                yield uid, Item(thing, ReminderClaim.Kind.OVERDUE, late)


def collect(today: dt.date) -> dict[int, list[Item]]:
    """What each recipient must hear today (nothing claimed yet)."""
    preferences = {p.user_id: p for p in ReminderPreference.objects.all()}
    days_union = set(default_days_before()).union(*(_days_before(p) for p in preferences.values()))
    dates = scan_dates(today, days_union)
    per_recipient: dict[int, list[Item]] = defaultdict(list)
    for source in sources():
        for thing in source.due_things(dates=dates, today=today):
            for uid, item in _items_for(thing, today, preferences):
                per_recipient[uid].append(item)
    return {uid: _collapse_overdue(items) for uid, items in per_recipient.items()}


def _collapse_overdue(items: list[Item]) -> list[Item]:
    """One overdue reminder per group: the latest date, counting the earlier ones still open."""
    latest: dict[str, list[Item]] = defaultdict(list)
    result = []
    for item in items:
        if item.kind == ReminderClaim.Kind.OVERDUE:
            latest[item.thing.group or item.thing.key].append(item)
        else:
            result.append(item)
    for group in latest.values():
        group.sort(key=lambda i: i.thing.due_date)
        result.append(Item(group[-1].thing, group[-1].kind, group[-1].days, earlier_overdue=len(group) - 1))
    return result


_ORDER = {ReminderClaim.Kind.OVERDUE: 0, ReminderClaim.Kind.DUE: 1, ReminderClaim.Kind.BEFORE: 2}


def _render(
    user, today: dt.date, claims: list[ReminderClaim], digest_url: str, greeting: str = ""
) -> tuple[str, str, str]:
    groups = []
    for kind, label in ReminderClaim.Kind.choices:
        members = [c for c in claims if c.kind == kind]
        if members:
            shown = members[:EMAIL_ITEMS_PER_GROUP]
            groups.append({"kind": kind, "label": label, "claims": shown, "more": len(members) - len(shown)})
    groups.sort(key=lambda g: _ORDER[g["kind"]])
    context = {
        "user": user,
        "greeting": greeting or user.first_name,  # «Анна Петровна», as notify() letters greet
        "today": today,
        "groups": groups,
        "count": len(claims),
        "site_url": settings.SITE_URL,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "digest_url": absolute_url(digest_url),
    }
    subject = f"Методкабинет: сроки на {today:%d.%m.%Y} ({len(claims)})"
    text = render_to_string("notifications/email/digest.txt", context)
    html = render_to_string("notifications/email/digest.html", context)
    return subject, text, html


def _deliver(
    user,
    today: dt.date,
    items: list[Item],
    preference: ReminderPreference | None,
    card: tuple[str, str] = ("", ""),
) -> str:
    """Claim and deliver one person's digest of today. Returns the Digest status ('' if skipped).

    `card`: (name and patronymic, e-mail) from the person's directory card (services.directory_cards)."""
    greeting, card_email = card
    address = user.email or card_email
    with transaction.atomic():
        digest, created = Digest.objects.get_or_create(recipient=user, date=today)
        if not created:
            return ""
        ReminderClaim.objects.bulk_create(
            [
                ReminderClaim(
                    source_key=item.thing.key,
                    recipient=user,
                    kind=item.kind,
                    on_date=today,
                    due_date=item.thing.due_date,
                    title=item.title[:500],
                    context=item.thing.context[:500],
                    url=item.thing.url[:500],
                    digest=digest,
                )
                for item in items
            ],
            ignore_conflicts=True,
        )
        claims = sorted(digest.claims.all(), key=lambda c: (_ORDER[c.kind], c.due_date, c.title))
        if not claims:
            digest.delete()
            return ""
        counts = ", ".join(
            f"{label}: {sum(1 for c in claims if c.kind == kind)}"
            for kind, label in sorted(ReminderClaim.Kind.choices, key=lambda choice: _ORDER[choice[0]])
            if any(c.kind == kind for c in claims)
        )
        # One notice per digest: the inbox links to the digest page that lists every item.
        Notice.objects.create(
            recipient=user,
            kind="reminder",
            title=f"Сроки на {today:%d.%m.%Y}: {counts}"[:300],
            body="; ".join(c.title for c in claims[:5]) + ("…" if len(claims) > 5 else ""),
            url=reverse("notifications:digest", args=[digest.pk]),
        )
        digest.items = len(claims)
        if preference is not None and not preference.email_digest:
            digest.status = Digest.Status.INBOX_ONLY
        elif not address:
            digest.status = Digest.Status.NO_EMAIL
            # Recorded on the digest and shown to the методист («Проблемы доставки»): no console line.
            logger.debug("Reminder digest for %s not emailed: no email address", user.username)
        else:
            subject, text, html = _render(
                user, today, claims, reverse("notifications:digest", args=[digest.pk]), greeting
            )
            digest.email = email_enqueue(to=address, subject=subject, text=text, html=html)
            digest.status = Digest.Status.QUEUED
        digest.save(update_fields=["items", "status", "email"])
        return digest.status


def reminders_scan(*, today: dt.date) -> ScanResult:
    """Tell everyone what is due today, once. Safe to run twice or concurrently."""
    email_requeue_stuck()
    per_recipient = collect(today)
    users = User.objects.filter(pk__in=per_recipient, is_active=True).select_related("reminder_preference")
    cards = directory_cards(users)
    sent = skipped = 0
    for user in users:
        preference = getattr(user, "reminder_preference", None)
        status = _deliver(user, today, per_recipient[user.pk], preference, cards.get(user.pk, ("", "")))
        if status == Digest.Status.QUEUED:
            sent += 1
        else:
            skipped += 1
    return ScanResult(sent=sent, skipped=skipped)
