"""The small interfaces through which apps plug into notifications: what is due, and kinds of notice.

An app registers a source in its AppConfig.ready():

    from notifications.registry import register
    register(OccurrenceSource())

and the reminder scan asks every source for the things due on a given set of dates. A source must
touch only those dates (an indexed `due_date__in=`), so the scan stays fast as data grows.
Monitoring forms and mentorship plans plug in the same way, without changing this app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class DueThing:
    """Something due on a date, and who must hear about it."""

    key: str  # stable and unique across sources, e.g. "roadmaps.occurrence:12:org:5"
    due_date: dt.date
    title: str  # what is due, as the person will read it
    context: str = ""  # where it comes from: the roadmap's title, the monitoring's name…
    url: str = ""  # path inside the site (the digest makes it absolute)
    recipients: tuple[int, ...] = ()  # user ids told before and on the due date
    overdue_recipients: tuple[int, ...] = ()  # user ids told weekly after the date, until it is done
    # Things of one group (the dates of one recurring item for one school) are told as one when
    # overdue: the latest date, with how many earlier ones are still open. Default: the key.
    group: str = ""


class DueSource(Protocol):
    name: str

    def due_things(self, *, dates: Collection[dt.date], today: dt.date) -> Iterable[DueThing]:
        """Things whose due date is one of `dates`."""


_SOURCES: dict[str, DueSource] = {}


def register(source: DueSource) -> None:
    """Add a source; registering one with the same name again replaces it (safe on reloads)."""
    _SOURCES[source.name] = source


def sources() -> list[DueSource]:
    return list(_SOURCES.values())


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
