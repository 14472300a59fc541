"""Archive bombs for tests, built in chunks so that the test itself never holds the unpacked bytes."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator

MIB = 1024 * 1024


def zeros_zip(name: str, size: int, *, method: int, extra: dict[str, bytes | str] | None = None) -> bytes:
    """A zip with one member of `size` zeros (written a MiB at a time) beside small `extra` members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for other, data in (extra or {}).items():
            archive.writestr(other, data)
        info = zipfile.ZipInfo(name)
        info.compress_type = method
        chunk = bytes(MIB)
        with archive.open(info, "w", force_zip64=True) as member:
            for _ in range(size // MIB):
                member.write(chunk)
    return buffer.getvalue()


DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxml'
        'formats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
}


def huge_docx(size: int) -> bytes:
    """A DOCX whose word/document.xml inflates to `size` bytes (of zeros)."""
    return zeros_zip("word/document.xml", size, method=zipfile.ZIP_DEFLATED, extra=DOCX_PARTS)


def _xlsx_parts(sheet_names: list[str]) -> dict[str, str]:
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheet_names, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheet_names) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheet_names) + 1)
    )
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships"><sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>'
        ),
    }


def _sheet_xml(header: list[str], rows: int, cell: Callable[[int], list[str]]) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    )

    def row_xml(r: int, values: list[str]) -> str:
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}"><v>{v}</v></c>'
            if v.isdigit()
            else f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
            for c, v in enumerate(values)
        )
        return f'<row r="{r}">{cells}</row>'

    yield row_xml(1, header).encode()
    batch: list[str] = []
    for r in range(2, rows + 2):
        batch.append(row_xml(r, cell(r)))
        if len(batch) == 10_000:
            yield "".join(batch).encode()
            batch = []
    yield ("".join(batch) + "</sheetData></worksheet>").encode()


def many_rows_xlsx(
    rows: int, *, header: list[str], cell: Callable[[int], list[str]], sheet_names: list[str] | None = None
) -> bytes:
    """An XLSX whose sheets hold `rows` rows under `header`, the sheet XML streamed into the zip."""
    names = sheet_names or ["Лист1"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for part, text in _xlsx_parts(names).items():
            archive.writestr(part, text)
        for n in range(1, len(names) + 1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as member:
                for chunk in _sheet_xml(header, rows, cell):
                    member.write(chunk)
    return buffer.getvalue()


def peak_while(function: Callable[[], object]) -> tuple[object, int]:
    """What `function` returns or raises, and the peak of memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        try:
            outcome = function()
        except Exception as exc:  # the refusal is the outcome under test
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
