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
   tells them), how many things each group holds (Digest.counts), the claims of what the digest shows
   — the first ITEMS_KEPT of each group by date (INSERT … SELECT with a window) —, one inbox notice
   per digest (bulk), the letters (bulk), handed to the worker after commit.
A digest keeps what its letter and page show, not every due thing: on a busy day a director may have
thousands, and the full, current list is the sources' own pages («Мои задачи»: registry.ListLink),
which the letter and the page link to. So a busy day writes hundreds of rows, not 100,000 a day.
Only what the letters and notices show (ITEMS_KEPT items per group, the counts) comes back to Python.
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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Digest, Notice, ReminderClaim, ReminderPreference, default_days_before
from .registry import DUE_COLUMNS, PHASE_OVERDUE, PHASE_UPCOMING, DueQuery, list_links, sources
from .services import absolute_url, directory_cards, email_enqueue_many, email_requeue_stuck

logger = logging.getLogger(__name__)
User = get_user_model()

OVERDUE_WEEKS = 52  # overdue reminders go on weekly for up to a year
ITEMS_KEPT = 50  # items of a group a digest keeps and shows (letter, page); the rest: the sources' pages
NOTICE_ITEMS = 5  # items named in the inbox notice's text
SCAN_WORK_MEM = "64MB"  # PostgreSQL: the scan transaction's sort memory (a busy day: ~30 MB of pairs)
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


def _claim(today: dt.date, sql: str, params: list) -> tuple[dict[int, int], int, dict[int, dict[str, int]]]:
    """Pairs → today's digests (ours only), what each tells (the first ITEMS_KEPT of each group) and how
    many there are in each group. Returns ({digest id: user id}, candidates, {user id: {kind: count}})."""
    digest, claim, user = Digest._meta.db_table, ReminderClaim._meta.db_table, User._meta
    day = _date(today)
    # The first of a group: by date, then by title as Python compares them (code points), as shown.
    binary = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The scan's sorts (the first of each group, the people) in memory, not spilled to disk:
            # for this transaction only.
            cursor.execute(f"SET LOCAL work_mem = '{SCAN_WORK_MEM}'")
        cursor.execute(f"DROP TABLE IF EXISTS {PAIRS_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {PAIRS_TABLE} AS {sql}", params)
        # (Dropped at the end; a failure rolls the transaction back, and the table with it.)
        # Active users only — here, among the few people, rather than a join with every pair above.
        active = f"recipient_id IN (SELECT {user.pk.column} FROM {user.db_table} WHERE is_active)"
        # How many things each active person's groups hold: the people (candidates) come with it.
        cursor.execute(
            f"SELECT recipient_id, kind, COUNT(*) FROM {PAIRS_TABLE} "
            f"WHERE {active} GROUP BY recipient_id, kind"
        )
        for recipient_id, kind, count in cursor.fetchall():
            counts[recipient_id][kind] = count
        candidates = len(counts)
        ours: dict[int, int] = {}
        if candidates:
            # In the order of the people, so that two scans at once wait for each other, not deadlock;
            # a person whose digest a concurrent scan holds is skipped (after it commits) and not returned.
            cursor.execute(
                f"""
                INSERT INTO {digest} (recipient_id, date, status, items, counts, created_at)
                SELECT {user.pk.column}, %s, %s, 0, %s, %s FROM {user.db_table}
                WHERE {user.pk.column} IN ({_ids(counts)})
                ORDER BY {user.pk.column}
                ON CONFLICT DO NOTHING
                RETURNING id, recipient_id
                """,
                [
                    day,
                    Digest.Status.QUEUED,
                    connection.ops.adapt_json_value({}, None),
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                ],
            )
            ours = dict(cursor.fetchall())
        if ours:
            people = _ids(ours.values())
            cursor.execute(
                f"""
                INSERT INTO {claim}
                    (source_key, recipient_id, kind, on_date, due_date, title, context, url, digest_id)
                SELECT p.source_key, p.recipient_id, p.kind, %s, p.due_date, p.title, p.context, p.url, d.id
                FROM (
                    SELECT q.*, ROW_NUMBER() OVER (
                        PARTITION BY q.recipient_id, q.kind
                        ORDER BY q.due_date, q.title{binary}, q.source_key{binary}
                    ) AS place
                    FROM {PAIRS_TABLE} q WHERE q.recipient_id IN ({people})
                ) p
                JOIN {digest} d ON d.recipient_id = p.recipient_id
                WHERE p.place <= %s AND d.date = %s AND d.id IN ({_ids(ours)})
                ON CONFLICT DO NOTHING
                """,
                [day, ITEMS_KEPT, day],
            )
        cursor.execute(f"DROP TABLE {PAIRS_TABLE}")
    return ours, candidates, counts


Shown = dict[str, tuple[int, list[ReminderClaim]]]  # kind -> (how many, the claims kept)


def digest_shown(digests: list[Digest]) -> dict[int, Shown]:
    """digest id -> kind -> (how many, the claims kept, ordered as shown): one query."""
    claims: dict[int, dict[str, list[ReminderClaim]]] = defaultdict(lambda: defaultdict(list))
    for claim in ReminderClaim.objects.filter(digest__in=digests).only(
        "digest_id", "kind", "due_date", "title", "context", "url"
    ):
        claim.due_text = f"{claim.due_date:%d.%m.%Y}"  # once, not through the date filter in each template
        claims[claim.digest_id][claim.kind].append(claim)
    result: dict[int, Shown] = {}
    for digest in digests:
        kinds = claims.get(digest.pk)
        if not kinds:
            continue
        result[digest.pk] = {
            kind: (max(digest.counts.get(kind, 0), len(members)), sorted(members, key=_claim_order))
            for kind, members in kinds.items()
        }
    return result


def _claim_order(claim: ReminderClaim) -> tuple:
    return (claim.due_date, claim.title)


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
        "more_links": [(link.label, absolute_url(reverse(link.url_name))) for link in list_links()],
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


def _deliver(today: dt.date, ours: dict[int, int], counts: dict[int, dict[str, int]]) -> int:
    """The notices and letters of our new digests; returns how many letters were queued."""
    digests = list(Digest.objects.filter(pk__in=list(ours)).select_related("recipient__reminder_preference"))
    for digest in digests:
        digest.counts = counts.get(digest.recipient_id, {})
    shown = digest_shown(digests)
    empty = [d.pk for d in digests if d.pk not in shown]  # every claim was made before (deleted by hand)
    if empty:
        Digest.objects.filter(pk__in=empty).delete()
        digests = [d for d in digests if d.pk in shown]
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
    Digest.objects.bulk_update(digests, ["items", "counts", "status", "email"], batch_size=500)
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
        ours, candidates, counts = _claim(today, *_pairs_sql(queries, today, before, told))
        sent = _deliver(today, ours, counts) if ours else 0
    return ScanResult(sent=sent, skipped=len(told) + candidates - sent)
