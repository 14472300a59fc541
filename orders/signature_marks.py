"""The printed wording of an order, shared by the PDF (orders.pdf) and the Word file (orders.docx_export).

Requisites (date, number, blanks of a draft), the text parts (preamble, «ПРИКАЗЫВАЮ:», points), the
signature mark (qualified or simple, never one worded as the other), the appendix mark and the approval
stamp. Pure functions on orders.document data; every string already has its non-breaking spaces.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from core.russian import NBSP, bind_short_tail, format_date, number_with_sign, strip_final_stop, typograph
from orders.document import (
    Appendix,
    OrderDocument,
    OrderLayout,
    Point,
    QualifiedSignature,
    Row,
    SimpleSignature,
    Table,
)

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
MAX_POINT_LEVEL = 3  # «1.», «1.1.», «1.1.1.», «1.1.1.1.»: four levels
DATE_BLANK = "_" * 11
NUMBER_BLANK = f"№{NBSP}" + "_" * 7
PRIKAZYVAYU = "ПРИКАЗЫВАЮ:"
PRIKAZYVAYU_SPACED = NBSP.join("приказываю") + ":"


def _operative_tail(word: str) -> re.Pattern:
    """The operative word («приказываю», spaced or not, with or without the colon) closing a preamble."""
    letters = word.rstrip(":").strip().lower()
    spaced = r"\s*".join(re.escape(letter) for letter in letters)
    return re.compile(rf"[\s,]*({spaced}|{re.escape(letters)})\s*:?\s*$", re.IGNORECASE)


# ---------------------------------------------------------------- requisites


def is_blank(document: OrderDocument) -> bool:
    """A draft or an order without a number or a date: date and number are printed as blanks.

    A kind that prints no number (an analysis, a report) needs only its date.
    """
    missing_number = document.kind.print_number and not document.number
    return document.is_draft or missing_number or document.date is None


def requisite_date(document: OrderDocument, layout: OrderLayout) -> str:
    """The date as printed in every requisite of this order (blank while a draft)."""
    if is_blank(document):
        return DATE_BLANK
    return format_date(document.date, layout.date_format)


def requisite_number(document: OrderDocument) -> str:
    """«№ 344» (non-breaking) or the blank «№ _______» while a draft."""
    if is_blank(document):
        return NUMBER_BLANK
    return number_with_sign(document.number)


def heading(document: OrderDocument) -> str:
    """The heading without a final full stop, its short last word kept with the previous one."""
    return bind_short_tail(typograph(strip_final_stop(document.heading)))


def requisite_name(name: str) -> str:
    """An organisation's name as printed: one line of text, no lone «РАЙОН» on the last line."""
    return bind_short_tail(" ".join((name or "").split()), max_letters=5)


def one_line(text: str) -> str:
    return typograph(" ".join((text or "").split()))


# ---------------------------------------------------------------- the text


def paragraphs(text: str) -> list[str]:
    """Non-empty lines of a text, each a paragraph, whitespace collapsed, typographed."""
    return [typograph(" ".join(line.split())) for line in (text or "").splitlines() if line.strip()]


@dataclass(frozen=True)
class PrintedPoint:
    number: str
    paragraphs: tuple[str, ...]
    level: int  # 0…3


def flatten_points(points: tuple[Point, ...], level: int = 0) -> list[PrintedPoint]:
    """The points depth first, as given (numbers are the caller's)."""
    out = []
    for point in points:
        out.append(
            PrintedPoint(
                point.number.strip(), tuple(paragraphs(point.text)) or ("",), min(level, MAX_POINT_LEVEL)
            )
        )
        out.extend(flatten_points(point.children, level + 1))
    return out


@dataclass(frozen=True)
class Preamble:
    paragraphs: tuple[str, ...]
    spaced_tail: str  # «п р и к а з ы в а ю:» closing the last paragraph, or ""
    prikazyvayu: str  # «ПРИКАЗЫВАЮ:» on its own line, or ""


def preamble(document: OrderDocument, layout: OrderLayout) -> Preamble:
    """The preamble without any operative word («приказываю») the caller left in it, and the document
    kind's word in the layout's style (none for a kind without one, such as a protocol)."""
    parts = paragraphs(document.preamble)
    word = document.kind.operative_word.strip()
    if not word:
        return Preamble(tuple(parts), "", "")
    if parts:
        parts[-1] = _operative_tail(word).sub("", parts[-1]).rstrip()
    if parts and parts[-1] and (parts[-1][-1].isalnum() or parts[-1][-1] in "»)"):
        # the preamble and the operative word are one sentence: «…объединений, п р и к а з ы в а ю:»,
        # and with «ПРИКАЗЫВАЮ:» on its own line the preamble ends with the comma all the same
        parts[-1] += ","
    if layout.prikazyvayu_style == "spaced":
        spaced = PRIKAZYVAYU_SPACED if word == PRIKAZYVAYU else NBSP.join(word.rstrip(":").lower()) + ":"
        return Preamble(tuple(parts) or ("",), spaced, "")
    return Preamble(tuple(parts), "", word)


# ---------------------------------------------------------------- the signature mark


@dataclass(frozen=True)
class FrameLine:
    text: str
    css: str = ""  # frame-title, frame-subtitle, frame-hash, frame-url

    @property
    def parts(self) -> tuple[str, ...]:
        """The PDF prints a link as its label and at most two unbroken pieces, split after the «/» that
        balances them best («https://host/orders/» + «verify/<token>»); other lines are one piece."""
        if self.css != "frame-url":
            return (self.text,)
        label, _, url = self.text.partition(" ")
        scheme_end = url.find("://")
        if scheme_end < 0:
            return (self.text,)
        slashes = [i + 1 for i, char in enumerate(url) if char == "/" and scheme_end + 3 <= i < len(url) - 1]
        if not slashes:
            return (label, url)
        cut = min(slashes, key=lambda i: max(i, len(url) - i))
        return (label, url[:cut], url[cut:])


def signed_at_text(value: dt.datetime) -> str:
    """«30.08.2022 10:15 (МСК)»: the signing time in Moscow."""
    if value.tzinfo is None:
        raise ValueError("the signing time must be timezone-aware")
    local = value.astimezone(MOSCOW)
    return f"{format_date(local.date())} {local:%H:%M} (МСК)"


def _hex_lines(digest: str, width: int = 32) -> list[str]:
    digest = digest.strip().lower()
    return [digest[i : i + width] for i in range(0, len(digest), width)]


def signature_mark(document: OrderDocument) -> tuple[str, list[FrameLine]] | None:
    """("qualified" | "simple", lines) of the mark printed between the position and the name.

    None for a draft or an unsigned order: the paper is then signed by hand. A simple signature is never
    worded like a qualified one («ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ» belongs to a certificate).
    """
    signature = document.signature
    if signature is None or document.is_draft:
        return None
    if isinstance(signature, QualifiedSignature):
        return "qualified", [
            FrameLine("ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ", "frame-title"),
            FrameLine(f"Сертификат {signature.certificate_serial.strip().upper()}", "frame-hash"),
            FrameLine(f"Владелец {signature.owner}"),
            FrameLine(
                f"Действителен с {format_date(signature.valid_from)} по {format_date(signature.valid_to)}"
            ),
        ]
    if not isinstance(signature, SimpleSignature):
        raise TypeError(f"unknown signature: {signature!r}")
    lines = [
        FrameLine("ПОДПИСАНО ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ", "frame-title"),
        FrameLine("в системе «Методкабинет»", "frame-subtitle"),
        FrameLine(f"Подписал: {signature.signer_name}, {signature.signer_position}"),
        FrameLine(f"Дата и время: {signed_at_text(signature.signed_at)}"),
        FrameLine("SHA-256:"),
        *(FrameLine(chunk, "frame-hash") for chunk in _hex_lines(signature.content_sha256)),
    ]
    if signature.verify_url:
        lines.append(FrameLine(f"Проверка: {signature.verify_url}", "frame-url"))
    return "simple", lines


# ---------------------------------------------------------------- appendices


def appendix_mark(document: OrderDocument, layout: OrderLayout, index: int, count: int) -> list[str]:
    """«Приложение» (or «Приложение № N» when several) / «к приказу …» / «от <дата> № <номер>»."""
    word = "Приложение" if count == 1 else f"Приложение{NBSP}№{NBSP}{index}"
    kind = document.kind
    # A kind without a number (an analysis) is marked by its date alone; without an issuer, by its name.
    number = f" {requisite_number(document)}" if kind.print_number else ""
    date_and_number = f"от {requisite_date(document, layout)}{number}"
    return [
        word,
        typograph(f"{kind.appendix_reference} {document.issuer_genitive}".strip()),
        date_and_number,
    ]


def approval_stamp(document: OrderDocument, layout: OrderLayout, appendix: Appendix) -> list[str]:
    """«УТВЕРЖДЕНА» / «приказом …» / «от <дата> № <номер>» — the order's own date and number; [] if none."""
    if not appendix.approval_word.strip():
        return []
    issuer = document.issuer_instrumental or document.issuer_genitive
    return [
        appendix.approval_word.strip().upper(),
        typograph(f"{document.kind.approved_by} {issuer}"),
        f"от {requisite_date(document, layout)} {requisite_number(document)}",
    ]


def appendix_intro(appendix: Appendix) -> list[str]:
    """The paragraphs between the title and the table, typographed."""
    return [typograph(line.strip()) for line in appendix.intro if line.strip()]


def appendix_title(appendix: Appendix) -> str:
    return bind_short_tail(typograph(strip_final_stop(appendix.title))) if appendix.title.strip() else ""


# ---------------------------------------------------------------- tables


def column_shares(table: Table) -> list[float]:
    """Each column's width in % of the text width (the columns' relative widths scaled to 100)."""
    total = sum(max(float(c.width), 0.0) for c in table.columns) or 1.0
    return [100 * max(float(c.width), 0.0) / total for c in table.columns]


def heading_row_text(row: Row, typeset=lambda text: text) -> str:
    """A heading row's merged text: its non-empty cells joined; `typeset` applies to all but the first
    («1.» stays as written, «Раздел …» gets its non-breaking spaces)."""
    cells = [cell.strip() for cell in row.cells]
    if not cells:
        return ""
    head, rest = cells[0], " ".join(c for c in cells[1:] if c)
    return " ".join(part for part in (head, typeset(rest)) if part)
