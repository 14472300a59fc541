"""The протокол заседания жюри (contests.protocol_document) printed by the orders' layer: the PDF read back
with poppler, the Word file reopened with python-docx. No database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from docx import Document

from contests.protocol_document import (
    JURY_PROTOCOL,
    JuryProtocol,
    SummaryRow,
    jury_protocol_document,
    summary_rows,
    surname_initials,
)
from contests.scoring import Criterion, Participant, Rules, Sheet, describe_rules, summarize_by_nomination
from core.russian import NBSP
from orders.docx_export import render_order_docx
from orders.pdf import render_order_pdf
from orders.tests import pdfcheck

D = Decimal
JURORS = (
    "Орлов Андрей Викторович",
    "Белова Елена Сергеевна",
    "Гусев Павел Петрович",
    "Зайцева Ирина Олеговна",
)
LESSON = Criterion("lesson", "Урок", D(20))
CARD = Criterion("card", "Визитная карточка", D(10))


def scored_summary():
    """Four jurors, extremes dropped, a tie broken by «Урок»; Гусев did not score Петрова (his school)."""
    participants = (
        Participant("p1", "Иванова Мария Петровна", "МБОУ «СОШ № 1»", "Молодые учителя"),
        Participant("p2", "Петрова Анна Ивановна", "МБОУ «СОШ № 3»", "Молодые учителя"),
        Participant("p3", "Сидоров Игорь Олегович", "МБДОУ «Детский сад № 5»", "Молодые воспитатели"),
    )
    marks = {
        JURORS[0]: {"p1": (18, 9), "p2": (17, 9), "p3": (15, 7)},
        JURORS[1]: {"p1": (17, 8), "p2": (18, 8), "p3": (14, 8)},
        JURORS[2]: {"p1": (19, 10), "p3": (12, 6)},
        JURORS[3]: {"p1": (15, 7), "p2": (16, 7), "p3": (16, 9)},
    }
    sheets = [
        Sheet(
            juror,
            {
                (pid, cid): D(v)
                for pid, (lesson, card) in cells.items()
                for cid, v in (("lesson", lesson), ("card", card))
            },
        )
        for juror, cells in marks.items()
    ]
    rules = Rules(aggregation="mean", drop_extremes=True, tie_criterion="lesson")
    return summarize_by_nomination(participants, (LESSON, CARD), sheets, rules), rules


def all_rows(summaries, notes=None) -> tuple:
    return tuple(row for summary in summaries.values() for row in summary_rows(summary, JURORS, notes))


def protocol(**changes) -> JuryProtocol:
    summary, rules = scored_summary()
    base = JuryProtocol(
        issuer_name="УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЭНСКОГО МУНИЦИПАЛЬНОГО ОКРУГА",
        contest_title="Педагогический дебют — 2026",
        round_title="очный тур «Урок»",
        date=dt.date(2026, 12, 1),
        number="2",
        place="г. Энск",
        chair=JURORS[0],
        secretary="Волкова Елена Викторовна",
        members=JURORS[1:],
        present=(*JURORS[:3], "Волкова Елена Викторовна"),
        juror_columns=tuple(surname_initials(j) for j in JURORS),
        rows=all_rows(summary, notes={"p1": "проходит в финал"}),
        decision="Признать победителем в номинации «Молодые учителя» Иванову М.П.\nОпубликовать результаты.",
        rules=describe_rules(rules, (LESSON, CARD)),
    )
    return dataclasses.replace(base, **changes)


def lines_of(text: str) -> list[str]:
    return [" ".join(line.replace(NBSP, " ").split()) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_order_pdf(jury_protocol_document(protocol()))


def test_the_summary_rows_show_dropped_totals_in_brackets_and_the_conflict_gap():
    summaries, _ = scored_summary()
    rows = {row.participant: row for row in all_rows(summaries)}
    # Иванова: 27, 25, 29, 22 → 29 and 22 dropped, mean 26
    assert rows["Иванова Мария Петровна"].juror_totals == ("27,00", "25,00", "(29,00)", "(22,00)")
    assert rows["Иванова Мария Петровна"].total == "26,00"
    # Петрова: Гусев from her school scored nothing; 26, 26, 23 → one 26 and 23 dropped, mean 26 too
    assert rows["Петрова Анна Ивановна"].juror_totals == ("(26,00)", "26,00", "—", "(23,00)")
    assert rows["Петрова Анна Ивановна"].total == "26,00"
    # «Урок» decides: 69/4 = 17,25 against 51/3 = 17
    assert (rows["Иванова Мария Петровна"].place, rows["Петрова Анна Ивановна"].place) == ("1", "2")
    assert rows["Петрова Анна Ивановна"].note == "равенство баллов решено по критерию «Урок»"
    assert rows["Сидоров Игорь Олегович"].place == "1"  # his own nomination


def test_a_jury_protocol_is_titled_protocol_with_no_operative_word(pdf):
    text = pdfcheck.pdftotext(pdf, layout=True)
    assert re.search(r"^ *ПРОТОКОЛ *$", text, re.MULTILINE)
    assert "ПРИКАЗ" not in text and "приказыва" not in text.lower()
    flat = pdfcheck.norm(pdfcheck.pdftotext(pdf))
    assert "Заседания жюри конкурса «Педагогический дебют — 2026»" in flat
    assert "01.12.2026 № 2" in flat


def test_attendance_rules_and_decision_are_in_the_text(pdf):
    flat = pdfcheck.norm(pdfcheck.pdftotext(pdf))
    assert (
        "Присутствовали: председатель жюри — Орлов А.В.; члены жюри: Белова Е.С., Гусев П.П.; "
        "секретарь — Волкова Е.В. (4 из 5)." in flat
    )
    assert "Отсутствовали: Зайцева И.О." in flat
    assert "СЛУШАЛИ: секретаря жюри Волкову Е.В. о результатах оценивания" in flat
    assert "среднее арифметическое" in flat and "наибольшая и наименьшая оценки" in flat
    assert "больший балл по критерию «Урок», затем решение председателя жюри" in flat
    assert "РЕШИЛИ: Признать победителем в номинации «Молодые учителя» Иванову М.П." in flat
    assert "Опубликовать результаты." in flat


def test_the_summary_table_is_an_appendix_with_its_rows(pdf):
    flat = pdfcheck.norm(pdfcheck.pdftotext(pdf))
    assert "Приложение к протоколу заседания жюри от 01.12.2026 № 2" in flat
    assert "Сводная ведомость результатов оценивания участников (очный тур «Урок»)" in flat
    lines = lines_of(pdfcheck.pdftotext(pdf, layout=True))
    assert any(line.startswith("Место Участник") for line in lines)
    assert any(re.search(r"Номинация «Молодые учителя»", line) for line in lines)
    assert any(
        re.search(r"1 Иванова Мария .*27,00 25,00 \(29,00\) \(22,00\) 26,00 равенство", line)
        for line in lines
    )
    assert any(re.search(r"2 Петрова Анна .*\(26,00\) 26,00 — \(23,00\)", line) for line in lines)
    assert "В скобках — отброшенные наибольшая и наименьшая оценки участника." in flat
    assert "«—» — член жюри не оценивал участника (конфликт интересов)." in flat


def test_signature_lines_chair_secretary_and_each_member_present(pdf):
    lines = lines_of(pdfcheck.pdftotext(pdf, layout=True))
    signatures = [line for line in lines if re.match(r"^(Председатель жюри|Секретарь|Член жюри) ", line)]
    assert signatures == [
        "Председатель жюри А.В. Орлов",
        "Секретарь Е.В. Волкова",
        "Член жюри Е.С. Белова",
        "Член жюри П.П. Гусев",
    ]  # Зайцева was absent: no line


def test_the_table_header_repeats_on_every_page_of_a_long_summary():
    rows = tuple(
        SummaryRow(str(n), f"Участник {n} Иван Иванович", "МБОУ «СОШ № 1»", "", ("10,00",) * 4, "40,00")
        for n in range(1, 61)
    )
    data = render_order_pdf(jury_protocol_document(protocol(rows=rows)))
    sizes = pdfcheck.pdfinfo_pages(data)
    pages = [pdfcheck.pdftotext(data, layout=True, first=n, last=n) for n in range(1, len(sizes) + 1)]
    table_pages = [page for page in pages if re.search(r"Участник \d+ Иван", page)]
    assert len(table_pages) >= 2
    assert all(re.search(r"^ *Место +Участник", page, re.MULTILINE) for page in table_pages)
    printed = [int(n) for page in table_pages for n in re.findall(r"Участник (\d+) Иван", page)]
    assert printed == list(range(1, 61))  # every row once, in order
    assert sizes[-1][0] > sizes[0][0]  # four jurors' columns: landscape pages (from three on)


def test_word_reopens_with_the_signature_lines_and_the_summary_rows():
    word = Document(io.BytesIO(render_order_docx(jury_protocol_document(protocol()))))
    paragraphs = [p.text.replace(NBSP, " ") for p in word.paragraphs]
    assert "ПРОТОКОЛ" in paragraphs and "ПРИКАЗЫВАЮ:" not in paragraphs
    assert any(p.startswith("Присутствовали: председатель жюри — Орлов А.В.") for p in paragraphs)
    signature = next(t for t in word.tables if t.rows[0].cells[0].text.startswith("Председатель"))
    assert [(r.cells[0].text, r.cells[2].text.replace(NBSP, " ")) for r in signature.rows] == [
        ("Председатель жюри", "А.В. Орлов"),
        ("Секретарь", "Е.В. Волкова"),
        ("Член жюри", "Е.С. Белова"),
        ("Член жюри", "П.П. Гусев"),
    ]
    table = word.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header[:4] == ["Место", "Участник", "Образовательная организация", "Орлов А.В."]
    assert header[-2:] == ["Итоговый балл", "Примечание"]
    texts = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert texts[0][0] == "Номинация «Молодые учителя»"  # merged heading row
    assert texts[1][:3] == ["1", "Иванова Мария Петровна", "МБОУ «СОШ № 1»"]
    assert texts[1][-2:] == ["26,00", "равенство баллов решено по критерию «Урок»; проходит в финал"]
    assert [row[1] for row in texts if row[0].isdigit()] == [
        "Иванова Мария Петровна",
        "Петрова Анна Ивановна",
        "Сидоров Игорь Олегович",
    ]


def test_the_kind_and_bad_input():
    document = jury_protocol_document(protocol(present=()))
    assert document.kind is JURY_PROTOCOL and document.kind_title == "ПРОТОКОЛ"
    assert [label for label, _ in document.signature_lines()] == [
        "Председатель жюри",
        "Секретарь",
        "Член жюри",
        "Член жюри",
        "Член жюри",
    ]  # nobody listed as present: the whole jury
    with pytest.raises(ValueError, match="председатель и секретарь"):
        jury_protocol_document(protocol(secretary=" "))
    with pytest.raises(ValueError, match="нет ни одного участника"):
        jury_protocol_document(protocol(rows=()))
    with pytest.raises(ValueError, match="Не записано решение"):
        jury_protocol_document(protocol(decision=""))
