"""Archive bombs are refused before anything is unpacked; the refusal itself bounds memory."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from core import filetypes
from core.safezip import ZipTooLarge, check_zip, read_member
from core.tests.bombs import MIB, peak_while, zeros_zip


def test_a_bzip2_mimetype_bomb_is_refused_without_unpacking_it():
    bomb = zeros_zip("mimetype", 128 * MIB, method=zipfile.ZIP_BZIP2)
    assert len(bomb) < 10_000  # a few KB on the wire

    outcome, peak = peak_while(lambda: filetypes.check_upload(name="отчёт.odt", data=bomb, max_bytes=MIB))

    assert isinstance(outcome, filetypes.FileRejected)
    assert "Файл слишком велик после распаковки" in str(outcome)
    assert peak < 2 * MIB


def test_a_deflate_bomb_is_refused_by_its_compression_ratio():
    bomb = zeros_zip(
        "word/document.xml", 64 * MIB, method=zipfile.ZIP_DEFLATED, extra={"[Content_Types].xml": b"<x/>"}
    )

    outcome, peak = peak_while(lambda: filetypes.check_upload(name="отчёт.docx", data=bomb, max_bytes=MIB))

    assert isinstance(outcome, filetypes.FileRejected)
    assert "слишком велик после распаковки" in str(outcome)
    assert peak < 2 * MIB


def test_many_members_are_refused_by_their_total_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for n in range(3):
            archive.writestr(f"part{n}.bin", b"x" * 10)
    with pytest.raises(ZipTooLarge):
        check_zip(buffer.getvalue(), max_total=25)
    check_zip(buffer.getvalue(), max_total=30)


def test_a_member_is_read_only_up_to_the_cap_whatever_its_size():
    stored = zeros_zip("mimetype", 8 * MIB, method=zipfile.ZIP_STORED)
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        outcome, peak = peak_while(lambda: read_member(archive, "mimetype", limit=100))
    assert outcome == bytes(100)
    assert peak < 64 * 1024


def _lie_about_size(data: bytes, name: bytes, declared: int) -> bytes:
    """The zip with the central directory's uncompressed size of `name` replaced by `declared`."""
    at = data.rfind(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            return data[: at + 24] + struct.pack("<I", declared) + data[at + 28 :]
        at = data.rfind(b"PK\x01\x02", 0, at)
    raise AssertionError("member not found")


def test_a_member_that_lies_about_its_size_is_not_inflated_past_the_declared_size():
    honest = io.BytesIO()
    with zipfile.ZipFile(honest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<x/>")
        archive.writestr("word/document.xml", bytes(32 * MIB))
    liar = _lie_about_size(honest.getvalue(), b"word/document.xml", 1000)

    check_zip(liar)  # the declared sizes look harmless

    outcome, peak = peak_while(lambda: check_zip(liar, verify=True))

    assert isinstance(outcome, zipfile.BadZipFile)  # stopped at the declared 1000 bytes: CRC mismatch
    assert peak < 2 * MIB


def test_an_ordinary_office_file_passes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", filetypes.ODT.content_type, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>" * 1000)
    assert filetypes.check_upload(name="план.odt", data=buffer.getvalue(), max_bytes=MIB) == filetypes.ODT
