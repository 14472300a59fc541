"""The small interfaces through which apps plug into notifications: what is due, and kinds of notice.

An app registers a source in its AppConfig.ready():

    from notifications.registry import register
    register(OccurrenceSource())

The reminder scan works in sets: it asks every source for ONE query (DueQuery: SQL and its parameters,
or DueQuery.from_queryset) selecting the (recipient, thing) pairs due on the asked dates, runs them
all inside one statement that decides who hears what today, and claims everything in bulk. No source
builds per-object Python; monitoring forms and mentorship plans plug in the same way.

The contract of the query. It selects exactly these columns, by name, in any order:

    recipient_id   the user id to remind (inactive users and those told today are left out by the scan)
    source_key     stable and unique across sources: "<app>.<thing>:<id>[:...]", at most 200 characters
    due_date       one of the asked `dates` (read them through an index: `due_date IN (...)`)
    title          what is due, as the person will read it
    context        where it comes from (the roadmap's title, the monitoring's name), or ''
    url            a path inside the site (the digest makes it absolute), or ''
    phase          'upcoming': remind before (as the person chose: «за N дней») and on the date;
                   'overdue': remind weekly after the date, while it is not done — see below
    overdue_count  for an 'overdue' row, how many of the asked dates before `today` it stands for
                   (1 when the thing has one date); ignored for 'upcoming' rows

Overdue things are told as one line per group — the dates of one recurring item for one school:
«<title> (и ещё просроченных сроков: N)». The source collapses them itself, where it knows the
groups and before it multiplies things by people: ONE 'overdue' row per (recipient, group), with the
latest of the group's dates among the asked ones before `today` that is still not done, the group's
key as its source_key, and overdue_count. (The asked dates before `today` are exactly the weekly
steps: today − 7, − 14, … days.) A (recipient_id, source_key, phase) appears at most once.

A source may also say where its things are listed in full and as they are now (list_link = ListLink(
"Мои задачи", "roadmaps:my_tasks")): a digest keeps the first 50 of each group, and its letter and
page send the reader there for the rest.

`told` lists the users who already have today's digest: the scan drops their rows anyway, but a
source that leaves them out early (before it multiplies things by people) keeps the repeated hourly
scan cheap. The SQL must run on PostgreSQL and SQLite (the tests): joins, UNION [ALL], GROUP BY, CTEs,
CASE, ||, CAST(... AS TEXT); integers may be inlined, everything else is a parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

DUE_COLUMNS = (
    "recipient_id",
    "source_key",
    "due_date",
    "title",
    "context",
    "url",
    "phase",
    "overdue_count",
)
PHASE_UPCOMING = "upcoming"  # before (as the person chose) and on the date
PHASE_OVERDUE = "overdue"  # weekly after the date
_NAMED = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class DueQuery:
    """One SELECT with the columns of DUE_COLUMNS (see the module's docstring) and its positional (%s)
    parameters: the scan joins the queries of all sources into one statement."""

    sql: str
    params: tuple = ()

    @classmethod
    def named(cls, sql: str, params: Mapping[str, object]) -> DueQuery:
        """From SQL with %(name)s parameters (readable), turned into the positional %s the scan joins."""
        values: list[object] = []

        def take(match: re.Match) -> str:
            values.append(params[match.group(1)])
            return "%s"

        return cls(_NAMED.sub(take, sql), tuple(values))

    @classmethod
    def from_queryset(cls, queryset) -> DueQuery:
        """From a QuerySet's .values(recipient_id=..., source_key=..., ...) with the contract's names."""
        sql, params = queryset.query.sql_with_params()
        return cls(sql, tuple(params))


@dataclass(frozen=True)
class ListLink:
    """Where a source's things are listed in full and as they are now: a digest keeps the first ones
    of each group, and its letter and page send the reader here for the rest («и ещё 120»)."""

    label: str  # «Мои задачи»
    url_name: str  # reversed without arguments: the reader's own list


class DueSource(Protocol):
    name: str
    list_link: ListLink | None  # optional attribute: where the reader sees all of the source's things

    def due_query(
        self, *, dates: Sequence[dt.date], today: dt.date, told: Collection[int]
    ) -> DueQuery | None:
        """The query of the pairs due on `dates` (None: nothing can be due, e.g. no data yet)."""


_SOURCES: dict[str, DueSource] = {}


def register(source: DueSource) -> None:
    """Add a source; registering one with the same name again replaces it (safe on reloads)."""
    _SOURCES[source.name] = source


def unregister(name: str) -> None:
    """Drop a source (tests that plug in one of their own)."""
    _SOURCES.pop(name, None)


def sources() -> list[DueSource]:
    return list(_SOURCES.values())


def list_links() -> list[ListLink]:
    """The sources' full lists, in the order the sources were registered (each once)."""
    links: list[ListLink] = []
    for source in _SOURCES.values():
        link = getattr(source, "list_link", None)
        if link is not None and link not in links:
            links.append(link)
    return links


# --- Notice kinds ---------------------------------------------------------------------------------
# What a notice is about. Apps add their own kinds in AppConfig.ready():
#
#     from notifications.registry import register_notice_kind
#     register_notice_kind("report_returned", "отчёт возвращён")
#
# notify() refuses a kind nobody registered, so a typo fails in tests, not in someone's inbox.


@dataclass(frozen=True)
class NoticeKind:
    key: str  # stored in Notice.kind (at most 32 characters)
    label: str  # how the inbox names it
    email: bool = True  # False: inbox only, whatever the person's e-mail choice


_NOTICE_KINDS: dict[str, NoticeKind] = {}


def register_notice_kind(key: str, label: str, *, email: bool = True) -> NoticeKind:
    """Add a kind of notice; registering the same key again replaces it (safe on reloads)."""
    if not key or len(key) > 32:
        raise ValueError(f"Notice kind key must be 1–32 characters: {key!r}")
    kind = _NOTICE_KINDS[key] = NoticeKind(key=key, label=label, email=email)
    return kind


def notice_kind(key: str) -> NoticeKind:
    """The registered kind, or LookupError."""
    try:
        return _NOTICE_KINDS[key]
    except KeyError:
        raise LookupError(f"Unknown notice kind {key!r}: register it with register_notice_kind()") from None


def notice_kinds() -> list[NoticeKind]:
    return list(_NOTICE_KINDS.values())
