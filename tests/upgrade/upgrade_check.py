"""Upgrade a copy of a fixture with the current code and check it: migrate, migrations check, pages.

    .venv/bin/python tests/upgrade/upgrade_check.py [tests/fixtures/upgrade/<name> ...]

With no argument every fixture under tests/fixtures/upgrade/ is checked. Each runs in a temporary
folder (the repository is never written to): the fixture's db.sqlite3 and media/ are copied there,
`manage.py migrate --noinput` and `manage.py makemigrations --check --dry-run` run against the copy
(a PostgreSQL fixture is restored into a database of its own, `upgrade_<pid>_<random>`, dropped after),
then tests/upgrade/check_pages.py opens every page of the manifest. Used by
tests/test_upgrade_from_previous_main.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.upgrade import postgres  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "upgrade"
TIMEOUT = 300


class UpgradeFailed(AssertionError):
    """The upgraded copy of a fixture does not migrate or does not open the same."""


class UpgradeSkipped(Exception):
    """The fixture needs something this machine lacks (PostgreSQL)."""


def fixtures() -> list[Path]:
    return sorted(p.parent for p in FIXTURES.glob("*/manifest.json"))


def _env(copy: Path, settings_module: str, database_url: str) -> dict[str, str]:
    # Everything that matters is set here, so neither the caller's environment (pytest's settings module,
    # a PostgreSQL DATABASE_URL of the second test run) nor a developer's .env leaks in.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PYTEST_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(copy / "media"),
            "DEBUG": "0",
            "SECRET_KEY": "upgrade-check-only-secret-key-not-for-production-0123456789",
            "CELERY_BROKER_URL": "",
            "EMAIL_URL": "memorymail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def _run(args: list[str], *, env: dict[str, str], what: str) -> str:
    result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        output = (result.stdout + "\n" + result.stderr).strip()
        raise UpgradeFailed(f"{what} failed (exit {result.returncode}):\n{output[-6000:]}")
    return result.stdout


def _upgrade_and_check(
    *, copy: Path, database_url: str, name: str, python: str, migrations_check: bool
) -> dict:
    env = _env(copy, "config.settings", database_url)
    manage = [python, str(REPO / "manage.py")]
    _run([*manage, "migrate", "--noinput"], env=env, what=f"{name}: manage.py migrate")
    if migrations_check:
        what = f"{name}: makemigrations --check"
        _run([*manage, "makemigrations", "--check", "--dry-run"], env=env, what=what)
    result = subprocess.run(
        [python, str(HERE / "check_pages.py"), str(copy / "manifest.json")],
        cwd=REPO,
        env=_env(copy, "tests.upgrade.settings", database_url),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0:
        problems = [line for line in lines if line.startswith("UPGRADE PROBLEM")]
        details = "\n".join(problems) or (result.stdout + result.stderr).strip()[-6000:]
        raise UpgradeFailed(f"{name}: after migrate, {len(problems)} problem(s):\n{details}")
    return json.loads(lines[-1])


def check_fixture(
    fixture: Path, *, workdir: Path, python: str = sys.executable, migrations_check: bool = True
) -> dict:
    """Copy, migrate and check one fixture in `workdir`; raise UpgradeFailed naming every problem.

    A fixture whose database is a PostgreSQL dump (`*.sql`) is restored into a database of its own,
    dropped afterwards; UpgradeSkipped when PostgreSQL is not available here.
    """
    manifest = json.loads((fixture / "manifest.json").read_text(encoding="utf-8"))
    database = fixture / manifest.get("database", "db.sqlite3")
    on_postgres = database.suffix == ".sql"
    if on_postgres and (reason := postgres.unavailable()):
        raise UpgradeSkipped(f"fixture {fixture.name}: {reason}")
    copy = workdir / fixture.name
    copy.mkdir(parents=True)
    media = fixture / manifest.get("media", "media")
    if media.is_dir():
        shutil.copytree(media, copy / "media")
    else:
        (copy / "media").mkdir()
    shutil.copy2(fixture / "manifest.json", copy / "manifest.json")
    name = f"fixture {fixture.name} (built by {manifest.get('commit', '?')[:12]})"
    if not on_postgres:
        shutil.copy2(database, copy / "db.sqlite3")
        url = f"sqlite:///{copy / 'db.sqlite3'}"
        return _upgrade_and_check(
            copy=copy, database_url=url, name=name, python=python, migrations_check=migrations_check
        )
    with postgres.temporary_database("upgrade") as url:
        try:
            postgres.restore(url, database)
        except RuntimeError as exc:
            raise UpgradeFailed(f"{name}: {exc}") from exc
        return _upgrade_and_check(
            copy=copy, database_url=url, name=name, python=python, migrations_check=migrations_check
        )


def main() -> None:
    targets = [Path(arg).resolve() for arg in sys.argv[1:]] or fixtures()
    if not targets:
        raise SystemExit(f"No fixtures under {FIXTURES}.")
    failed = False
    with tempfile.TemporaryDirectory(prefix="upgrade-check-") as tmp:
        for fixture in targets:
            try:
                summary = check_fixture(fixture, workdir=Path(tmp))
            except UpgradeSkipped as exc:
                print(f"SKIP {exc}")
            except UpgradeFailed as exc:
                failed = True
                print(f"FAIL {exc}")
            else:
                print(f"OK   fixture {fixture.name}: migrated, {summary['opened']} pages and files the same")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
