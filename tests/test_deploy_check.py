"""Production settings: Django's deployment checklist passes; a missing SECRET_KEY stops the start.

Also keeps .env.example and README.md in step with the variables config/settings.py reads.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    # Only the process basics from this environment: the test settings' variables must not leak in.
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL") if key in os.environ}
    full_env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env() -> dict[str, str]:
    return {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "example.ru"}


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = production_env()
    assert len(env["SECRET_KEY"]) >= 50
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key(tmp_path):
    env = production_env()
    # Empty counts as unset (and wins over a developer's .env, which is read without overwriting).
    env["SECRET_KEY"] = ""
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Задайте SECRET_KEY" in result.stderr


def test_debug_runs_without_secret_key(tmp_path):
    result = manage("check", env={"DEBUG": "1"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def settings_variables() -> set[str]:
    source = (BASE_DIR / "config" / "settings.py").read_text()
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def test_every_settings_variable_is_documented():
    names = settings_variables()
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"} <= names
    example = (BASE_DIR / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert names - documented == set(), "add these to .env.example"
    readme = (BASE_DIR / "README.md").read_text()
    assert {name for name in names if f"`{name}`" not in readme} == set(), "add these to README.md"


def test_env_example_values_are_valid_production_settings(tmp_path):
    """Every example value parses, and together they pass the deployment checklist."""
    env = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            env[name] = value
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'example.sqlite3'}"  # no PostgreSQL needed for checks
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_files_reference_no_missing_source_maps():
    """Production collectstatic (manifest storage) fails on a sourceMappingURL to a missing file."""
    missing = []
    for path in (BASE_DIR / "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for target in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text(errors="replace")):
            if not (path.parent / target).exists():
                missing.append(f"{path.relative_to(BASE_DIR)} -> {target}")
    assert missing == []


def test_a_checkout_without_any_configuration_runs_management_commands_in_debug_mode(tmp_path):
    """`python manage.py …` works in a fresh clone with no .env and no SECRET_KEY (a developer's checkout)."""
    manage = tmp_path / "manage.py"
    manage.write_text((BASE_DIR / "manage.py").read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env["PYTHONPATH"] = str(BASE_DIR)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, str(manage), "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
