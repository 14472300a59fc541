"""Excel export of a 5,000-row roadmap: rows/s and peak memory, beside a plain write-only baseline.

    .venv/bin/python bench/bench_export.py

Works on a throwaway SQLite database in /tmp (created, migrated, deleted). A methodist creates (through
roadmaps.services) a roadmap of 5,000 rows whose texts are the rows of the real documents in
tests/fixtures/roadmaps (seed000, seed001; headings included), taken in turn. The rows are read once;
then, in the same run and on the same rows:

- product: roadmaps.exporters.export_xlsx, the file users download (title, merged headings, bold
  frozen header, widths, wrap, borders, formula-safe text);
- baseline: openpyxl's write-only workbook with the same five values per row, no styles at all.

Each runs in a fresh subprocess (on the same database): warmed up on 50 rows, timed three times (the
best wall and CPU times are printed: the machine is shared), then once more under tracemalloc. The
memory figure is tracemalloc's peak of Python allocations during that one export (its cells, styles
and the bytes of the file; lxml's own C buffers are not traced); beside it, for scale, the ru_maxrss
of the whole process (Python, Django, the 5,000 rows read from the database) before the exports and
after the timed ones.
Prints figures only.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import date

import common

ROWS = 5_000
REPEAT = 3
FIXTURES = common.BASE_DIR / "tests" / "fixtures" / "roadmaps"


def realistic_rows(count: int) -> list:
    """count rows cycling through the rows of seed000 and seed001 (their texts, numbers and headings)."""
    from roadmaps.services import RowData

    source = []
    for seed in ("seed000", "seed001"):
        source += json.loads((FIXTURES / f"{seed}.rows.json").read_text(encoding="utf-8"))
    rows = []
    for item in itertools.islice(itertools.cycle(source), count):
        rows.append(
            RowData(
                number=item["number"],
                activity=item["activity"],
                is_heading=item["heading"],
                deadline_text=item["deadline"],
                responsible_text=item["responsible"],
                result_text=item["result"],
            )
        )
    return rows


def baseline_xlsx(roadmap, rows) -> bytes:
    """The same values in a write-only workbook: no styles, no merges, no widths."""
    from openpyxl import Workbook

    from roadmaps import exporters

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Дорожная карта")
    ws.append([roadmap.title])
    ws.append([f"Период: {roadmap.period_label}"])
    ws.append(list(exporters.HEADERS))
    for row in rows:
        if row.is_heading:
            ws.append([row.number, row.activity])
        else:
            ws.append([row.number, row.activity, row.deadline_text, row.responsible_text, row.result_text])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def child(variant: str) -> dict:
    """In a fresh process on the parent's database: the figures of one variant."""
    sys.path.insert(0, str(common.BASE_DIR))
    import django

    django.setup()
    from roadmaps import exporters
    from roadmaps.models import Roadmap

    export = exporters.export_xlsx if variant == "product" else baseline_xlsx
    roadmap = Roadmap.objects.get()
    rows = exporters.ordered_rows(roadmap)
    export(roadmap, rows[:50])  # warm-up
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    walls, cpus = [], []
    for _ in range(REPEAT):
        started, cpu_started = time.perf_counter(), time.process_time()
        content = export(roadmap, rows)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    export(roadmap, rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": len(rows),
        "seconds": min(walls),
        "cpu": min(cpus),
        "maxrss_before": rss_before / 1024,
        "maxrss": rss_after / 1024,
        "peak": peak / 2**20,
        "bytes": len(content),
    }


def main() -> None:
    common.bootstrap("export")
    from roadmaps import services

    user, office = common.methodist()
    services.roadmap_create(
        user=user,
        data={
            "title": "Дорожная карта по развитию методической службы района на 2022–2023 учебный год",
            "period_start": date(2022, 9, 1),
            "period_end": date(2023, 8, 31),
            "organization": office,
        },
        rows=realistic_rows(ROWS),
    )
    labels = {
        "product": "product (roadmaps.exporters.export_xlsx)",
        "baseline": "baseline (write-only, same values, no styles)",
    }
    results = {}
    for variant in labels:
        done = subprocess.run(
            [sys.executable, __file__, "--child", variant],
            capture_output=True,
            text=True,
            check=True,
            cwd=common.BASE_DIR,
            env=os.environ,
        )
        results[variant] = json.loads(done.stdout.strip().splitlines()[-1])
    rows = results["product"]["rows"]
    print(
        f"XLSX export of a {rows}-row roadmap (texts of seed000/seed001), "
        f"one fresh process each, best of {REPEAT}"
    )
    for variant, label in labels.items():
        r = results[variant]
        print(
            f"{label:<46} {rows / r['seconds']:6.0f} rows/s (per CPU second {rows / r['cpu']:6.0f}), "
            f"tracemalloc peak {r['peak']:5.1f} MiB "
            f"(process maxrss {r['maxrss_before']:.0f} → {r['maxrss']:.0f} MiB), "
            f"file {r['bytes'] / 1024:4.0f} KiB"
        )
    product, baseline = results["product"], results["baseline"]
    print(
        f"product / baseline: time {product['seconds'] / baseline['seconds']:.2f}×; "
        f"target: ≥ 5,000 rows/s and ≤ 60 MiB"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
    else:
        main()
