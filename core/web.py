"""Small web helpers the views of every app share: htmx requests, service errors on forms, downloads."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from typing import BinaryIO

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


def is_htmx(request: HttpRequest) -> bool:
    """The request came from htmx (a fragment is expected, not a whole page)."""
    return request.headers.get("HX-Request") == "true"


# The event static/js/app.js listens for; sent in HX-Trigger-After-Settle (see htmx_announce).
UPDATE_EVENT = "mk-update"


def htmx_announce(response: HttpResponse, say: str = "", *, focus: str | Sequence[str] = ()) -> HttpResponse:
    """After an in-place (htmx) update: tell screen readers what happened and put the focus back.

    The fragment that replaced the form takes the focus with it (the browser drops it to the page's body),
    so the answer names where it goes. static/js/app.js, on the event `mk-update` that htmx fires once
    the new fragment has settled, says `say` in the page's one polite live region (#live-status in
    templates/base.html) and focuses the first of the `focus` CSS selectors that finds an element — the
    element itself when it is a link, button or field, else the first one inside it (the last selector
    found is focused in any case). Events already in the header are kept. Returns the response.
    """
    selectors = [focus] if isinstance(focus, str) else list(focus)
    header = "HX-Trigger-After-Settle"
    events = json.loads(response[header]) if response.has_header(header) else {}
    events[UPDATE_EVENT] = {"say": say, "focus": [s for s in selectors if s]}
    response[header] = json.dumps(events)  # ASCII only (\u escapes): a header value must be Latin-1
    return response


def posted_version(request: HttpRequest) -> int:
    """The version of the object the form was drawn from (optimistic locking); 0 when missing or bad."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """A service's ValidationError onto the form: by field where the form has it, else on top.

    `aliases` maps a service's field name to the form field that edits it («points» → «points_text»).
    """
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = aliases.get(name, name)
            form.add_error(target if target in form.fields and target != NON_FIELD_ERRORS else None, errors)
    else:
        form.add_error(None, error)


def file_response(data: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """A file to download (or to show in the browser when `inline`), never kept by shared caches."""
    return HttpResponse(
        data,
        content_type=content_type,
        headers={
            "Content-Disposition": content_disposition_header(not inline, filename),
            "Content-Length": str(len(data)),
            "Cache-Control": "private, no-store",
        },
    )


def streamed_file_response(
    write: Callable[[BinaryIO], object], *, content_type: str, filename: str, inline: bool = False
) -> FileResponse:
    """A file that `write(file)` writes into a temporary file, sent from it in blocks (as file_response).

    For generated files that may be large (exports): the file is never held in memory as a whole, and
    the temporary file goes away when the response is closed.
    """
    file = tempfile.TemporaryFile()  # noqa: SIM115 — closed by the response, or below on failure
    try:
        write(file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    response = FileResponse(file, as_attachment=not inline, filename=filename, content_type=content_type)
    response.block_size = 64 * 1024
    response["Cache-Control"] = "private, no-store"
    return response
