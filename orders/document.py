"""What an order (приказ) looks like on paper, independent of the database.

`orders.models.Order.to_document()` builds an OrderDocument; `orders.pdf.render_pdf(document, layout)`
and `orders.docx_export.render_docx(document)` print it. Pure data: no Django models here, so the PDF
layout can be tested on hand-made documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Point:
    """A numbered point of the order part: «1.», «1.1.» … (at most 4 levels)."""

    number: str
    text: str
    children: tuple[Point, ...] = ()


@dataclass(frozen=True)
class TableRow:
    """One row of a roadmap appendix, as printed."""

    number: str
    activity: str
    deadline: str = ""
    responsible: str = ""
    result: str = ""
    heading: bool = False
    level: int = 0


@dataclass(frozen=True)
class Appendix:
    """An appendix: a roadmap table (rows) or an uploaded document (its text or PDF bytes)."""

    title: str  # «ПЛАН мероприятий («дорожная карта») по …», printed centred under the mark
    approval_word: str = ""  # «УТВЕРЖДЕН/УТВЕРЖДЕНА/УТВЕРЖДЕНО/УТВЕРЖДЕНЫ» when the order approves it
    rows: tuple[TableRow, ...] = ()
    with_result_column: bool = True
    landscape: bool = True
    goal: str = ""
    tasks: str = ""
    text: str = ""  # an uploaded text appendix
    pdf: bytes | None = None  # an uploaded PDF appendix, appended page by page


@dataclass(frozen=True)
class SimpleSignature:
    """Signed in the product: a simple electronic signature of an authenticated account."""

    signer_name: str  # full Ф.И.О.
    signer_position: str
    signed_at: dt.datetime  # aware
    content_sha256: str  # SHA-256 of the order's canonical content (Order.content_hash())
    verify_url: str


@dataclass(frozen=True)
class QualifiedSignature:
    """A detached qualified signature file (CMS/.sig) attached to the order: read from the file."""

    certificate_serial: str  # hex
    owner: str  # full Ф.И.О. from the certificate subject
    valid_from: dt.date
    valid_to: dt.date
    signed_at: dt.datetime | None = None


@dataclass(frozen=True)
class OrderDocument:
    issuer_name: str  # full name as in the charter: «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ …»
    issuer_genitive: str  # «управления образования администрации …» for «к приказу …»
    heading: str  # «Об утверждении …», no final full stop
    higher_body: str = ""  # «АДМИНИСТРАЦИЯ … МУНИЦИПАЛЬНОГО ОКРУГА», printed first when present
    issuer_instrumental: str = ""  # «управления образования …» after «приказом»; defaults to genitive
    kind_title: str = "ПРИКАЗ"
    date: dt.date | None = None  # None while a draft: printed as a blank to fill in by hand
    number: str = ""  # «128-од»; empty while a draft
    place: str = ""  # «г. Энск», «пгт Мостовской»
    preamble: str = ""
    points: tuple[Point, ...] = ()
    signatory_position: str = ""  # «Начальник управления образования»
    signatory_name: str = ""  # «А.В. Орлов» — initials before the surname
    executor_name: str = ""  # full Ф.И.О.
    executor_phone: str = ""
    appendices: tuple[Appendix, ...] = ()
    signature: SimpleSignature | QualifiedSignature | None = None
    verify_url: str = ""  # the QR code opens it; empty → no QR code
    is_draft: bool = True


@dataclass(frozen=True)
class OrderLayout:
    """Layout choices of ГОСТ Р 7.0.97-2025 as defaults; a district's records instruction may differ."""

    margin_left_mm: float = 20
    margin_right_mm: float = 10
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    font_family: str = "Liberation Serif"  # Times-metric, free; falls back to PT Serif, DejaVu Serif
    font_size_pt: float = 14
    table_font_size_pt: float = 11
    small_font_size_pt: float = 11  # executor mark, signature frame
    paragraph_indent_cm: float = 1.25
    line_height: float = 1.15  # × single spacing (allowed 1.0–1.5)
    date_format: str = "numeric"  # "numeric" → 05.09.2025, "verbal" → 5 сентября 2025 г.
    prikazyvayu_style: str = (
        "caps"  # "caps" → «ПРИКАЗЫВАЮ:» on its own line; "spaced" → «п р и к а з ы в а ю:»
    )
    qr_code: bool = True
    qr_size_mm: float = 20
    appendix_page_numbers: str = "continuous"  # or "restart"
    extra: dict = field(default_factory=dict)
