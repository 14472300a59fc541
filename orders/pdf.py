"""PDF of a document (приказ, протокол …) and of an appendix alone, by ГОСТ Р 7.0.97-2025, with WeasyPrint.

    render_order_pdf(document, layout) -> bytes    the document, its signature mark, its appendices
    render_appendix_pdf(appendix, layout, mark_lines=…) -> bytes    one appendix (a table) alone, same layout

The document's kind (orders.document.DocumentKind) decides the title word, the printed requisites, the
operative word and the signature lines; tables are generic (columns + rows), filled by feature apps.

Input is the pure data of orders.document (no database); the wording comes from orders.signature_marks.
The HTML is the Django template orders/pdf/order.html, the CSS orders/pdf/order.css (itself a template
filled with the OrderLayout values), both rendered by a standalone template engine: no Django settings
needed, and no number ever passes through localisation (the CSS gets plain «56.7», never «56,7»).

Page furniture:
* page numbers: @top-center margin box, none on page 1 (@page :first); with
  layout.appendix_page_numbers == "restart" each appendix is a named page whose first page resets the
  counter and shows no number (@page :nth(1 of appx-N));
* the executor mark and the QR code are footnotes (float: footnote), so they sit at the bottom of the
  page area and the text never runs under them: the QR code is called at the start of the order (page 1),
  the executor mark after the signature (the last page of the order). When the order fits on one page,
  both share one footnote (executor left, QR right); a cheap pre-pass of the order without its
  appendices tells which case applies;
* an appendix with a wide table is a landscape named page; table rows are not split (break-inside: avoid)
  unless a row may be taller than a page, the header and the column-number row repeat (thead);
* an uploaded PDF appendix: a page with its mark and title, then one placeholder page per uploaded page
  (numbered like the others, same size) under which the uploaded page is stamped with pypdf.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from django.template import Context, Engine

from core.russian import NBSP, typograph
from orders import signature_marks as marks
from orders.document import Appendix, OrderDocument, OrderLayout, Row, Table
from orders.qr import qr_png_data_uri

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

DEFAULT_LAYOUT = OrderLayout()  # ГОСТ Р 7.0.97-2025 defaults
MM = 72 / 25.4
A4_SHORT_PT, A4_LONG_PT = 210 * MM, 297 * MM
PAGE_NUMBER_MIN_TOP_PT = 10 * MM  # the page number in the top margin, not nearer than 10 mm to the edge
SINGLE_SPACING = 1.15  # a single line of Times-metric type is ≈ 1.15 em (ascent + descent + line gap)
FONT_FALLBACKS = ("PT Serif", "DejaVu Serif", "serif")
HEADING_WIDTH_CM = 12  # each line of the heading ≤ 12 cm
SIGNATURE_POSITION_CM = 6.5  # the signatory's position wraps in this zone (≤ 8 cm)
SIGNATURE_MARK_CM = 7.6
APPENDIX_MARK_CM = 7.9  # the appendix mark / approval stamp block (≤ 8 cm), flush with the right margin


# ---------------------------------------------------------------- template engine and fonts


@functools.cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES_DIR)], autoescape=True, debug=False)


_local = threading.local()


def _font_config():
    """One WeasyPrint FontConfiguration per thread (reused: fonts stay loaded; not shared across threads)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def _font_stack(layout: OrderLayout) -> str:
    names = [layout.font_family, *(f for f in FONT_FALLBACKS if f != layout.font_family)]
    return ", ".join(name if name == "serif" else f'"{name}"' for name in names)


def _num(value: float) -> str:
    """A number for CSS: «56.6929», never localised."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _table_size(layout: OrderLayout) -> float:
    """Table text: layout.table_font_size_pt, at least 10 pt and never larger than the order's text."""
    return min(max(float(layout.table_font_size_pt), 10.0), float(layout.font_size_pt))


def _small_size(layout: OrderLayout) -> float:
    """Executor mark and signature frame: layout.small_font_size_pt within 10–12 pt."""
    return min(max(float(layout.small_font_size_pt), 10.0), 12.0)


def _page_number_gap(layout: OrderLayout, size: float) -> float:
    """Padding under the page number in the top margin: its top ≥ 1 cm from the edge, clear of the text."""
    margin = float(layout.margin_top_mm) * MM
    number_top = max(PAGE_NUMBER_MIN_TOP_PT + 2, margin * 0.55)
    return max(2.0, margin - size - number_top)


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class TableGeometry:
    """Enough of the table's geometry to tell a row that may be taller than a page.

    Such a row gets `break-inside: auto`: otherwise WeasyPrint, unable to keep it whole, drops the repeated
    header on the pages it fills. Every other row keeps `break-inside: avoid`.
    """

    column_widths_pt: tuple[float, ...]
    page_height_pt: float  # the text field's height
    font_size_pt: float

    def may_exceed_page(self, cells: list[str]) -> bool:
        char_width = 0.5 * self.font_size_pt  # generous: Liberation Serif averages ≈ 0.45 em in Russian
        line = self.font_size_pt * SINGLE_SPACING
        tallest = 0.0
        for text, width in zip(cells, self.column_widths_pt, strict=False):
            per_line = max(int((width - 7) / char_width), 1)
            lines = sum(max(1, -(-len(part) // per_line)) for part in (text or "").splitlines() or [""])
            tallest = max(tallest, lines * line + 5)
        # the header rows and the appendix mark may take a third of the page: stay on the safe side
        return tallest > 0.6 * self.page_height_pt


def _columns(table: Table | None) -> list[dict]:
    if table is None:
        return []
    return [
        {"title": column.title, "width": _num(share), "number": str(position), "align": column.align}
        for position, (column, share) in enumerate(
            zip(table.columns, marks.column_shares(table), strict=True), start=1
        )
    ]


def _row_context(row: Row, columns: list[dict], geometry: TableGeometry) -> dict:
    if row.heading:
        return {"heading": True, "text": marks.heading_row_text(row, typograph)}
    cells = list(row.cells[: len(columns)]) + [""] * (len(columns) - len(row.cells))
    return {
        "heading": False,
        "cells": [
            {"text": typograph(cell.strip()), "align": column["align"]}
            for cell, column in zip(cells, columns, strict=True)
        ],
        "breakable": geometry.may_exceed_page(cells),
    }


# ---------------------------------------------------------------- appendices


def _pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if (page.get("/Rotate") or 0) % 180:
            width, height = height, width
        sizes.append((width, height))
    return sizes


def _appendix_context(
    appendix: Appendix,
    index: int,
    layout: OrderLayout,
    *,
    mark_lines: list[str],
    stamp_lines: list[str],
    slots: list,
) -> dict:
    columns = _columns(appendix.table)
    landscape = appendix.landscape and bool(appendix.rows)
    page_width, page_height = (A4_LONG_PT, A4_SHORT_PT) if landscape else (A4_SHORT_PT, A4_LONG_PT)
    text_width = page_width - (layout.margin_left_mm + layout.margin_right_mm) * MM
    geometry = TableGeometry(
        column_widths_pt=tuple(text_width * float(c["width"]) / 100 for c in columns),
        page_height_pt=page_height - (layout.margin_top_mm + layout.margin_bottom_mm) * MM,
        font_size_pt=_table_size(layout),
    )
    context = {
        "page_name": f"appx-{index}",
        "landscape": landscape,
        "mark_lines": mark_lines,
        "stamp_lines": stamp_lines,
        "approval_blocks": [[typograph(line) for line in block] for block in appendix.approval_blocks],
        "title": marks.appendix_title(appendix),
        "intro": marks.appendix_intro(appendix),
        "text": marks.paragraphs(appendix.text),
        "rows": [_row_context(row, columns, geometry) for row in appendix.rows],
        "columns": columns,
        "number_row": appendix.table is not None and appendix.table.number_row,
        "colspan": str(len(columns)),
        "pdf_pages": [],
        "pdf_note": "",
    }
    if appendix.pdf:
        for page_index, (width, height) in enumerate(_pdf_page_sizes(appendix.pdf)):
            slot = len(slots)
            slots.append((appendix.pdf, page_index, width, height))
            context["pdf_pages"].append({"slot": str(slot), "page_name": f"slot-{slot}"})
        context["pdf_note"] = f"(на{NBSP}{len(context['pdf_pages'])}{NBSP}л.)"
    return context


def _page_rules(appendices: list[dict], slots: list, layout: OrderLayout) -> tuple[str, str]:
    """(@page rules, element rules): a named page per appendix (orientation, restart of numbering)."""
    pages, elements = [], []
    for appendix in appendices:
        name = appendix["page_name"]
        size = "A4 landscape" if appendix["landscape"] else "A4 portrait"
        pages.append(f"@page {name} {{ size: {size}; }}")
        elements.append(f".appendix.{name} {{ page: {name}; }}")
        if layout.appendix_page_numbers == "restart":
            pages.append(
                f"@page :nth(1 of {name}) {{ counter-reset: page 1; @top-center {{ content: none; }} }}"
            )
        for page in appendix["pdf_pages"]:
            _, _, width, height = slots[int(page["slot"])]
            pages.append(f"@page {page['page_name']} {{ size: {_num(width)}pt {_num(height)}pt; }}")
            elements.append(f".pdf-slot.{page['page_name']} {{ page: {page['page_name']}; }}")
    return "\n".join(pages), "\n".join(elements)


# ---------------------------------------------------------------- CSS and HTML


def _css(layout: OrderLayout, page_rules: str, appendix_css: str) -> str:
    body = float(layout.font_size_pt)
    line_height = min(max(float(layout.line_height), 1.0), 1.5)
    single_pt = body * SINGLE_SPACING
    values = {
        "m": {
            "top": _num(layout.margin_top_mm),
            "right": _num(layout.margin_right_mm),
            "bottom": _num(layout.margin_bottom_mm),
            "left": _num(layout.margin_left_mm),
        },
        "font_stack": _font_stack(layout),
        "body_pt": _num(body),
        "table_pt": _num(_table_size(layout)),
        "small_pt": _num(_small_size(layout)),
        "body_lh": _num(line_height * SINGLE_SPACING),  # layout.line_height × single spacing
        "single_lh": _num(SINGLE_SPACING),
        "single_pt": _num(single_pt),
        "indent_cm": _num(layout.paragraph_indent_cm),
        "heading_width_cm": _num(HEADING_WIDTH_CM),
        "heading_gap_pt": _num(2 * single_pt),  # two blank lines before the text
        "signature_gap_pt": _num(2 * single_pt),  # two blank lines before the signature
        "sig_position_cm": _num(SIGNATURE_POSITION_CM),
        "sig_mark_cm": _num(SIGNATURE_MARK_CM),
        "mark_width_cm": _num(APPENDIX_MARK_CM),
        "qr_mm": _num(max(float(layout.qr_size_mm), 15.0)),
        "page_number_gap_pt": _num(_page_number_gap(layout, body)),
        "page_rules": page_rules,
        "appendix_page_css": appendix_css,
    }
    template = _engine().get_template("orders/pdf/order.css")
    return template.render(Context(values, autoescape=False))


def _has_executor(document: OrderDocument) -> bool:
    return bool(document.executor_name.strip() or document.executor_phone.strip())


def _order_context(document: OrderDocument, layout: OrderLayout, footer: str) -> dict:
    qr_uri = qr_png_data_uri(document.verify_url) if layout.qr_code and document.verify_url else ""
    if not (_has_executor(document) and qr_uri):
        footer = "separate"
    preamble = marks.preamble(document, layout)
    mark = marks.signature_mark(document)
    kind = document.kind
    (first_position, first_name), *more_lines = document.signature_lines()
    return {
        "draft_mark": document.is_draft,
        "footer": footer,
        "qr_uri": qr_uri,
        "has_executor": _has_executor(document),
        "executor_name": marks.one_line(document.executor_name),
        "executor_phone": " ".join(document.executor_phone.split()).replace(" ", NBSP),
        "higher_body": marks.requisite_name(document.higher_body),
        "issuer_name": marks.requisite_name(document.issuer_name),
        "kind_title": kind.title.strip().upper(),
        "date_text": marks.requisite_date(document, layout) if kind.print_date else "",
        "number_text": marks.requisite_number(document) if kind.print_number else "",
        "place": marks.one_line(document.place) if kind.print_place else "",
        "heading": marks.heading(document) if kind.print_heading else "",
        "preamble": list(preamble.paragraphs),
        "spaced_tail": preamble.spaced_tail,
        "prikazyvayu": preamble.prikazyvayu,
        "points": [
            {
                "number": p.number if kind.numbered_points else "",
                "paragraphs": list(p.paragraphs),
                "level": str(p.level),
            }
            for p in marks.flatten_points(document.points)
        ],
        "signatory_position": marks.one_line(first_position),
        "signatory_name": marks.one_line(first_name),
        "more_signatures": [
            {"position": marks.one_line(position), "name": marks.one_line(name)}
            for position, name in more_lines
        ],
        "frame": {"kind": mark[0], "lines": mark[1]} if mark else None,
    }


def _html(
    document: OrderDocument | None,
    layout: OrderLayout,
    *,
    footer: str,
    with_appendices: bool,
    alone: tuple[Appendix, tuple[str, ...]] | None = None,
) -> tuple[str, list]:
    """(HTML, uploaded-page slots) of a document or of one appendix alone (`alone`: it and its mark)."""
    slots: list = []
    appendices: list[dict] = []
    if document is not None and with_appendices:
        count = len(document.appendices)
        for index, appendix in enumerate(document.appendices, start=1):
            appendices.append(
                _appendix_context(
                    appendix,
                    index,
                    layout,
                    mark_lines=marks.appendix_mark(document, layout, index, count),
                    stamp_lines=marks.approval_stamp(document, layout, appendix),
                    slots=slots,
                )
            )
    if alone is not None:
        appendix, mark_lines = alone
        appendices.append(
            _appendix_context(
                appendix,
                1,
                layout,
                mark_lines=[typograph(line) for line in mark_lines],
                stamp_lines=[],
                slots=slots,
            )
        )
    page_rules, appendix_css = _page_rules(appendices, slots, layout)
    order = _order_context(document, layout, footer) if document is not None else None
    if order:
        title = " ".join(t for t in (order["kind_title"], order["date_text"], order["number_text"]) if t)
    else:
        title = appendices[0]["title"] if appendices else ""
    context = {
        "css": _css(layout, page_rules, appendix_css),
        "title": title,
        "order": order,
        "appendices": appendices,
    }
    return _engine().get_template("orders/pdf/order.html").render(Context(context)), slots


def order_html(document: OrderDocument, layout: OrderLayout = DEFAULT_LAYOUT, *, footer: str = "auto") -> str:
    """The HTML handed to WeasyPrint (footer "combined"/"separate"; "auto" runs the pre-pass)."""
    if footer == "auto":
        footer = _choose_footer(document, layout)
    return _html(document, layout, footer=footer, with_appendices=True)[0]


# ---------------------------------------------------------------- PDF


def _weasy(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES_DIR))


@contextlib.contextmanager
def _fewer_gc_passes():
    """WeasyPrint allocates millions of small objects; the cyclic collector's young-generation passes cost
    ≈ 10 % of a long table's render time. Rarer passes while rendering, the thresholds restored after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _write(html: str, slots: list) -> bytes:
    with _fewer_gc_passes():
        rendered = _weasy(html).render(font_config=_font_config())
        pdf = rendered.write_pdf()
    if slots:
        pdf = _stamp_uploaded_pages(pdf, rendered, slots)
    return pdf


def _choose_footer(document: OrderDocument, layout: OrderLayout) -> str:
    """ "combined" when the order (without appendices) fits on one page with the shared footnote."""
    if not (_has_executor(document) and layout.qr_code and document.verify_url):
        return "separate"
    html, _ = _html(document, layout, footer="combined", with_appendices=False)
    pages = _weasy(html).render(font_config=_font_config()).pages
    return "combined" if len(pages) == 1 else "separate"


def render_order_pdf(document: OrderDocument, layout: OrderLayout = DEFAULT_LAYOUT) -> bytes:
    """The order as a PDF: A4, ГОСТ Р 7.0.97-2025 layout, each appendix from a new page."""
    html, slots = _html(document, layout, footer=_choose_footer(document, layout), with_appendices=True)
    return _write(html, slots)


def render_appendix_pdf(
    appendix: Appendix, layout: OrderLayout = DEFAULT_LAYOUT, *, mark_lines: tuple[str, ...] = ()
) -> bytes:
    """An appendix (a table) alone in the order layout; `mark_lines` printed upper right (may be empty)."""
    html, slots = _html(
        None, layout, footer="separate", with_appendices=False, alone=(appendix, tuple(mark_lines))
    )
    return _write(html, slots)


def _stamp_uploaded_pages(pdf: bytes, rendered, slots: list) -> bytes:
    """Put each uploaded PDF page under its numbered placeholder page (the page number stays on top)."""
    from pypdf import PdfReader, PdfWriter

    slot_pages: dict[int, int] = {}
    for page_index, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            if anchor.startswith("slot-"):
                slot_pages.setdefault(int(anchor.removeprefix("slot-")), page_index)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf)))
    readers: dict[int, PdfReader] = {}
    for slot, (data, page_number, _width, _height) in enumerate(slots):
        if slot not in slot_pages:
            continue
        reader = readers.setdefault(id(data), PdfReader(io.BytesIO(data)))
        writer.pages[slot_pages[slot]].merge_page(reader.pages[page_number], over=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
