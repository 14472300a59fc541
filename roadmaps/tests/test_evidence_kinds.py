"""Evidence is checked by its content for every office format a director may attach.

Each kind is built for real (python-docx, openpyxl, the zip layout of PowerPoint and OpenDocument
files): the real file is accepted and listed on the report; the same bytes renamed to another allowed
extension are refused with a Russian reason and nothing is stored.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from roadmaps.models import ReportEvidence
from roadmaps.progress import services as report_services

from .report_factories import approved_roadmap_for_schools, first_occurrence


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Протокол заседания ШМО № 4")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Класс", "Средний балл"])
    workbook.active.append(["7а", 4.2])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip(members: list[tuple[str, str]], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i, (name, text) in enumerate(members):
            compression = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=compression)
    return out.getvalue()


OPC_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OPC_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
PML_TYPE = "application/vnd.openxmlformats-officedocument.presentationml"
XML = '<?xml version="1.0" encoding="UTF-8"?>'


def pptx_bytes() -> bytes:
    """The parts PowerPoint writes for a one-slide presentation (the Open Packaging layout)."""
    return _zip(
        [
            (
                "[Content_Types].xml",
                f'{XML}<Types xmlns="{OPC_TYPES}">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/ppt/presentation.xml" ContentType="{PML_TYPE}.presentation.main+xml"/>'
                f'<Override PartName="/ppt/slides/slide1.xml" ContentType="{PML_TYPE}.slide+xml"/>'
                "</Types>",
            ),
            (
                "_rels/.rels",
                f'{XML}<Relationships xmlns="{OPC_RELS}"><Relationship Id="rId1" '
                f'Type="{OFFICE_REL}/officeDocument" Target="ppt/presentation.xml"/></Relationships>',
            ),
            (
                "ppt/presentation.xml",
                f'{XML}<p:presentation xmlns:p="{PML}" xmlns:r="{OFFICE_REL}">'
                '<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/>'
                "</p:presentation>",
            ),
            (
                "ppt/_rels/presentation.xml.rels",
                f'{XML}<Relationships xmlns="{OPC_RELS}"><Relationship Id="rId2" '
                f'Type="{OFFICE_REL}/slide" Target="slides/slide1.xml"/></Relationships>',
            ),
            ("ppt/slides/slide1.xml", f'{XML}<p:sld xmlns:p="{PML}"><p:cSld><p:spTree/></p:cSld></p:sld>'),
        ]
    )


def opendocument_bytes(mimetype: str, body: str) -> bytes:
    """An OpenDocument package as LibreOffice writes it: `mimetype` first and uncompressed."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    return _zip(
        [
            ("mimetype", mimetype),
            (
                "META-INF/manifest.xml",
                '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>",
            ),
            (
                "content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
                'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">'
                f"<office:body>{body}</office:body></office:document-content>",
            ),
        ],
        stored_first=True,
    )


def odt_bytes() -> bytes:
    return opendocument_bytes(
        "application/vnd.oasis.opendocument.text", "<office:text><text:p>Протокол</text:p></office:text>"
    )


def ods_bytes() -> bytes:
    return opendocument_bytes(
        "application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet><table:table table:name='Лист1'><table:table-row><table:table-cell/>"
        "</table:table-row></table:table></office:spreadsheet>",
    )


# (extension, builder, what the file really is — as the refusal names it, an allowed extension it is not)
KINDS = [
    ("docx", docx_bytes, "документ Word", "xlsx"),
    ("xlsx", xlsx_bytes, "книга Excel", "docx"),
    ("pptx", pptx_bytes, "презентация", "docx"),
    ("odt", odt_bytes, "документ OpenDocument", "ods"),
    ("ods", ods_bytes, "таблица OpenDocument", "odt"),
]


@pytest.fixture
def report(district, methodist, director_a):
    roadmap = approved_roadmap_for_schools(user=methodist, district=district)
    return report_services.report_save(
        user=director_a,
        occurrence=first_occurrence(roadmap, "1.1."),
        organization=district["school_a"],
        data={"progress": "in_progress", "comment": "Провели заседание"},
        version=None,
    )


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "reports"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(("extension", "build", "label", "other"), KINDS, ids=[k[0] for k in KINDS])
def test_a_real_file_of_each_kind_is_accepted_and_listed(
    extension, build, label, other, director_a_client, report
):
    name = f"подтверждение.{extension}"
    data = build()
    response = director_a_client.post(
        reverse("roadmaps:evidence_add", args=[report.pk]), {"files": [SimpleUploadedFile(name, data)]}
    )
    assert response.status_code == 302, page_text(response)[:2000]
    [evidence] = ReportEvidence.objects.filter(report=report)
    assert evidence.original_name == name
    page = director_a_client.get(reverse("roadmaps:report_detail", args=[report.pk]))
    assert name in page_text(page)
    download = director_a_client.get(reverse("roadmaps:evidence_download", args=[report.pk, evidence.pk]))
    assert b"".join(download.streaming_content) == data  # the director gets back what was sent


@pytest.mark.django_db
@pytest.mark.parametrize(("extension", "build", "label", "other"), KINDS, ids=[k[0] for k in KINDS])
def test_a_file_of_each_kind_renamed_to_another_office_format_is_refused(
    extension, build, label, other, director_a_client, report
):
    files_before = stored_files()
    name = f"подтверждение.{other}"
    response = director_a_client.post(
        reverse("roadmaps:evidence_add", args=[report.pk]), {"files": [SimpleUploadedFile(name, build())]}
    )
    assert response.status_code == 422
    text = page_text(response)
    assert name in text and label in text and "Переименованные файлы не принимаются" in text
    assert not ReportEvidence.objects.filter(report=report).exists()
    assert stored_files() == files_before


@pytest.mark.django_db
@pytest.mark.parametrize("extension", [k[0] for k in KINDS])
def test_a_zip_that_is_no_office_document_is_refused_under_each_office_name(
    extension, director_a_client, report
):
    """A plain archive (say, a folder of photos) named as a document is not one."""
    data = _zip([("фото/1.txt", "не документ"), ("[Content_Types].xml", "<Types/>")])
    response = director_a_client.post(
        reverse("roadmaps:evidence_add", args=[report.pk]),
        {"files": [SimpleUploadedFile(f"архив.{extension}", data)]},
    )
    assert response.status_code == 422
    assert "не похоже ни на один допустимый формат" in page_text(response)
    assert not ReportEvidence.objects.filter(report=report).exists()
