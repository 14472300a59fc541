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


def _parts(number: str) -> list[int]:
    match = NUMBER_RE.match(number or "")
    return [int(p) for p in match.group(1).split(".")] if match else []


def infer_levels(rows: Sequence[tuple[bool, str]]) -> list[int]:
    """Outline levels for imported rows given (is_heading, number) in document order.

    A row's level follows its number as written: «3.2.» sits at level 1, «4.» at level 0. A row with
    no number, or with a one-part number restarting the count under a heading («1», «2» under
    «Раздел 1» or under «1.»), sits one level below that heading (seed000: unnumbered sections,
    items 1..20). A one-part number that continues the headings' own count («4.» after the section
    «3.» and its items «3.1.»…«3.4.») is a top-level row, not an item of section 3.
    """
    levels: list[int] = []
    heading_level: int | None = None
    heading_parts: list[int] = []
    children: str = ""  # how the current heading's items are numbered: "", "flat" or "dotted"
    for is_heading, number in rows:
        d = depth(number)
        if is_heading:
            level = max(d - 1, 0)
            heading_level, heading_parts, children = level, _parts(number), ""
        elif d >= 2:
            level = d - 1
            if heading_level is not None and level > heading_level:
                children = children or "dotted"
        elif heading_level is None:
            level = 0
        elif d == 1 and heading_parts and children != "flat":
            parts = _parts(number)
            if children == "dotted" or (len(heading_parts) == 1 and parts[0] > heading_parts[0]):
                level = 0  # continues the sections' count: a top-level row after the section
            else:
                level, children = heading_level + 1, "flat"
        else:
            level = heading_level + 1
            if d == 1:
                children = "flat"
        if not is_heading and heading_level is not None and level <= heading_level:
            heading_level, heading_parts, children = None, [], ""  # the section is over
        levels.append(min(level, 5))
    return levels


def depth_changes(rows: Sequence[tuple[bool, str]], new_numbers: Sequence[str]) -> list[tuple[int, str, str]]:
    """(index, old, new) for every written number a renumbering would move to another depth.

    `rows` are (is_heading, number) in order. Counted: a dotted number («2.1.» -> «1.1.1.»), and a
    one-part number where the sections themselves carry one-part numbers («4.» after the section
    «3.» -> «3.5.»). Items counted «1», «2» … under unnumbered sections becoming «1.1.», «1.2.» are
    what «Перенумеровать» is for and are not counted.
    """
    section_depths = {depth(number) for is_heading, number in rows if is_heading and depth(number)}
    changes = []
    for index, ((_, old), new) in enumerate(zip(rows, new_numbers, strict=True)):
        d = depth(old)
        if d and d != depth(new) and (d >= 2 or d in section_depths):
            changes.append((index, old, new))
    return changes


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
