"""Signing an order with a 500-row roadmap appendix: time under the number sequence's lock vs the whole.

    .venv/bin/python bench/bench_signing.py

Works on a throwaway database (bench/common: PostgreSQL when it answers, else SQLite; dropped at
exit). A methodist drafts the order
approving a roadmap of 500 rows (through the real services), an administrator signs it with
orders.services.order_sign; the PDF is the real WeasyPrint render. Without a broker Celery runs the
archive task in-process, so the wall time below is the whole signing, PDF included.

«Under the lock» runs from the query that reads the issuer's NumberSequence row (SELECT … FOR UPDATE on
PostgreSQL) to the commit of that transaction; before issue 12 the PDF was rendered inside it. Prints
figures only.
"""

from __future__ import annotations

import datetime as dt
import time

import common

common.bootstrap("signing")

from django.db import connection, transaction  # noqa: E402

from directory.models import Role  # noqa: E402
from orders import services  # noqa: E402
from orders.models import Order  # noqa: E402
from orders.tests.factories import ready_draft  # noqa: E402

ROWS = 500
DEADLINES = ("Ежемесячно", "1 раз в четверть", "Май 2023 г.", "до 30 сентября", "В течение года")


def main() -> None:
    methodist, office = common.methodist()
    administrator = common.staff(
        office,
        "bench-nachalnik",
        "Богинский",
        "Юрий",
        Role.Kind.ADMINISTRATOR,
        patronymic="Николаевич",
        position="Начальник управления образования",
    )
    roadmap = common.roadmap(
        methodist,
        office,
        ROWS,
        DEADLINES,
        (dt.date(2022, 9, 1), dt.date(2023, 8, 31)),
        heading_every=10,
        topic="семинар для руководителей методических объединений",
        result_text="Повышение профессиональной компетентности педагогов",
    )
    order = ready_draft(user=methodist, roadmap=roadmap)
    order = services.order_update(
        user=methodist, order=order, data={"signatory": administrator.person, "date": dt.date(2022, 8, 25)}
    )
    problems = services.signing_problems(order, user=administrator)
    assert not problems, problems

    marks: dict[str, float] = {}

    def watch(execute, sql, params, many, context):
        if "orders_numbersequence" in sql and "locked" not in marks:
            marks["locked"] = time.perf_counter()
            transaction.on_commit(lambda: marks.setdefault("committed", time.perf_counter()))
        return execute(sql, params, many, context)

    from orders import pdf

    real_render = pdf.render_order_pdf

    def timed_render(document, layout=None):
        started = time.perf_counter()
        try:
            return real_render(document, layout)
        finally:
            marks["render"] = time.perf_counter() - started

    pdf.render_order_pdf = timed_render
    started = time.perf_counter()
    with connection.execute_wrapper(watch):
        signed = services.order_sign(user=administrator, order=order)
    total = time.perf_counter() - started
    pdf.render_order_pdf = real_render
    assert signed.status == Order.Status.SIGNED, signed.status
    locked = marks["committed"] - marks["locked"]
    print(
        f"signing benchmark, {common.database_label()}, "
        f"one order with a {ROWS}-row appendix ({signed.number_label})"
    )
    print(f"  under the number lock: {locked * 1000:8.1f} ms")
    print(f"  whole signing:         {total * 1000:8.1f} ms")
    render = marks["render"] * 1000
    print(f"  of which the PDF:      {render:8.1f} ms (under the lock before issue 12, now after it)")


if __name__ == "__main__":
    main()
