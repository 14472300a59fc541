"""The order part («ПРИКАЗЫВАЮ: 1. …, 1.1. …»): a tree of points, its text form, its numbers. Pure.

Stored as JSON: a list of {"text": str, "children": [...]}, at most MAX_DEPTH levels. The numbers are
not stored: they follow from the position in the tree («1.», «1.1.», «1.1.1.», «1.1.1.1.»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DEPTH = 4
MAX_TEXT = 5000
# «1.», «1)», «1.1.», «1.1», «2.3.1.»; at most two digits per level and a «.» or «)» after a lone
# number, so that «2023 года …» or «12 человек …» continue the point above.
_NUMBER_RE = re.compile(r"^(?:(\d{1,2}(?:\.\d{1,2})+)\.?|(\d{1,2})[.)])\s+(\S.*)$")
_BARE_NUMBER_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*[.)]?$")
# «Контроль за исполнением …», «Контроль исполнения …», «Контроль над выполнением …», «Контроль за ходом
# исполнения …», «Возложить контроль за исполнением …».
_CONTROL_RE = re.compile(
    r"^(?:возложить\s+)?контроль\s+(?:(?:за|над)\s+)?(?:ходом\s+)?(?:исполнени|выполнени|реализаци)\w*", re.I
)
_SELF_CONTROL_RE = re.compile(r"оставляю\s+за\s+собой", re.I)


class PointsError(ValueError):
    """The text of the points cannot be read; `messages` say where and why, in Russian."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


@dataclass(frozen=True)
class NumberedPoint:
    number: str  # «1.», «1.2.»
    text: str
    depth: int  # 1..MAX_DEPTH
    children: tuple[NumberedPoint, ...] = ()


def point(text: str, *children: dict) -> dict:
    return {"text": text, "children": list(children)}


def parse_points(text: str) -> list[dict]:
    """Lines «1. …», «1.1. …» … into the tree; a line without a number continues the point above.

    The numbers typed only give the level: points are numbered again in order. When no line has
    a number, every non-empty line is a point of the first level.
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return []
    matches = [_NUMBER_RE.match(line) for line in lines]
    if not any(matches):
        return [point(_finish(line)) for line in lines]
    errors: list[str] = []
    roots: list[dict] = []
    stack: list[dict] = []  # the open point at each depth
    for index, (line, match) in enumerate(zip(lines, matches, strict=True), start=1):
        if match is None:
            if _BARE_NUMBER_RE.match(line):
                errors.append(f"строка {index}: у пункта «{line}» нет текста")
            elif not stack:
                errors.append(
                    f"строка {index}: первый пункт должен начинаться с номера «1.» (сейчас «{line[:40]}»)"
                )
            else:
                stack[-1]["text"] = f"{stack[-1]['text']} {line}"
            continue
        multi, single, body = match.groups()
        number = multi or single
        depth = number.count(".") + 1
        if depth > MAX_DEPTH:
            errors.append(f"строка {index}: пункт «{number}.» глубже {MAX_DEPTH} уровней")
            continue
        if depth > len(stack) + 1:
            parent = ".".join(number.split(".")[:-1])
            errors.append(f"строка {index}: подпункт «{number}.» идёт без пункта «{parent}.»")
            continue
        node = point(body)
        del stack[depth - 1 :]
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    if errors:
        raise PointsError(errors)
    _finish_all(roots)
    return roots


def _finish(text: str) -> str:
    """A point ends with a full stop: one is added after a letter, a digit or a closing bracket."""
    text = " ".join(text.split())
    if text and (text[-1].isalnum() or text[-1] in ')»"'):
        text += "."
    return text


def _finish_all(points: list[dict]) -> None:
    for node in points:
        node["text"] = _finish(node["text"])
        _finish_all(node["children"])


def numbered(points: list[dict], prefix: str = "", depth: int = 1) -> list[NumberedPoint]:
    """The tree with its numbers: «1.», «1.1.» …"""
    out = []
    for index, node in enumerate(points, start=1):
        number = f"{prefix}{index}."
        out.append(
            NumberedPoint(
                number=number,
                text=node["text"],
                depth=depth,
                children=tuple(numbered(node.get("children") or [], number, depth + 1)),
            )
        )
    return out


def flatten(points: list[NumberedPoint]) -> list[NumberedPoint]:
    out = []
    for node in points:
        out.append(node)
        out.extend(flatten(list(node.children)))
    return out


def format_points(points: list[dict]) -> str:
    """The text form the edit page shows: one point per line with its number."""
    return "\n".join(f"{p.number} {p.text}" for p in flatten(numbered(points)))


def validate_points(points) -> list[str]:
    """Problems with a stored tree (shape, depth, empty or too long texts), in Russian."""
    problems: list[str] = []

    def walk(nodes, prefix: str, depth: int) -> None:
        if not isinstance(nodes, list):
            problems.append("пункты приказа должны быть списком")
            return
        for index, node in enumerate(nodes, start=1):
            number = f"{prefix}{index}."
            if not isinstance(node, dict) or not isinstance(node.get("text"), str):
                problems.append(f"пункт {number}: нет текста")
                continue
            if depth > MAX_DEPTH:
                problems.append(f"пункт {number}: больше {MAX_DEPTH} уровней вложенности")
            if not node["text"].strip():
                problems.append(f"пункт {number}: пустой текст")
            elif len(node["text"]) > MAX_TEXT:
                problems.append(f"пункт {number}: текст длиннее {MAX_TEXT} символов")
            walk(node.get("children", []), number, depth + 1)

    walk(points, "", 1)
    return problems


def style_problems(points: list[dict]) -> list[str]:
    """What ГОСТ Р 7.0.97 expects of each point: a capital letter first, a full stop last.

    A point that opens a list of sub-points ends with a colon («3. Руководителям ОО:»); its
    sub-points are then items of that list: each but the last may end with «;».
    """
    problems: list[str] = []

    def walk(nodes: list[NumberedPoint], in_list: bool) -> None:
        for position, node in enumerate(nodes, start=1):
            text = node.text.strip()
            opens_list = bool(node.children) and text.endswith(":")
            last = position == len(nodes)
            if text[:1].isalpha() and not text[:1].isupper() and not in_list:
                problems.append(f"Пункт {node.number} должен начинаться с заглавной буквы.")
            if not (
                text.endswith((".", ".»")) or opens_list or (in_list and not last and text.endswith(";"))
            ):
                problems.append(f"Пункт {node.number} должен заканчиваться точкой.")
            walk(list(node.children), opens_list)

    walk(numbered(points), False)
    return problems


def has_control_point(points: list[dict]) -> bool:
    """Whether a point says who controls the execution («Контроль за исполнением …»)."""
    return any(
        _CONTROL_RE.search(node.text) or _SELF_CONTROL_RE.search(node.text)
        for node in flatten(numbered(points))
    )


def from_lines(texts: list[str]) -> list[dict]:
    """Flat texts (as recovered from a document) into first-level points."""
    return [point(_finish(t)) for t in texts if t and t.strip()]


def from_recovered(texts: list[str], numbers: list[str] | None = None) -> list[dict]:
    """Points recovered from a document into the tree: `numbers` as written («3.», «3.1.») give each
    text its level, so sub-points stay sub-points. Without numbers (or with numbers that make no tree)
    every text is a first-level point."""
    pairs = [(n, " ".join(t.split())) for n, t in zip(numbers or [], texts, strict=False) if t and t.strip()]
    if numbers and len(numbers) == len(texts):
        try:
            return parse_points("\n".join(f"{n} {t}" for n, t in pairs))
        except PointsError:
            pass
    return from_lines(texts)
