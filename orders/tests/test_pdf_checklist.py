"""Every point of the ГОСТ Р 7.0.97-2025 checklist on every rendered variant, one small test each.

The variants (orders.tests.samples.variants) are rendered once per session; pdfcheck reads each PDF once
(pdfplumber, pdftotext, pdffonts, pdfinfo, zbarimg) and lists the violated points. A test here asserts
that one point holds for one variant, so a failure names both.

Variants: simple (simple signature, seed000 table, 4 columns), qualified (qualified signature, seed001,
5 columns with an empty result), draft (blanks, «ПРОЕКТ», no mark), verbal (date «30 августа 2022 г.»),
spaced («п р и к а з ы в а ю:», no QR code), restart (two appendices, numbering restarted), several (two
appendices, continuous numbering), long (higher body, long heading, 4-level points, a row taller than a
page, order over three pages), uploaded (uploaded PDF appendix, portrait table, text appendix).
"""

from __future__ import annotations

import dataclasses

import pytest

from orders.document import OrderLayout
from orders.tests import pdfcheck, samples

VARIANTS = tuple(samples.variants())
POINTS = (
    *(f"A{i}" for i in range(1, 10)),
    *(f"B{i}" for i in range(10, 17)),
    *(f"C{i}" for i in range(17, 21)),
    *(f"D{i}" for i in range(21, 25)),
    "E25",
    "E26",
    *(f"F{i}" for i in range(27, 31)),
    *(f"G{i}" for i in range(31, 37)),
)


@pytest.fixture(scope="session")
def problems():
    """{variant: [problem, …]} — every variant rendered and checked once."""
    cache: dict[str, list[str]] = {}

    def get(name: str) -> list[str]:
        if name not in cache:
            variant = samples.variants()[name]
            pdf = samples.rendered_pdf(name)
            data = pdfcheck.read_pdf(pdf)
            uploaded = tuple(
                page.number
                for page in data.pages
                if any(samples.UPLOADED_MARKER in segment.plain for segment in page.segments)
            )
            expect = dataclasses.replace(
                pdfcheck.expect_from_document(variant.document, variant.layout), uploaded_pages=uploaded
            )
            cache[name] = pdfcheck.Checker(data, expect).run()
        return cache[name]

    return get


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_checklist_point(problems, variant, point):
    violated = [problem for problem in problems(variant) if problem.startswith(f"{point}:")]
    assert violated == [], "\n".join(violated)


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_problem_outside_the_checklist(problems, variant):
    assert all(problem.split(":")[0] in POINTS for problem in problems(variant)), problems(variant)


def test_check_order_pdf_keywords_match_the_end_to_end_call():
    """The signature the other engineers call: flat rows, number/date as printed, Expect keywords."""
    variant = samples.variants()["simple"]
    document = variant.document
    problems = pdfcheck.check_order_pdf(
        samples.rendered_pdf("simple"),
        expect_signed="simple",
        expect_rows=samples.load_rows("seed000"),
        number="344",
        date_text="30.08.2022",
        heading=document.heading,
        preamble=document.preamble,
        points=[(p.number, p.text) for p in document.points],
        place="пгт Мостовской",
        issuer_name=samples.ISSUER,
        signatory_name="Ю.Н. Богинский",
        executor_name="Волкова Елена Викторовна",
        executor_phone="8 (86192) 5-14-46",
        verify_url=samples.VERIFY_URL,
        appendix_count=1,
        appendix_titles=[samples.APPENDIX_TITLE],
        approval_words=["УТВЕРЖДЕНА"],
        signer_name="Богинский Юрий Николаевич",
    )
    assert problems == []


# ---------------------------------------------------------------- the checker catches what it should


def _check(pdf: bytes, document, layout: OrderLayout | None = None, **changes) -> list[str]:
    layout = layout or OrderLayout()
    expect = dataclasses.replace(pdfcheck.expect_from_document(document, layout), **changes)
    return pdfcheck.Checker(pdfcheck.read_pdf(pdf), expect).run()


def _points(problems: list[str]) -> set[str]:
    return {problem.split(":")[0] for problem in problems}


def test_checker_catches_wrong_requisites():
    variant = samples.variants()["simple"]
    found = _points(
        _check(
            samples.rendered_pdf("simple"),
            variant.document,
            number="345",
            date_text="31.08.2022",
            signed="qualified",
            verify_url="https://example.org/other",
            heading="О другом",
        )
    )
    assert {"B13", "B14", "B16", "D23", "E26", "F28"} <= found


def test_checker_catches_a_signature_mark_on_a_draft():
    variant = samples.variants()["simple"]
    assert "D23" in _points(_check(samples.rendered_pdf("simple"), variant.document, signed=None))


def test_checker_catches_a_missing_signature_mark():
    variant = samples.variants()["several"]
    assert "D23" in _points(_check(samples.rendered_pdf("several"), variant.document, signed="simple"))


def test_checker_catches_other_table_rows():
    variant = samples.variants()["simple"]
    rows = samples.load_rows("seed000")
    rows[3] = {**rows[3], "number": "3а", "activity": rows[3]["activity"] + " (изменено)"}
    found = _problems_with(_check(samples.rendered_pdf("simple"), variant.document, rows=[rows]), "G3")
    assert any("G34" in problem for problem in found) and any("G36" in problem for problem in found)


def _problems_with(problems: list[str], prefix: str) -> list[str]:
    return [problem for problem in problems if problem.startswith(prefix)]


@pytest.fixture(scope="module")
def broken_pdfs():
    """The simple order with one defect each, built by editing the HTML handed to WeasyPrint."""
    from orders import pdf as pdf_module

    variant = samples.variants()["simple"]
    html = pdf_module.order_html(variant.document, variant.layout)
    defects = {
        "ragged": (".para { text-indent:", ".para { text-align: left !important; text-indent:"),
        "no-indent": (".para { text-indent:", ".para { text-indent: 0 !important; x-indent:"),
        "number-on-page-1": ("@page :first {\n  @top-center { content: none; }\n}", ""),
        "second-font": (
            "font-variant-ligatures: none;",
            "font-variant-ligatures: none; } .heading { font-family: 'DejaVu Serif';",
        ),
        "no-repeated-header": (
            "table.roadmap thead { display: table-header-group; }",
            "table.roadmap thead { display: table-row-group; }",
        ),
        "wide-heading": ("width: 12cm;", "width: 17cm;"),
        "no-gap": ("margin-top: 32.2pt;", "margin-top: 0pt;"),
    }
    out = {}
    for name, (old, new) in defects.items():
        assert old in html, name
        out[name] = pdf_module._write(html.replace(old, new), [])
    return out


@pytest.mark.parametrize(
    ("defect", "point"),
    [
        ("ragged", "A5"),
        ("no-indent", "A6"),
        ("number-on-page-1", "A8"),
        ("second-font", "A2"),
        ("no-repeated-header", "G33"),
        ("wide-heading", "B16"),
        ("no-gap", "D21"),
    ],
)
def test_checker_catches_layout_defects(broken_pdfs, defect, point):
    variant = samples.variants()["simple"]
    assert point in _points(_check(broken_pdfs[defect], variant.document)), defect
