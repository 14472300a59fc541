"""Build an upgrade fixture: a database and its uploaded files made by an older commit's code.

    .venv/bin/python tests/upgrade/make_fixture.py [COMMIT] [--name NAME] [--force] [--postgres]

COMMIT (default HEAD) is checked out into a temporary `git worktree`; with THAT code a fresh SQLite
database is migrated and filled by tests/upgrade/build_data.py (taken from this checkout). The result
goes to tests/fixtures/upgrade/<NAME>/ (NAME defaults to the short commit): db.sqlite3, media/ and
manifest.json (the commit, what to open and what to expect). With --postgres the same is built once
more in a temporary PostgreSQL database and saved as tests/fixtures/upgrade/<NAME>-postgres/
(postgres.sql, a plain pg_dump, instead of db.sqlite3). tests/test_upgrade_from_previous_main.py
then migrates a copy with the current code and checks it. See tests/upgrade/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.upgrade import postgres  # noqa: E402

REPO = HERE.parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "upgrade"
ROADMAP_FILE = REPO / "tests" / "fixtures" / "roadmaps" / "seed000.docx"
# Fixed so the fixture never depends on a developer's .env (which the settings read, without overriding).
BUILD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "0",
    "SECRET_KEY": "upgrade-fixture-only-secret-key-not-for-production-0123456789",
    "CELERY_BROKER_URL": "",
    "EMAIL_URL": "dummymail://",
    "SITE_URL": "http://127.0.0.1:8000",
    "TIME_ZONE": "Europe/Moscow",
    "LOG_LEVEL": "WARNING",
}


def git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _build(*, checkout: Path, out: Path, database_url: str, python: str) -> dict:
    """Run build_data.py with the old code in `checkout`; files go to out/media; returns the manifest."""
    out.mkdir()
    env = {
        **os.environ,
        **BUILD_ENV,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(out / "media"),
        "PYTHONPATH": str(checkout),
    }
    subprocess.run(
        [python, str(HERE / "build_data.py"), "--roadmap-file", str(ROADMAP_FILE), "--out", str(out)],
        cwd=checkout,
        env=env,
        check=True,
    )
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _save(*, out: Path, target: Path, manifest: dict) -> None:
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(out, target)
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    where, commit, pages = target.relative_to(REPO), manifest["commit"][:12], len(manifest["pages"])
    print(f"Fixture {where} from {commit}: {size / 1024:.0f} KiB, {pages} pages.")


def make_fixture(
    *, commit: str, name: str | None, force: bool, python: str, with_postgres: bool
) -> list[Path]:
    full = git("rev-parse", "--verify", f"{commit}^{{commit}}")
    name = name or full[:7]
    targets = [FIXTURES / name] + ([FIXTURES / f"{name}-postgres"] if with_postgres else [])
    for target in targets:
        if target.exists() and not force:
            raise SystemExit(f"{target} exists; pass --force to rebuild it.")
    if with_postgres and (reason := postgres.unavailable()):
        raise SystemExit(f"--postgres: {reason}.")
    about = {
        "commit": full,
        "subject": git("show", "-s", "--format=%s", full),
        "built_on": dt.datetime.now(dt.UTC).date().isoformat(),
    }
    with tempfile.TemporaryDirectory(prefix="upgrade-fixture-") as tmp:
        tmp_path = Path(tmp)
        checkout = tmp_path / "checkout"
        git("worktree", "add", "--detach", str(checkout), full)
        try:
            out = tmp_path / "sqlite"
            manifest = _build(
                checkout=checkout, out=out, database_url=f"sqlite:///{out / 'db.sqlite3'}", python=python
            )
            with sqlite3.connect(out / "db.sqlite3") as connection:
                connection.execute("VACUUM")
            _save(
                out=out,
                target=targets[0],
                manifest={"name": name, **about, **manifest, "database": "db.sqlite3"},
            )
            if with_postgres:
                # The same data built on PostgreSQL by the same old code, kept as a plain SQL dump.
                out = tmp_path / "postgres"
                with postgres.temporary_database("upgrade_build") as url:
                    manifest = _build(checkout=checkout, out=out, database_url=url, python=python)
                    postgres.dump(url, out / "postgres.sql")
                manifest = {"name": targets[1].name, **about, **manifest, "database": "postgres.sql"}
                _save(out=out, target=targets[1], manifest=manifest)
        finally:
            git("worktree", "remove", "--force", str(checkout))
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", nargs="?", default="HEAD", help="the 'previous main' (default HEAD)")
    parser.add_argument(
        "--name", help="folder name under tests/fixtures/upgrade/ (default: the short commit)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing fixture of that name")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter with the project's dependencies"
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also build <NAME>-postgres/ (a pg_dump of the same data made on PostgreSQL)",
    )
    args = parser.parse_args()
    make_fixture(
        commit=args.commit, name=args.name, force=args.force, python=args.python, with_postgres=args.postgres
    )


if __name__ == "__main__":
    main()
