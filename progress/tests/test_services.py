"""The review workflow's services on a tiny concrete model (progress.tests.reviewapp)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Notice
from progress import services
from progress.services import StaleSubmissionError, SubmissionLocked

from .conftest import PDF, pdf_only

pytestmark = pytest.mark.django_db


def _submit(paper, user):
    return services.submission_submit(user=user, submission=paper, version=paper.version)


def test_submit_return_resubmit_accept_writes_every_step_and_tells_the_other_side(
    paper, author, reviewer, paper_kind
):
    paper = _submit(paper, author)
    assert paper.state == "submitted" and paper.submitted_at is not None
    paper = services.submission_return(
        user=reviewer, submission=paper, version=paper.version, comment="Нет выводов"
    )
    assert (paper.state, paper.review_comment, paper.reviewed_by) == ("returned", "Нет выводов", reviewer)
    paper = _submit(paper, author)
    paper = services.submission_accept(user=reviewer, submission=paper, version=paper.version)
    assert paper.state == "accepted" and paper.is_locked and paper.version == 5

    assert list(paper.events.values_list("action", flat=True)) == ["submit", "return", "submit", "accept"]
    assert paper.events.get(action="return").comment == "Нет выводов"
    assert Notice.objects.filter(recipient=reviewer, kind="paper_submit").count() == 2
    returned = Notice.objects.get(recipient=author, kind="paper_return")
    assert returned.body == "Нет выводов"
    assert Notice.objects.filter(recipient=author, kind="paper_accept").count() == 1


def test_a_kind_without_a_notice_hook_tells_nobody(paper, author):
    _submit(paper, author)
    assert not Notice.objects.exists()


def test_a_stale_version_is_refused_and_nothing_changes(paper, author):
    seen = paper.version
    services.event_write(submission=paper, user=author, action="save")
    type(paper).objects.filter(pk=paper.pk).update(version=seen + 1)  # someone saved meanwhile
    with pytest.raises(StaleSubmissionError) as error:
        services.submission_submit(user=author, submission=paper, version=seen)
    assert error.value.current.version == seen + 1
    paper.refresh_from_db()
    assert paper.state == "draft" and list(paper.events.values_list("action", flat=True)) == ["save"]


def test_a_step_from_the_wrong_state_says_so(paper, author, reviewer):
    with pytest.raises(SubmissionLocked, match="черновик"):
        services.submission_accept(user=reviewer, submission=paper, version=paper.version)
    assert not paper.events.exists()


def test_return_needs_a_comment_and_reopen_needs_a_reason(paper, author, reviewer):
    paper = _submit(paper, author)
    with pytest.raises(ValidationError) as error:
        services.submission_return(user=reviewer, submission=paper, version=paper.version, comment="  ")
    assert "comment" in error.value.message_dict
    paper = services.submission_accept(user=reviewer, submission=paper, version=paper.version)
    with pytest.raises(ValidationError) as error:
        services.submission_reopen(user=reviewer, submission=paper, version=paper.version, reason="")
    assert "reason" in error.value.message_dict
    paper = services.submission_reopen(
        user=reviewer, submission=paper, version=paper.version, reason="Ошибка в цифрах"
    )
    assert paper.state == "returned" and paper.is_editable_by_author
    assert paper.events.last().comment == "Ошибка в цифрах"


def test_evidence_file_is_checked_stored_hashed_and_logged(paper, author):
    evidence = services.evidence_add_file(
        user=author, submission=paper, name="итоги.pdf", data=PDF, check=pdf_only
    )
    assert evidence.paper == paper and evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.file.read() == PDF
    assert paper.version == 2  # forms loaded before the upload are stale now
    assert paper.events.get().after == {"file": "итоги.pdf", "size": len(PDF)}


def test_a_refused_file_is_a_field_error_and_leaves_nothing(paper, author):
    with pytest.raises(ValidationError) as error:
        services.evidence_add_file(user=author, submission=paper, name="x.pdf", data=b"MZ...", check=pdf_only)
    assert error.value.message_dict["file"] == ["Файл «x.pdf» не PDF."]
    assert not paper.evidence.exists() and not paper.events.exists()


def test_evidence_cannot_be_added_to_a_submitted_paper(paper, author):
    paper = _submit(paper, author)
    with pytest.raises(SubmissionLocked):
        services.evidence_add_link(user=author, submission=paper, url="https://school1.ru/")


def test_attach_is_all_or_nothing_even_for_files_already_in_storage(paper, author):
    storage = paper.evidence.model._meta.get_field("file").storage
    stored_before = set(_walk(storage, "evidence"))
    with pytest.raises(ValidationError):
        services.evidence_attach(
            user=author,
            submission=paper,
            files=[("first.pdf", PDF)],
            url="javascript:alert(1)",
            check=pdf_only,
        )
    assert not paper.evidence.exists()
    assert set(_walk(storage, "evidence")) == stored_before


def _walk(storage, top):
    if not storage.exists(top):
        return []
    dirs, files = storage.listdir(top)
    return [f"{top}/{f}" for f in files] + [n for d in dirs for n in _walk(storage, f"{top}/{d}")]


def test_removing_evidence_deletes_the_file_once_committed(paper, author, django_capture_on_commit_callbacks):
    evidence = services.evidence_add_file(
        user=author, submission=paper, name="a.pdf", data=PDF, check=pdf_only
    )
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(user=author, submission=paper, evidence=evidence)
    assert not storage.exists(name)
    assert paper.events.last().before == {"evidence": "a.pdf"}
