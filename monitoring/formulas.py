"""A tiny safe evaluator of indicator formulas: numbers, indicator codes, + - * / and parentheses.

«a / b * 100» is parsed with `ast` and only these nodes are accepted: a name is an indicator code,
anything else (a call, an attribute, a subscript, a power …) is refused with a Russian message.
Nothing is ever passed to eval(). Division by zero, or a missing operand, gives None (an empty cell).
"""

from __future__ import annotations

import ast
import functools
import operator
import re
from collections.abc import Callable, Mapping
from decimal import Decimal

MAX_LENGTH = 500

_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}
_IFERROR_RE = re.compile(r'^IFERROR\((.*),\s*""\)$', re.IGNORECASE)
_CODE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class FormulaError(ValueError):
    """The formula is not one an indicator may have; the message is Russian."""


def parse(text: str) -> ast.expr:
    """The checked expression tree of a formula; FormulaError when it is not plain arithmetic."""
    return _parse(text)


@functools.lru_cache(maxsize=512)
def _parse(text: str) -> ast.expr:
    # Cached: an export evaluates one formula per row; nothing changes the tree after parsing.
    text = (text or "").strip()
    if text.startswith("="):
        text = text[1:]
    if not text:
        raise FormulaError("Формула пустая.")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"Формула длиннее {MAX_LENGTH} знаков.")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"Формулу «{text}» не удалось разобрать.") from exc
    _check(tree.body)
    return tree.body


def _check(node: ast.AST) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        _check(node.left)
        _check(node.right)
    elif isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        _check(node.operand)
    elif not (
        (isinstance(node, ast.Constant) and type(node.value) in (int, float))
        or (isinstance(node, ast.Name) and _CODE_RE.match(node.id))
    ):
        raise FormulaError("В формуле допустимы только числа, коды показателей, знаки + − × / и скобки.")


def codes(text: str) -> list[str]:
    """The indicator codes a formula uses, in order of first use."""
    return list(_codes(text))


@functools.lru_cache(maxsize=512)
def _codes(text: str) -> tuple[str, ...]:
    # Cached as the tree is: evaluate_all asks for every row of an export.
    seen: list[str] = []
    for node in ast.walk(parse(text)):
        if isinstance(node, ast.Name) and node.id not in seen:
            seen.append(node.id)
    return tuple(seen)


def evaluate(text: str, values: Mapping[str, object]) -> float | None:
    """The formula's value over `values` (code → number); None when an operand is empty or a divisor 0."""
    return _eval(parse(text), values)


def evaluate_all(
    computed: Mapping[str, str], values: dict[str, object], digits: int | None = None
) -> dict[str, object]:
    """Fill `values` with each computed code's value; a formula may use another computed code, in any
    order (a cycle leaves its codes empty). `digits` rounds the results."""
    pending = dict(computed)
    for code in pending:
        values[code] = None
    while pending:
        ready = {
            code: text
            for code, text in pending.items()
            if not any(other in pending and other != code for other in _codes(text))
        }
        if not ready:
            break
        for code, text in ready.items():
            value = evaluate(text, values)
            values[code] = value if value is None or digits is None else round(value, digits)
            del pending[code]
    return values


def _number(value) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    try:
        return float(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None


def _eval(node: ast.expr, values: Mapping[str, object]) -> float | None:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return _number(values.get(node.id))
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return None if operand is None else _UNARY[type(node.op)](operand)
    left, right = _eval(node.left, values), _eval(node.right, values)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Div) and right == 0:
        return None
    return _OPERATORS[type(node.op)](left, right)


def _render(tree: ast.expr, name: Callable[[str], str], signs: Mapping[type, str]) -> str:
    """A parsed formula written back with the fewest parentheses; `name(code)` writes each code."""

    def render(node: ast.expr, parent_precedence: int = 0) -> str:
        if isinstance(node, ast.Constant):
            return repr(node.value)
        if isinstance(node, ast.Name):
            return name(node.id)
        if isinstance(node, ast.UnaryOp):
            sign = "-" if isinstance(node.op, ast.USub) else "+"
            return f"{sign}{render(node.operand, 3)}"
        precedence = 1 if isinstance(node.op, ast.Add | ast.Sub) else 2
        # The right operand of - and / keeps its parentheses at equal precedence.
        text = f"{render(node.left, precedence)}{signs[type(node.op)]}{render(node.right, precedence + 1)}"
        return f"({text})" if precedence < parent_precedence else text

    return render(tree)


_EXCEL_SIGNS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_READABLE_SIGNS = {ast.Add: " + ", ast.Sub: " − ", ast.Mult: " × ", ast.Div: " / "}


def to_excel(text: str, columns: Mapping[str, str], row: int) -> str:
    """The formula as an Excel formula of one row: each code becomes its column's cell («=B5/C5*100»)."""

    def cell(code: str) -> str:
        if code not in columns:
            raise FormulaError(f"В формуле код «{code}», а такого показателя в форме нет.")
        return f"{columns[code]}{row}"

    return "=" + _render(parse(text), cell, _EXCEL_SIGNS)


def readable(text: str, names: Mapping[str, str]) -> str:
    """The formula for people: codes as the indicators' names («Молодых» / «Всего педагогов» × 100)."""
    try:
        tree = parse(text)
    except FormulaError:
        return text
    return _render(tree, lambda code: f"«{names.get(code, code)}»", _READABLE_SIGNS)


def from_excel(text: str, letters: Mapping[str, str], row: int | None = None) -> str:
    """An Excel row formula («=B5/C5*100») as a formula over codes, given column letter → code.

    Refused (FormulaError) when it uses anything but cells of this row's known columns, numbers,
    + - * / and parentheses (SUM(), other sheets, with `row`: another row's cells).
    """
    body = (text or "").strip().lstrip("=")
    # What to_excel writes around a division: IFERROR(…,"") shows an empty cell instead of #DIV/0!.
    wrapped = _IFERROR_RE.match(body)
    if wrapped:
        body = wrapped.group(1)
    problem = FormulaError(
        f"Формулу Excel «{text}» нельзя перенести: в ней не только арифметика над ячейками строки."
    )

    def replace(match: re.Match) -> str:
        code = letters.get(match.group(1).upper())
        if code is None or (row is not None and int(match.group(2)) != row):
            raise problem
        return code

    try:
        converted = re.sub(r"\$?\b([A-Za-z]{1,3})\$?(\d+)\b", replace, body)
        parse(converted)
    except FormulaError as exc:
        raise problem from exc
    return converted
