"""Document kinds and generic tables: the same paper layer prints «ПРОТОКОЛ» with two signature lines,
and any table (columns, number row, headings merged), in the PDF and in Word. No database."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from core.russian import NBSP
from orders.document import ORDER, PROTOCOL, Appendix, Column, Point, Row, Signatory, Table
from orders.docx_export import render_order_docx
from orders.pdf import render_appendix_pdf, render_order_pdf
from orders.tests import pdfcheck, samples


def protocol():
    return samples.order(
        kind=PROTOCOL,
        heading="О заседании жюри конкурса «Учитель года — 2026»",
        preamble="Присутствовали: 5 членов жюри из 5.",
        points=(Point("1.", "Утвердить результаты первого тура."), Point("2.", "Объявить финалистов.")),
        signatory_position="",
        signatory_name="А.В. Орлов",
        more_signatories=(Signatory(name="Е.В. Волкова"),),
        appendices=(
            Appendix(
                title="Результаты первого тура",
                approval_word="Утверждены",
                landscape=False,
                table=Table(
                    columns=(Column("Участник", 3), Column("Баллы", 1, align="right")),
                    rows=(Row(("Финалисты",), heading=True), Row(("Петров А.И.", "47"))),
                    number_row=False,
                ),
            ),
        ),
    )


def lines_of(text: str) -> list[str]:
    return [" ".join(line.replace(NBSP, " ").split()) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def protocol_pdf() -> bytes:
    return render_order_pdf(protocol())


def test_a_protocol_is_titled_protocol_and_has_no_operative_word(protocol_pdf):
    text = pdfcheck.pdftotext(protocol_pdf, layout=True)
    assert re.search(r"^ *ПРОТОКОЛ *$", text, re.MULTILINE)
    assert "ПРИКАЗ" not in text and "приказыва" not in text.lower()
    assert "Утвердить результаты первого тура." in pdfcheck.norm(text)


def test_a_protocol_has_the_chairman_and_the_secretary_signature_lines(protocol_pdf):
    lines = lines_of(pdfcheck.pdftotext(protocol_pdf, layout=True))
    chairman = next(line for line in lines if line.startswith("Председатель"))
    secretary = next(line for line in lines if line.startswith("Секретарь"))
    assert chairman.endswith("А.В. Орлов") and secretary.endswith("Е.В. Волкова")
    assert lines.index(chairman) < lines.index(secretary)


def test_a_protocols_appendix_is_marked_and_approved_by_the_protocol(protocol_pdf):
    text = pdfcheck.norm(pdfcheck.pdftotext(protocol_pdf))
    assert "Приложение к протоколу" in text and "УТВЕРЖДЕНЫ протоколом" in text
    assert "Петров А.И. 47" in text and "Финалисты" in text
    assert "№ п/п" not in text  # no roadmap columns: the table is what the caller gave


def test_a_generic_table_alone_has_its_columns_and_no_number_row():
    appendix = protocol().appendices[0]
    text = lines_of(pdfcheck.pdftotext(render_appendix_pdf(appendix), layout=True))
    assert "Участник Баллы" in text
    assert not any(re.fullmatch(r"1 2", line) for line in text)


def test_a_protocol_in_word_has_two_signature_lines():
    word = Document(io.BytesIO(render_order_docx(protocol())))
    paragraphs = [p.text for p in word.paragraphs]
    assert "ПРОТОКОЛ" in paragraphs and "ПРИКАЗЫВАЮ:" not in paragraphs
    signature = next(t for t in word.tables if t.rows[0].cells[0].text.startswith("Председатель"))
    assert [(r.cells[0].text, r.cells[2].text.replace(NBSP, " ")) for r in signature.rows] == [
        ("Председатель", "А.В. Орлов"),
        ("Секретарь", "Е.В. Волкова"),
    ]
    table = word.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Участник", "Баллы"]
    assert table.rows[1].cells[0].text == "Финалисты"  # a heading merged across the row


def test_an_order_keeps_one_signature_line_with_its_position():
    document = samples.order()
    assert document.kind is ORDER and document.kind_title == "ПРИКАЗ"
    assert document.signature_lines() == [(document.signatory_position, document.signatory_name)]


def test_relative_column_widths_become_shares_of_the_text_width():
    from orders.signature_marks import column_shares

    assert column_shares(Table(columns=(Column("a", 3), Column("b", 1)))) == [75.0, 25.0]
