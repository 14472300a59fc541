"""One guard for every zip-based upload (DOCX, XLSX, PPTX, ODT, ODS) before anything unpacks it. Pure Python.

An archive bomb is a small file whose members inflate to gigabytes. Before python-docx, openpyxl or the
content check opens an upload, `check_zip` looks at its central directory: the members' total
uncompressed size, each large member's compression ratio and the compression method (only «stored» and
«deflated», what office programs write; bzip2 and lzma reach far higher ratios). The declared sizes
may lie, and zipfile's `read()` of a whole member inflates everything before it cuts at the declared
size; so before a library reads members whole, `check_zip(..., verify=True)` inflates every member in
small chunks, which zipfile stops at the declared size and checks against the CRC (a liar fails it).
After that the declared sizes bound what any reader unpacks. `read_member` reads at most a small number
of bytes of a member, in chunks, for sniffing.
"""

from __future__ import annotations

import zipfile
from typing import IO, Any

#: The uncompressed size of all members together: a large roadmap with pictures stays far below.
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: How many times a member may be larger than its compressed bytes (office XML reaches 10–30).
MAX_RATIO = 100
#: Members smaller than this may compress as well as they like (an empty sheet is all tags).
RATIO_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
ALLOWED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
#: What `read_member` reads at most by default: enough to sniff a «mimetype» member.
SNIFF_BYTES = 4096
_CHUNK = 1024

TOO_LARGE_MESSAGE = (
    "Файл слишком велик после распаковки: внутри архива данные сжаты так сильно или их так много, "
    "что открыть его безопасно нельзя. Сохраните документ заново в офисной программе."
)


class ZipTooLarge(ValueError):
    """The archive would unpack into too much; the message is Russian."""

    def __init__(self, message: str = TOO_LARGE_MESSAGE):
        super().__init__(message)


def check_archive(
    archive: zipfile.ZipFile,
    *,
    max_total: int = MAX_TOTAL_BYTES,
    max_ratio: int = MAX_RATIO,
    max_member: int | None = None,
    verify: bool = False,
) -> None:
    """Raise ZipTooLarge unless the open archive's members are safe to unpack; with `verify`, also
    inflate each member in chunks (BadZipFile when one is not what its directory says)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ZipTooLarge()
    total = 0
    for info in members:
        if info.compress_type not in ALLOWED_METHODS:
            raise ZipTooLarge()
        total += info.file_size
        if total > max_total or (max_member is not None and info.file_size > max_member):
            raise ZipTooLarge()
        if info.file_size > RATIO_FROM_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ZipTooLarge()
    if verify:
        for info in members:
            if not info.is_dir():
                _inflate_in_chunks(archive, info)


def _inflate_in_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    seen = 0
    with archive.open(info) as member:
        while chunk := member.read(64 * 1024):
            seen += len(chunk)
            if seen > info.file_size:  # zipfile stops at the declared size; never trust it alone
                raise ZipTooLarge()


def check_zip(source: bytes | IO[bytes], **limits: Any) -> None:
    """Raise ZipTooLarge when a zip (bytes or a seekable file) is unsafe to unpack, BadZipFile when
    it is no zip at all or damaged. A file is left at its start. `verify=True` before a library
    reads members whole."""
    import io

    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    try:
        with zipfile.ZipFile(stream) as archive:
            check_archive(archive, **limits)
    finally:
        stream.seek(0)


def read_member(archive: zipfile.ZipFile, name: str, *, limit: int = SNIFF_BYTES) -> bytes:
    """At most `limit` bytes from the start of a member, read in small chunks whatever its size says."""
    chunks: list[bytes] = []
    left = limit
    with archive.open(name) as member:
        while left > 0:
            chunk = member.read(min(_CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    return b"".join(chunks)
