"""Reads for one report's page: its history and evidence (through progress.selectors), who changed it last."""

from __future__ import annotations

from progress import selectors as review

from ...models import ProgressReport, ReportEvent
from ...selectors import time_label, user_label


def _event_details(event: ReportEvent) -> str:
    after = event.after or {}
    if event.action in (ReportEvent.Action.SAVE, ReportEvent.Action.SUBMIT) and after.get("progress"):
        return ProgressReport.Progress(after["progress"]).label
    return review.event_details(event)


def report_history(report: ProgressReport) -> list[review.EventLine]:
    """Every event of the report, oldest first, with who did it (one query)."""
    return review.history(report, who=user_label, details=_event_details)


def report_evidence(report: ProgressReport):
    return review.evidence_list(report)


def last_change_label(report: ProgressReport) -> str:
    """«Волкова Елена Викторовна в 14:05»: who changed the report last (for a conflict message)."""
    event = review.last_event(report)
    if event is None:
        return f"другой пользователь {time_label(report.updated_at)}"
    return f"{user_label(event.user)} {time_label(event.at)}"
