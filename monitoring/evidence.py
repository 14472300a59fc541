"""File indicators: the school's file stored as the submission's evidence (progress's shared layer) and
the answer pointing at it ({"evidence": id, "name": file name})."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from core import filetypes
from progress import services as review

from .access import can_fill
from .models import Answer, Indicator, Submission, SubmissionEvidence

SAFE_TYPES = frozenset(kind.content_type for kind in filetypes.ALLOWED)


def answer_file_attach(
    *, user, submission: Submission, indicator: Indicator, name: str, data: bytes
) -> SubmissionEvidence:
    """Store the file (checked by content and size) and make it the indicator's answer; the file it
    replaces is removed once this is committed. ValidationError({"file": …}) for a refused file,
    SubmissionLocked for a sent or accepted submission."""
    if not can_fill(user, submission):
        raise PermissionDenied("Ответы организации заполняет её директор.")
    if indicator.kind != Indicator.Kind.FILE or indicator.form_id != submission.campaign.form_id:
        raise ValidationError({"file": "Этот показатель не принимает файлы."})
    with review.atomic_with_files():
        evidence = review.evidence_add_file(
            user=user, submission=submission, name=name, data=data, check=filetypes.check_upload
        )
        answer = Answer.objects.select_for_update().filter(submission=submission, indicator=indicator).first()
        previous = answer.value.get("evidence") if answer and isinstance(answer.value, dict) else None
        value = {"evidence": evidence.pk, "name": evidence.original_name}
        if answer is None:
            Answer.objects.create(submission=submission, indicator=indicator, value=value)
        else:
            answer.value = value
            answer.save(update_fields=["value"])
        if previous:
            old = SubmissionEvidence.objects.filter(submission=submission, pk=previous).first()
            if old is not None:
                review.evidence_delete(old)
    return evidence
