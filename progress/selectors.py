"""Reads of the review workflow: a submission's history and its evidence, each in one query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import ReviewedSubmission, ReviewEventBase


@dataclass(frozen=True, slots=True)
class EventLine:
    event: Any  # a ReviewEventBase subclass
    who: str
    action: str
    details: str


def event_details(event: ReviewEventBase) -> str:
    """The short detail shown after an evidence step: the file's name or the link."""
    after = event.after or {}
    before = event.before or {}
    if event.action == ReviewEventBase.Action.EVIDENCE_ADD:
        return after.get("file") or after.get("url") or ""
    if event.action == ReviewEventBase.Action.EVIDENCE_REMOVE:
        return before.get("evidence", "")
    return ""


def history(
    submission: ReviewedSubmission,
    *,
    who: Callable[[Any], str],
    details: Callable[[Any], str] = event_details,
) -> list[EventLine]:
    """Every event of the submission, oldest first; `who(user)` names the user (one query in all)."""
    events = (
        getattr(submission, submission.events_related_name)
        .select_related("user__person")
        .order_by("at", "pk")
    )
    return [EventLine(event, who(event.user), event.get_action_display(), details(event)) for event in events]


def last_event(submission: ReviewedSubmission):
    """The newest event of the submission (with its user), or None."""
    return (
        getattr(submission, submission.events_related_name)
        .select_related("user__person")
        .order_by("-at", "-pk")
        .first()
    )


def evidence_list(submission: ReviewedSubmission) -> list:
    """The submission's files and links, oldest first, with their uploaders."""
    return list(
        getattr(submission, submission.evidence_related_name)
        .select_related("uploaded_by__person")
        .order_by("uploaded_at", "pk")
    )
