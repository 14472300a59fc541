"""PDF of an order with a roadmap appendix of 50, 200 and 500 rows: time, pages, pages/s, memory.

    .venv/bin/python bench/bench_pdf.py

No database, no Django settings: the order is built by hand (orders.tests.samples, the Мостовской order
№ 344 with rows made from the seed001 texts) and printed with orders.pdf.render_order_pdf. Each size runs
in a fresh subprocess: a small warm-up render (fonts, caches), three timed renders (the best wall and
CPU times are printed: the machine is shared), then one more under tracemalloc for the peak of Python
allocations; the resident-set growth is ru_maxrss after the timed renders minus ru_maxrss before them.

Baseline, in the same child process: a bare WeasyPrint render of the same table — the appendix's rows
in a plain HTML <table> (A4 landscape, Times New Roman 12 pt, a header repeated on every page), no
order page, no letterhead, no signature, no page numbers. The ratio product / baseline is what the
order layout costs on top of WeasyPrint itself. Prints figures only.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path

from common import best_of

BASE_DIR = Path(__file__).resolve().parents[1]
SIZES = (50, 200, 500)
REPEAT = 3  # timed renders per size; the best is printed (the machine is shared)


def _document(rows: int):
    from orders.tests import samples

    appendix = samples.roadmap_appendix("seed001", rows=samples.synthetic_rows(rows))
    return samples.order(signature=samples.simple_signature(), appendices=(appendix,))


def bare_html(document) -> str:
    """The order's appendix tables as plain HTML: what WeasyPrint alone costs for the same text."""
    from html import escape

    parts = [
        "<style>@page { size: A4 landscape; margin: 2cm 1cm 2cm 2cm }"
        " body { font: 12pt 'Times New Roman', serif } table { border-collapse: collapse; width: 100% }"
        " td, th { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top }</style>"
    ]
    for appendix in document.appendices:
        table = appendix.table
        parts.append("<table><thead><tr>")
        parts.extend(f"<th>{escape(column.title)}</th>" for column in table.columns)
        parts.append("</tr></thead><tbody>")
        for row in table.rows:
            if row.heading:
                text = " ".join(cell for cell in row.cells if cell)
                parts.append(f'<tr><th colspan="{len(table.columns)}">{escape(text)}</th></tr>')
            else:
                parts.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row.cells) + "</tr>")
        parts.append("</tbody></table>")
    return "".join(parts)


def child(rows: int) -> dict:
    sys.path.insert(0, str(BASE_DIR))
    from pypdf import PdfReader

    from orders.pdf import render_order_pdf

    render_order_pdf(_document(5))  # warm-up: fontconfig, WeasyPrint's caches, the template engine
    document = _document(rows)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds, cpu_seconds, pdf = best_of(lambda: render_order_pdf(document), REPEAT)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    import io

    import weasyprint

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    html = bare_html(document)
    bare_seconds, _, bare_pdf = best_of(lambda: weasyprint.HTML(string=html).write_pdf(), REPEAT)
    bare_pages = len(PdfReader(io.BytesIO(bare_pdf)).pages)
    tracemalloc.start()
    render_order_pdf(document)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "pages": pages,
        "bare_seconds": bare_seconds,
        "bare_pages": bare_pages,
        "bytes": len(pdf),
        "tracemalloc_peak_mb": peak / 2**20,
        "maxrss_delta_mb": (rss_after - rss_before) / 1024,
        "maxrss_mb": rss_after / 1024,
    }


def main() -> None:
    print("order PDF benchmark (WeasyPrint), one fresh process per size, warm-up render excluded")
    for rows in SIZES:
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(rows)],
            capture_output=True,
            text=True,
            check=True,
            cwd=BASE_DIR,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"{figures['rows']:>4} rows: {figures['seconds']:6.2f} s (CPU {figures['cpu_seconds']:5.2f} s), "
            f"{figures['pages']:>3} pages, {figures['pages'] / figures['seconds']:5.1f} pages/s "
            f"(per CPU second {figures['pages'] / figures['cpu_seconds']:5.1f}), "
            f"{figures['bytes'] / 1024:4.0f} KiB, "
            f"tracemalloc peak {figures['tracemalloc_peak_mb']:6.1f} MiB, "
            f"maxrss +{figures['maxrss_delta_mb']:.0f} MiB (total {figures['maxrss_mb']:.0f} MiB)"
        )
        bare_rate = figures["bare_pages"] / figures["bare_seconds"]
        print(
            f"      baseline, bare WeasyPrint of the same table: {figures['bare_seconds']:6.2f} s, "
            f"{figures['bare_pages']:>3} pages, {bare_rate:5.1f} pages/s; "
            f"order / bare time {figures['seconds'] / figures['bare_seconds']:.2f}×"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))
    else:
        main()
