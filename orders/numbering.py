"""Registration numbers of orders from a per-issuer pattern: «{n}-од» → «128-од», «01-07/{n}» → «01-07/93».

Pure: the sequence itself (never twice, never skipped) is `orders.models.NumberSequence`, advanced by
`orders.services.order_sign`.
"""

from __future__ import annotations

import re

DEFAULT_PATTERN = "{n}-од"
MAX_PATTERN_LENGTH = 40
PLACEHOLDERS = ("n", "year")
#: What a printed registration number looks like (ГОСТ Р 7.0.97: digits, then «-» or «/» parts).
NUMBER_RE = re.compile(r"^\d+(?:[-/][0-9А-Яа-яЁё]+)*$")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


class PatternError(ValueError):
    pass


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a numbering pattern, in Russian; empty when it is usable."""
    problems = []
    if not pattern:
        return ["Укажите шаблон номера, например «{n}-од»."]
    if len(pattern) > MAX_PATTERN_LENGTH:
        problems.append(f"Шаблон номера не длиннее {MAX_PATTERN_LENGTH} символов.")
    names = _PLACEHOLDER_RE.findall(pattern)
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        problems.append(
            "В шаблоне номера можно использовать только {n} (порядковый номер) и {year} (год); "
            f"непонятно: {', '.join('{' + u + '}' for u in unknown)}."
        )
    if names.count("n") != 1:
        problems.append("В шаблоне номера должен быть ровно один порядковый номер {n}.")
    if "{" in _PLACEHOLDER_RE.sub("", pattern) or "}" in _PLACEHOLDER_RE.sub("", pattern):
        problems.append("В шаблоне номера лишняя фигурная скобка.")
    if not problems:
        for sample in (format_number(pattern, n=7, year=2025), format_number(pattern, n=1234, year=2025)):
            if not NUMBER_RE.match(sample):
                problems.append(
                    f"Номер по этому шаблону выглядел бы так: «{sample}». Номер приказа начинается с цифр, "
                    "дальше через «-» или «/» — цифры или русские буквы, например «128-од» или «01-07/93»."
                )
                break
    return problems


def format_number(pattern: str, *, n: int, year: int) -> str:
    """The registration number for sequence number `n` of `year`."""
    if n < 1:
        raise PatternError("Порядковый номер начинается с 1.")
    return _PLACEHOLDER_RE.sub(lambda m: str(n) if m.group(1) == "n" else str(year), pattern)
