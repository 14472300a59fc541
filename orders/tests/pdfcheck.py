"""Look inside an order PDF and list the ГОСТ Р 7.0.97-2025 checklist points it violates.

    problems = check_order_pdf(pdf_bytes, expect_signed="simple", expect_rows=rows,
                               number="344", date_text="30.08.2022")
    assert problems == [], problems

Every problem is a string starting with the checklist point («A4 p.2: …»). The reading helpers are
public too: read_pdf() (pdfplumber chars grouped into line segments per page, tables, images, graphics),
pdftotext(), pdffonts(), pdfinfo_pages(), zbar_decode(), page_png(). Poppler and zbar run as
subprocesses on a temporary copy of the PDF. No Django, no database.

How the order is found on the pages (by text and geometry only, so any PDF of an order can be checked):
page 1 holds the requisites top to bottom (issuer, «ПРИКАЗ», date and number, place, bold heading),
then the text; the signature block is the last line on the order's last page that ends at the right
margin with «И.О. Фамилия»; an appendix starts on a page whose first line, in the right half, is
«Приложение…» or «УТВЕРЖДЕН…». Lines are segments: characters of one size on one baseline, split at
gaps wider than four font sizes (so the columns of the signature block and of the date line separate).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from core.russian import MONTHS_GENITIVE, format_date, strip_final_stop
from orders.document import OrderDocument, OrderLayout, Point, QualifiedSignature, SimpleSignature

MM = 72 / 25.4
DEFAULT_LAYOUT = OrderLayout()
NBSP = "\u00a0"
A4 = (595.28, 841.89)
SINGLE = 1.15  # single line spacing of a Times-metric face, in font sizes

DATE_NUMERIC = re.compile(r"\d{2}\.\d{2}\.\d{4}")
DATE_VERBAL = re.compile(
    r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} г\."
)
NUMBER = re.compile("№\u00a0?\\s?\\d+([-/][0-9А-Яа-яё]+)*")
DECRYPTION = re.compile("[А-ЯЁ]\\.([А-ЯЁ]\\.)?\u00a0?\\s?[А-ЯЁ][а-яё-]+")
PHONE = re.compile(r"(\+7|8)?[\s(]*\d{3,5}[\s)]*[\d-]{5,}")
BLANK = re.compile(r"_{5,}")
BLANK_NUMBER = re.compile(r"№\s?_{5,}")
POINT_NUMBER = re.compile(r"^\d+\.(\d+\.){0,3}(?=\s)")
MONTHS = "|".join(MONTHS_GENITIVE)
HEADER_TITLES = ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат")
SIMPLE_WORDS = ("ПОДПИСАНО ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ", "Методкабинет", "Подписал:", "SHA-256:")
QUALIFIED_WORDS = ("ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ", "Сертификат", "Владелец", "Действителен")


def squash(text: str | None) -> str:
    """No whitespace at all: compares texts wrapped differently (a line may end after «научно-»)."""
    return re.sub(r"\s+", "", (text or "").replace(NBSP, " "))


def norm(text: str) -> str:
    """Whitespace (NBSP included) collapsed; «№344» and «№ 344» compare equal."""
    text = " ".join(text.replace(NBSP, " ").split())
    return re.sub(r"№\s*", "№ ", text)


# ---------------------------------------------------------------- reading


@dataclass
class Segment:
    """Characters of one size on one baseline, without a gap wider than four font sizes."""

    page: int  # 1-based
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    fonts: frozenset[str]

    @property
    def plain(self) -> str:
        return norm(self.text)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def __repr__(self) -> str:
        return (
            f"<p.{self.page} {self.x0:.1f}-{self.x1:.1f} top {self.top:.1f} {self.size:g}pt {self.plain!r}>"
        )


@dataclass
class TablePart:
    """A bordered table on one page (pdfplumber, lines strategy): cell texts and geometry."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str | None]]
    row_boxes: list[tuple[float, float, float, float]]
    cell_boxes: list[list[tuple[float, float, float, float] | None]]
    column_x: list[float]  # left edges of the columns of the first row + right edge


@dataclass
class Page:
    number: int
    width: float
    height: float
    chars: list[dict]
    segments: list[Segment]
    images: list[dict]
    graphics: list[dict]
    tables: list[TablePart]

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass
class PdfData:
    pages: list[Page]
    text: str  # pdftotext -raw (content-stream order: each table cell's lines stay together)
    layout_text: str  # pdftotext -layout
    fonts: list[dict]
    pdf: bytes = field(repr=False)


def _run(args: list[str], data: bytes, suffix: str = ".pdf") -> str:
    with tempfile.TemporaryDirectory(prefix="pdfcheck-") as tmp:
        path = Path(tmp) / f"in{suffix}"
        path.write_bytes(data)
        result = subprocess.run(
            [arg.replace("{in}", str(path)).replace("{dir}", tmp) for arg in args],
            capture_output=True,
            check=False,
            timeout=120,
        )
        return result.stdout.decode("utf-8", errors="replace")


def pdftotext(
    pdf: bytes, *, layout: bool = False, raw: bool = False, first: int | None = None, last: int | None = None
) -> str:
    """Poppler's text layer. The default (reading order) joins a word broken after a hyphen at the end of
    a line («научно-» + «практических» → «научнопрактических»); -raw keeps the hyphen."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if raw:
        args.append("-raw")
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return _run([*args, "{in}", "-"], pdf)


def pdffonts(pdf: bytes) -> list[dict]:
    """Rows of `pdffonts`: name, type, encoding, emb, sub, uni (columns cut at the header's dashes)."""
    lines = _run(["pdffonts", "{in}"], pdf).splitlines()
    if len(lines) < 2:
        return []
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    keys = ("name", "type", "encoding", "emb", "sub", "uni", "object", "id")
    rows = []
    for line in lines[2:]:
        values = [
            line[a : (spans[i + 1][0] if i + 1 < len(spans) else None)].strip()
            for i, (a, _) in enumerate(spans)
        ]
        rows.append(dict(zip(keys, values, strict=False)))
    return rows


def pdfinfo_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Page sizes in pt from `pdfinfo -f 1 -l N`."""
    out = _run(["pdfinfo", "-f", "1", "-l", "100000", "{in}"], pdf)
    return [
        (float(m.group(1)), float(m.group(2)))
        for m in re.finditer(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out, flags=re.MULTILINE)
    ]


def page_png(pdf: bytes, page: int, dpi: int = 150) -> bytes:
    """One page as PNG (pdftoppm)."""
    with tempfile.TemporaryDirectory(prefix="pdfcheck-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(src),
                f"{tmp}/p",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(tmp) / "p.png").read_bytes()


def zbar_decode(pdf: bytes, page: int = 1, dpi: int = 200) -> list[str]:
    """The QR/bar codes zbarimg finds on a page rendered at `dpi`."""
    png = page_png(pdf, page, dpi)
    out = _run(["zbarimg", "--raw", "-q", "{in}"], png, suffix=".png")
    return [line for line in out.splitlines() if line.strip()]


def _segments(chars: list[dict], page: int) -> list[Segment]:
    visible = [c for c in chars if c.get("upright", True)]
    visible.sort(key=lambda c: (round(c["size"] * 2) / 2, c["top"], c["x0"]))
    groups: list[list[dict]] = []
    for char in visible:
        if (
            groups
            and abs(groups[-1][-1]["size"] - char["size"]) < 0.3
            and abs(groups[-1][0]["top"] - char["top"]) <= 1.0
        ):
            groups[-1].append(char)
        else:
            groups.append([char])
    segments = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        size = group[0]["size"]
        parts: list[list[dict]] = [[]]
        last_ink = None
        for char in group:
            ink = not char["text"].isspace()
            if ink and last_ink is not None and char["x0"] - last_ink["x1"] > 4 * size:
                parts.append([])
            parts[-1].append(char)
            if ink:
                last_ink = char
        for part in parts:
            ink = [c for c in part if not c["text"].isspace()]
            if not ink:
                continue
            text = ""
            previous = None
            for char in part:
                if (
                    previous is not None
                    and not char["text"].isspace()
                    and not previous["text"].isspace()
                    and char["x0"] - previous["x1"] > 0.2 * size
                ):
                    text += " "
                text += char["text"]
                previous = char
            segments.append(
                Segment(
                    page=page,
                    text=text.strip(" "),
                    x0=min(c["x0"] for c in ink),
                    x1=max(c["x1"] for c in ink),
                    top=min(c["top"] for c in ink),
                    bottom=max(c["bottom"] for c in ink),
                    size=round(size, 2),
                    bold=all("bold" in c["fontname"].lower() for c in ink),
                    fonts=frozenset(c["fontname"] for c in ink),
                )
            )
    segments.sort(key=lambda s: (round(s.top), s.x0))
    return segments


def _tables(page) -> list[TablePart]:
    """Bordered tables; a row split at the page end has no bottom border: closed by an explicit line."""
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 5]
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    if verticals:
        settings["explicit_horizontal_lines"] = [max(e["bottom"] for e in verticals)]
    parts = []
    for table in page.find_tables(settings):
        rows = table.extract()
        if not rows or len(rows[0]) < 3:
            continue
        cell_boxes = [list(row.cells) for row in table.rows]
        first = [box for box in cell_boxes[0] if box is not None]
        column_x = sorted({round(box[0], 1) for box in first} | {round(first[-1][2], 1)})
        parts.append(
            TablePart(
                bbox=table.bbox,
                rows=[[None if cell is None else norm(cell) for cell in row] for row in rows],
                row_boxes=[row.bbox for row in table.rows],
                cell_boxes=cell_boxes,
                column_x=column_x,
            )
        )
    return parts


@functools.lru_cache(maxsize=16)
def _read_cached(digest: str, pdf: bytes) -> PdfData:
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages, start=1):
            chars = [
                {key: c[key] for key in ("text", "x0", "x1", "top", "bottom", "size", "fontname", "upright")}
                for c in page.chars
            ]
            pages.append(
                Page(
                    number=index,
                    width=float(page.width),
                    height=float(page.height),
                    chars=chars,
                    segments=_segments(chars, index),
                    images=[{k: float(i[k]) for k in ("x0", "x1", "top", "bottom")} for i in page.images],
                    graphics=[
                        {k: float(o[k]) for k in ("x0", "x1", "top", "bottom")}
                        for o in (*page.rects, *page.curves, *page.lines)
                    ],
                    tables=_tables(page),
                )
            )
    return PdfData(
        pages=pages,
        text=pdftotext(pdf, raw=True),
        layout_text=pdftotext(pdf, layout=True),
        fonts=pdffonts(pdf),
        pdf=pdf,
    )


def read_pdf(pdf: bytes) -> PdfData:
    """Everything the checks need, read once per PDF (cached by content)."""
    return _read_cached(hashlib.sha256(pdf).hexdigest(), pdf)


# ---------------------------------------------------------------- geometry of the page


@dataclass(frozen=True)
class Field:
    """The text field of a page (inside the margins), in pdfplumber coordinates (y down)."""

    left: float
    right: float
    top: float
    bottom: float

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def text_field(page: Page, layout: OrderLayout) -> Field:
    return Field(
        left=layout.margin_left_mm * MM,
        right=page.width - layout.margin_right_mm * MM,
        top=layout.margin_top_mm * MM,
        bottom=page.height - layout.margin_bottom_mm * MM,
    )


def body_segments(page: Page, layout: OrderLayout) -> list[Segment]:
    """Segments below the top margin (the page number is above it)."""
    top = layout.margin_top_mm * MM
    return [s for s in page.segments if s.top >= top - 1.0]


def page_number_segments(page: Page, layout: OrderLayout) -> list[Segment]:
    top = layout.margin_top_mm * MM
    return [s for s in page.segments if s.top < top - 1.0]


def _in_table(segment: Segment, page: Page) -> bool:
    for table in page.tables:
        x0, top, x1, bottom = table.bbox
        if (
            segment.top >= top - 1
            and segment.bottom <= bottom + 1
            and segment.x0 >= x0 - 1
            and segment.x1 <= x1 + 1
        ):
            return True
    return False


def _near(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance


# ---------------------------------------------------------------- the structure of an order


@dataclass
class OrderParts:
    order_pages: list[Page]
    appendix_starts: list[int]  # page numbers (1-based) where an appendix begins
    kind: Segment | None = None
    draft_mark: Segment | None = None
    issuer: list[Segment] = field(default_factory=list)
    date: Segment | None = None
    number: Segment | None = None
    place: Segment | None = None
    heading: list[Segment] = field(default_factory=list)
    text: list[Segment] = field(default_factory=list)
    title: list[Segment] = field(default_factory=list)
    decryption: Segment | None = None
    frame: list[Segment] = field(default_factory=list)
    executor: list[Segment] = field(default_factory=list)


def _appendix_starts(
    data: PdfData, layout: OrderLayout, first_possible: int = 2, skip: Sequence[int] = ()
) -> list[int]:
    starts = []
    for page in data.pages[first_possible - 1 :]:
        if page.number in skip:  # an uploaded page may carry its own «Приложение» mark
            continue
        segments = [s for s in body_segments(page, layout) if not _in_table(s, page)]
        if not segments:
            continue
        first = min(segments, key=lambda s: (s.top, s.x0))
        field_ = text_field(page, layout)
        if first.x0 >= field_.center and re.match(r"^(Приложение|УТВЕРЖДЕН)", first.plain):
            starts.append(page.number)
    return starts


def order_parts(
    data: PdfData, layout: OrderLayout, *, kind_title: str = "ПРИКАЗ", uploaded_pages: Sequence[int] = ()
) -> OrderParts:
    starts = _appendix_starts(data, layout, skip=uploaded_pages)
    order_pages = data.pages[: (starts[0] - 1) if starts else len(data.pages)]
    parts = OrderParts(order_pages=order_pages, appendix_starts=starts)
    if not order_pages:
        return parts
    body = layout.font_size_pt
    first = order_pages[0]
    field_ = text_field(first, layout)
    segments = body_segments(first, layout)
    kind_index = next((i for i, s in enumerate(segments) if s.plain == kind_title), None)
    if kind_index is None:
        return parts
    parts.kind = segments[kind_index]
    above = segments[:kind_index]
    if above and above[0].plain == "ПРОЕКТ":
        parts.draft_mark = above[0]
        above = above[1:]
    parts.issuer = above
    rest = segments[kind_index + 1 :]
    if rest:
        line_top = rest[0].top
        regline = [s for s in rest if _near(s.top, line_top, 1.5)]
        for segment in regline:
            if _near(segment.x0, field_.left, 2) and parts.date is None:
                parts.date = segment
            elif segment.plain.startswith("№"):
                parts.number = segment
        rest = [s for s in rest if s not in regline]
    if (
        rest
        and not rest[0].bold
        and _near(rest[0].center, field_.center, 4)
        and rest[0].x0 > field_.left + 20
    ):
        parts.place = rest.pop(0)
    while rest and rest[0].bold and _near(rest[0].center, field_.center, 4):
        parts.heading.append(rest.pop(0))

    # the signature block on the last page of the order
    last = order_pages[-1]
    last_field = text_field(last, layout)
    candidates = [
        s
        for s in body_segments(last, layout)
        if _near(s.size, body, 0.3)
        and _near(s.x1, last_field.right, 2.5)
        and DECRYPTION.search(s.text)
        and s.x0 > last_field.center
    ]
    if candidates:
        parts.decryption = candidates[-1]
        same_line = [
            s
            for s in body_segments(last, layout)
            if _near(s.top, parts.decryption.top, 1.0)
            and s is not parts.decryption
            and s.x0 < last_field.center
        ]
        if same_line:
            title = [same_line[0]]
            lefts = [
                s
                for s in body_segments(last, layout)
                if _near(s.x0, last_field.left, 2) and _near(s.size, body, 0.3) and s.top < title[0].top
            ]
            for segment in sorted(lefts, key=lambda s: -s.top):
                if title[0].top - segment.top <= 1.3 * body:
                    title.insert(0, segment)
                else:
                    break
            parts.title = title
        title_right = max((s.x1 for s in parts.title), default=last_field.left)
        parts.frame = [
            s
            for s in body_segments(last, layout)
            if s.size < body - 0.5 and s.x0 > title_right and s.x1 < parts.decryption.x0
        ]
    for page in order_pages:
        for segment in body_segments(page, layout):
            if segment.size < body - 0.5 and segment.plain.startswith("Исп."):
                block = [
                    s
                    for s in body_segments(page, layout)
                    if s.size < body - 0.5
                    and _near(s.x0, segment.x0, 2)
                    and segment.top - 0.5 <= s.top <= segment.top + 3 * segment.size
                ]
                parts.executor = sorted(block, key=lambda s: s.top)

    # the text: body-size lines after the heading and before the signature block
    sig_top = None
    if parts.title:
        sig_top = min([parts.title[0].top, *(s.top for s in parts.frame)])
    excluded = {id(s) for s in (*parts.issuer, *parts.heading, *parts.title, *parts.frame, *parts.executor)}
    for s in (parts.kind, parts.date, parts.number, parts.place, parts.decryption, parts.draft_mark):
        if s is not None:
            excluded.add(id(s))
    heading_bottom = parts.heading[-1].bottom if parts.heading else (parts.place or parts.kind).bottom
    for page in order_pages:
        for segment in body_segments(page, layout):
            if id(segment) in excluded or not _near(segment.size, body, 0.3):
                continue
            if page is first and segment.top <= heading_bottom:
                continue
            if page is last and sig_top is not None and segment.top >= sig_top - 1:
                continue
            parts.text.append(segment)
    return parts


# ---------------------------------------------------------------- the checklist


@dataclass
class Expect:
    """What the PDF should show; None = not checked."""

    signed: str | None  # "simple", "qualified" or None (draft / unsigned: no mark at all)
    rows: list[list[dict]]  # per table appendix, the rows as in *.rows.json
    number: str | None  # None for a draft: blanks expected
    date_text: str | None  # as printed: 30.08.2022 or 30 августа 2022 г.; None for a draft
    layout: OrderLayout = field(default_factory=OrderLayout)
    kind_title: str = "ПРИКАЗ"
    issuer_name: str | None = None
    higher_body: str | None = None
    heading: str | None = None
    place: str | None = None
    preamble: str | None = None
    points: list[tuple[str, str]] | None = None
    signatory_name: str | None = None
    executor_name: str | None = None
    executor_phone: str | None = None
    verify_url: str | None = None  # "" = no QR code expected
    appendix_count: int | None = None
    appendix_titles: list[str] | None = None
    approval_words: list[str] | None = None  # per appendix, "" when none
    signer_name: str | None = None  # full Ф.И.О. in the frame
    certificate_serial: str | None = None
    draft_mark: bool | None = None
    is_order: bool = True  # False for render_appendix_pdf output
    # pages stamped from an uploaded PDF appendix: their content is not ours
    uploaded_pages: tuple[int, ...] = ()


class Checker:
    def __init__(self, data: PdfData, expect: Expect):
        self.data = data
        self.e = expect
        self.layout = expect.layout
        self.problems: list[str] = []
        self.split_rows: set[str] = set()  # numbers of table rows printed across a page break (G34)
        self.parts = order_parts(
            data, self.layout, kind_title=expect.kind_title, uploaded_pages=expect.uploaded_pages
        )
        self.body = self.layout.font_size_pt
        self.pitch = self.layout.line_height * SINGLE * self.body

    def fail(self, point: str, message: str) -> None:
        self.problems.append(f"{point}: {message}")

    # A ------------------------------------------------------------------------------------
    def a1_page_size(self) -> None:
        first_appendix = self.parts.appendix_starts[0] if self.parts.appendix_starts else None
        sizes = pdfinfo_pages(self.data.pdf)
        if len(sizes) != len(self.data.pages):
            self.fail("A1", f"pdfinfo lists {len(sizes)} pages, pdfplumber {len(self.data.pages)}")
        for page in self.data.pages:
            if page.number in self.e.uploaded_pages:
                continue
            w, h = page.width, page.height
            portrait = _near(w, A4[0], 0.5) and _near(h, A4[1], 0.5)
            landscape = _near(w, A4[1], 0.5) and _near(h, A4[0], 0.5)
            if portrait:
                continue
            if not landscape:
                self.fail("A1", f"p.{page.number} is {w:.2f}×{h:.2f} pt, not A4")
            elif first_appendix is None or page.number < first_appendix:
                self.fail("A1", f"p.{page.number} is landscape but belongs to the order, not to an appendix")
            elif not any(p.tables for p in self._group_of(page)):
                self.fail("A1", f"p.{page.number} is landscape in an appendix without a table")

    def a2_fonts(self) -> None:
        fonts = self.data.fonts
        if not fonts:
            self.fail("A2", "pdffonts lists no fonts")
        families = set()
        for font in fonts:
            if font.get("emb") != "yes":
                self.fail("A2", f"font {font.get('name')} not embedded")
            if "Type 3" in font.get("type", ""):
                self.fail("A2", f"font {font.get('name')} is Type 3")
            name = font.get("name", "").split("+", 1)[-1]
            families.add(
                re.sub(r"[-,]?(Bold|Italic|BoldItalic|Regular)+$", "", name).replace("-", "").lower()
            )
        expected = self.layout.font_family.replace(" ", "").lower()
        if len(families) != 1:
            self.fail("A2", f"more than one font family: {sorted(families)}")
        elif expected not in families:
            self.fail("A2", f"font family {sorted(families)} is not {self.layout.font_family}")

    def a3_sizes(self) -> None:
        small = set(id(s) for s in (*self.parts.frame, *self.parts.executor))
        order_numbers = {p.number for p in self.parts.order_pages}
        for page in self.data.pages:
            if page.number in self.e.uploaded_pages:
                continue
            for segment in page.segments:
                if segment.size < 8:
                    self.fail("A3", f"text smaller than 8 pt: {segment}")
                if segment in page_number_segments(page, self.layout):
                    continue
                if page.number in order_numbers:
                    if id(segment) in small:
                        if not 10 - 0.05 <= segment.size <= 12.05:
                            self.fail("A3", f"executor mark / signature frame not 10–12 pt: {segment}")
                    elif not _near(segment.size, self.body, 0.05):
                        self.fail("A3", f"order text not {self.body:g} pt: {segment}")
                elif _in_table(segment, page) and not 10 - 0.05 <= segment.size <= self.body + 0.05:
                    self.fail("A3", f"table text not 10–{self.body:g} pt: {segment}")

    def a4_margins(self) -> None:
        for page in self.data.pages:
            if page.number in self.e.uploaded_pages:
                continue
            field_ = text_field(page, self.layout)
            numbers = page_number_segments(page, self.layout)
            for segment in page.segments:
                if segment in numbers:
                    continue
                if (
                    segment.x0 < field_.left - 0.5
                    or segment.x1 > field_.right + 0.5
                    or segment.top < field_.top - 0.5
                    or segment.bottom > field_.bottom + 0.5
                ):
                    self.fail("A4", f"outside the margins: {segment}")
            for image in page.images:
                if (
                    image["x0"] < field_.left - 0.5
                    or image["x1"] > field_.right + 0.5
                    or image["top"] < field_.top - 0.5
                    or image["bottom"] > field_.bottom + 0.5
                ):
                    self.fail("A4", f"p.{page.number}: image outside the margins")
            for table in page.tables:
                x0, top, x1, bottom = table.bbox
                if (
                    x0 < field_.left - 1
                    or x1 > field_.right + 1
                    or top < field_.top - 1
                    or bottom > field_.bottom + 1
                ):
                    self.fail("A4", f"p.{page.number}: table {table.bbox} outside the margins")

    def _text_lines(self) -> list[Segment]:
        return self.parts.text

    def _field(self, segment: Segment) -> Field:
        return text_field(self.data.pages[segment.page - 1], self.layout)

    def a5_a6_justified_indent(self) -> None:
        lines = self._text_lines()
        if not lines:
            self.fail("A5", "no text lines found between the heading and the signature")
            return
        indent = self.layout.paragraph_indent_cm * 10 * MM
        rights = []
        for i, line in enumerate(lines):
            field_ = self._field(line)
            at_left = _near(line.x0, field_.left, 2)
            at_indent = _near(line.x0, field_.left + indent, 2)
            is_prikaz = line.plain == "ПРИКАЗЫВАЮ:"
            if is_prikaz:
                if not _near(line.x0, field_.left, 1):
                    self.fail("C17", f"«ПРИКАЗЫВАЮ:» not at the left margin: {line}")
            elif not (at_left or at_indent):
                self.fail("A6", f"line starts neither at the left edge nor at the 1.25 cm indent: {line}")
            if POINT_NUMBER.match(line.plain) and not at_indent and not at_left:
                self.fail("A6", f"point not indented by {indent:.1f} pt: {line}")
            following = lines[i + 1] if i + 1 < len(lines) else None
            if following is None or following.plain == "ПРИКАЗЫВАЮ:" or is_prikaz:
                continue
            next_field = self._field(following)
            one_word = " " not in line.text.replace(NBSP, " ").strip()  # e.g. a long URL: nothing to stretch
            if _near(following.x0, next_field.left, 2) and not one_word:  # not a paragraph's last line
                rights.append(line)
                if not _near(line.x1, field_.right, 1.5):
                    self.fail("A5", f"non-final line not justified to x={field_.right:.1f}: {line}")
        if rights:
            by_width: dict[float, list[float]] = {}
            for line in rights:
                by_width.setdefault(round(self._field(line).right, 1), []).append(line.x1)
            for right, xs in by_width.items():
                if max(xs) - min(xs) > 3.0:
                    self.fail(
                        "A5", f"justified lines end between x={min(xs):.1f} and {max(xs):.1f} (edge {right})"
                    )
        # paragraphs start at the indent: the first text line and every point
        if not _near(lines[0].x0, self._field(lines[0]).left + indent, 2):
            self.fail("A6", f"first paragraph not indented by 1.25 cm: {lines[0]}")

    def a7_spacing(self) -> None:
        lo, hi = self.body * SINGLE * 1.0 - 0.5, self.body * SINGLE * 1.5 + 0.5
        lines = self._text_lines()
        for a, b in zip(lines, lines[1:], strict=False):
            if a.page != b.page:
                continue
            distance = b.top - a.top
            if not lo <= distance <= hi:
                self.fail("A7", f"line spacing {distance:.1f} pt outside {lo:.1f}–{hi:.1f}: {a} → {b}")
            elif not _near(distance, self.pitch, 0.6):
                self.fail("A7", f"line spacing {distance:.1f} pt, layout asks {self.pitch:.1f}: {b}")
        for name, block in (
            ("organisation name", self.parts.issuer),
            ("heading", self.parts.heading),
            ("signature position title", self.parts.title),
        ):
            self._single_spaced(name, block)

    def _single_spaced(self, name: str, block: Sequence[Segment], *, point: str = "A7") -> None:
        for a, b in zip(block, block[1:], strict=False):
            if a.page == b.page and a.size == b.size:
                distance = b.top - a.top
                if distance > 1.25 * a.size + 0.3 and distance < 2.2 * a.size:
                    self.fail(point, f"{name} not single-spaced ({distance:.1f} pt): {b}")

    def a8_a9_page_numbers(self) -> None:
        restart = self.layout.appendix_page_numbers == "restart"
        starts = set(self.parts.appendix_starts)
        expected_number = 0
        for page in self.data.pages:
            expected_number = 1 if (restart and page.number in starts) else expected_number + 1
            numbers = page_number_segments(page, self.layout)
            field_ = text_field(page, self.layout)
            show = page.number != 1 and not (restart and page.number in starts)
            if not show:
                if numbers:
                    self.fail("A8", f"p.{page.number} must have no page number, has {numbers}")
                continue
            if len(numbers) != 1:
                self.fail("A8", f"p.{page.number}: {len(numbers)} text pieces in the top margin: {numbers}")
                continue
            number = numbers[0]
            if not re.fullmatch(r"\d+", number.plain):
                self.fail("A8", f"p.{page.number}: page number is not arabic digits: {number.plain!r}")
            elif int(number.plain) != expected_number:
                self.fail("A9", f"p.{page.number} numbered {number.plain}, expected {expected_number}")
            if not _near(number.center, field_.center, 5):
                self.fail(
                    "A8", f"p.{page.number}: number not centred ({number.center:.1f} vs {field_.center:.1f})"
                )
            if number.top < 10 * MM - 0.01:
                self.fail(
                    "A8", f"p.{page.number}: number nearer than 10 mm to the top edge ({number.top:.1f})"
                )
            body = body_segments(page, self.layout)
            if body and number.bottom >= min(s.top for s in body):
                self.fail("A8", f"p.{page.number}: number not above the first line")

    # B ------------------------------------------------------------------------------------
    def b10_images(self) -> None:
        qr_possible = self.e.verify_url is None or (bool(self.e.verify_url) and self.layout.qr_code)
        for page in self.data.pages:
            if page.number in self.e.uploaded_pages:
                continue
            allowed = 1 if (page.number == 1 and qr_possible) else 0
            if len(page.images) > allowed:
                self.fail("B10", f"p.{page.number}: {len(page.images)} images (no emblem or logo allowed)")

    def b11_b12_issuer_kind(self) -> None:
        p = self.parts
        if p.kind is None:
            self.fail("B12", f"no line «{self.e.kind_title}» on page 1")
            return
        field_ = text_field(self.data.pages[0], self.layout)
        if not re.search(
            rf"^ *{re.escape(self.e.kind_title)} *$", pdftotext_page(self.data, 1), re.MULTILINE
        ):
            self.fail("B12", f"«{self.e.kind_title}» is not alone on its line in pdftotext -layout")
        if not _near(p.kind.center, field_.center, 3) or p.kind.plain != p.kind.plain.upper():
            self.fail("B12", f"«{self.e.kind_title}» not centred capitals: {p.kind}")
        if not p.issuer:
            self.fail("B11", "no organisation name above «ПРИКАЗ»")
            return
        for segment in p.issuer:
            if not _near(segment.center, field_.center, 3):
                self.fail("B11", f"organisation name line not centred: {segment}")
        self._single_spaced("organisation name", p.issuer, point="B11")
        printed = norm(" ".join(s.text for s in p.issuer))
        expected = norm(" ".join(x for x in (self.e.higher_body, self.e.issuer_name) if x))
        if self.e.issuer_name is not None and printed != expected:
            self.fail("B11", f"names above «ПРИКАЗ» are {printed!r}, expected {expected!r}")
        if self.e.draft_mark is not None:
            if self.e.draft_mark and p.draft_mark is None:
                self.fail("B14", "a draft without the «ПРОЕКТ» mark")
            if not self.e.draft_mark and p.draft_mark is not None:
                self.fail("B14", "«ПРОЕКТ» on a registered order")
        if p.draft_mark is not None and not _near(p.draft_mark.x1, field_.right, 2):
            self.fail("B14", f"«ПРОЕКТ» not in the top right corner: {p.draft_mark}")

    def _date_ok(self, text: str) -> bool:
        if self.e.date_text is None:
            return bool(BLANK.fullmatch(norm(text)))
        pattern = DATE_VERBAL if self.layout.date_format == "verbal" else DATE_NUMERIC
        return bool(pattern.fullmatch(norm(text))) and norm(text) == norm(self.e.date_text)

    def b13_b14_date_number(self) -> None:
        p = self.parts
        field_ = text_field(self.data.pages[0], self.layout)
        if p.date is None or not self._date_ok(p.date.text):
            self.fail("B13", f"date line: {p.date!r}, expected {self.e.date_text!r} at the left margin")
        if p.number is None:
            self.fail("B14", "no «№ …» on the date line")
        else:
            ok = (
                BLANK_NUMBER.fullmatch(norm(p.number.text))
                if self.e.number is None
                else NUMBER.fullmatch(p.number.text.strip())
                and norm(p.number.text) == norm(f"№ {self.e.number}")
            )
            if not ok:
                self.fail("B14", f"number {p.number.plain!r}, expected «№ {self.e.number or '____'}»")
            if not _near(p.number.x1, field_.right, 2):
                self.fail("B14", f"number not at the right margin: {p.number}")
            if p.date is not None and not _near(p.number.top, p.date.top, 1):
                self.fail("B14", "number not on the same line as the date")
        for page in self.data.pages:
            for segment in page.segments:
                if segment.text.rstrip().endswith("№"):
                    self.fail("B14", f"line ends with a bare «№»: {segment}")

    def b15_place(self) -> None:
        p = self.parts
        if self.e.place is None:
            return
        if p.place is None or p.place.plain != norm(self.e.place):
            self.fail(
                "B15", f"place {self.e.place!r} not centred on its own line below the date: {p.place!r}"
            )
        elif p.date is not None and p.place.top <= p.date.bottom:
            self.fail("B15", "place not below the date line")

    def b16_heading(self) -> None:
        p = self.parts
        if not p.heading:
            self.fail("B16", "no centred bold heading below the date/place")
            return
        text = norm(" ".join(s.text for s in p.heading))
        if not re.match(r"^Об? ", text):
            self.fail("B16", f"heading does not start with «О »/«Об »: {text!r}")
        if text.endswith("."):
            self.fail("B16", "heading ends with a full stop")
        if self.e.heading is not None and text != norm(strip_final_stop(self.e.heading)):
            self.fail("B16", f"heading {text!r} ≠ {self.e.heading!r}")
        field_ = text_field(self.data.pages[0], self.layout)
        for segment in p.heading:
            if segment.x1 - segment.x0 > 340.2 + 0.5:
                self.fail("B16", f"heading line wider than 12 cm: {segment}")
            if not _near(segment.center, field_.center, 3):
                self.fail("B16", f"heading line not centred: {segment}")
        self._single_spaced("heading", p.heading, point="B16")
        if p.text and p.text[0].page == 1:
            single = SINGLE * self.body
            gap = (p.text[0].top - p.heading[-1].top) / single - 1
            if not 1.5 <= gap <= 3.5:
                self.fail("B16", f"{gap:.1f} blank lines between the heading and the text (2–3 expected)")

    # C ------------------------------------------------------------------------------------
    def c17_prikazyvayu(self) -> None:
        text = self.data.layout_text
        if self.layout.prikazyvayu_style == "spaced":
            joined = norm(" ".join(s.text for s in self.parts.text))
            if "п р и к а з ы в а ю:" not in joined:
                self.fail("C17", "no spaced «п р и к а з ы в а ю:» in the preamble")
            if re.search(r"^ *ПРИКАЗЫВАЮ: *$", text, re.MULTILINE):
                self.fail("C17", "«ПРИКАЗЫВАЮ:» line although the spaced style was asked")
            return
        if not re.search(r"^ *ПРИКАЗЫВАЮ: *$", text, re.MULTILINE):
            self.fail("C17", "«ПРИКАЗЫВАЮ:» is not on its own line (pdftotext -layout)")
        prikaz = [s for s in self.parts.text if s.plain == "ПРИКАЗЫВАЮ:"]
        if len(prikaz) != 1:
            self.fail("C17", f"{len(prikaz)} «ПРИКАЗЫВАЮ:» lines in the order text")

    def c18_c19_points(self) -> None:
        joined = norm(" ".join(s.text for s in self.parts.text))
        squashed = squash(joined)  # a long word or URL may be broken across lines
        if self.e.points is not None:
            position = 0
            for number, text in self.e.points:
                wanted = squash(f"{number} {text}")
                found = squashed.find(wanted, position)
                if found < 0:
                    self.fail("C18", f"point {number} not printed as given: {norm(text)[:60]!r}…")
                else:
                    position = found + len(wanted)
                if not any(s.plain.startswith(f"{number} ") for s in self.parts.text):
                    self.fail("C18", f"no line starts with the point number «{number}»")
        if self.e.preamble is not None:
            preamble = norm(self.e.preamble)
            preamble = re.sub(
                r"[\s,]*(п\s?р\s?и\s?к\s?а\s?з\s?ы\s?в\s?а\s?ю|приказываю):?$", "", preamble, flags=re.I
            )
            if squash(preamble) not in squashed:
                self.fail("C17", "the preamble is not printed as given")
        appendices = (
            self.e.appendix_count if self.e.appendix_count is not None else len(self.parts.appendix_starts)
        )
        if appendices and "(приложени" not in joined.lower():
            self.fail("C19", "the order has appendices but its text never refers to «(приложение…)»")

    def c20_line_ends(self) -> None:
        pages = self.parts.order_pages
        lines = [s for page in pages for s in body_segments(page, self.layout) if not _in_table(s, page)]
        for i, line in enumerate(lines):
            text = line.text.rstrip()
            nxt = lines[i + 1].plain if i + 1 < len(lines) else ""
            if text.endswith("№"):
                self.fail("C20", f"line ends with «№»: {line}")
            initials = re.search(r"(?:^|[\s\u00a0])((?:[А-ЯЁ]\.[\s\u00a0]?){1,2})$", text)
            if initials:
                before = text[: initials.start(1)].rstrip()
                attached = (
                    before and re.search(r"[А-ЯЁ][а-яё-]+$", before) and text[initials.start(1) - 1] == NBSP
                )
                if not attached and re.match(r"^[А-ЯЁ][а-яё-]+", nxt):
                    self.fail("C20", f"line ends with an initial: {line}")
            if re.search(r"(?:^|\s)\d{1,2}$", text) and re.match(rf"^({MONTHS})\b", nxt):
                self.fail("C20", f"verbal date split after the day: {line}")
            if re.search(rf"(?:^|\s)({MONTHS})$", text) and re.match(r"^\d{4}\b", nxt):
                self.fail("C20", f"verbal date split after the month: {line}")
            if re.search(r"(?:^|\s)\d{4}$", text) and re.match(r"^(г\.|года)", nxt):
                self.fail("C20", f"«г.» separated from the year: {line}")
            if re.search(r"(?:^|\s)[вксоуиаВКСОУИА]$", text.replace(NBSP, " ")):
                self.fail("C20", f"line ends with a one-letter preposition: {line}")

    # D ------------------------------------------------------------------------------------
    def d21_d22_signature(self) -> None:
        p = self.parts
        if p.decryption is None:
            self.fail("D21", "no decryption «И.О. Фамилия» at the right margin of the order's last page")
            return
        field_ = self._field(p.decryption)
        if not _near(p.decryption.x1, field_.right, 2):
            self.fail("D21", f"decryption not at the right margin: {p.decryption}")
        if not DECRYPTION.fullmatch(p.decryption.text.strip()):
            self.fail("D22", f"decryption {p.decryption.text!r} is not «И.О. Фамилия»")
        if self.e.signatory_name is not None and p.decryption.plain != norm(self.e.signatory_name):
            self.fail("D22", f"decryption {p.decryption.plain!r} ≠ {self.e.signatory_name!r}")
        if not p.title:
            self.fail("D21", "no position title at the left margin on the decryption's baseline")
            return
        if not _near(p.title[-1].top, p.decryption.top, 0.5):
            self.fail("D21", "decryption not on the baseline of the title's last line")
        for segment in p.title:
            if segment.x1 - field_.left > 8 * 10 * MM + 3:
                self.fail("D21", f"position title wider than 8 cm: {segment}")
        text_before = [s for s in p.text if s.page == p.decryption.page]
        if text_before:
            block_top = min([p.title[0].top, *(s.top for s in p.frame)])
            gap = (block_top - text_before[-1].bottom) / (SINGLE * self.body)
            if not 1.7 <= gap <= 3.6:
                self.fail("D21", f"{gap:.1f} blank lines before the signature block (2–3 expected)")

    def d23_d24_frame(self) -> None:
        p = self.parts
        frame_text = norm(" ".join(s.text for s in p.frame))
        joined_all = norm(" ".join(s.text for page in p.order_pages for s in page.segments))
        if self.e.signed is None:
            if p.frame:
                self.fail("D23", f"signature mark on an unsigned/draft order: {frame_text[:80]!r}")
            if "ПОДПИС" in joined_all:
                self.fail("D23", "signature wording on an unsigned/draft order")
            return
        if not p.frame:
            self.fail("D23", "no signature frame between the title and the decryption")
            return
        nospace = frame_text.replace(" ", "")
        if self.e.signed == "qualified":
            for word in QUALIFIED_WORDS:
                if word.replace(" ", "") not in nospace:
                    self.fail("D23", f"qualified frame lacks «{word}»")
            if not re.search(r"Сертификат [0-9A-Fa-f]{8,}", frame_text):
                self.fail("D23", "qualified frame: no hex certificate serial")
            if self.e.certificate_serial and self.e.certificate_serial.upper() not in nospace.upper():
                self.fail("D23", "qualified frame: wrong certificate serial")
            if not re.search(r"Действителен с \d{2}\.\d{2}\.\d{4} по \d{2}\.\d{2}\.\d{4}", frame_text):
                self.fail("D23", "qualified frame: no «Действителен с DD.MM.YYYY по DD.MM.YYYY»")
            if self.e.signer_name and f"Владелец {norm(self.e.signer_name)}" not in frame_text:
                self.fail("D23", "qualified frame: owner's full name missing")
        else:
            for word in QUALIFIED_WORDS[:2]:
                if word.replace(" ", "") in nospace:
                    self.fail("D23", f"simple signature frame uses the qualified wording «{word}»")
            for word in SIMPLE_WORDS:
                if word.replace(" ", "") not in nospace:
                    self.fail("D23", f"simple frame lacks «{word}»")
            if not re.search(r"Дата и время: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\)", frame_text):
                self.fail("D23", "simple frame: no «Дата и время: DD.MM.YYYY HH:MM (МСК)»")
            if not re.search(r"SHA-256: ?[0-9a-f]{16}", frame_text):
                self.fail("D23", "simple frame: no SHA-256 hex")
            if self.e.signer_name and norm(self.e.signer_name) not in frame_text:
                self.fail("D23", "simple frame: signer's full name missing")
            if self.e.verify_url and self.e.verify_url.replace(" ", "") not in nospace:
                self.fail("D23", "simple frame: «Проверка: <verify_url>» missing")
        # D24: a drawn frame around the text, no overlap, readable
        page = self.data.pages[p.frame[0].page - 1]
        x0 = min(s.x0 for s in p.frame)
        x1 = max(s.x1 for s in p.frame)
        top = min(s.top for s in p.frame)
        bottom = max(s.bottom for s in p.frame)
        boxes = [
            g
            for g in page.graphics
            if g["x0"] <= x0
            and g["x1"] >= x1
            and g["top"] <= top
            and g["bottom"] >= bottom
            and g["x1"] - g["x0"] < x1 - x0 + 40
            and g["bottom"] - g["top"] < bottom - top + 40
        ]
        if not boxes:
            self.fail("D24", "no drawn frame around the signature mark")
        else:
            box = min(boxes, key=lambda g: (g["x1"] - g["x0"]) * (g["bottom"] - g["top"]))
            frame_ids = {id(s) for s in p.frame}
            for segment in page.segments:
                if id(segment) in frame_ids:
                    continue
                if (
                    segment.x1 > box["x0"]
                    and segment.x0 < box["x1"]
                    and segment.bottom > box["top"]
                    and segment.top < box["bottom"]
                ):
                    self.fail("D24", f"text overlaps the signature frame: {segment}")
        for segment in p.frame:
            if segment.size < 8:
                self.fail("D24", f"frame text under 8 pt: {segment}")

    # E ------------------------------------------------------------------------------------
    def e25_executor(self) -> None:
        p = self.parts
        if self.e.executor_name is None and self.e.executor_phone is None:
            return
        if not p.executor:
            self.fail("E25", "no executor mark «Исп. …»")
            return
        last = p.order_pages[-1]
        first = p.executor[0]
        field_ = text_field(last, self.layout)
        if first.page != last.number:
            self.fail("E25", f"executor mark on p.{first.page}, not on the order's last page {last.number}")
        for segment in p.executor:
            if not _near(segment.x0, field_.left, 1):
                self.fail("E25", f"executor mark not at the left margin: {segment}")
            if not 10 - 0.05 <= segment.size <= 12.05:
                self.fail("E25", f"executor mark not 10–12 pt: {segment}")
        text = [s.plain for s in p.executor]
        if self.e.executor_name and text[0] != norm(f"Исп. {self.e.executor_name}"):
            self.fail("E25", f"executor line {text[0]!r}")
        if self.e.executor_phone and (
            len(text) < 2 or not PHONE.fullmatch(text[1]) or text[1] != norm(self.e.executor_phone)
        ):
            self.fail("E25", f"executor phone line {text[1:]!r} ≠ {self.e.executor_phone!r}")
        bottom = max(s.bottom for s in p.executor)
        lower = [s for s in body_segments(last, self.layout) if s.top > bottom and s not in p.executor]
        if lower:
            self.fail("E25", f"text below the executor mark: {lower[0]}")
        if bottom < field_.bottom - 3 * self.body:
            self.fail("E25", f"executor mark not at the bottom of the page (bottom {bottom:.1f} pt)")

    def e26_qr(self) -> None:
        page = self.data.pages[0]
        if self.e.verify_url is None:
            return
        if not (self.e.verify_url and self.layout.qr_code):
            if page.images:
                self.fail("E26", "a picture on page 1 although no QR code is expected")
            return
        if len(page.images) != 1:
            self.fail("E26", f"{len(page.images)} images on page 1, expected the QR code")
            return
        image = page.images[0]
        field_ = text_field(page, self.layout)
        width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
        if width < 15 * MM - 0.1 or not _near(width, height, 0.5):
            self.fail("E26", f"QR code {width:.1f}×{height:.1f} pt, expected a square ≥ 15 mm")
        if not _near(width, self.layout.qr_size_mm * MM, 1):
            self.fail("E26", f"QR code {width / MM:.1f} mm, layout asks {self.layout.qr_size_mm} mm")
        if not (_near(image["x1"], field_.right, 2) and _near(image["bottom"], field_.bottom, 3)):
            self.fail("E26", f"QR code not in the bottom right corner of the text field: {image}")
        for segment in page.segments:
            if (
                segment.x1 > image["x0"]
                and segment.x0 < image["x1"]
                and segment.bottom > image["top"]
                and segment.top < image["bottom"]
            ):
                self.fail("E26", f"text overlaps the QR code: {segment}")
        decoded = zbar_decode(self.data.pdf, 1)
        if self.e.verify_url not in decoded:
            self.fail("E26", f"zbarimg reads {decoded!r}, expected {self.e.verify_url!r}")

    # F ------------------------------------------------------------------------------------
    def f27_f30_appendices(self) -> None:
        starts = self.parts.appendix_starts
        expected = self.e.appendix_count
        if expected is not None and len(starts) != expected:
            self.fail("F27", f"{len(starts)} appendices start on a new page, expected {expected}")
        several = len(starts) > 1
        for index, start in enumerate(starts, start=1):
            page = self.data.pages[start - 1]
            field_ = text_field(page, self.layout)
            segments = [s for s in body_segments(page, self.layout) if not _in_table(s, page)]
            mark = []
            for segment in segments:
                if segment.x0 >= field_.center - 0.5 and not segment.bold:
                    mark.append(segment)
                else:
                    break
            if not mark:
                self.fail("F28", f"p.{start}: no appendix mark upper right")
                continue
            for segment in mark:
                if segment.x1 - segment.x0 > 227 or segment.x0 < field_.center:
                    self.fail(
                        "F28", f"p.{start}: mark line outside the right half or wider than 8 cm: {segment}"
                    )
            mark_left = min(s.x0 for s in mark)
            if not all(_near(s.x0, mark_left, 1) for s in mark):
                self.fail("F28", f"p.{start}: mark lines are not left-aligned in one block")
            blocks: list[list[Segment]] = [[mark[0]]]
            for a, b in zip(mark, mark[1:], strict=False):
                if b.top - a.top > 1.3 * a.size:
                    blocks.append([])
                blocks[-1].append(b)
            first_word = mark[0].plain
            wanted = f"Приложение № {index}" if several else "Приложение"
            if first_word != wanted:
                self.fail("F28", f"p.{start}: mark starts {first_word!r}, expected {wanted!r}")
            date = self.e.date_text if self.e.date_text is not None else None
            number = self.e.number
            for block in blocks:
                text = norm(" ".join(s.text for s in block))
                self._single_spaced("appendix mark", block, point="F28")
                tail = re.search(r"от (.+?) (№ ?\S+)$", text)
                if tail is None:
                    self.fail("F28", f"p.{start}: mark {text!r} does not end with «от <дата> № <номер>»")
                    continue
                if not self._date_ok(tail.group(1)):
                    self.fail("F28", f"p.{start}: mark date {tail.group(1)!r} ≠ the order's {date!r}")
                if number is None:
                    if not BLANK_NUMBER.fullmatch(tail.group(2)):
                        self.fail("F28", f"p.{start}: draft mark number {tail.group(2)!r}")
                elif norm(tail.group(2)) != norm(f"№ {number}"):
                    self.fail("F28", f"p.{start}: mark number {tail.group(2)!r} ≠ «№ {number}»")
                if text.startswith("Приложение") and "к приказу" not in text:
                    self.fail("F28", f"p.{start}: mark lacks «к приказу …»")
                if re.match(r"^УТВЕРЖДЕН", text) and not re.match(r"^УТВЕРЖДЕН[АОЫ]? приказом ", text):
                    self.fail("F29", f"p.{start}: approval stamp {text[:60]!r} lacks «приказом …»")
            if self.e.approval_words is not None and index <= len(self.e.approval_words):
                word = self.e.approval_words[index - 1].strip().upper()
                stamp = [b for b in blocks if norm(b[0].text).startswith("УТВЕРЖДЕН")]
                if word and (not stamp or stamp[0][0].plain != word):
                    self.fail("F29", f"p.{start}: no approval stamp «{word}»")
                if not word and stamp:
                    self.fail("F29", f"p.{start}: approval stamp although none was asked")
            # F30: the title, centred, below the mark
            after = segments[len(mark) :]
            title = []
            for segment in after:
                if segment.bold and _near(segment.center, field_.center, 3.5):
                    title.append(segment)
                else:
                    break
            if not title:
                self.fail("F30", f"p.{start}: no centred title below the appendix mark")
            elif self.e.appendix_titles is not None and index <= len(self.e.appendix_titles):
                printed = norm(" ".join(s.text for s in title))
                if printed != norm(strip_final_stop(self.e.appendix_titles[index - 1])):
                    self.fail("F30", f"p.{start}: title {printed!r} ≠ {self.e.appendix_titles[index - 1]!r}")

    # G ------------------------------------------------------------------------------------
    def _group_of(self, page: Page) -> list[Page]:
        for group in self._appendix_pages():
            if page in group:
                return group
        return [page]

    def _appendix_pages(self) -> list[list[Page]]:
        starts = self.parts.appendix_starts
        groups = []
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(self.data.pages)
            groups.append(self.data.pages[start - 1 : end])
        return groups

    def g31_g36_tables(self) -> None:
        table_groups = [group for group in self._appendix_pages() if any(p.tables for p in group)]
        expected_groups = self.e.rows
        if len(table_groups) != len(expected_groups):
            self.fail("G31", f"{len(table_groups)} appendices with a table, expected {len(expected_groups)}")
        for group, rows in zip(table_groups, expected_groups, strict=False):
            check_table_pages(self, group, rows)

    def g36_text(self) -> None:
        raw = self.data.text
        if "\ufffd" in raw or "(cid:" in raw:
            self.fail("G36", "pdftotext shows undecodable characters")
        numbers = [[s.plain for s in page_number_segments(p, self.layout)] for p in self.data.pages]
        text = squash(text_without_page_numbers(raw, numbers))
        wanted = []
        if self.e.heading:
            wanted.append(("heading", strip_final_stop(self.e.heading)))
        if self.e.is_order and self.layout.prikazyvayu_style != "spaced":
            wanted.append(("«ПРИКАЗЫВАЮ:»", "ПРИКАЗЫВАЮ:"))
        for number, point_text in self.e.points or []:
            wanted.append((f"point {number}", f"{number} {point_text}"))
        split: list[tuple[str, str]] = []
        for rows in self.e.rows:
            for row in rows:
                keys = (
                    ("activity",)
                    if row.get("heading")
                    else ("number", "activity", "deadline", "responsible", "result")
                )
                for key in keys:
                    if row.get(key):
                        label = f"{key} of table row {row.get('number')!r}"
                        (split if norm(row.get("number", "")) in self.split_rows else wanted).append(
                            (label, row[key])
                        )
        for label, value in wanted:
            if squash(value) not in text:
                self.fail("G36", f"pdftotext -raw lacks the {label}: {norm(value)[:60]!r}")
        # a row split across pages is interrupted by the repeated header: each of its words must be there
        words = set(text_without_page_numbers(raw, numbers).replace(NBSP, " ").split())
        for label, value in split:
            missing = [w for w in norm(value).split() if w not in words]
            if missing:
                self.fail("G36", f"pdftotext -raw lacks {missing[:3]!r} of the {label} (split row)")
        if any("ё" in value for _, value in wanted) and "ё" not in raw:
            self.fail("G36", "«ё» lost in the text layer")

    def run(self) -> list[str]:
        for check in (
            self.a1_page_size,
            self.a2_fonts,
            self.a3_sizes,
            self.a4_margins,
            self.a5_a6_justified_indent,
            self.a7_spacing,
            self.a8_a9_page_numbers,
            self.b10_images,
            self.b11_b12_issuer_kind,
            self.b13_b14_date_number,
            self.b15_place,
            self.b16_heading,
            self.c17_prikazyvayu,
            self.c18_c19_points,
            self.c20_line_ends,
            self.d21_d22_signature,
            self.d23_d24_frame,
            self.e25_executor,
            self.e26_qr,
            self.f27_f30_appendices,
            self.g31_g36_tables,
            self.g36_text,
        ):
            check()
        return self.problems


def text_without_page_numbers(text: str, numbers: Sequence[Sequence[str]]) -> str:
    """pdftotext output without the page numbers: per page (form feeds), one line equal to each number."""
    pages = text.split("\f")
    for index, page_numbers in enumerate(numbers):
        if index >= len(pages):
            break
        lines = pages[index].split("\n")
        for number in page_numbers:
            for i in range(len(lines) - 1, -1, -1):
                if lines[i].strip() == number:
                    del lines[i]
                    break
        pages[index] = "\n".join(lines)
    return "\f".join(pages)


def pdftotext_page(data: PdfData, page: int) -> str:
    pages = data.layout_text.split("\f")
    return pages[page - 1] if page - 1 < len(pages) else ""


def _row_values(row: dict, columns: int) -> list[str]:
    values = [
        row.get("number", ""),
        row.get("activity", ""),
        row.get("deadline", ""),
        row.get("responsible", ""),
    ]
    if columns == 5:
        values.append(row.get("result", ""))
    return [norm(v) for v in values]


def check_table_pages(checker: Checker, pages: Sequence[Page], rows: Sequence[dict]) -> None:
    """G31–G35 for one appendix table spread over `pages`."""
    fail = checker.fail
    parts = [(page, table) for page in pages for table in page.tables]
    if not parts:
        fail("G31", "no bordered table in the appendix")
        return
    columns = len(parts[0][1].rows[0])
    wanted_header = [norm(t) for t in HEADER_TITLES[:columns]]
    body_rows: list[tuple[Page, TablePart, int]] = []
    reference_x = parts[0][1].column_x
    digits = [str(i) for i in range(1, columns + 1)]
    for position, (page, table) in enumerate(parts):
        point = "G31" if position == 0 else "G33"  # on a continuation page: the header is not repeated
        if len(table.rows) < 2 or table.rows[0] != wanted_header:
            fail(point, f"p.{page.number}: header {table.rows[0]!r}, expected {wanted_header!r}")
            if table.rows[0] and table.rows[0][0] not in ("№ п/п", "№"):
                body_rows.extend((page, table, index) for index in range(len(table.rows)))
                continue
        if len(table.rows) < 2 or table.rows[1] != digits:
            fail(
                "G32" if position == 0 else "G33", f"p.{page.number}: column-number row, expected {digits!r}"
            )
        else:
            for index in range(columns):
                cell = table.cell_boxes[1][index]
                chars = [
                    c
                    for c in page.chars
                    if cell
                    and cell[0] <= c["x0"]
                    and c["x1"] <= cell[2]
                    and cell[1] <= c["top"] <= cell[3]
                    and not c["text"].isspace()
                ]
                if chars and cell:
                    center = (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2
                    if not _near(center, (cell[0] + cell[2]) / 2, 2):
                        fail("G32", f"p.{page.number}: column number {index + 1} not centred")
        if len(table.column_x) != len(reference_x) or any(
            abs(a - b) > 0.6 for a, b in zip(table.column_x, reference_x, strict=False)
        ):
            fail("G34", f"p.{page.number}: column edges {table.column_x} differ from {reference_x}")
        for index in range(2, len(table.rows)):
            body_rows.append((page, table, index))
        last = table.rows[-1]
        if (
            len(table.rows) > 2
            and last[0]
            and all(cell in (None, "") for cell in last[1:])
            and (page, table) != parts[-1]
        ):
            fail("G34", f"p.{page.number}: heading row {last[0][:40]!r} left alone at the bottom of the page")
        if page.landscape:
            field_ = text_field(page, checker.layout)
            if table.bbox[2] > field_.right + 1 or table.bbox[0] < field_.left - 1:
                fail("G35", f"p.{page.number}: landscape table wider than the text field")

    # the expected rows in order; a row split over pages is joined (only a row taller than a page may split)
    position = 0
    for row in rows:
        values = _row_values(row, columns)
        heading = bool(row.get("heading"))
        found = None
        for k in range(position, len(body_rows)):
            page, table, index = body_rows[k]
            cells = table.rows[index]
            if heading:
                text = norm(f"{row.get('number', '')} {row.get('activity', '')}")
                if squash(cells[0]) == squash(text):
                    found = k
                    if any(cell not in (None, "") for cell in cells[1:]):
                        fail("G35", f"heading row {text[:40]!r} does not span all columns")
                    box = table.cell_boxes[index][0]
                    chars = [
                        c
                        for c in page.chars
                        if box
                        and box[0] <= c["x0"] <= box[2]
                        and box[1] <= c["top"] <= box[3]
                        and not c["text"].isspace()
                    ]
                    if chars and not all("bold" in c["fontname"].lower() for c in chars):
                        fail("G35", f"heading row {text[:40]!r} is not bold")
                    break
                continue
            if [squash(c) for c in cells] == [squash(v) for v in values]:
                if (cells[0] or "") != values[0]:
                    fail("G34", f"row number {cells[0]!r} printed, {values[0]!r} given")
                found = k
                break
            if (cells[0] or "") == values[0] and all(
                squash(v).startswith(squash(c)) for c, v in zip(cells, values, strict=False)
            ):
                # the first part of a row split across pages: join the continuations at the next pages' tops
                joined = [squash(c) for c in cells]
                j = k + 1
                while j < len(body_rows) and joined != [squash(v) for v in values]:
                    _page, table2, index2 = body_rows[j]
                    if index2 != 2 or table2.rows[index2][0]:
                        break
                    joined = [a + squash(b) for a, b in zip(joined, table2.rows[index2], strict=False)]
                    j += 1
                if joined == [squash(v) for v in values]:
                    checker.split_rows.add(values[0])
                    if index != 2 and not _taller_than_free_space(page, table, index, checker.layout):
                        fail("G34", f"row {values[0]!r} split across pages although it fits on one page")
                    found = j - 1
                    break
        if found is None:
            fail("G34", f"row {values[0]!r} {values[1][:50]!r} not found whole with its numbers as written")
            continue
        position = found + 1


def _taller_than_free_space(page: Page, table: TablePart, index: int, layout: OrderLayout) -> bool:
    """A split row that starts mid-page is fine only if it would not have fitted on an empty page either
    (WeasyPrint splits the rows marked as taller than a page where they start)."""
    field_ = text_field(page, layout)
    return table.row_boxes[index][3] >= field_.bottom - 2


def expect_from_document(
    document: OrderDocument, layout: OrderLayout = DEFAULT_LAYOUT, *, expect_signed: str | None = "auto"
) -> Expect:
    """The expectations an OrderDocument implies (what the other checks compare against)."""
    blank = document.is_draft or not document.number or document.date is None
    signature = document.signature if not document.is_draft else None
    if expect_signed == "auto":
        expect_signed = (
            "qualified" if isinstance(signature, QualifiedSignature) else "simple" if signature else None
        )

    def flat(points: Sequence[Point]) -> list[tuple[str, str]]:
        out = []
        for point in points:
            out.append((point.number, point.text))
            out.extend(flat(point.children))
        return out

    def roadmap_row(row) -> dict:
        """A printed row as the roadmap columns (№, activity, deadline, responsible[, result])."""
        cells = [*row.cells, "", "", "", "", ""]
        return {
            "number": cells[0],
            "activity": cells[1],
            "deadline": "" if row.heading else cells[2],
            "responsible": "" if row.heading else cells[3],
            "result": "" if row.heading else cells[4],
            "heading": row.heading,
        }

    table_rows = [[roadmap_row(r) for r in a.rows] for a in document.appendices if a.rows]
    return Expect(
        signed=expect_signed,
        rows=table_rows,
        number=None if blank else document.number,
        date_text=None if blank else format_date(document.date, layout.date_format),
        layout=layout,
        kind_title=document.kind_title,
        issuer_name=document.issuer_name,
        higher_body=document.higher_body or None,
        heading=document.heading,
        place=document.place or None,
        preamble=document.preamble or None,
        points=flat(document.points),
        signatory_name=document.signatory_name,
        executor_name=document.executor_name or None,
        executor_phone=document.executor_phone or None,
        verify_url=document.verify_url,
        appendix_count=len(document.appendices),
        appendix_titles=[a.title for a in document.appendices],
        approval_words=[a.approval_word for a in document.appendices],
        signer_name=(
            signature.signer_name
            if isinstance(signature, SimpleSignature)
            else signature.owner
            if isinstance(signature, QualifiedSignature)
            else None
        ),
        certificate_serial=signature.certificate_serial
        if isinstance(signature, QualifiedSignature)
        else None,
        draft_mark=document.is_draft,
    )


def check_order_pdf(
    pdf_bytes: bytes,
    *,
    expect_signed: str | None,
    expect_rows: Sequence[dict] | Sequence[Sequence[dict]],
    number: str | None,
    date_text: str | None,
    layout: OrderLayout | None = None,
    **expect,
) -> list[str]:
    """The violated checklist points of an order PDF (empty list = passes).

    expect_signed: "simple", "qualified" or None (draft/unsigned: no mark); expect_rows: the roadmap rows
    (dicts as in tests/fixtures/roadmaps/*.rows.json), one list per table appendix or one flat list for a
    single appendix; number/date_text as printed («344», «30.08.2022»), None for a draft (blanks).
    Further keywords are fields of Expect (heading, points, place, verify_url, executor_name, …).
    """
    rows = list(expect_rows)
    if rows and isinstance(rows[0], dict):
        rows = [rows]
    spec = Expect(
        signed=expect_signed,
        rows=[list(r) for r in rows],
        number=number,
        date_text=date_text,
        layout=layout or OrderLayout(),
        **expect,
    )
    return Checker(read_pdf(pdf_bytes), spec).run()


def check_document_pdf(
    pdf_bytes: bytes, document: OrderDocument, layout: OrderLayout = DEFAULT_LAYOUT
) -> list[str]:
    """check_order_pdf with every expectation taken from the OrderDocument that was rendered."""
    return Checker(read_pdf(pdf_bytes), expect_from_document(document, layout)).run()


def check_roadmap_pdf(
    pdf_bytes: bytes,
    *,
    expect_rows: Sequence[dict],
    layout: OrderLayout | None = None,
    mark_lines: Sequence[str] = (),
) -> list[str]:
    """The table points (A1–A4, A8, G31–G36) for render_appendix_pdf output (a roadmap table alone)."""
    layout = layout or OrderLayout()
    data = read_pdf(pdf_bytes)
    spec = Expect(
        signed=None,
        rows=[list(expect_rows)],
        number=None,
        date_text=None,
        layout=layout,
        points=[],
        is_order=False,
    )
    checker = Checker(data, spec)
    checker.parts = OrderParts(order_pages=[], appendix_starts=[1])
    checker.a2_fonts()
    checker.a4_margins()
    for page in data.pages:
        numbers = page_number_segments(page, layout)
        if page.number == 1 and numbers:
            checker.fail("A8", "page 1 has a number")
        if page.number > 1 and [s.plain for s in numbers] != [str(page.number)]:
            checker.fail("A8", f"p.{page.number} numbered {[s.plain for s in numbers]}")
        for segment in page.segments:
            if _in_table(segment, page) and not 10 - 0.05 <= segment.size <= layout.font_size_pt + 0.05:
                checker.fail("A3", f"table text not 10–{layout.font_size_pt:g} pt: {segment}")
    if mark_lines:
        page = data.pages[0]
        field_ = text_field(page, layout)
        block = []
        for segment in body_segments(page, layout):
            if segment.x0 < field_.center or segment.bold:
                break
            block.append(segment)
        printed = norm(" ".join(s.text for s in block))
        if printed != norm(" ".join(mark_lines)):
            checker.fail("F28", f"mark {printed!r} ≠ {' '.join(mark_lines)!r} upper right")
        if any(s.x1 - s.x0 > 227 for s in block):
            checker.fail("F28", "mark lines wider than 8 cm")
    check_table_pages(checker, data.pages, list(expect_rows))
    checker.g36_text()
    return checker.problems
