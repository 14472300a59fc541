"""What an uploaded evidence file really is, judged by its content, not its name. Pure Python.

A file passes when its bytes are one of the allowed kinds AND its extension belongs to that kind:
a «.pdf» that is really a program, or a «.jpg» that is really a zip, is refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from core.safezip import ZipTooLarge, check_archive, read_member


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", ("pdf",))
JPEG = FileKind("изображение JPEG", "image/jpeg", ("jpg", "jpeg"))
PNG = FileKind("изображение PNG", "image/png", ("png",))
DOCX = FileKind(
    "документ Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
)
XLSX = FileKind("книга Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
PPTX = FileKind(
    "презентация PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ("pptx",),
)
ODT = FileKind("документ OpenDocument", "application/vnd.oasis.opendocument.text", ("odt",))
ODS = FileKind("таблица OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", ("ods",))
ALLOWED = (PDF, JPEG, PNG, DOCX, XLSX, PPTX, ODT, ODS)
ALLOWED_EXTENSIONS = sorted({ext for kind in ALLOWED for ext in kind.extensions})


class FileRejected(ValueError):
    """The file is not one of the allowed kinds; the message is Russian and names the reason."""


def _zip_kind(data: bytes) -> FileKind | None:
    """The office kind of a zip, or None; ZipTooLarge for an archive bomb (checked before any unpacking)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = read_member(archive, "mimetype", limit=200).decode("ascii", "replace").strip()
                return {ODT.content_type: ODT, ODS.content_type: ODS}.get(mimetype)
            if "[Content_Types].xml" not in names:
                return None
            prefixes = {name.split("/", 1)[0] for name in names}
            if "word" in prefixes:
                return DOCX
            if "xl" in prefixes:
                return XLSX
            if "ppt" in prefixes:
                return PPTX
    except ZipTooLarge:
        raise
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def sniff(data: bytes) -> FileKind | None:
    """The kind of file these bytes are, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def check_upload(*, name: str, data: bytes, max_bytes: int) -> FileKind:
    """The kind of an uploaded file, or FileRejected with a Russian reason."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
    if not data:
        raise FileRejected(f"Файл «{name}» пустой.")
    if len(data) > max_bytes:
        raise FileRejected(
            f"Файл «{name}» слишком большой: {len(data) / 1024 / 1024:.1f} МБ, "
            f"допускается не больше {max_bytes / 1024 / 1024:.0f} МБ."
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise FileRejected(f"Файлы «.{extension or '?'}» не принимаются. Допустимые форматы: {allowed}.")
    try:
        kind = sniff(data)
    except ZipTooLarge as exc:
        raise FileRejected(f"{exc} Файл: «{name}».") from exc
    if kind is None:
        raise FileRejected(
            f"Содержимое файла «{name}» не похоже ни на один допустимый формат ({allowed}). "
            "Сохраните документ заново в одном из них."
        )
    if extension not in kind.extensions:
        raise FileRejected(
            f"Файл «{name}» назван как «.{extension}», но на самом деле это {kind.label}. "
            "Переименованные файлы не принимаются."
        )
    return kind
