"""Uploaded files are recognised by their content, not by their name."""

from __future__ import annotations

import pytest

from core.filetypes import PDF, FileRejected, check_upload

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def test_a_pdf_is_accepted_as_a_pdf():
    assert check_upload(name="отчёт.pdf", data=PDF_BYTES, max_bytes=1024) == PDF


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("отчёт.pdf", b"", "пустой"),
        ("отчёт.pdf", PDF_BYTES * 100, "слишком большой"),
        ("скрипт.exe", PDF_BYTES, "не принимаются"),
        ("фото.png", PDF_BYTES, "на самом деле это PDF"),
    ],
)
def test_wrong_files_are_refused_with_a_reason(name, data, reason):
    with pytest.raises(FileRejected, match=reason):
        check_upload(name=name, data=data, max_bytes=1024)
