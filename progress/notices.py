"""The one place where the review workflow tells people about a step.

It goes through notifications.notify(): an inbox notice each, and a letter where the notice kind
(registered by the feature app) and the person's preferences allow one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from notifications.services import notify


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
    return notify(
        recipients=notice.recipients, kind=notice.kind, title=notice.title, body=notice.body, url=notice.url
    ).notices
