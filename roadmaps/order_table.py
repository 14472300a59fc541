"""A roadmap as printed in an order's appendix, in the pure document layer of orders (no Django here, so
the PDF tests and the benchmark build roadmap tables without settings): the columns «№ п/п, Мероприятие,
Сроки, Ответственные[, Ожидаемый результат]», the «1 2 3 4 5» row, section headings merged across.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orders.document import Appendix, Column, Row, Table

HEADER = ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат")
# column widths in % of the text width: (landscape, with the result column)
COLUMN_WIDTHS = {
    (True, True): (7, 38, 15, 20, 20),
    (True, False): (7, 48, 18, 27),
    (False, True): (9, 36, 15, 20, 20),
    (False, False): (9, 45, 18, 28),
}


# --- content ↔ printed appendix ---------------------------------------------------------------------


def table(
    rows: Sequence[dict[str, Any]], *, landscape: bool = True, with_result_column: bool = True
) -> Table:
    """The roadmap table: «№ п/п … Ожидаемый результат», the «1 2 3 4 5» row, headings merged across."""
    titles = HEADER if with_result_column else HEADER[:4]
    widths = COLUMN_WIDTHS[(landscape, with_result_column)]
    columns = tuple(
        Column(title=title, width=width, align="center" if index == 0 else "left")
        for index, (title, width) in enumerate(zip(titles, widths, strict=True))
    )
    printed = []
    for row in rows:
        if row.get("heading"):
            printed.append(
                Row(cells=(row["number"], row["activity"]), heading=True, level=row.get("level", 0))
            )
            continue
        cells = [row["number"], row["activity"], row.get("deadline", ""), row.get("responsible", "")]
        if with_result_column:
            cells.append(row.get("result", ""))
        printed.append(Row(cells=tuple(cells), level=row.get("level", 0)))
    return Table(columns=columns, rows=tuple(printed), number_row=True)


def intro(goal: str, tasks: str) -> tuple[str, ...]:
    """«Цель: …», «Задачи:» and the tasks, one paragraph each."""
    out = []
    if goal.strip():
        goal = goal.strip()
        out.append(goal if goal.lower().startswith("цель") else f"Цель: {goal}")
    if tasks.strip():
        tasks = tasks.strip()
        if not tasks.lower().startswith("задачи"):
            out.append("Задачи:")
        out.extend(line.strip() for line in tasks.splitlines() if line.strip())
    return tuple(out)


def to_appendix(data: dict[str, Any]) -> Appendix:
    """The printed appendix of a roadmap content dict (every version orders ever froze)."""
    landscape = data.get("landscape", True)
    with_result = data.get("with_result_column", True)
    return Appendix(
        title=data["title"],
        approval_word=data.get("approval_word", ""),
        table=table(data.get("rows", []), landscape=landscape, with_result_column=with_result),
        landscape=landscape,
        intro=intro(data.get("goal", ""), data.get("tasks", "")),
    )
