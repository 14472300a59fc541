"""Row numbers as written («1.», «3.2.1.», «5.4», none) and numbering from the outline. Pure Python."""

from __future__ import annotations

import re
from collections.abc import Sequence

NUMBER_RE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\.?\s*$")


def is_number(text: str) -> bool:
    return bool(NUMBER_RE.match(text or ""))


def depth(number: str) -> int:
    """How many parts a number has: «3.2.1.» -> 3, «5» -> 1, «» -> 0."""
    match = NUMBER_RE.match(number or "")
    return len(match.group(1).split(".")) if match else 0


def infer_levels(rows: Sequence[tuple[bool, str]]) -> list[int]:
    """Outline levels for imported rows given (is_heading, number) in document order.

    A numbered row sits at its number's depth minus one. A row with a one-part number or none that
    follows a heading sits one level below that heading (seed000: unnumbered sections, items 1..20).
    """
    levels: list[int] = []
    heading_level: int | None = None
    for is_heading, number in rows:
        d = depth(number)
        if is_heading:
            level = max(d - 1, 0)
            heading_level = level
        elif d >= 2:
            level = d - 1
        elif heading_level is not None:
            level = heading_level + 1
        else:
            level = 0
        levels.append(min(level, 5))
    return levels


def renumber(levels: Sequence[int]) -> list[str]:
    """Numbers «1.», «1.1.», «1.2.», «2.» … from outline levels, in document order."""
    counters: list[int] = []
    numbers: list[str] = []
    for level in levels:
        level = max(0, min(level, len(counters)))  # a row cannot sit deeper than one below its parent
        del counters[level + 1 :]
        if len(counters) <= level:
            counters.append(0)
        counters[level] += 1
        numbers.append(".".join(str(c) for c in counters[: level + 1]) + ".")
    return numbers
