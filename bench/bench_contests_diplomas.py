"""Diplomas and certificates of a contest (contests.diplomas): 200 pages in one PDF — time, pages/s.

    .venv/bin/python bench/bench_contests_diplomas.py

No database, no Django settings: the diplomas are built by hand (winners, prize-winners, laureates and
participants; names with «ё», double surnames, a foreign name) and printed with
contests.diplomas.render_diplomas_pdf. A warm-up render (fontconfig, WeasyPrint's caches, the inflector's
dictionary) is excluded; the best of three timed renders is printed (the machine is shared), beside it the
same diplomas laid out as a single WeasyPrint document (no progress steps) and the time the dative names
alone take. The issue's target: ≥ 10 pages/s. Prints figures only.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
from pathlib import Path

from common import best_of

BASE_DIR = Path(__file__).resolve().parents[1]
COUNT = 200
REPEAT = 3
NAMES = (
    "Иванова Мария Петровна",
    "Королёв Пётр Семёнович",
    "Римская-Корсакова Анна Сергеевна",
    "Петров-Водкин Кузьма Сергеевич",
    "Шевчук Ольга Ивановна",
    "Смирнов Андрей Сергеевич",
    "Алиева Лейла Рашидовна",
    "Нгуен Тхи Ха",
)
KINDS = ("winner", "prize_winner", "prize_winner", "laureate", "participant", "participant")


def diplomas(count: int) -> list:
    from contests.diplomas import Diploma

    return [
        Diploma(
            kind=KINDS[index % len(KINDS)],
            full_name=NAMES[index % len(NAMES)],
            school=f"МБОУ «СОШ № {index % 17 + 1}» Энского муниципального округа",
            nomination=("Молодые учителя", "Молодые воспитатели")[index % 2],
            place=index % len(KINDS) + 1,
            contest_title="муниципального этапа Всероссийского конкурса профессионального мастерства "
            "«Педагогический дебют — 2026»",
            year=2026,
            signatory_position="Начальник управления образования",
            signatory_name="А.В. Орлов",
            issuer_name="Управление образования администрации Энского муниципального округа",
            date=dt.date(2026, 12, 1),
        )
        for index in range(count)
    ]


class _Steps(list):
    def append_pair(self, done: int, total: int) -> None:
        self.append((done, total))


def main() -> None:
    sys.path.insert(0, str(BASE_DIR))
    from pypdf import PdfReader

    from contests import diplomas as module

    items = diplomas(COUNT)
    module.render_diplomas_pdf(diplomas(3))  # warm-up
    steps = _Steps()
    seconds, cpu, pdf = best_of(
        lambda: (steps.clear(), module.render_diplomas_pdf(items, steps.append_pair))[1], REPEAT
    )
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"contests diplomas, {COUNT} diplomas, WeasyPrint, chunks of {module.CHUNK} pages, best of {REPEAT}"
    )
    print(
        f"  {pages} pages in {seconds:.2f} s (CPU {cpu:.2f} s): {pages / seconds:.1f} pages/s "
        f"(per CPU second {pages / cpu:.1f}), {len(pdf) / 1024:.0f} KiB, progress calls {len(steps)}"
    )
    chunk = module.CHUNK
    module.CHUNK = COUNT
    try:
        one_seconds, _, _ = best_of(lambda: module.render_diplomas_pdf(items))
    finally:
        module.CHUNK = chunk
    print(
        f"  one WeasyPrint document (no progress steps): {one_seconds:.2f} s, "
        f"{COUNT / one_seconds:.1f} pages/s"
    )
    started = time.perf_counter()
    for item in items:
        module.recipient_dative(item.full_name)
    print(f"  dative names alone: {(time.perf_counter() - started) * 1000:.0f} ms for {COUNT}")


if __name__ == "__main__":
    main()
