"""A database made by the previous main upgrades with `migrate` and every page, PDF and file opens the same.

The fixtures under tests/fixtures/upgrade/ were built by an older commit (tests/upgrade/make_fixture.py);
each is copied to a temporary folder, migrated and checked by subprocesses with their own settings
(tests/upgrade/upgrade_check.py), so these tests need no test database of pytest-django's and write
nothing into the repository. How to rebuild the fixture before a change that moves models:
tests/upgrade/README.md.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.upgrade import upgrade_check

FIXTURES = upgrade_check.fixtures()


def test_there_is_a_fixture_of_a_previous_main():
    assert FIXTURES, f"no upgrade fixture under {upgrade_check.FIXTURES}: see tests/upgrade/README.md"
    for fixture in FIXTURES:
        manifest = json.loads((fixture / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["commit"] and manifest["pages"] and manifest["signed_orders"] and manifest["evidence"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_previous_main_database_upgrades_and_opens_the_same(fixture, tmp_path):
    """SQLite fixtures always; a PostgreSQL one (a pg_dump) when the server and psql are here."""
    try:
        summary = upgrade_check.check_fixture(fixture, workdir=tmp_path)
    except upgrade_check.UpgradeSkipped as exc:
        if os.environ.get("CI") == "true":  # CI has PostgreSQL (.ci/run): never green without it
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(str(exc))
    assert summary["problems"] == 0 and summary["opened"] > 0


def test_the_check_reports_what_changed(tmp_path):
    """Honesty of the checker itself: a wrong count, changed file bytes and a missing text are named."""
    source = next(f for f in FIXTURES if (f / "db.sqlite3").is_file())
    fixture = tmp_path / "damaged"
    fixture.mkdir()
    shutil.copy2(source / "db.sqlite3", fixture / "db.sqlite3")
    shutil.copytree(source / "media", fixture / "media")
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    evidence = manifest["evidence"][0]
    orders = manifest["counts"][[c["name"] for c in manifest["counts"]].index("orders")]
    damaged = {
        **manifest,
        "counts": [{**orders, "count": orders["count"] + 1}],
        "evidence": [{**evidence, "sha256": "0" * 64}],
        "signed_orders": [],
        "pages": [{"path": "/", "user": "metodist", "status": 200, "contains": ["Текста нет на странице"]}],
    }
    (fixture / "manifest.json").write_text(json.dumps(damaged, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(upgrade_check.UpgradeFailed) as failure:
        upgrade_check.check_fixture(fixture, workdir=tmp_path / "work", migrations_check=False)

    message = str(failure.value)
    assert "3 problem(s)" in message
    assert f"count orders ({orders['table']}): {orders['count']}, expected {orders['count'] + 1}" in message
    assert f"evidence «{evidence['name']}»" in message and "expected " + "0" * 64 in message
    assert "/ as metodist: the page no longer shows «Текста нет на странице»" in message
