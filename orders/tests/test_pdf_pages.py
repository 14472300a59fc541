"""Appendix tables fill their pages: a section heading and its first row go to the next page only when
they do not fit, and a heading never ends a page (positions read with pdfplumber)."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from orders.document import OrderLayout
from orders.pdf import render_order_pdf
from orders.tests import samples

MM = 72 / 25.4


def _bands(page) -> list[tuple[float, float, str]]:
    """The table's row bands on a page (top, bottom, text), between its horizontal borders."""
    tops = sorted({round(edge["top"], 1) for edge in page.edges if edge["orientation"] == "h"})
    words = page.extract_words()
    bands = []
    for top, bottom in zip(tops, tops[1:], strict=False):
        text = " ".join(w["text"] for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom)
        if text:
            bands.append((top, bottom, text))
    return bands


def _pages(rows: tuple[dict, ...], *, landscape: bool) -> list:
    appendix = samples.roadmap_appendix("seed001", rows=rows, landscape=landscape)
    pdf = render_order_pdf(samples.order(appendices=(appendix,)), OrderLayout())
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [(page.height, _bands(page)) for page in document.pages]
    return [(height, bands) for height, bands in pages if bands and "Мероприятие" in bands[0][2]]


CASES = {
    "seed001": samples.table_rows(samples.load_rows("seed001")),
    "seed000": samples.table_rows(samples.load_rows("seed000")),
    "synthetic": samples.synthetic_rows(100),
}


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_section_heading_moves_to_the_next_page_only_when_it_does_not_fit(case, landscape):
    rows = CASES[case]
    headings = [" ".join(r["activity"].split())[:25] for r in rows if r["heading"]]
    pages = _pages(rows, landscape=landscape)
    assert len(pages) > 1
    bottom_limit = lambda height: height - OrderLayout().margin_bottom_mm * MM  # noqa: E731
    for (height, before), (_, after) in zip(pages, pages[1:], strict=False):
        body = [band for band in after if "Мероприятие" not in band[2] and not band[2].startswith("1 2 3")]
        assert body, "a page of the table with no row"
        last = before[-1][2]
        assert not any(last.startswith(h) or h in last for h in headings), f"a heading ends a page: {last}"
        if any(h in body[0][2] for h in headings) and len(body) > 1:
            needed = body[1][1] - body[0][0]
            white = bottom_limit(height) - before[-1][1]
            assert needed > white, (
                f"{white:.0f} pt left white at the foot of a page, though the heading «{body[0][2][:40]}» "
                f"and its first row ({needed:.0f} pt) would have fitted"
            )
