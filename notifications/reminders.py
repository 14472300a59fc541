"""The reminder scan: who is told what today, once — in sets, close to one query's cost.

1. Who was told today already: one query; they are left out from the start (and the sources are told
   so), so the repeated hourly scan of a day costs little.
2. The dates that matter today: today (due), today + N for every «N days before» any user chose
   (before), and today − 7k (overdue, weekly). Every registered source (notifications.registry) gives
   ONE query of (recipient, thing) rows due on those dates, overdue ones already one per group.
3. One statement keeps what each person hears today — their own «за N дней», the weekly overdue
   steps, «и ещё просроченных сроков: N» — into a temporary table of this connection.
4. In one transaction: today's Digest of each active person (unique per person and day: an insert
   that skips the ones a concurrent scan holds and returns ours — whoever inserts a person's digest
   tells them), every claim of those digests (INSERT … SELECT), one inbox notice per digest (bulk), the
   letters (bulk), handed to the worker after commit.
Only what the letters and notices show (50 items per group, the counts) comes back to Python.
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
from django.db import connection, transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Digest, Notice, ReminderClaim, ReminderPreference, default_days_before
from .registry import DUE_COLUMNS, PHASE_OVERDUE, PHASE_UPCOMING, DueQuery, sources
from .services import absolute_url, directory_cards, email_enqueue_many, email_requeue_stuck

logger = logging.getLogger(__name__)
User = get_user_model()

OVERDUE_WEEKS = 52  # overdue reminders go on weekly for up to a year
EMAIL_ITEMS_PER_GROUP = 50  # a longer list is on the digest page in the app
NOTICE_ITEMS = 5  # items named in the inbox notice's text
PAIRS_TABLE = "notifications_scan_pairs"  # temporary: one connection's, for the length of a scan

Kind = ReminderClaim.Kind
_ORDER = {Kind.OVERDUE: 0, Kind.DUE: 1, Kind.BEFORE: 2}


@dataclass(frozen=True)
class ScanResult:
    sent: int  # digest emails queued
    skipped: int  # people with due things who got no email (already told today, inbox only, no address)

    def as_json(self) -> dict:
        return {"sent": self.sent, "skipped": self.skipped}


def _days_before(days) -> set[int]:
    return {int(d) for d in days if 0 < int(d) <= 60}


def scan_dates(today: dt.date, days_before: set[int]) -> set[dt.date]:
    return {today} | {today + dt.timedelta(days=n) for n in days_before} | set(overdue_dates(today))


def overdue_dates(today: dt.date) -> list[dt.date]:
    return [today - dt.timedelta(weeks=k) for k in range(1, OVERDUE_WEEKS + 1)]


def _ids(ids) -> str:
    return ", ".join(str(int(pk)) for pk in ids)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _date(day: dt.date):
    return connection.ops.adapt_datefield_value(day)


@dataclass(frozen=True)
class _Before:
    """When people hear before a due date: the default days, and the people who chose their own."""

    default: frozenset[int]
    chosen: dict[frozenset[int], list[int]]  # days -> user ids who chose them (other than the default)

    @classmethod
    def load(cls) -> _Before:
        default = frozenset(_days_before(default_days_before()))
        chosen: dict[frozenset[int], list[int]] = defaultdict(list)
        for user_id, days in ReminderPreference.objects.values_list("user_id", "days_before"):
            days = frozenset(_days_before(days or ()))
            if days != default:
                chosen[days].append(user_id)
        return cls(default, dict(chosen))

    def all_days(self) -> set[int]:
        return set(self.default).union(*self.chosen)

    def condition(self, today: dt.date) -> tuple[str, list]:
        """SQL over `cand` (recipient_id, due_date): the due date is one the person hears of before."""

        def on(days) -> tuple[str, list]:
            dates = [_date(today + dt.timedelta(days=n)) for n in sorted(days)]
            return (f"s.due_date IN ({_placeholders(dates)})", dates) if dates else ("1 = 0", [])

        default_sql, params = on(self.default)
        everyone_else = [uid for users in self.chosen.values() for uid in users]
        parts = [
            f"({default_sql} AND s.recipient_id NOT IN ({_ids(everyone_else)}))"
            if everyone_else
            else default_sql
        ]
        for days, users in self.chosen.items():
            days_sql, days_params = on(days)
            parts.append(f"(s.recipient_id IN ({_ids(users)}) AND {days_sql})")
            params += days_params
        return "(" + " OR ".join(parts) + ")", params


def _pairs_sql(queries: list[DueQuery], today: dt.date, before: _Before, told: set[int]) -> tuple[str, list]:
    """One SELECT of today's pairs (recipient, thing, kind) from the sources' queries."""
    columns = ", ".join(DUE_COLUMNS)
    union = "\nUNION ALL\n".join(
        f"SELECT {columns} FROM ({query.sql}) source_{n}" for n, query in enumerate(queries)
    )
    before_sql, before_params = before.condition(today)
    overdue = [_date(day) for day in overdue_dates(today)]
    not_told = f"AND s.recipient_id NOT IN ({_ids(sorted(told))})" if told else ""
    sql = f"""
SELECT s.recipient_id, s.source_key,
       CASE WHEN s.due_date = %s THEN %s WHEN s.due_date > %s THEN %s ELSE %s END AS kind, s.due_date,
       SUBSTR(CASE WHEN s.phase = %s AND s.overdue_count > 1
                   THEN s.title || ' (и ещё просроченных сроков: ' || CAST(s.overdue_count - 1 AS TEXT) || ')'
                   ELSE s.title END, 1, 500) AS title,
       SUBSTR(s.context, 1, 500) AS context, SUBSTR(s.url, 1, 500) AS url
FROM ({union}) s
WHERE (
    (s.phase = %s AND (s.due_date = %s OR {before_sql}))
    OR (s.phase = %s AND s.due_date IN ({_placeholders(overdue)}))
) {not_told}
"""
    day = _date(today)
    params: list = [day, Kind.DUE, day, Kind.BEFORE, Kind.OVERDUE, PHASE_OVERDUE]
    params += [param for query in queries for param in query.params]
    params += [PHASE_UPCOMING, day, *before_params, PHASE_OVERDUE, *overdue]
    return sql, params


def _claim(today: dt.date, sql: str, params: list) -> tuple[dict[int, int], int]:
    """Pairs → today's digests (ours only) and their claims. Returns ({digest id: user id}, candidates)."""
    digest, claim, user = Digest._meta.db_table, ReminderClaim._meta.db_table, User._meta
    day = _date(today)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PAIRS_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {PAIRS_TABLE} AS {sql}", params)
        # (Dropped at the end; a failure rolls the transaction back, and the table with it.)
        # Active users only — here, among the few people, rather than a join with every pair above.
        active = f"recipient_id IN (SELECT {user.pk.column} FROM {user.db_table} WHERE is_active)"
        cursor.execute(f"SELECT COUNT(DISTINCT recipient_id) FROM {PAIRS_TABLE} WHERE {active}")
        candidates = cursor.fetchone()[0]
        ours: dict[int, int] = {}
        if candidates:
            # In the order of the people, so that two scans at once wait for each other, not deadlock;
            # a person whose digest a concurrent scan holds is skipped (after it commits) and not returned.
            cursor.execute(
                f"""
                INSERT INTO {digest} (recipient_id, date, status, items, created_at)
                SELECT DISTINCT recipient_id, %s, %s, 0, %s FROM {PAIRS_TABLE} WHERE {active}
                ORDER BY recipient_id
                ON CONFLICT DO NOTHING
                RETURNING id, recipient_id
                """,
                [day, Digest.Status.QUEUED, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            ours = dict(cursor.fetchall())
        if ours:
            cursor.execute(
                f"""
                INSERT INTO {claim}
                    (source_key, recipient_id, kind, on_date, due_date, title, context, url, digest_id)
                SELECT p.source_key, p.recipient_id, p.kind, %s, p.due_date, p.title, p.context, p.url, d.id
                FROM {PAIRS_TABLE} p JOIN {digest} d ON d.recipient_id = p.recipient_id
                WHERE d.date = %s AND d.id IN ({_ids(ours)})
                ON CONFLICT DO NOTHING
                """,
                [day, day],
            )
        cursor.execute(f"DROP TABLE {PAIRS_TABLE}")
    return ours, candidates


def _shown(digest_ids) -> dict[int, dict[str, tuple[int, list[ReminderClaim]]]]:
    """digest id -> kind -> (how many, the first EMAIL_ITEMS_PER_GROUP claims): one query."""
    partition = [F("digest_id"), F("kind")]
    claims = (
        ReminderClaim.objects.filter(digest_id__in=digest_ids)
        .annotate(
            # The first by date, then as the source gave them (document order for a roadmap): ids, not
            # titles, so that the database orders numbers rather than collates 100,000 texts.
            place=Window(RowNumber(), partition_by=partition, order_by=[F("due_date"), F("pk")]),
            total=Window(Count("pk"), partition_by=partition),
        )
        .filter(place__lte=EMAIL_ITEMS_PER_GROUP)
        .only("digest_id", "kind", "due_date", "title", "context", "url")
    )
    result: dict[int, dict[str, tuple[int, list[ReminderClaim]]]] = defaultdict(dict)
    for claim in claims:
        total, members = result[claim.digest_id].setdefault(claim.kind, (claim.total, []))
        members.append(claim)
    for kinds in result.values():
        for _, members in kinds.values():
            members.sort(key=lambda c: (c.due_date, c.title))
    return result


def _render(
    user,
    today: dt.date,
    kinds: dict[str, tuple[int, list[ReminderClaim]]],
    digest_url: str,
    greeting: str = "",
) -> tuple[str, str, str]:
    groups = [
        {"kind": kind, "label": Kind(kind).label, "claims": shown, "more": total - len(shown)}
        for kind, (total, shown) in sorted(kinds.items(), key=lambda item: _ORDER[item[0]])
    ]
    count = sum(total for total, _ in kinds.values())
    context = {
        "user": user,
        "greeting": greeting or user.first_name,  # «Анна Петровна», as notify() letters greet
        "today": today,
        "groups": groups,
        "count": count,
        "site_url": settings.SITE_URL,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "digest_url": absolute_url(digest_url),
    }
    subject = f"Методкабинет: сроки на {today:%d.%m.%Y} ({count})"
    text = render_to_string("notifications/email/digest.txt", context)
    html = render_to_string("notifications/email/digest.html", context)
    return subject, text, html


def _notice(today: dt.date, digest: Digest, kinds: dict[str, tuple[int, list[ReminderClaim]]]) -> Notice:
    """One notice per digest: the inbox links to the digest page that lists every item."""
    ordered = sorted(kinds.items(), key=lambda item: _ORDER[item[0]])
    counts = ", ".join(f"{Kind(kind).label}: {total}" for kind, (total, _) in ordered)
    first = [claim for _, (_, shown) in ordered for claim in shown][:NOTICE_ITEMS]
    count = sum(total for total, _ in kinds.values())
    return Notice(
        recipient_id=digest.recipient_id,
        kind="reminder",
        title=f"Сроки на {today:%d.%m.%Y}: {counts}"[:300],
        body="; ".join(c.title for c in first) + ("…" if count > NOTICE_ITEMS else ""),
        url=reverse("notifications:digest", args=[digest.pk]),
    )


def _deliver(today: dt.date, ours: dict[int, int]) -> int:
    """The notices and letters of our new digests; returns how many letters were queued."""
    shown = _shown(list(ours))
    empty = [pk for pk in ours if pk not in shown]  # every claim was made before (a digest deleted by hand)
    if empty:
        Digest.objects.filter(pk__in=empty).delete()
    digests = list(Digest.objects.filter(pk__in=list(shown)).select_related("recipient__reminder_preference"))
    cards = directory_cards([d.recipient for d in digests])
    Notice.objects.bulk_create([_notice(today, digest, shown[digest.pk]) for digest in digests])
    letters, lettered = [], []
    for digest in digests:
        user = digest.recipient
        kinds = shown[digest.pk]
        digest.items = sum(total for total, _ in kinds.values())
        preference = getattr(user, "reminder_preference", None)
        greeting, card_email = cards.get(user.pk, ("", ""))
        address = user.email or card_email
        if preference is not None and not preference.email_digest:
            digest.status = Digest.Status.INBOX_ONLY
        elif not address:
            digest.status = Digest.Status.NO_EMAIL
            # Recorded on the digest and shown to the методист («Проблемы доставки»): no console line.
            logger.debug("Reminder digest for %s not emailed: no email address", user.username)
        else:
            url = reverse("notifications:digest", args=[digest.pk])
            letters.append((address, *_render(user, today, kinds, url, greeting)))
            lettered.append(digest)
    for digest, email in zip(lettered, email_enqueue_many(letters), strict=True):
        digest.email = email
    Digest.objects.bulk_update(digests, ["items", "status", "email"], batch_size=500)
    return len(lettered)


def reminders_scan(*, today: dt.date) -> ScanResult:
    """Tell everyone what is due today, once. Safe to run twice or concurrently."""
    email_requeue_stuck()
    with transaction.atomic():
        told = set(
            Digest.objects.filter(date=today, recipient__is_active=True).values_list(
                "recipient_id", flat=True
            )
        )
        before = _Before.load()
        dates = sorted(scan_dates(today, before.all_days()))
        queries = [
            query
            for source in sources()
            if (query := source.due_query(dates=dates, today=today, told=frozenset(told))) is not None
        ]
        if not queries:
            return ScanResult(sent=0, skipped=len(told))
        ours, candidates = _claim(today, *_pairs_sql(queries, today, before, told))
        sent = _deliver(today, ours) if ours else 0
    return ScanResult(sent=sent, skipped=len(told) + candidates - sent)
