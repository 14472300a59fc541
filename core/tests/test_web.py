"""The web helpers: htmx detection, service errors on forms, file downloads, announcements."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory

from core.web import (
    XLSX_CONTENT_TYPE,
    add_service_errors,
    file_response,
    htmx_announce,
    is_htmx,
    posted_version,
    streamed_file_response,
)


class _TitleForm(forms.Form):
    title = forms.CharField()
    points_text = forms.CharField()


def _bound_form() -> _TitleForm:
    form = _TitleForm(data={"title": "x", "points_text": "1. y"})
    assert form.is_valid()
    return form


def test_is_htmx_only_for_requests_htmx_sent():
    factory = RequestFactory()
    assert is_htmx(factory.get("/", headers={"HX-Request": "true"}))
    assert not is_htmx(factory.get("/"))
    assert not is_htmx(factory.get("/", headers={"HX-Request": "false"}))


def test_posted_version_is_zero_when_missing_or_not_a_number():
    factory = RequestFactory()
    assert posted_version(factory.post("/", {"version": "7"})) == 7
    assert posted_version(factory.post("/", {"version": "семь"})) == 0
    assert posted_version(factory.post("/")) == 0


def test_service_errors_land_on_their_fields_or_on_top():
    form = _bound_form()
    error = ValidationError({"title": "Слишком длинно.", "points": "Нет пунктов.", "owner": "Чужой."})
    add_service_errors(form, error, {"points": "points_text"})
    assert form.errors["title"] == ["Слишком длинно."]
    assert form.errors["points_text"] == ["Нет пунктов."]
    assert form.non_field_errors() == ["Чужой."]


def test_a_plain_service_error_goes_on_top():
    form = _bound_form()
    add_service_errors(form, ValidationError("Строку уже изменили."))
    assert form.non_field_errors() == ["Строку уже изменили."]


def test_file_response_is_a_private_download_or_inline():
    response = file_response(b"data", content_type=XLSX_CONTENT_TYPE, filename="Журнал.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%96" in response["Content-Disposition"]
    assert response["Content-Length"] == "4"
    assert response["Cache-Control"] == "private, no-store"
    inline = file_response(b"%PDF", content_type="application/pdf", filename="a.pdf", inline=True)
    assert inline["Content-Disposition"].startswith("inline;")


def test_streamed_file_response_sends_what_was_written_from_a_temporary_file_that_goes_away():
    written = []

    def write(file):
        file.write(b"PK" + bytes(200_000))
        written.append(file)

    response = streamed_file_response(write, content_type=XLSX_CONTENT_TYPE, filename="Карта.xlsx")
    assert response.streaming  # sent in blocks, never joined into one bytes object
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%9A" in response["Content-Disposition"]
    assert response["Content-Length"] == "200002"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"PK" + bytes(200_000)
    # As Django's test client closes a response: without the request_finished database clean-up.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert written[0].closed


def test_streamed_file_response_closes_the_temporary_file_when_writing_fails():
    opened = []

    def write(file):
        opened.append(file)
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        streamed_file_response(write, content_type=XLSX_CONTENT_TYPE, filename="a.xlsx")
    assert opened[0].closed


def test_htmx_announce_names_the_words_and_the_focus_in_an_ascii_header_and_keeps_other_events():
    response = HttpResponse("<tr></tr>")
    response["HX-Trigger-After-Settle"] = json.dumps({"pg-assigned": {"rows": [3]}})
    assert htmx_announce(response, "Строка 3 сохранена", focus=["#row-3 .rm-edit", "", "#row-3"]) is response
    header = response["HX-Trigger-After-Settle"]
    assert header.isascii()  # Cyrillic as \u escapes: a header value must be Latin-1, htmx reads JSON
    assert json.loads(header) == {
        "pg-assigned": {"rows": [3]},
        "mk-update": {"say": "Строка 3 сохранена", "focus": ["#row-3 .rm-edit", "#row-3"]},
    }
    single = htmx_announce(HttpResponse(), focus="#task-1-2")
    assert json.loads(single["HX-Trigger-After-Settle"]) == {"mk-update": {"say": "", "focus": ["#task-1-2"]}}
