"""The access-checked download helper and the shared partials."""

import pytest
from django.http import Http404
from django.template.loader import render_to_string

from progress import selectors, services
from progress.views import evidence_file_response

from .conftest import PDF, pdf_only

pytestmark = pytest.mark.django_db


def test_a_file_goes_out_as_an_attachment_with_its_name_and_no_sniffing(paper, author):
    evidence = services.evidence_add_file(
        user=author, submission=paper, name="итоги.pdf", data=PDF, check=pdf_only
    )
    response = evidence_file_response(evidence, safe_types={"application/pdf"})
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_type_outside_the_safe_list_is_sent_as_plain_bytes(paper, author):
    evidence = services.evidence_add_file(
        user=author, submission=paper, name="a.pdf", data=PDF, check=pdf_only
    )
    response = evidence_file_response(evidence, safe_types=set())
    assert response["Content-Type"] == "application/octet-stream"


def test_a_link_has_no_file_to_download(paper, author):
    link = services.evidence_add_link(user=author, submission=paper, url="https://school1.ru/")
    with pytest.raises(Http404):
        evidence_file_response(link, safe_types={"application/pdf"})


def test_the_history_partial_lists_each_step_with_who_and_the_comment(paper, author):
    services.evidence_add_link(user=author, submission=paper, url="https://school1.ru/news")
    paper.refresh_from_db()
    services.submission_submit(user=author, submission=paper, version=paper.version)
    lines = selectors.history(paper, who=lambda user: user.username)
    html = render_to_string("progress/_history.html", {"history": lines})
    assert [line.action for line in lines] == ["добавлено подтверждение", "отправлен"]
    assert "https://school1.ru/news" in html and "author" in html and "Отправлен" in html
    assert "Событий нет." in render_to_string("progress/_history.html", {"history": []})
