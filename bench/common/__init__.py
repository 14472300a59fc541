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
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
RESPONSIBLE = "Специалисты районного методического кабинета"


def bootstrap(prefix: str) -> Path:
    """Set Django up on a new SQLite database in /tmp/mk-bench-<prefix>-*, migrated; returns its folder.

    The folder is deleted at exit (atexit), whatever way the script ends. As in tests: the test
    client's in-memory email, no ALLOWED_HOSTS surprises; settings.DEBUG on, for connection.queries.
    """
    sys.path.insert(0, str(BASE_DIR))
    db_dir = Path(tempfile.mkdtemp(prefix=f"mk-bench-{prefix}-", dir="/tmp"))
    atexit.register(_cleanup, db_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_dir}/bench.sqlite3"
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


def figures(n_rows: int, occurrences: int, noun: str, label: str, queries: int, median_ms: float) -> str:
    """A result line: "  50 rows,   400 occurrences, list : 10 queries, median 36.9 ms"."""
    return f"{n_rows:>4} rows, {occurrences:>5} {noun}, {label}: {queries} queries, median {median_ms:.1f} ms"
