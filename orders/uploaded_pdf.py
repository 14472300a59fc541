"""Whether an uploaded PDF can be printed with an order: pypdf reads it and counts its pages.

A file that only starts with «%PDF-» may still be cut short or damaged; the renderer would then fail
at preview and at signing. Checked at upload, and again wherever a stored file is read (a file saved
before this check existed may be damaged).
"""

from __future__ import annotations

import io
import logging

logger = logging.getLogger(__name__)


def pdf_problem(data: bytes) -> str | None:
    """Why these bytes cannot be printed as a PDF appendix (Russian), or None when they can."""
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        return "это не PDF"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return "PDF защищён паролем"
        pages = reader.pages
        if len(pages) == 0:
            return "в PDF нет ни одной страницы"
        for page in pages:  # what the renderer reads of every page
            float(page.mediabox.width), float(page.mediabox.height)
    except Exception as exc:  # pypdf raises many kinds of errors on a damaged file
        logger.info("Unreadable PDF: %s", exc)
        return "PDF повреждён или сохранён не полностью"
    return None


def damaged_attachment_message(title: str, problem: str) -> str:
    return (
        f"Приложение «{title}» не открывается: {problem}. Удалите его из проекта и прикрепите файл заново "
        "(например, сохраните документ через «Печать → Сохранить как PDF»)."
    )
