"""`make run` serves the demo as users see it: DEBUG off, the Russian error pages, static files served.

The settings are the Makefile's own (`DEMO_ENV`, read from make), so a change there is tested here.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Requests through Django's test client in the settings of `make run`, printed as JSON lines.
PROBE = """
import json
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1:8000")  # as the browser on this machine asks
page = client.get("/no-such-page/")
html = page.content.decode()
css = next(part.split('"')[0] for part in html.split('href="')[1:] if ".css" in part.split('"')[0])
css_status = client.get(css).status_code
print(json.dumps({"status": page.status_code, "html": html, "css": css, "css_status": css_status}))
"""


def make_variable(name: str) -> str:
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", f"print-var: ; @echo $({name})", "print-var"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def demo_env(tmp_path: Path) -> dict[str, str]:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL") if key in os.environ}
    for assignment in make_variable("DEMO_ENV").split():
        name, _, value = assignment.partition("=")
        env[name] = value
    # The key comes from a file make writes once per checkout; the database here is a throwaway one.
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_run_serves_with_debug_off_and_collects_the_static_files():
    recipe = subprocess.run(
        ["make", "-n", "run"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    runserver = next(line for line in recipe.splitlines() if "runserver" in line)
    assert re.search(r"(^|\s)DEBUG=0(\s|$)", runserver)
    assert "SECRET_KEY=" in runserver
    assert "collectstatic" in recipe
    development = subprocess.run(
        ["make", "-n", "dev"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "DEBUG=1" in next(line for line in development.splitlines() if "runserver" in line)


def test_make_run_settings_show_the_russian_404_page_not_the_debug_page(tmp_path):
    import json

    env = demo_env(tmp_path)
    assert env["DEBUG"] == "0"
    collected = manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    result = manage("shell", "-c", PROBE, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 404
    assert "Страница не найдена" in probe["html"]
    assert "На главную" in probe["html"]
    # Django's debug 404 lists the URL patterns and names DEBUG = True.
    assert "DEBUG = True" not in probe["html"]
    assert "URLconf" not in probe["html"]
    # The page is styled: the stylesheet it links is served (collected, with a hashed name, by WhiteNoise).
    assert probe["css_status"] == 200, probe["css"]


SETTINGS_PROBE = """
import json
from django.conf import settings
from django.test import Client
page = Client(HTTP_HOST="127.0.0.1:8000").get("/accounts/login/")
print(json.dumps({
    "status": page.status_code,
    "login": "Вход в Методкабинет" in page.content.decode(),
    "base_dir": str(settings.BASE_DIR),
    "media_root": str(settings.MEDIA_ROOT),
    "site_url": settings.SITE_URL,
    "district": settings.DISTRICT_NAME,
    "axes_proxy_count": settings.AXES_IPWARE_PROXY_COUNT,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
}))
"""


def test_make_run_ignores_a_production_env_file_beside_it(tmp_path):
    """`cp .env.example .env` then `make run`: the demo still answers on 127.0.0.1 with its own settings.

    The checkout is copied (config/ and manage.py; the rest linked), so that its .env is the one settings
    would read; the demo's variables come from the Makefile as in test above.
    """
    import json

    root = tmp_path / "checkout"
    root.mkdir()
    for entry in BASE_DIR.iterdir():
        if entry.name in {".env", ".git", ".venv", "staticfiles", "media"} or entry.name.startswith(
            (".test-db-", "db.sqlite3")
        ):
            continue
        if entry.name == "config":
            shutil.copytree(entry, root / "config", ignore=shutil.ignore_patterns("__pycache__"))
        elif entry.name == "manage.py":
            shutil.copy2(entry, root / "manage.py")
        else:
            (root / entry.name).symlink_to(entry)
    shutil.copy2(BASE_DIR / ".env.example", root / ".env")
    env = demo_env(tmp_path)
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETTINGS_PROBE],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["base_dir"] == str(root)  # the copy's settings, beside the copy's .env
    assert probe["status"] == 200 and probe["login"]  # not 400 DisallowedHost, not a redirect to HTTPS
    # None of the production values of .env.example reached the demo.
    assert probe["media_root"] == str(root / "media")  # not /app/media
    assert probe["site_url"] == "http://127.0.0.1:8000"  # letters link to the demo, not example.ru
    assert probe["district"] == "Демонстрационный район"
    assert probe["axes_proxy_count"] == 0  # no proxy in front of runserver
    assert probe["conn_max_age"] == 0
