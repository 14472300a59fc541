"""Kinds of reviewed submissions, registered by feature apps in their AppConfig.ready().

A kind tells progress how to notify people about a step (`notice`) and, optionally, what waits for a
reviewer (`queue`), so that one reviewer's page can list the submissions of every app. progress never
imports the feature apps: they come to it through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .notices import ReviewNotice


@dataclass(frozen=True)
class QueueItem:
    """One submission waiting for review, as a reviewer's list shows it."""

    kind: str  # the ReviewKind's label
    title: str
    author: str  # who sent it (an organization's short name, a person)
    submitted_at: dt.datetime | None
    url: str


# (submission, action, comment) -> the notice to send, or None to tell nobody
NoticeHook = Callable[[Any, str, str], ReviewNotice | None]
# user -> the submissions of this kind waiting for that user's review (empty when the user reviews none)
QueueSource = Callable[[Any], Iterable[QueueItem]]


@dataclass(frozen=True)
class ReviewKind:
    model: type  # the concrete ReviewedSubmission subclass
    label: str  # «Отчёты по дорожным картам»
    notice: NoticeHook | None = None
    queue: QueueSource | None = None


_kinds: dict[str, ReviewKind] = {}


def _key(model) -> str:
    return model._meta.label_lower


def register(kind: ReviewKind) -> None:
    """Register (or replace, so that a re-run ready() is harmless) the kind of its model."""
    _kinds[_key(kind.model)] = kind


def unregister(model) -> None:
    _kinds.pop(_key(model), None)


def kind_for(model_or_instance) -> ReviewKind | None:
    return _kinds.get(_key(model_or_instance))


def kinds() -> list[ReviewKind]:
    return list(_kinds.values())


def review_queue(user) -> list[QueueItem]:
    """What waits for this user's review across every registered kind, oldest submission first."""
    items = [item for kind in _kinds.values() if kind.queue is not None for item in kind.queue(user)]
    oldest = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda item: item.submitted_at or oldest)
