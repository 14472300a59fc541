"""What an order (приказ) looks like on paper, independent of the database.

`orders.models.Order.to_document()` builds an OrderDocument; `orders.pdf.render_order_pdf(document, layout)`
and `orders.docx_export.render_docx(document)` print it. Pure data: no Django models here, so the PDF
layout can be tested on hand-made documents. The document's `kind` (DocumentKind: ORDER, PROTOCOL …)
says which requisites, words and signature lines are printed; appendices carry generic tables
(Table of Column and Row) that feature apps fill (orders.registry).
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
class Column:
    """A column of an appendix table: its heading, relative width and the alignment of its cells."""

    title: str
    width: float = 1  # relative to the other columns (printed as a share of the text width)
    align: str = "left"  # "left" | "center" | "right"


@dataclass(frozen=True)
class Row:
    """A row of an appendix table: one text per column, or a heading merged across the row."""

    cells: tuple[str, ...]
    heading: bool = False  # printed bold and centred, its non-empty cells joined in one merged cell
    level: int = 0  # the outline depth of the source (0 = top)


@dataclass(frozen=True)
class Table:
    """A table printed in an appendix: header, the optional column-number row «1 2 3 …», rows.

    The header and the column-number row repeat at the top of every page the table spans.
    """

    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = ()
    number_row: bool = True


@dataclass(frozen=True)
class Appendix:
    """An appendix: a table, paragraphs of text, or an uploaded document (its PDF bytes).

    What it shows is the feature app's business (orders.registry); the layout is the renderers'.
    """

    title: str  # «ПЛАН мероприятий («дорожная карта») по …», printed centred under the mark
    approval_word: str = ""  # «УТВЕРЖДЕН/УТВЕРЖДЕНА/УТВЕРЖДЕНО/УТВЕРЖДЕНЫ» when the order approves it
    table: Table | None = None
    landscape: bool = True  # a wide table gets landscape pages (an appendix without rows never does)
    intro: tuple[str, ...] = ()  # paragraphs between the title and the table («Цель: …», «Задачи:» …)
    text: str = ""  # an uploaded text appendix
    pdf: bytes | None = None  # an uploaded PDF appendix, appended page by page
    # Blocks of lines printed side by side above the title, left to right: a plan's «Рассмотрено на
    # заседании …», «Согласовано …», «Утверждено приказом …» (each a tuple of lines).
    approval_blocks: tuple[tuple[str, ...], ...] = ()

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.table.rows if self.table is not None else ()


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
class DocumentKind:
    """What kind of document is printed: the same layer prints «ПРИКАЗ», «ПРОТОКОЛ» and others.

    Pure data, so a feature app describes its document without a new code path in the renderers.
    """

    key: str  # "order", "protocol"
    title: str  # «ПРИКАЗ», printed alone on its line under the organisation's name
    appendix_reference: str = "к приказу"  # the appendix mark: «к приказу <issuer in genitive>»
    approved_by: str = "приказом"  # the approval stamp: «УТВЕРЖДЕНА / приказом <issuer>»
    operative_word: str = "ПРИКАЗЫВАЮ:"  # after the preamble; "" → none
    numbered_points: bool = True  # «1.», «1.1.» … printed before the points
    print_number: bool = True  # the registration number on the date line
    print_date: bool = True
    print_place: bool = True
    print_heading: bool = True
    # One label per signature line; "" → the document's own signatory_position («Начальник управления»).
    signature_labels: tuple[str, ...] = ("",)


ORDER = DocumentKind(key="order", title="ПРИКАЗ")
PROTOCOL = DocumentKind(
    key="protocol",
    title="ПРОТОКОЛ",
    appendix_reference="к протоколу",
    approved_by="протоколом",
    operative_word="",
    signature_labels=("Председатель", "Секретарь"),
)
DOCUMENT_KINDS = {kind.key: kind for kind in (ORDER, PROTOCOL)}


@dataclass(frozen=True)
class Signatory:
    """A further signature line (a protocol's secretary): the first one is the document's signatory."""

    name: str  # «Е.В. Волкова» — initials before the surname
    position: str = ""  # printed when the kind gives no label for this line


@dataclass(frozen=True)
class OrderDocument:
    issuer_name: str  # full name as in the charter: «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ …»
    issuer_genitive: str  # «управления образования администрации …» for «к приказу …»
    heading: str  # «Об утверждении …», no final full stop
    higher_body: str = ""  # «АДМИНИСТРАЦИЯ … МУНИЦИПАЛЬНОГО ОКРУГА», printed first when present
    issuer_instrumental: str = ""  # «управления образования …» after «приказом»; defaults to genitive
    kind: DocumentKind = ORDER
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
    more_signatories: tuple[Signatory, ...] = ()  # the lines after the first (kind.signature_labels)

    @property
    def kind_title(self) -> str:
        return self.kind.title

    def signature_lines(self) -> list[tuple[str, str]]:
        """(position or label, name) of each signature line, the document's signatory first."""
        people = [
            Signatory(name=self.signatory_name, position=self.signatory_position),
            *self.more_signatories,
        ]
        labels = self.kind.signature_labels or ("",)
        count = max(len(labels), len(people))
        out = []
        for index in range(count):
            label = labels[index] if index < len(labels) else ""
            person = people[index] if index < len(people) else Signatory(name="")
            out.append((label or person.position, person.name))
        return out


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
