"""Russian words: plural forms, month names, dates and the typography of printed documents."""

from __future__ import annotations

import datetime as dt

import pytest

from core.russian import (
    MONTHS,
    MONTHS_GENITIVE,
    MONTHS_SHORT,
    NBSP,
    date_numeric,
    date_verbal,
    format_date,
    month_name,
    number_with_sign,
    plural,
    short_name,
    strip_final_stop,
    typograph,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "строк"),
        (1, "строка"),
        (2, "строки"),
        (4, "строки"),
        (5, "строк"),
        (11, "строк"),
        (12, "строк"),
        (14, "строк"),
        (21, "строка"),
        (22, "строки"),
        (25, "строк"),
        (101, "строка"),
        (111, "строк"),
        (-3, "строки"),
    ],
)
def test_plural_picks_the_form_by_the_last_two_digits(n, expected):
    assert plural(n, "строка", "строки", "строк") == expected


def test_month_names_in_every_form():
    assert len(MONTHS) == len(MONTHS_GENITIVE) == len(MONTHS_SHORT) == 12
    assert (MONTHS[0], MONTHS_GENITIVE[0], MONTHS_SHORT[0]) == ("январь", "января", "янв")
    assert (MONTHS[8], MONTHS_GENITIVE[8], MONTHS_SHORT[8]) == ("сентябрь", "сентября", "сен")
    assert month_name(2026, 11) == "Ноябрь 2026"
    assert date_verbal(dt.date(2026, 11, 30)) == f"30{NBSP}ноября{NBSP}2026{NBSP}г."
    assert date_numeric(dt.date(2026, 11, 30)) == "30.11.2026"


def test_dates():
    day = dt.date(2025, 9, 5)
    assert date_numeric(day) == "05.09.2025"
    assert date_verbal(day) == f"5{NBSP}сентября{NBSP}2025{NBSP}г."
    assert format_date(day, "verbal") == date_verbal(day)
    with pytest.raises(ValueError):
        format_date(day, "iso")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("приказ №344", f"приказ №{NBSP}344"),
        ("№ 128-од", f"№{NBSP}128-од"),
        ("А.В. Орлов", f"А.В.{NBSP}Орлов"),
        ("А. В. Орлов", f"А.{NBSP}В.{NBSP}Орлов"),
        ("возложить на Волкову Е.В.", f"возложить на Волкову{NBSP}Е.В."),
        ("до 5 сентября 2025 г. включительно", f"до 5{NBSP}сентября{NBSP}2025{NBSP}г. включительно"),
        ("в срок к 1 мая", f"в{NBSP}срок к{NBSP}1{NBSP}мая"),
        ("Игры и конкурсы", f"Игры и{NBSP}конкурсы"),
        ("2022-2023 уч.г.", "2022-2023 уч.г."),
    ],
)
def test_typograph(text, expected):
    assert typograph(text) == expected
    assert typograph(expected) == expected  # idempotent


def test_small_helpers():
    assert number_with_sign(" 344 ") == f"№{NBSP}344"
    assert strip_final_stop("Об утверждении плана. ") == "Об утверждении плана"
    assert strip_final_stop("О мерах и т.д.") == "О мерах и т.д."
    assert short_name("Богинский Юрий Николаевич") == f"Ю.Н.{NBSP}Богинский"
