"""Throw-away PostgreSQL databases for the upgrade fixtures: create, dump (pg_dump), restore (psql), drop.

The server is UPGRADE_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres: the local
server of `make test`); every database made here has a name unique to the run, `<prefix>_<pid>_<random>`,
and is dropped afterwards, so parallel runs and other test databases on the server are never touched.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


def server_url() -> str:
    return os.environ.get("UPGRADE_POSTGRES_URL") or DEFAULT_SERVER


def database_url(name: str) -> str:
    """The server URL with another database name (what DATABASE_URL, psql and pg_dump take)."""
    parts = urlsplit(server_url())
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _libpq(url: str) -> str:
    # libpq (psql, pg_dump, psycopg) spells the scheme postgresql:// or postgres://; django-environ too.
    return "postgresql://" + url.split("://", 1)[1]


def unavailable() -> str | None:
    """Why PostgreSQL cannot be used here, or None when it can."""
    missing = [tool for tool in ("psql", "pg_dump") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not installed"
    try:
        import psycopg

        psycopg.connect(_libpq(server_url()), connect_timeout=3).close()
    except Exception as exc:  # any failure to connect means: not here
        return f"PostgreSQL at {server_url()} is unreachable ({type(exc).__name__})"
    return None


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_libpq(server_url()), autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql)


@contextmanager
def temporary_database(prefix: str) -> Iterator[str]:
    """A new empty database, dropped on exit; yields its URL."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def dump(url: str, path: Path) -> None:
    """A plain SQL dump, without owners and grants (restorable by any role into any database name).

    The `\\restrict`/`\\unrestrict` lines newer pg_dump writes (against dumps from a hostile server) are
    dropped: this dump is our own, and psql before 15.14/16.10/17.6 would stop on them.
    """
    subprocess.run(
        ["pg_dump", "--no-owner", "--no-privileges", "--format=plain", "--file", str(path), _libpq(url)],
        check=True,
        capture_output=True,
        text=True,
    )
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("\\restrict ", "\\unrestrict "))]
    path.write_text("".join(kept), encoding="utf-8")


def restore(url: str, path: Path) -> None:
    result = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", _libpq(url), "-f", str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"psql could not restore {path.name}:\n{result.stderr[-4000:]}")
