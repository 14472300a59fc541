"""What the benchmarks in bench/ share: a throwaway database, a methodist, a roadmap, a timed request.

Each script calls bootstrap() first, then imports Django and the project:

    from common import bootstrap

    bootstrap("agenda")

    from django.test import Client  # noqa: E402

This module imports nothing of Django at its top, so it can be imported before Django is set up; a
package (bench/common/), so that the Makefile's `bench/*.py` does not run it as a benchmark.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
RESPONSIBLE = "Специалисты районного методического кабинета"


PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))


def postgres_reachable() -> bool:
    import socket

    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


def database_kind() -> str:
    """'postgresql' or 'sqlite': BENCH_DB when set, else PostgreSQL when it answers on 127.0.0.1:5432."""
    wanted = os.environ.get("BENCH_DB", "").lower()
    if wanted in ("sqlite", "postgresql"):
        return wanted
    return "postgresql" if postgres_reachable() else "sqlite"


def bootstrap(prefix: str, database: str | None = None) -> Path:
    """Set Django up on a new, migrated database; returns a scratch folder (/tmp/mk-bench-<prefix>-*).

    database: 'postgresql' (a throwaway database bench_<prefix>_<pid> on 127.0.0.1:5432, user postgres,
    dropped at exit), 'sqlite' (bench.sqlite3 in the folder) or None: database_kind() decides — the
    issue's figures are PostgreSQL's, SQLite is the fallback on a machine without it. The folder (and
    the PostgreSQL database) are deleted at exit (atexit), whatever way the script ends. As in tests:
    the test client's in-memory email, no ALLOWED_HOSTS surprises; settings.DEBUG on, for
    connection.queries.
    """
    sys.path.insert(0, str(BASE_DIR))
    db_dir = Path(tempfile.mkdtemp(prefix=f"mk-bench-{prefix}-", dir="/tmp"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    kind = database or database_kind()
    if kind == "postgresql":
        name = f"bench_{prefix}_{os.getpid()}".replace("-", "_")
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        atexit.register(_pg_admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        os.environ["DATABASE_URL"] = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{db_dir}/bench.sqlite3"
    atexit.register(_cleanup, db_dir)  # registered last: runs first, closing connections before the drop
    os.environ.setdefault("DEBUG", "1")

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.DEBUG = True
    call_command("migrate", verbosity=0)
    return db_dir


def database_label() -> str:
    """«PostgreSQL 15.19» or «SQLite 3.40.1»: for the benchmark's first line."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _pg_admin(*statements: str) -> None:
    import psycopg

    admin = {"host": PG_HOST, "port": PG_PORT, "user": "postgres", "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _cleanup(db_dir: Path) -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    shutil.rmtree(db_dir, ignore_errors=True)


def staff(office, username: str, last_name: str, first_name: str, kind: str, **person):
    """A person of the office (directory.services) with a login and one role."""
    from directory import services as directory

    person = directory.person_save(
        data={"organization": office, "last_name": last_name, "first_name": first_name, **person}
    )
    user = directory.user_ensure(username=username, password="bench-pass-2026", person=person)
    directory.role_grant(user=user, kind=kind)
    return user


def methodist():
    """The district method office (РМК) and its methodist with the METHODIST role: (user, office)."""
    from directory import services as directory
    from directory.models import Organization, Role

    office = directory.organization_save(
        data={
            "name": "Районный методический кабинет",
            "short_name": "РМК",
            "kind": Organization.Kind.METHOD_OFFICE,
        }
    )
    person = {"patronymic": "Викторовна", "position": "Методист"}
    user = staff(office, "bench-metodist", "Волкова", "Елена", Role.Kind.METHODIST, **person)
    return user, office


def roadmap(
    user,
    office,
    n_rows: int,
    deadlines: Sequence[str],
    period: tuple | None = None,
    status: str | None = None,
    *,
    heading_every: int = 0,
    topic: str = "",
    result_text: str = "",
    goal: str = "",
):
    """A roadmap of n_rows rows through roadmaps.services.roadmap_create, deadlines taken in turn.

    period: (start, end), by default the current academic year; status: by default the model's (draft).
    heading_every=N: every N-th row from the first is a section heading («Раздел 2», numbered "2."), the
    items are numbered within their section ("2.3."); by default items only, numbered 1, 2, 3…
    Items read «Мероприятие <row>», followed by ": <topic>" when a topic is given.
    """
    from django.utils import timezone

    from roadmaps import services
    from roadmaps.deadlines import academic_year_of
    from roadmaps.services import RowData

    start, end = period or academic_year_of(timezone.localdate())
    data = {
        "title": f"Дорожная карта на {n_rows} строк",
        "period_start": start,
        "period_end": end,
        "organization": office,
        "goal": goal,
    }
    if status:
        data["status"] = status
    rows = []
    for i in range(n_rows):
        section, place = divmod(i, heading_every) if heading_every else (0, i + 1)
        if heading_every and place == 0:
            rows.append(RowData(number=f"{section + 1}.", activity=f"Раздел {section + 1}", is_heading=True))
            continue
        rows.append(
            RowData(
                number=f"{section + 1}.{place}." if heading_every else str(place),
                activity=f"Мероприятие {i + 1}: {topic}" if topic else f"Мероприятие {i + 1}",
                deadline_text=deadlines[i % len(deadlines)],
                responsible_text=RESPONSIBLE,
                result_text=result_text,
            )
        )
    return services.roadmap_create(user=user, data=data, rows=rows)


def client(user):
    """A django.test.Client logged in as user."""
    from django.test import Client

    logged_in = Client()
    logged_in.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return logged_in


def measure(client, url: str, requests: int) -> tuple[int, float, int]:
    """GET url `requests` times: the last response's query count and size in bytes, the median in ms."""
    from django.db import connection, reset_queries

    timings, queries, size = [], 0, 0
    for _ in range(requests):
        reset_queries()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries, size = len(connection.queries), len(response.content)
    return queries, statistics.median(timings), size


@dataclass(frozen=True)
class PageFigures:
    queries: int
    median_ms: float  # wall time of the request in the test client
    median_cpu_ms: float  # this process's CPU time (time.process_time): the server's Python work
    size: int  # bytes of HTML as rendered
    compressed: int  # bytes sent to a browser that accepts gzip/br (what the middleware sends)

    def line(self, label: str, width: int = 24) -> str:
        return (
            f"  {label:<{width}}: {self.queries:>3} queries, CPU median {self.median_cpu_ms:6.1f} ms "
            f"(wall {self.median_ms:6.1f} ms), {self.size / 1024:6.0f} KiB, "
            f"sent compressed {self.compressed / 1024:5.0f} KiB"
        )


def measure_page(client, url: str, requests: int, **headers) -> PageFigures:
    """GET url `requests` times as a browser would (Accept-Encoding: gzip, deflate, br).

    Server CPU is this process's CPU time per request (on PostgreSQL the database's own work is in
    another process, as in production); `compressed` is the body as sent — if the response is not
    compressed by the server, it is the raw size, so a missing compression shows."""
    import gzip

    from django.db import connection, reset_queries

    wall, cpu = [], []
    response = None
    for _ in range(requests):
        reset_queries()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br", **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    encoding = response.get("Content-Encoding", "")
    if encoding == "gzip":
        raw = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        raw = brotli.decompress(body)
    else:
        raw = body
    return PageFigures(
        queries=len(connection.queries),
        median_ms=statistics.median(wall),
        median_cpu_ms=statistics.median(cpu),
        size=len(raw),
        compressed=len(body),
    )


def figures(n_rows: int, occurrences: int, noun: str, label: str, queries: int, median_ms: float) -> str:
    """A result line: "  50 rows,   400 occurrences, list : 10 queries, median 36.9 ms"."""
    return f"{n_rows:>4} rows, {occurrences:>5} {noun}, {label}: {queries} queries, median {median_ms:.1f} ms"


def best_of(render, repeat: int = 3) -> tuple[float, float, object]:
    """The best wall and CPU seconds of `repeat` calls of `render()` (the machine is shared), and the
    last result."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = render()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    return min(walls), min(cpus), result
