"""Imports refuse archive bombs and over-long sheets before they unpack or load them whole."""

from __future__ import annotations

import pytest

from core.tests.bombs import MIB, huge_docx, many_rows_xlsx, peak_while
from roadmaps.importers import TOO_MANY_ROWS_MESSAGE, NotARoadmap, parse_file

HEADER = ["Мероприятие", "Сроки", "Ответственные"]


@pytest.fixture(scope="module")
def million_rows() -> bytes:
    return many_rows_xlsx(1_000_000, header=HEADER, cell=lambda r: ["1", "2", "3"])


def test_a_docx_whose_text_inflates_hugely_is_refused_as_too_large_not_as_not_word():
    bomb = huge_docx(256 * MIB)
    assert len(bomb) < MIB

    outcome, peak = peak_while(lambda: parse_file("карта.docx", bomb))

    assert isinstance(outcome, NotARoadmap)
    assert "Файл слишком велик после распаковки" in str(outcome)
    assert peak < 4 * MIB


def test_a_million_row_workbook_is_refused_before_it_is_loaded(million_rows):
    outcome, peak = peak_while(lambda: parse_file("карта.xlsx", million_rows))

    assert isinstance(outcome, NotARoadmap)
    assert "слишком велик после распаковки" in str(outcome)
    assert peak < 4 * MIB


def test_rows_over_the_limit_are_counted_in_read_only_mode_before_the_workbook_is_loaded():
    workbook = many_rows_xlsx(100_000, header=HEADER, cell=lambda r: ["1", "2", "3"])

    outcome, peak = peak_while(lambda: parse_file("карта.xlsx", workbook))

    assert isinstance(outcome, NotARoadmap)
    assert str(outcome) == TOO_MANY_ROWS_MESSAGE
    assert peak < 16 * MIB  # loading 100 000 rows whole took 120 MB
