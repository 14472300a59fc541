"""Pages go out compressed (brotli or gzip, as the browser accepts); downloads go out as they are."""

from __future__ import annotations

import gzip
import io
import re

import brotli
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from roadmaps.tests.factories import SAMPLE_ROWS, make_roadmap


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)


def without_tokens(html: str) -> str:
    return re.sub(r'(X-CSRFToken": "|csrfmiddlewaretoken" value=")\w+', r"\1…", html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "coding", "decompress"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("gzip;q=1.0, br;q=0", "gzip", gzip.decompress),
    ],
)
def test_a_page_comes_compressed_and_opens_to_the_same_page(
    roadmap, methodist_client, accept, coding, decompress
):
    url = reverse("roadmaps:detail", args=[roadmap.pk])
    plain = methodist_client.get(url)
    assert "Content-Encoding" not in plain
    response = methodist_client.get(url, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response["Content-Encoding"] == coding
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content) < len(plain.content) / 3
    html = decompress(response.content).decode()
    assert without_tokens(html) == without_tokens(plain.content.decode())
    assert "Семинары для руководителей ШМО" in html


@pytest.mark.django_db
def test_the_excel_download_is_sent_as_it_is_and_opens(roadmap, methodist_client):
    url = reverse("roadmaps:export", args=[roadmap.pk, "xlsx"])
    response = methodist_client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    assert "Семинары для руководителей ШМО" in [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.mark.django_db
def test_the_pdf_download_is_sent_as_it_is(roadmap, methodist_client):
    url = reverse("roadmaps:export", args=[roadmap.pk, "pdf"])
    response = methodist_client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
