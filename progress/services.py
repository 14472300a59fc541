"""Writes of the review workflow for any ReviewedSubmission: the four steps, the history, the evidence.

Each step is transactional, a compare-and-set on the submission's `version` (a stale form gets
StaleSubmissionError and nothing is written), allowed only from the states `workflow` says, and leaves
an event; then the registered kind's `notice` hook says whom to tell (progress.notices sends it).
Checks that belong to one kind (a school report must say what was done before it is sent) stay in that
app's service, which calls these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from . import notices, registry, workflow
from .models import ReviewedSubmission


class StaleSubmissionError(Exception):
    """The submission changed (or vanished: `current` is None) since the user loaded it."""

    def __init__(self, current: ReviewedSubmission | None, message: str = ""):
        self.current = current
        super().__init__(message or (current or ReviewedSubmission).text_stale)


class SubmissionLocked(ValidationError):
    """The submission is accepted (or sent and waiting for review) and cannot be changed now."""


# --- History -----------------------------------------------------------------------------------------


def _events(submission: ReviewedSubmission):
    return getattr(submission, submission.events_related_name)


def event_write(
    *, submission: ReviewedSubmission, user, action: str, comment: str = "", before=None, after=None
) -> models.Model:
    """Add one step to the submission's history."""
    return _events(submission).create(user=user, action=action, comment=comment, before=before, after=after)


# --- State checks --------------------------------------------------------------------------------------


def check_editable(submission: ReviewedSubmission) -> None:
    """Refuse a change by the author unless the submission is a draft or returned."""
    if not submission.is_editable_by_author:
        raise SubmissionLocked(submission.locked_text())


def lock_for_change(submission: ReviewedSubmission) -> None:
    """Lock the submission's row and re-read its state: nothing slips onto one sent a moment ago."""
    current = type(submission)._default_manager.select_for_update().only("state").get(pk=submission.pk)
    submission.state = current.state
    check_editable(submission)


def bump_version(submission: ReviewedSubmission) -> None:
    """A change beside the submission's own fields (evidence) still makes forms loaded before it stale."""
    type(submission)._default_manager.filter(pk=submission.pk).update(version=F("version") + 1)
    submission.refresh_from_db(fields=["version"])


# --- The author's draft ---------------------------------------------------------------------------------


@transaction.atomic
def submission_save(
    *, user, model: type[ReviewedSubmission], lookup: dict, fields: dict, version: int | None
):
    """Create or change the author's submission found by `lookup` (its row locked) with `fields`.

    `version` is what the author's form showed (None or 0: a new one). A stale form gets
    StaleSubmissionError, one sent or accepted SubmissionLocked; nothing is written then.
    """
    submission = model._default_manager.select_for_update().filter(**lookup).first()
    if submission is None:
        if version not in (None, 0):
            raise StaleSubmissionError(None, model.text_stale)
        submission = model._default_manager.create(**lookup, updated_by=user, **fields)
        event_write(submission=submission, user=user, action="save", after=submission.review_snapshot())
        return submission
    if version is None or submission.version != version:
        raise StaleSubmissionError(submission, model.text_stale)
    check_editable(submission)
    before = submission.review_snapshot()
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.version += 1
    submission.updated_by = user
    submission.save()
    event_write(
        submission=submission, user=user, action="save", before=before, after=submission.review_snapshot()
    )
    return submission


# --- The four steps ------------------------------------------------------------------------------------


def _tell(submission: ReviewedSubmission, action: str, comment: str) -> None:
    kind = registry.kind_for(submission)
    if kind is not None and kind.notice is not None:
        notices.send(kind.notice(submission, action, comment))


def _transition(*, submission: ReviewedSubmission, version: int, action: str, **fields) -> ReviewedSubmission:
    model = type(submission)
    updated = model._default_manager.filter(
        pk=submission.pk, version=version, state__in=workflow.allowed_from(action)
    ).update(state=workflow.target(action), version=F("version") + 1, updated_at=timezone.now(), **fields)
    if updated != 1:
        current = model._default_manager.filter(pk=submission.pk).first()
        if current is not None and current.version == version:
            raise SubmissionLocked(f"Из состояния «{current.get_state_display()}» это действие невозможно.")
        raise StaleSubmissionError(current, model.text_stale)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_submit(*, user, submission: ReviewedSubmission, version: int) -> ReviewedSubmission:
    """Send a draft (or a returned submission) for review."""
    submission = _transition(
        submission=submission,
        version=version,
        action=workflow.SUBMIT,
        submitted_at=timezone.now(),
        updated_by=user,
    )
    event_write(submission=submission, user=user, action=workflow.SUBMIT, after=submission.review_snapshot())
    _tell(submission, workflow.SUBMIT, "")
    return submission


def _reviewed(user, comment: str) -> dict:
    return {"review_comment": comment, "reviewed_at": timezone.now(), "reviewed_by": user, "updated_by": user}


@transaction.atomic
def submission_return(
    *, user, submission: ReviewedSubmission, version: int, comment: str
) -> ReviewedSubmission:
    """Return a sent submission to its author with the reviewer's comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": submission.text_return_needs_comment})
    submission = _transition(
        submission=submission, version=version, action=workflow.RETURN, **_reviewed(user, comment)
    )
    event_write(submission=submission, user=user, action=workflow.RETURN, comment=comment)
    _tell(submission, workflow.RETURN, comment)
    return submission


@transaction.atomic
def submission_accept(
    *, user, submission: ReviewedSubmission, version: int, comment: str = ""
) -> ReviewedSubmission:
    """Accept a sent submission; it is locked from now on."""
    comment = (comment or "").strip()
    submission = _transition(
        submission=submission, version=version, action=workflow.ACCEPT, **_reviewed(user, comment)
    )
    event_write(submission=submission, user=user, action=workflow.ACCEPT, comment=comment)
    _tell(submission, workflow.ACCEPT, comment)
    return submission


@transaction.atomic
def submission_reopen(
    *, user, submission: ReviewedSubmission, version: int, reason: str
) -> ReviewedSubmission:
    """Reopen an accepted submission (back to «возвращён») — an explicit, logged action with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": submission.text_reopen_needs_reason})
    submission = _transition(
        submission=submission, version=version, action=workflow.REOPEN, **_reviewed(user, reason)
    )
    event_write(submission=submission, user=user, action=workflow.REOPEN, comment=reason)
    _tell(submission, workflow.REOPEN, reason)
    return submission


# --- Evidence ------------------------------------------------------------------------------------------

# Files written to storage inside the innermost `atomic_with_files` block, as (storage, name).
_written: ContextVar[list | None] = ContextVar("progress_written_files", default=None)


@contextmanager
def atomic_with_files() -> Iterator[None]:
    """transaction.atomic() that also deletes the evidence files written inside it when the block fails.

    The database forgets a failed block by itself; storage does not, so without this a request that
    fails on its third file would leave the first two on disk with no row pointing at them.
    """
    outer = _written.get()
    mine: list = []
    token = _written.set(mine)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in mine:
            storage.delete(name)
        raise
    else:
        if outer is not None:  # an enclosing block may still fail: it cleans up these too
            outer.extend(mine)
    finally:
        _written.reset(token)


def _evidence_manager(submission: ReviewedSubmission):
    return getattr(submission, submission.evidence_related_name)


def _new_evidence(submission: ReviewedSubmission, **fields) -> models.Model:
    manager = _evidence_manager(submission)
    return manager.model(**{manager.field.name: submission}, **fields)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


# check(name=, data=, max_bytes=) -> an object with `.content_type`; raises ValueError (its message is
# Russian and says why) for a file that is not an allowed kind: filetypes.check_upload is one (the feature
# app passes it until the checks live in core/, below progress).
FileCheck = Callable[..., object]


def evidence_store_file(
    *, owner_evidence, user, name: str, data: bytes, check: FileCheck, max_bytes: int | None = None
):
    """Check one file by its content (type) and size and store it as a new evidence row of `owner_evidence`
    (a reverse manager: `report.evidence`, `meeting.evidence`); a disguised file is refused.

    Call it inside `atomic_with_files()`: a later failure of the block removes the stored file. Anything
    that owns evidence uses it, a ReviewedSubmission through `evidence_add_file`.
    """
    limit = settings.REPORT_FILE_MAX_BYTES if max_bytes is None else max_bytes
    try:
        kind = check(name=name, data=data, max_bytes=limit)
    except ValueError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    evidence = owner_evidence.model(
        **{owner_evidence.field.name: owner_evidence.instance},
        original_name=name[:255],
        size=len(data),
        content_type=kind.content_type,
        uploaded_by=user,
    )
    if _has_field(type(evidence), "sha256"):
        evidence.sha256 = hashlib.sha256(data).hexdigest()
    evidence.file.save(name, ContentFile(data), save=False)
    written = _written.get()
    if written is not None:
        written.append((evidence.file.storage, evidence.file.name))
    evidence.save()
    return evidence


def evidence_delete(evidence) -> None:
    """Delete an evidence row; its stored file goes only once the deletion is committed."""
    stored = evidence.file.name if evidence.file else ""
    evidence.delete()
    if stored:
        storage = evidence.file.storage
        transaction.on_commit(lambda: storage.delete(stored))


def evidence_add_file(
    *,
    user,
    submission: ReviewedSubmission,
    name: str,
    data: bytes,
    check: FileCheck,
    max_bytes: int | None = None,
):
    """Attach a file, checked by its content (type) and size; a disguised file is refused."""
    with atomic_with_files():
        lock_for_change(submission)
        evidence = evidence_store_file(
            owner_evidence=_evidence_manager(submission),
            user=user,
            name=name,
            data=data,
            check=check,
            max_bytes=max_bytes,
        )
        bump_version(submission)
        event_write(
            submission=submission, user=user, action="evidence_add", after={"file": name, "size": len(data)}
        )
    return evidence


def evidence_url_checked(url: str) -> str:
    """An evidence link, stripped: http/https only, else ValidationError on the field «url»."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError(
            {"url": "Ссылка должна начинаться с http:// или https:// и вести на страницу."}
        ) from exc
    return url


@transaction.atomic
def evidence_add_link(*, user, submission: ReviewedSubmission, url: str):
    """Attach a link (http/https only)."""
    lock_for_change(submission)
    url = evidence_url_checked(url)
    evidence = _new_evidence(submission, url=url, uploaded_by=user)
    evidence.save()
    bump_version(submission)
    event_write(submission=submission, user=user, action="evidence_add", after={"url": url})
    return evidence


def evidence_attach(
    *,
    user,
    submission: ReviewedSubmission,
    files: Iterable[tuple[str, bytes]] = (),
    url: str = "",
    check: FileCheck,
    max_bytes: int | None = None,
) -> list:
    """Attach every file and the link (if any) together, or nothing: a failure removes the stored files."""
    added = []
    with atomic_with_files():
        for name, data in files:
            added.append(
                evidence_add_file(
                    user=user, submission=submission, name=name, data=data, check=check, max_bytes=max_bytes
                )
            )
        if (url or "").strip():
            added.append(evidence_add_link(user=user, submission=submission, url=url))
    return added


@transaction.atomic
def evidence_remove(*, user, submission: ReviewedSubmission, evidence) -> None:
    """Remove a file or link; the stored file goes only once the deletion is committed."""
    lock_for_change(submission)
    label = evidence.original_name or evidence.url
    evidence_delete(evidence)
    type(submission)._default_manager.filter(pk=submission.pk).update(version=F("version") + 1)
    event_write(submission=submission, user=user, action="evidence_remove", before={"evidence": label})
