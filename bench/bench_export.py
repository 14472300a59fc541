"""Excel export of a 5,000-row roadmap: rows/s and peak memory, beside a plain write-only baseline.

    cd bench && DEBUG=1 ../.venv/bin/python bench_export.py

The database is common.bootstrap's: a throwaway PostgreSQL database by default (SQLite when PostgreSQL
is not there or BENCH_DB=sqlite); its name is the first line printed. A methodist creates (through
roadmaps.services) a roadmap of 5,000 rows whose texts are the rows of the real documents in
tests/fixtures/roadmaps (seed000, seed001; headings included), taken in turn, and a 50-row one for the
warm-up. Then, on the same rows:

- product: roadmaps.exporters.write_xlsx, the file users download (title, merged headings, bold
  frozen header, widths, wrap, borders, formula-safe text), written as the view writes it: rows
  streamed from the database (values_list, iterator in chunks) into a temporary file;
- baseline: the same query into openpyxl's write-only workbook, the same values, no styles at all.

Reading the rows from the database is part of every timed run, for both.

Why a fresh process per variant, and which memory figures. A process that has set Django up (every
installed app, Celery's app) and imported openpyxl already holds ~70 MiB before it exports anything:
that is the floor of any web worker, not the export's, and a figure that includes it says little
about the export. So each variant runs in a fresh subprocess (python bench_export.py --child …) that
imports only what the export needs: Django set up on the parent's database and openpyxl (not
WeasyPrint, not the test client, none of the set-up code of this script; the line says whether
WeasyPrint was imported). In it, after the warm-up, the export runs once with the kernel's peak-RSS
counter reset (/proc/self/clear_refs) and the process's RSS is read before and its peak after: the
growth is what the export itself takes (rows in flight, cells, styles, zip buffers; the target
≤ 60 MB is about this one), printed beside the absolute peak. Then it is timed three times (the best
wall and CPU times are printed: the machine is shared) and run once more under tracemalloc, whose
peak counts Python allocations only (lxml's and zlib's C buffers are not traced).
Prints figures only.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date

import common

ROWS = 5_000
WARM_UP_ROWS = 50
REPEAT = 3
FIXTURES = common.BASE_DIR / "tests" / "fixtures" / "roadmaps"
TARGET_ROWS_PER_S = 5_000
TARGET_MIB = 60


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


def baseline_xlsx(roadmap, file) -> None:
    """The same query into a write-only workbook: the same values, no styles, merges or widths."""
    from openpyxl import Workbook

    from roadmaps import exporters

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Дорожная карта")
    ws.append([roadmap.title])
    ws.append([f"Период: {roadmap.period_label}"])
    ws.append(list(exporters.HEADERS))
    for is_heading, number, activity, *texts in exporters.row_values(roadmap):
        ws.append([number, activity] if is_heading else [number, activity, *texts])
    workbook.save(file)


def _status_kib(field: str) -> int:
    """VmRSS or VmHWM (peak RSS) of this process, in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS counter of this process (Linux ≥ 4.0); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def child(variant: str, roadmap_id: int, warm_up_id: int) -> dict:
    """In a fresh process on the parent's database: the figures of one variant."""
    sys.path.insert(0, str(common.BASE_DIR))
    import django

    django.setup()
    from roadmaps import exporters
    from roadmaps.models import Roadmap

    export = exporters.write_xlsx if variant == "product" else baseline_xlsx

    def run(roadmap) -> int:
        with tempfile.TemporaryFile() as file:  # as the view: core.web.streamed_file_response
            export(roadmap, file)
            return file.tell()

    roadmap, warm_up = Roadmap.objects.get(pk=roadmap_id), Roadmap.objects.get(pk=warm_up_id)
    run(warm_up)
    rss_imports = _status_kib("VmRSS")
    reset = _reset_peak_rss()
    rss_before = _status_kib("VmRSS")
    size = run(roadmap)
    rss_peak = _status_kib("VmHWM")
    walls, cpus = [], []
    for _ in range(REPEAT):
        started, cpu_started = time.perf_counter(), time.process_time()
        run(roadmap)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    tracemalloc.start()
    run(roadmap)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": roadmap.rows.count(),
        "seconds": min(walls),
        "cpu": min(cpus),
        "rss_imports": rss_imports / 1024,
        "rss_before": rss_before / 1024,
        "rss_peak": rss_peak / 1024,
        "peak_reset": reset,
        "traced_peak": traced_peak / 2**20,
        "bytes": size,
        "weasyprint": "weasyprint" in sys.modules,
    }


def main() -> None:
    common.bootstrap("export")
    from roadmaps import services

    user, office = common.methodist()
    data = {
        "title": "Дорожная карта по развитию методической службы района на 2022–2023 учебный год",
        "period_start": date(2022, 9, 1),
        "period_end": date(2023, 8, 31),
        "organization": office,
    }
    roadmap = services.roadmap_create(user=user, data=data, rows=realistic_rows(ROWS))
    warm_up = services.roadmap_create(user=user, data=data, rows=realistic_rows(WARM_UP_ROWS))
    labels = {
        "product": "product (roadmaps.exporters.write_xlsx)",
        "baseline": "baseline (write-only, same query, no styles)",
    }
    results = {}
    for variant in labels:
        done = subprocess.run(
            [sys.executable, __file__, "--child", variant, str(roadmap.pk), str(warm_up.pk)],
            capture_output=True,
            text=True,
            check=True,
            cwd=common.BASE_DIR,
            env=os.environ,
        )
        results[variant] = json.loads(done.stdout.strip().splitlines()[-1])
    product, baseline = results["product"], results["baseline"]
    rows = product["rows"]
    print(f"Database: {common.database_label()}")
    print(
        f"XLSX export of a {rows}-row roadmap (texts of seed000/seed001), rows read from the database "
        f"in each run, into a temporary file; one fresh process per variant (Django set up, openpyxl; "
        f"WeasyPrint imported: {'yes' if product['weasyprint'] else 'no'}), best of {REPEAT}"
    )
    print(
        f"process RSS before any export (Python, Django with every app, openpyxl): "
        f"{product['rss_imports']:.0f} MiB"
    )
    for variant, label in labels.items():
        r = results[variant]
        growth = r["rss_peak"] - r["rss_before"]
        print(
            f"{label:<45} {rows / r['seconds']:6.0f} rows/s (per CPU second {rows / r['cpu']:6.0f}), "
            f"RSS growth during the export {growth:5.1f} MiB "
            f"(process {r['rss_before']:.0f} → peak {r['rss_peak']:.0f} MiB"
            f"{'' if r['peak_reset'] else ', peak not reset'}), "
            f"tracemalloc peak {r['traced_peak']:4.1f} MiB, file {r['bytes'] / 1024:4.0f} KiB"
        )
    speed = rows / product["seconds"]
    growth = product["rss_peak"] - product["rss_before"]
    met = speed >= TARGET_ROWS_PER_S and growth <= TARGET_MIB
    print(
        f"product / baseline: time {product['seconds'] / baseline['seconds']:.2f}×, "
        f"CPU {product['cpu'] / baseline['cpu']:.2f}×; "
        f"target ≥ {TARGET_ROWS_PER_S:,} rows/s and ≤ {TARGET_MIB} MB: "
        f"{speed:.0f} rows/s, {growth:.1f} MiB → {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    else:
        main()
