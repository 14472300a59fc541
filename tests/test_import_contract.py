"""The layers import one way (pyproject [tool.importlinter]); a wrong-way import fails `make test`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = [
    "config",
    "core",
    "directory",
    "notifications",
    "orders",
    "progress",
    "roadmaps",
    "associations",
    "monitoring",
    "mentorship",
    "contests",
    "portal",
]


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _copy_tree(target: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_the_project_keeps_its_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "message"),
    [
        # A supporting app reaching up into a feature app, hidden inside a function.
        (
            "orders/wrong_way.py",
            "def build():\n    from roadmaps.models import Roadmap\n\n    return Roadmap\n",
            "orders is not allowed to import roadmaps",
        ),
        # Two feature apps importing each other.
        (
            "associations/wrong_way.py",
            "import contests.models\n",
            "associations is not allowed to import contests",
        ),
        # The directory, the ground floor, importing a supporting app.
        ("directory/wrong_way.py", "from notifications import services\n", "directory is not allowed"),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(tmp_path, module, source, message):
    tree = _copy_tree(tmp_path)
    (tree / module).write_text(source)
    result = _lint(tree)
    assert result.returncode != 0
    assert message in result.stdout
