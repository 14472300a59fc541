"""The order PDF looked at directly with poppler, pdfplumber, pypdf and zbar — no checker in between —
plus the signature wording (dates and non-breaking spaces: core/tests/test_russian.py). The checklist
as a whole is in test_pdf_checklist.py; the PDFs come from orders.tests.samples, rendered once per session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from core.russian import NBSP
from orders import signature_marks
from orders.document import Appendix, OrderLayout
from orders.pdf import order_html, render_appendix_pdf
from orders.tests import pdfcheck, samples

A4 = (595.28, 841.89)


def pdf(name: str) -> bytes:
    return samples.rendered_pdf(name)


def sizes(data: bytes) -> list[tuple[float, float]]:
    return [(round(w, 2), round(h, 2)) for w, h in pdfcheck.pdfinfo_pages(data)]


# ---------------------------------------------------------------- pages and fonts


def test_order_pages_portrait_table_pages_landscape():
    pages = sizes(pdf("simple"))
    assert pages[0] == A4
    assert pages[1:] and all(size == (A4[1], A4[0]) for size in pages[1:])


def test_portrait_appendix_stays_portrait_and_uploaded_pages_keep_their_size():
    pages = sizes(pdf("uploaded"))
    assert pages[0] == A4 and pages[1] == A4  # the order, the uploaded appendix's first page
    assert pages[2] == A4 and pages[3] == (A4[1], A4[0])  # the two uploaded pages as uploaded
    assert all(size == A4 for size in pages[4:])  # the portrait table, the text appendix


@pytest.mark.parametrize("name", ["simple", "qualified", "draft", "long"])
def test_all_fonts_embedded_one_family_no_type3(name):
    fonts = pdfcheck.pdffonts(pdf(name))
    assert fonts
    assert all(font["emb"] == "yes" for font in fonts), fonts
    assert not any("Type 3" in font["type"] for font in fonts), fonts
    names = {font["name"].split("+", 1)[1] for font in fonts}
    assert names <= {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}, names


def test_text_sizes():
    with pdfplumber.open(io.BytesIO(pdf("simple"))) as document:
        first = {round(c["size"], 1) for c in document.pages[0].chars}
        table = {round(c["size"], 1) for c in document.pages[2].chars if c["top"] > 80}
    assert first == {14.0, 11.0}  # the order text; the executor mark and the signature frame
    assert table == {11.0}


# ---------------------------------------------------------------- requisites in the text layer


def test_prikaz_alone_on_its_line_and_prikazyvayu():
    text = pdfcheck.pdftotext(pdf("simple"), layout=True)
    assert re.search(r"^ *ПРИКАЗ *$", text, re.MULTILINE)
    assert re.search(r"^ *ПРИКАЗЫВАЮ: *$", text, re.MULTILINE)
    first_line = next(line for line in text.splitlines() if "30.08.2022" in line)
    assert re.fullmatch(r"30\.08\.2022 +№\s?344", first_line.strip())


def test_verbal_date_everywhere():
    text = pdfcheck.norm(pdfcheck.pdftotext(pdf("verbal")))
    assert text.count("30 августа 2022 г.") >= 3  # the date line, «Приложение» mark and «УТВЕРЖДЕНА» stamp
    assert "30.08.2022 №" not in text


def test_spaced_prikazyvayu_closes_the_preamble():
    text = pdfcheck.norm(pdfcheck.pdftotext(pdf("spaced")))
    assert "объединений, п р и к а з ы в а ю: 1. Утвердить" in text
    assert "ПРИКАЗЫВАЮ" not in text


def test_draft_has_blanks_and_no_signature_mark():
    data = pdf("draft")
    text = pdfcheck.pdftotext(data, layout=True)
    assert re.search(r"^ *ПРОЕКТ *$", text, re.MULTILINE)
    assert re.search(r"^ *_{11} +№\s?_{7} *$", text, re.MULTILINE)
    assert "от ___________ № _______" in pdfcheck.norm(pdfcheck.pdftotext(data))
    assert "ПОДПИС" not in text and "344" not in text


def test_simple_signature_is_never_worded_as_qualified():
    text = pdfcheck.norm(pdfcheck.pdftotext(pdf("simple"), first=1, last=1))
    assert "ДОКУМЕНТ ПОДПИСАН" not in text and "Сертификат" not in text
    assert "ПОДПИСАНО ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ" in text
    assert "Дата и время: 30.08.2022 10:15 (МСК)" in text  # 07:15 UTC
    assert samples.simple_signature().content_sha256[:32] in text.replace(" ", "")


def test_qualified_signature_frame():
    text = pdfcheck.norm(pdfcheck.pdftotext(pdf("qualified"), first=1, last=1))
    assert "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ" in text
    assert "Сертификат 01D8A3F09C2BE4700000000A4F2C19" in text
    assert "Владелец Богинский Юрий Николаевич" in text
    assert "Действителен с 01.03.2022 по 01.06.2023" in text


# ---------------------------------------------------------------- QR code, executor, page numbers


def test_qr_code_decodes_to_the_verify_url():
    assert pdfcheck.zbar_decode(pdf("simple")) == [samples.VERIFY_URL]


def test_no_qr_code_when_the_layout_says_so():
    assert pdfcheck.zbar_decode(pdf("spaced")) == []
    with pdfplumber.open(io.BytesIO(pdf("spaced"))) as document:
        assert document.pages[0].images == []


def test_long_order_qr_on_page_1_executor_on_the_last_order_page():
    data = pdfcheck.read_pdf(pdf("long"))
    parts = pdfcheck.order_parts(data, OrderLayout())
    assert len(parts.order_pages) == 3
    assert len(data.pages[0].images) == 1 and not data.pages[2].images
    assert [s.page for s in parts.executor] == [3, 3]
    assert parts.decryption.page == 3


def test_page_numbers_continuous():
    data = pdfcheck.read_pdf(pdf("several"))
    numbers = [[s.plain for s in pdfcheck.page_number_segments(p, OrderLayout())] for p in data.pages]
    assert numbers[0] == []
    assert numbers[1:] == [[str(n)] for n in range(2, len(numbers) + 1)]


def test_page_numbers_restart_in_each_appendix():
    data = pdfcheck.read_pdf(pdf("restart"))
    layout = OrderLayout(appendix_page_numbers="restart")
    numbers = [" ".join(s.plain for s in pdfcheck.page_number_segments(p, layout)) for p in data.pages]
    starts = pdfcheck.order_parts(data, layout).appendix_starts
    assert starts == [2, 5]
    assert numbers == ["", "", "2", "3", "", "2", "3", "4", "5", "6"]


def test_two_appendices_are_numbered():
    text = pdfcheck.norm(pdfcheck.pdftotext(pdf("several")))
    assert "Приложение № 1 к приказу" in text and "Приложение № 2 к приказу" in text


# ---------------------------------------------------------------- tables


def test_every_table_page_repeats_header_and_column_numbers():
    data = pdfcheck.read_pdf(pdf("qualified"))
    tables = [t for p in data.pages for t in p.tables]
    assert len(tables) >= 4
    for table in tables:
        assert table.rows[0] == ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"]
        assert table.rows[1] == ["1", "2", "3", "4", "5"]
        assert table.column_x == tables[0].column_x


def test_row_taller_than_a_page_keeps_all_text():
    data = pdfcheck.read_pdf(pdf("long"))
    appendix = [p for p in data.pages if p.tables]
    joined = "".join(pdfcheck.squash(t.rows[2][1]) for p in appendix for t in p.tables if len(t.rows) > 2)
    assert pdfcheck.squash(samples.LONG_ROW_TEXT) in joined
    assert all(t.rows[0][0] == "№ п/п" for p in appendix for t in p.tables)  # header kept on every page


def test_roadmap_alone():
    rows = samples.load_rows("seed001")
    mark = ("УТВЕРЖДЕНА", "приказом районного управления образованием", "от 30.08.2022 № 344")
    data = render_appendix_pdf(samples.roadmap_appendix("seed001"), OrderLayout(), mark_lines=mark)
    assert pdfcheck.check_roadmap_pdf(data, expect_rows=rows, mark_lines=mark) == []
    assert sizes(data)[0] == (A4[1], A4[0])


def test_roadmap_alone_without_mark_portrait_four_columns():
    appendix = samples.roadmap_appendix("seed000", landscape=False, goal="", tasks="")
    data = render_appendix_pdf(appendix)
    assert pdfcheck.check_roadmap_pdf(data, expect_rows=samples.load_rows("seed000")) == []
    assert set(sizes(data)) == {A4}


def test_text_appendix_and_uploaded_pdf():
    text = pdfcheck.norm(pdfcheck.pdftotext(pdf("uploaded")))
    assert "Приложение № 3 к приказу" in text and "1. Волкова Елена Викторовна — заведующий" in text
    assert "(на 2 л.)" in text
    assert f"{samples.UPLOADED_MARKER} 1." in text and f"{samples.UPLOADED_MARKER} 2." in text
    reader = PdfReader(io.BytesIO(pdf("uploaded")))
    assert "4" in reader.pages[3].extract_text()  # the uploaded landscape page got its page number


# ---------------------------------------------------------------- HTML/CSS, no settings needed


def test_css_numbers_are_never_localised(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    settings.LANGUAGE_CODE = "ru"
    html = order_html(samples.order(), OrderLayout(margin_left_mm=22.5, font_size_pt=13.5))
    assert "22.5mm" in html and "13.5pt" in html
    assert not re.search(r"\d,\d+(pt|mm|cm)", html)


def test_renders_without_django_settings(tmp_path: Path):
    """The renderer runs in a Celery worker or a script without DJANGO_SETTINGS_MODULE."""
    script = (
        "from orders.pdf import render_appendix_pdf\n"
        "from orders.document import Appendix, Column, Row, Table\n"
        "columns = tuple(Column(t) for t in ('№', 'Мероприятие', 'Сроки', 'Ответственные'))\n"
        "table = Table(columns=columns, rows=(Row(('1', 'Семинар', 'Май', 'Волкова')),))\n"
        "pdf = render_appendix_pdf(Appendix(title='План', table=table))\n"
        "print(pdf[:5].decode())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "%PDF-"


def test_html_escapes_the_callers_text():
    document = samples.order(heading="О мерах <script>alert(1)</script> & прочем", appendices=())
    html = order_html(document, footer="separate")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_signature_mark_wording():
    simple = samples.order(signature=samples.simple_signature())
    kind, lines = signature_marks.signature_mark(simple)
    texts = [line.text for line in lines]
    assert kind == "simple" and texts[0] == "ПОДПИСАНО ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ"
    assert "Дата и время: 30.08.2022 10:15 (МСК)" in texts
    assert not any("ДОКУМЕНТ ПОДПИСАН" in text or "Сертификат" in text for text in texts)
    assert signature_marks.signature_mark(dataclasses.replace(simple, is_draft=True)) is None
    assert signature_marks.signature_mark(samples.order()) is None
    naive = dataclasses.replace(samples.simple_signature(), signed_at=dt.datetime(2022, 8, 30, 10, 15))  # noqa: DTZ001
    with pytest.raises(ValueError):
        signature_marks.signature_mark(dataclasses.replace(simple, signature=naive))


def test_preamble_styles():
    document = samples.order(preamble="В целях повышения качества, п р и к а з ы в а ю:")
    caps = signature_marks.preamble(document, OrderLayout())
    assert caps.paragraphs == (f"В{NBSP}целях повышения качества,",) and caps.prikazyvayu == "ПРИКАЗЫВАЮ:"
    spaced = signature_marks.preamble(document, OrderLayout(prikazyvayu_style="spaced"))
    assert spaced.paragraphs == (f"В{NBSP}целях повышения качества,",) and spaced.prikazyvayu == ""
    assert spaced.spaced_tail.replace(NBSP, " ") == "п р и к а з ы в а ю:"


def test_table_row_estimate_marks_only_huge_rows_breakable():
    from orders.pdf import _appendix_context

    rows = (
        samples.table_row("1", "Семинар", "Май", "Волкова"),
        samples.table_row("2", samples.LONG_ROW_TEXT, "Май", "Волкова"),
    )
    context = _appendix_context(
        Appendix(title="План", table=samples.roadmap_table(rows)),
        1,
        OrderLayout(),
        mark_lines=[],
        stamp_lines=[],
        slots=[],
    )
    assert [row["breakable"] for row in context["rows"]] == [False, True]


def test_qr_helpers(tmp_path: Path):
    from orders.qr import qr_png, qr_png_data_uri, qr_svg

    png = qr_png(samples.VERIFY_URL)
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, check=False
    )
    assert decoded.stdout.strip() == samples.VERIFY_URL
    assert qr_png_data_uri("x").startswith("data:image/png;base64,")
    svg = qr_svg(samples.VERIFY_URL, size_mm=20)
    assert svg.startswith("<svg") and "<path" in svg and "width:20mm" in svg and "<?xml" not in svg
