"""Diplomas and certificates of a contest (дипломы победителя, призёра, лауреата; сертификаты участника)
as one PDF, one A4 page each. Pure: dataclasses in, PDF bytes out, no database.

    render_diplomas_pdf(diplomas, progress=None) -> bytes
    diplomas_html(diplomas) -> str                 the HTML handed to WeasyPrint (one document, page breaks)
    recipient_dative(full_name) -> str             «Ивановой Марии Петровне»; the name as written if unknown

The person is named in the dative («Диплом победителя … вручается Ивановой Марии Петровне», «Сертификат
участника … выдан …») through core.inflection; a name the inflector cannot decline (a foreign name, an
error) is printed as written rather than guessed. Fonts: the orders' family (Liberation Serif, falling back
to PT Serif and DejaVu Serif), found by fontconfig as orders.pdf finds them.

Speed: the diplomas are laid out in chunks of CHUNK pages, each one HTML document with page breaks, and the
laid-out pages are written as one PDF (WeasyPrint's Document.copy). progress(done, total) is called after
each chunk is laid out (done = diplomas ready), the last call being (total, total) once the PDF is written.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.inflection import inflect_person
from core.russian import NBSP, date_verbal, typograph
from orders.pdf import DEFAULT_LAYOUT, FONT_FALLBACKS

from .scoring import LAUREATE, PARTICIPANT, PRIZE_WINNER, WINNER

KINDS = {
    # kind: (document word, whose, the verb before the name)
    WINNER: ("ДИПЛОМ", "победителя", "вручается"),
    PRIZE_WINNER: ("ДИПЛОМ", "призёра", "вручается"),
    LAUREATE: ("ДИПЛОМ", "лауреата", "вручается"),
    PARTICIPANT: ("СЕРТИФИКАТ", "участника", "выдан"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X"}
CHUNK = 50  # pages laid out per WeasyPrint document (a progress step)
FRAME_COLOR = "#1F3A93"
# From so many characters (title, school, nomination, name) the spacing tightens, clear of the signature
DENSE_FROM = 220


@dataclass(frozen=True)
class Diploma:
    kind: str  # WINNER | PRIZE_WINNER | LAUREATE | PARTICIPANT
    full_name: str  # «Иванова Мария Петровна», in the nominative
    school: str  # «МБОУ «СОШ № 1»», printed as written
    nomination: str  # «Молодые учителя»; "" → no nomination line
    place: int | None  # 1, 2, 3 … printed «I место» on a winner's or prize-winner's diploma
    contest_title: (
        str  # in the genitive, as it follows «Диплом победителя»: «муниципального этапа конкурса …»
    )
    year: int
    signatory_position: str  # «Начальник управления образования»
    signatory_name: str  # «А.В. Орлов»
    issuer_name: str  # «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ …», printed at the top
    date: dt.date | None = None  # None → the year alone

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Неизвестный вид документа: {self.kind!r}.")
        if not self.full_name.strip():
            raise ValueError("Не указаны фамилия, имя и отчество получателя.")


def recipient_dative(full_name: str) -> str:
    """The name in the dative; as written when the inflector fails (a foreign name stays as it is)."""
    name = " ".join(full_name.split())
    try:
        dative = inflect_person(name, "datv")
    except Exception:  # an unknown word must not stop a contest's diplomas: print the nominative
        return name
    return dative if len(dative.split()) == len(name.split()) else name


def _e(text: str) -> str:
    return html.escape(typograph(" ".join(str(text).split())), quote=False)


def _size(text: str, steps: Sequence[tuple[int, float]], smallest: float) -> str:
    """A font size in pt that keeps a long text on the page: the first step whose length fits."""
    for length, size in steps:
        if len(text) <= length:
            return f"{size:g}pt"
    return f"{smallest:g}pt"


def _page(diploma: Diploma) -> str:
    word, whose, verb = KINDS[diploma.kind]
    name = recipient_dative(diploma.full_name)
    place = ""
    if diploma.kind in (WINNER, PRIZE_WINNER) and diploma.place:
        place = f'<p class="place">{ROMAN.get(diploma.place, str(diploma.place))}{NBSP}место</p>'
    nomination = (
        f'<p class="nomination">в номинации «{_e(diploma.nomination)}»</p>'
        if diploma.nomination.strip()
        else ""
    )
    school = f'<p class="school">{_e(diploma.school)}</p>' if diploma.school.strip() else ""
    when = date_verbal(diploma.date) if diploma.date else f"{diploma.year}{NBSP}г."
    contest_size = _size(diploma.contest_title, ((90, 17), (160, 15), (260, 13)), 11)
    name_size = _size(name, ((28, 28), (40, 24), (60, 20)), 16)
    long_text = len(diploma.contest_title) + len(diploma.school) + len(diploma.nomination) + len(name)
    dense = " dense" if long_text > DENSE_FROM else ""
    return f"""<section class="sheet kind-{diploma.kind}{dense}"><div class="frame">
<p class="issuer">{_e(diploma.issuer_name)}</p>
<h1>{word}</h1>
<p class="whose">{whose}</p>
<p class="contest" style="font-size:{contest_size}">{_e(diploma.contest_title)}</p>
{place}
<p class="verb">{verb}</p>
<p class="name" style="font-size:{name_size}">{html.escape(name, quote=False)}</p>
{school}
{nomination}
<div class="signature"><table><tr>
<td class="sig-position">{_e(diploma.signatory_position)}</td>
<td class="sig-line"></td>
<td class="sig-name">{_e(diploma.signatory_name)}</td>
</tr></table></div>
<p class="date">{when}</p>
</div></section>"""


def _css() -> str:
    names = [DEFAULT_LAYOUT.font_family, *(f for f in FONT_FALLBACKS if f != DEFAULT_LAYOUT.font_family)]
    stack = ", ".join(name if name == "serif" else f'"{name}"' for name in names)
    return f"""
@page {{ size: A4 portrait; margin: 0; }}
html {{ font-family: {stack}; font-size: 14pt; line-height: 1.2; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0; }}
.sheet {{ width: 210mm; height: 297mm; padding: 12mm; box-sizing: border-box; overflow: hidden;
  page-break-after: always; break-inside: avoid; }}
.sheet:last-child {{ page-break-after: auto; }}
.frame {{ position: relative; height: 100%; box-sizing: border-box; border: 4pt double {FRAME_COLOR};
  padding: 16mm 16mm 0 16mm; text-align: center; overflow: hidden; }}
.issuer {{ font-size: 12pt; font-weight: bold; text-transform: uppercase; }}
h1 {{ margin: 30mm 0 0 0; font-size: 44pt; letter-spacing: 4pt; color: {FRAME_COLOR}; line-height: 1; }}
.whose {{ margin-top: 4mm; font-size: 24pt; font-weight: bold; text-transform: uppercase;
  letter-spacing: 2pt; color: {FRAME_COLOR}; }}
.contest {{ margin-top: 8mm; }}
.place {{ margin-top: 6mm; font-size: 22pt; font-weight: bold; }}
.verb {{ margin-top: 14mm; font-size: 16pt; font-style: italic; }}
.name {{ margin-top: 6mm; font-weight: bold; }}
.school {{ margin-top: 5mm; font-size: 15pt; }}
.nomination {{ margin-top: 5mm; font-size: 16pt; }}
.signature {{ position: absolute; left: 16mm; right: 16mm; bottom: 30mm; font-size: 14pt; }}
.signature table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
.signature td {{ vertical-align: bottom; padding: 0; }}
.sig-position {{ width: 45%; text-align: left; padding-right: 4mm; }}
.sig-line {{ width: 25%; border-bottom: 0.75pt solid #000; }}
.sig-name {{ width: 30%; text-align: right; padding-left: 4mm; }}
.dense h1 {{ margin-top: 14mm; }}
.dense .verb {{ margin-top: 8mm; }}
.date {{ position: absolute; left: 0; right: 0; bottom: 14mm; font-size: 13pt; }}
"""


def diplomas_html(diplomas: Sequence[Diploma]) -> str:
    """One HTML document: a page (section.sheet) per diploma."""
    pages = "\n".join(_page(diploma) for diploma in diplomas)
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Дипломы и сертификаты</title>'
        f"<style>{_css()}</style></head><body>{pages}</body></html>"
    )


def render_diplomas_pdf(
    diplomas: Sequence[Diploma], progress: Callable[[int, int], None] | None = None
) -> bytes:
    """All diplomas as one PDF, one A4 page each, in the given order. ValueError (Russian) when empty."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if not diplomas:
        raise ValueError("Нет ни одного диплома или сертификата.")
    total = len(diplomas)
    fonts = FontConfiguration()
    documents = []
    done = 0
    for start in range(0, total, CHUNK):
        chunk = diplomas[start : start + CHUNK]
        documents.append(HTML(string=diplomas_html(chunk)).render(font_config=fonts))
        done += len(chunk)
        if progress is not None and done < total:
            progress(done, total)
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    if progress is not None:
        progress(total, total)
    return pdf
