"""Import of a 500-row Word roadmap: parse time, database write time, and the write's query count.

    DEBUG=1 .venv/bin/python bench/bench_import.py

Works on a throwaway database (bench/common: PostgreSQL when it answers, else SQLite; dropped at
exit). Builds a DOCX with
python-docx: a title, a 4-column table with a heading every 20 rows and deadlines taken from the
real documents in tests/fixtures/roadmaps; parses it (roadmaps.importers), then creates the roadmap
through the import service (roadmaps.import_services → roadmaps.services.roadmap_create), counting
queries with CaptureQueriesContext. Prints figures only.
"""

from __future__ import annotations

import io
import statistics
import time

import common

common.bootstrap("import")

import docx  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roadmaps import import_services, importers  # noqa: E402
from roadmaps.models import Occurrence  # noqa: E402

ROWS = 500
HEADING_EVERY = 20
RUNS = 5
# Deadlines as written in the fixtures (seed000, seed001), for a 2022-2023 academic-year roadmap.
DEADLINES = (
    "2022-2023 уч.г.",
    "2022-2023 уч.г. по запросу",
    "2022-2023 уч.г. 1 раз в четверть",
    "Май 2023 г.",
    "Июнь 2023 года",
    "По запросу",
    "В течение года",
    "1 раз в четверть",
    "Ежемесячно",
    "Июль-август (ежегодно)",
    "По графику проведения ВПР (ежегодно)",
    "апрель",
    "Постоянно",
    "В течение всего периода (по запросам)",
)


def build_docx(rows: int) -> bytes:
    document = docx.Document()
    document.add_paragraph("Дорожная карта по развитию и сопровождению школьных методических объединений")
    document.add_paragraph("на 2022-2023 учебный год")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ("№", "Мероприятия", "Сроки реализации", "Ответственные"), strict=True
    ):
        cell.text = text
    item = 0
    for index in range(rows):
        row = table.add_row()
        if index % HEADING_EVERY == 0:
            merged = row.cells[0].merge(row.cells[3])
            merged.text = f"Раздел {index // HEADING_EVERY + 1}. Организационно-методическая деятельность"
            continue
        item += 1
        row.cells[0].text = str(item)
        row.cells[1].text = f"Мероприятие {item}: семинар для руководителей школьных методических объединений"
        row.cells[2].text = DEADLINES[item % len(DEADLINES)]
        row.cells[3].text = "Специалисты районного методического кабинета, руководители ШМО"
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def main() -> None:
    user, _ = common.methodist()
    data = build_docx(ROWS)
    parse_times, write_times, queries = [], [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        parsed = importers.parse_docx(data)
        parse_times.append(time.perf_counter() - started)
        payload = import_services.build_payload(parsed, file_name="bench.docx")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            roadmap = import_services.roadmap_from_payload(user=user, payload=payload, file_name="bench.docx")
        write_times.append(time.perf_counter() - started)
        queries.append(len(captured))
    rows = roadmap.rows.count()
    occurrences = Occurrence.objects.filter(row__roadmap=roadmap).count()
    parse_ms = statistics.median(parse_times) * 1000
    write_ms = statistics.median(write_times) * 1000
    print(f"document: {len(data) // 1024} KB DOCX, {ROWS} table rows ({ROWS // HEADING_EVERY} headings)")
    print(f"imported: {rows} rows, {occurrences} occurrences, period {roadmap.period_label}")
    print(f"parse (median of {RUNS}): {parse_ms:.0f} ms")
    print(f"import, DB write (median of {RUNS}): {write_ms:.0f} ms")
    print(f"total: {parse_ms + write_ms:.0f} ms")
    print(f"queries of the import: {queries[-1]} (runs: {', '.join(map(str, queries))})")


if __name__ == "__main__":
    main()
