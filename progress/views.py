"""View helpers of the review workflow (the feature apps own the URLs and the access checks)."""

from __future__ import annotations

from collections.abc import Collection

from django.http import FileResponse, Http404


def evidence_file_response(evidence, *, safe_types: Collection[str]) -> FileResponse:
    """The evidence file as a download with its original name. Call it only after the access check.

    Files are never served from a public media URL. A stored type outside `safe_types` goes out as
    application/octet-stream, and the response may not be sniffed, framed or cached.
    """
    if not evidence.file:
        raise Http404("У этого подтверждения нет файла (это ссылка).")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("Файл не найден в хранилище.") from None
    content_type = (
        evidence.content_type if evidence.content_type in safe_types else "application/octet-stream"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
