"""Diplomas and certificates (contests.diplomas) as a participant receives them: one A4 page each, the name
in the dative, the nomination and the place. The PDF is read back with pypdf and poppler. No database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from contests import diplomas as module
from contests.diplomas import Diploma, recipient_dative, render_diplomas_pdf
from orders.tests import pdfcheck

A4 = (595.28, 841.89)
BASE = Diploma(
    kind="winner",
    full_name="Иванова Мария Петровна",
    school="МБОУ «СОШ № 1»",
    nomination="Молодые учителя",
    place=1,
    contest_title="муниципального этапа конкурса профессионального мастерства «Педагогический дебют — 2026»",
    year=2026,
    signatory_position="Начальник управления образования",
    signatory_name="А.В. Орлов",
    issuer_name="Управление образования администрации Энского муниципального округа",
    date=dt.date(2026, 12, 1),
)


def make(**changes) -> Diploma:
    return dataclasses.replace(BASE, **changes)


SET = (
    BASE,
    make(kind="prize_winner", full_name="Королёва Алёна Игоревна", place=2, school="МБОУ «Гимназия № 2»"),
    make(kind="prize_winner", full_name="Петров-Водкин Кузьма Сергеевич", place=3),
    make(
        kind="laureate",
        full_name="Римская-Корсакова Анна Сергеевна",
        place=4,
        nomination="Молодые воспитатели",
    ),
    make(kind="participant", full_name="Smith John", place=None, nomination=""),
    make(kind="participant", full_name="Нгуен Тхи Ха", place=7, date=None),
)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_diplomas_pdf(SET)


def pages_text(data: bytes) -> list[str]:
    return [pdfcheck.norm(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def test_one_a4_page_per_diploma_in_the_given_order(pdf):
    assert [(round(w, 2), round(h, 2)) for w, h in pdfcheck.pdfinfo_pages(pdf)] == [A4] * len(SET)
    texts = pages_text(pdf)
    kinds = [("ДИПЛОМ" in text, "СЕРТИФИКАТ" in text) for text in texts]
    assert kinds == [(True, False)] * 4 + [(False, True)] * 2
    assert [text.count("вручается") + text.count("выдан") for text in texts] == [1] * len(SET)


def test_a_winners_diploma_names_the_winner_in_the_dative_with_nomination_and_place(pdf):
    text = pages_text(pdf)[0]
    assert "ДИПЛОМ ПОБЕДИТЕЛЯ" in text
    assert "«Педагогический дебют — 2026»" in text
    assert "I место вручается Ивановой Марии Петровне МБОУ «СОШ № 1» в номинации «Молодые учителя»" in text
    assert "Начальник управления образования" in text and "А.В. Орлов" in text
    assert "1 декабря 2026 г." in text
    assert "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ" in text


def test_prize_winners_and_a_laureate_with_yo_and_double_surnames(pdf):
    texts = pages_text(pdf)
    assert "ДИПЛОМ ПРИЗЁРА" in texts[1] and "II место вручается Королёвой Алёне Игоревне" in texts[1]
    assert "III место вручается Петрову-Водкину Кузьме Сергеевичу" in texts[2]
    assert "ДИПЛОМ ЛАУРЕАТА" in texts[3] and "вручается Римской-Корсаковой Анне Сергеевне" in texts[3]
    assert "в номинации «Молодые воспитатели»" in texts[3]
    assert "место" not in texts[3]  # a laureate's diploma has no place line


def test_certificates_of_participants_keep_a_foreign_name_as_written(pdf):
    texts = pages_text(pdf)
    assert "СЕРТИФИКАТ УЧАСТНИКА" in texts[4] and "выдан Smith John" in texts[4]
    assert "номинации" not in texts[4] and "место" not in texts[4]
    assert "выдан Нгуен Тхи Ха" in texts[5] and "место" not in texts[5]  # a participant: no place
    assert "2026 г." in texts[5]  # no date: the year


def test_a_name_the_inflector_fails_on_is_printed_in_the_nominative(monkeypatch):
    def broken(full_name, case, gender=None):
        raise KeyError("словарь недоступен")

    monkeypatch.setattr(module, "inflect_person", broken)
    assert recipient_dative("Иванова  Мария Петровна") == "Иванова Мария Петровна"
    text = pages_text(render_diplomas_pdf([BASE]))[0]
    assert "вручается Иванова Мария Петровна" in text


def test_fonts_are_the_orders_family_embedded(pdf):
    fonts = pdfcheck.pdffonts(pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts)
    assert {font["name"].split("+", 1)[1] for font in fonts} <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
    }


def test_long_texts_stay_on_their_page():
    long = make(
        full_name="Константинопольская-Преображенская Аделаида Святославовна",
        school="Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № 15 "
        "с углублённым изучением отдельных предметов имени Героя Советского Союза И.И. Иванова»",
        contest_title="муниципального этапа Всероссийского конкурса профессионального мастерства "
        "педагогических работников образовательных организаций, реализующих программы дошкольного, "
        "начального общего, основного общего и среднего общего образования, «Учитель года — 2026»",
        nomination="Молодые учителя образовательных организаций, реализующих адаптированные программы",
    )
    data = render_diplomas_pdf([long, BASE])
    texts = pages_text(data)
    assert len(texts) == 2
    assert "Константинопольской-Преображенской Аделаиде Святославовне" in texts[0]
    assert "Начальник управления образования" in texts[0] and "1 декабря 2026 г." in texts[0]


def test_progress_is_reported_as_pages_are_laid_out(monkeypatch):
    monkeypatch.setattr(module, "CHUNK", 2)
    steps = []
    data = render_diplomas_pdf(SET[:5], progress=lambda done, total: steps.append((done, total)))
    assert steps == [(2, 5), (4, 5), (5, 5)]
    assert len(PdfReader(io.BytesIO(data)).pages) == 5


def test_bad_input_is_refused_in_russian():
    with pytest.raises(ValueError, match="Нет ни одного диплома"):
        render_diplomas_pdf([])
    with pytest.raises(ValueError, match="Неизвестный вид документа"):
        make(kind="gramota")
    with pytest.raises(ValueError, match="Не указаны фамилия"):
        make(full_name="  ")
