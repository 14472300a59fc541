"""Registration number patterns. No database."""

import pytest

from orders.numbering import PatternError, format_number, pattern_problems


@pytest.mark.parametrize(
    ("pattern", "n", "number"),
    [("{n}-од", 128, "128-од"), ("01-07/{n}", 93, "01-07/93"), ("{n}", 5, "5"), ("{n}/{year}", 3, "3/2025")],
)
def test_pattern_gives_the_number(pattern, n, number):
    assert pattern_problems(pattern) == []
    assert format_number(pattern, n=n, year=2025) == number


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("", "Укажите шаблон номера"),
        ("од-{n}", "начинается с цифр"),
        ("{n}-{n}", "ровно один порядковый номер"),
        ("{N}-од", "только {n}"),
        ("{n} од", "начинается с цифр"),
        ("{n}-од}", "лишняя фигурная скобка"),
        ("{n}-" + "о" * 40, "не длиннее"),
    ],
)
def test_bad_patterns_are_explained(pattern, problem):
    assert any(problem in p for p in pattern_problems(pattern)), pattern_problems(pattern)


def test_sequence_numbers_start_at_one():
    with pytest.raises(PatternError):
        format_number("{n}", n=0, year=2025)
