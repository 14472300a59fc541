"""CI cannot go green without PostgreSQL and Redis, and two test runs on one server keep apart.

`make services` (run by `make test` before the tests) fails under CI=true when either is unreachable;
`.ci/run` installs and starts both; each run's PostgreSQL test database has a name of its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
CLOSED_PORT = "1"  # nothing listens on port 1 here


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # Neither CI nor the suffix of the run this test is part of (make test passes it to pytest).
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "TEST_DB_SUFFIX")}
    return subprocess.run(
        ["make", "-s", "--no-print-directory", f"BIN={Path(sys.executable).parent}", *args],
        cwd=BASE_DIR,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def make_variable(name: str) -> str:
    return make("--eval", f"print-var: ; @echo $({name})", "print-var").stdout.strip()


def test_under_ci_an_unreachable_postgresql_fails_the_run():
    result = make("services", f"PG_PORT={CLOSED_PORT}", env={"CI": "true"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stdout and "FAILED" in result.stdout


def test_under_ci_an_unreachable_redis_fails_the_run():
    result = make("services", f"REDIS_PORT={CLOSED_PORT}", env={"CI": "true"})
    assert result.returncode != 0
    assert "Redis" in result.stdout and "unreachable" in result.stdout


def test_on_a_developers_machine_an_unreachable_postgresql_is_a_loud_skip():
    result = make("services", f"PG_PORT={CLOSED_PORT}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SKIPPED" in result.stdout


def test_make_test_checks_the_services_and_its_postgresql_run_fails_under_ci():
    recipe = make("-n", "test").stdout
    assert "import redis" in recipe and "import psycopg" in recipe
    # The PostgreSQL run itself: unreachable under CI=true is a failure, never a skip.
    pg_run = recipe[recipe.index("=== pytest on PostgreSQL") :]
    assert re.search(r'CI:-\}" = "true" \]; then.*?exit 1', pg_run, flags=re.S)


def test_ci_run_installs_and_starts_postgresql_and_redis():
    script = (BASE_DIR / ".ci" / "run").read_text()
    packages = re.search(r"packages=\((.*?)\)", script, flags=re.S).group(1).split()
    assert {"postgresql", "redis-server"} <= set(packages)
    assert "pg_ctlcluster --skip-systemctl-redirect" in script
    assert "pg_createcluster" in script and "trust" in script
    assert "redis-server --daemonize yes" in script
    assert script.rstrip().endswith("make test")


def test_every_make_run_names_its_own_postgresql_test_database():
    first, second = make_variable("TEST_DB_SUFFIX"), make_variable("TEST_DB_SUFFIX")
    assert re.fullmatch(r"[0-9a-f]{12}", first) and first != second
    assert (
        f"TEST_DB_SUFFIX={first}"
        in make("TEST_DB_SUFFIX=" + first, "--eval", "p: ; @echo $(TEST_ENV)", "p").stdout
    )


PRINT_TEST_NAME = """
from django.conf import settings
from pytest_django.fixtures import _set_suffix_to_test_databases
print(settings.DATABASES["default"]["TEST"]["NAME"])
_set_suffix_to_test_databases(suffix="gw1")  # what pytest-xdist's worker gw1 does
print(settings.DATABASES["default"]["TEST"]["NAME"])
"""


def test_the_suffix_names_the_test_database_also_under_xdist():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/metodkabinet",
        "TEST_DB_SUFFIX": "run7",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + PRINT_TEST_NAME],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["test_metodkabinet_run7", "test_metodkabinet_run7_gw1"]


def test_a_malformed_suffix_stops_the_test_settings():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "TEST_DB_SUFFIX": "x; DROP"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "TEST_DB_SUFFIX" in result.stderr


@pytest.mark.django_db
def test_this_run_uses_its_own_database():
    """In `make test`'s PostgreSQL run: the database this very process tests on carries the run's suffix."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    suffix = os.environ.get("TEST_DB_SUFFIX")
    if connection.vendor == "postgresql" and suffix:
        assert re.fullmatch(rf"test_\w+_{suffix}(_gw\d+)?", name), name
    elif connection.vendor == "sqlite":
        assert re.search(r"/\.test-db-\d+\.sqlite3(_gw\d+)?$", name), name  # a file per process (xdist: _gwN)


STUBS = {
    # State in $STATE: `created` after pg_createcluster, `started` after pg_ctlcluster start.
    "pg_isready": '[ -e "$STATE/started" ]',
    "pg_lsclusters": '[ -e "$STATE/created" ] && echo "15 main 5432 down postgres /x /y" || true',
    "pg_createcluster": 'echo "$@" >> "$STATE/calls"; mkdir -p "$PG_CONF_ROOT/$1/$2"\n'
    'printf "local all postgres peer\\nhost all all 127.0.0.1/32 scram-sha-256\\n" \\\n'
    '    > "$PG_CONF_ROOT/$1/$2/pg_hba.conf"\n'
    'touch "$STATE/created"',
    "pg_ctlcluster": 'echo "pg_ctlcluster $@" >> "$STATE/calls"\n'
    '[ "$4" = start ] && touch "$STATE/started"; true',
    "redis-cli": "true",
}


def test_ci_run_on_a_clean_machine_makes_a_cluster_that_trusts_postgres_and_starts_it(tmp_path):
    """The PostgreSQL part of .ci/run after apt-get installed the package (no cluster yet)."""
    script = (BASE_DIR / ".ci" / "run").read_text()
    part = script[script.index("# PostgreSQL: a cluster") : script.index("# Whatever happened above")]
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in STUBS.items():
        (stubs / name).write_text(f"#!/usr/bin/env bash\n{body}\n")
        (stubs / name).chmod(0o755)
    (tmp_path / "lib" / "15").mkdir(parents=True)
    state = tmp_path / "state"
    state.mkdir()
    env = {
        **os.environ,
        "PATH": f"{stubs}:{os.environ['PATH']}",
        "STATE": str(state),
        "PG_CONF_ROOT": str(tmp_path / "etc"),
        "PG_LIB_ROOT": str(tmp_path / "lib"),
    }
    result = subprocess.run(
        ["bash", "-c", "set -euo pipefail\nmissing=(chromium postgresql redis-server)\n" + part],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    calls = (state / "calls").read_text().splitlines()
    assert calls == ["15 main", "pg_ctlcluster --skip-systemctl-redirect 15 main start"]
    hba = (tmp_path / "etc" / "15" / "main" / "pg_hba.conf").read_text().splitlines()
    assert hba[:2] == ["host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust"]
    assert hba[2:] == ["local all postgres peer", "host all all 127.0.0.1/32 scram-sha-256"]
