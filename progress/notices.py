"""The one place where the review workflow tells people about a step.

Today it writes in-app notices through notifications.services.notices_create; when notifications gets
its `notify()` (inbox + e-mail), only `send` changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from notifications.services import notices_create


@dataclass(frozen=True)
class ReviewNotice:
    """Who is told what about a submission (built by the feature app's `notice` hook, see registry)."""

    recipients: Iterable
    kind: str
    title: str
    body: str = ""
    url: str = ""


def send(notice: ReviewNotice | None) -> int:
    """Deliver the notice (None: nobody to tell). Returns how many people were told."""
    if notice is None:
        return 0
    return notices_create(
        recipients=notice.recipients, kind=notice.kind, title=notice.title, body=notice.body, url=notice.url
    )
