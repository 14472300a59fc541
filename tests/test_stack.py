"""The production stack of docker-compose.yml, run without Docker: the same commands on this machine.

There is no Docker engine here, so this test runs what the containers run — the `migrate` service's
command, gunicorn as `web` runs it (the Dockerfile's CMD), the Celery `worker` and the guarded `beat`
(config/beat.py), each read from docker-compose.yml — with production settings (DEBUG=0, HTTPS behind
a proxy), against the local PostgreSQL (a database of this run's own, dropped afterwards) and Redis
(a queue of this run's own). It asks /healthz as the compose health check does, opens the login page
as the proxy forwards it, waits for beat to send the reminder scan and the worker to run it, checks
that a second beat waits on the lock, and stops everything. `make test` runs it once (`-m stack`, on
its PostgreSQL step); PostgreSQL or Redis missing is a failure, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.conftest import BROKER_URL, _purge, require_redis

pytestmark = [pytest.mark.stack, pytest.mark.celery]

BASE_DIR = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("STACK_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PUBLIC_HOST = "metodkabinet.example.ru"
# Beat's crontab fires at a minute boundary (at most 60 s away) with REMINDER_SCAN_MINUTE=*.
SCAN_TIMEOUT = 150
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project_copy(root: Path) -> Path:
    """The checkout as the image has it (no .env, no collected files), with settings of its own BASE_DIR.

    config/ and manage.py are copied (settings take BASE_DIR from their own path; Python resolves a
    symlinked script), everything else is linked.
    """
    skip = {".env", ".git", ".venv", "staticfiles", "media", "db.sqlite3", "test-artifacts", ".test-media"}
    root.mkdir()
    for entry in BASE_DIR.iterdir():
        if entry.name in skip or entry.name.startswith((".test-db-", "db.sqlite3")):
            continue
        if entry.name in {"config", "manage.py"}:
            if entry.is_dir():
                shutil.copytree(entry, root / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(entry, root / entry.name)
        else:
            (root / entry.name).symlink_to(entry)
    return root


@contextlib.contextmanager
def postgres_database():
    import psycopg

    try:
        admin = psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.fail(f"PostgreSQL at {PG_SERVER} is unreachable ({exc}): .ci/run starts it.", pytrace=False)
    name = f"stack_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield PG_SERVER.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def compose_commands(port: int, schedule: Path) -> dict[str, list[str]]:
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))
    bin_dir = Path(sys.executable).parent
    commands = {}
    for name in ("migrate", "web", "worker", "beat"):
        command = list(compose["services"][name]["command"])
        program = {"python": sys.executable}.get(command[0]) or str(bin_dir / command[0])
        commands[name] = [program, *command[1:]]
    web = commands["web"]
    web[web.index("--bind") + 1] = f"127.0.0.1:{port}"  # the container's 0.0.0.0:8000, here
    beat = commands["beat"]
    beat[beat.index("--schedule") + 1] = str(schedule)
    return commands


def dockerfile_cmd() -> list[str]:
    import json

    line = next(
        line for line in (BASE_DIR / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")
    )
    return json.loads(line[len("CMD ") :])


def get(url: str, **headers: str) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace"), dict(exc.headers)


def wait_for(predicate, *, timeout: float, what: str, logs: dict[str, Path], processes: dict):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        for name, process in processes.items():
            if process.poll() is not None:
                pytest.fail(f"{name} exited ({process.returncode}) while waiting for {what}.\n{tails(logs)}")
        time.sleep(0.5)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{tails(logs)}")


def tails(logs: dict[str, Path]) -> str:
    return "\n".join(
        f"--- {name}:\n" + "\n".join(path.read_text(errors="replace").splitlines()[-25:])
        for name, path in logs.items()
        if path.exists()
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session, started below
            process.wait(timeout=10)


def test_the_compose_stack_serves_pages_and_runs_the_reminder_scan_on_schedule(tmp_path):
    require_redis()
    # The web service runs the Dockerfile's CMD, written out in the compose file.
    assert (
        yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"]["web"]["command"]
        == dockerfile_cmd()
    )
    root = project_copy(tmp_path / "app")
    port = free_port()
    queue = f"metodkabinet-stack-{secrets.token_hex(6)}"
    commands = compose_commands(port, tmp_path / "celerybeat-schedule")
    logs = {name: tmp_path / f"{name}.log" for name in ("web", "worker", "beat", "beat-2")}
    processes: dict[str, subprocess.Popen] = {}
    with postgres_database() as database_url:
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL") if key in os.environ}
        env.update(
            # The Dockerfile's ENV and a production .env, with this machine's services.
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(root),
            DJANGO_SETTINGS_MODULE="config.settings",
            ENV_FILE="",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS=PUBLIC_HOST,
            CSRF_TRUSTED_ORIGINS=f"https://{PUBLIC_HOST}",
            SITE_URL=f"https://{PUBLIC_HOST}",
            AXES_PROXY_COUNT="1",
            DATABASE_URL=database_url,
            CELERY_BROKER_URL=BROKER_URL,
            CELERY_QUEUE=queue,
            EMAIL_URL=f"filemail:///{tmp_path / 'outbox'}",
            MEDIA_ROOT=str(tmp_path / "media"),
            # Every minute, so that the test sees a scheduled run; the lock renews every second.
            REMINDER_SCAN_MINUTE="*",
            REMINDER_SCAN_HOURS_UTC="*",
            BEAT_LOCK_SECONDS="4",
        )

        def run(command: list[str]) -> None:
            result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"

        # The image's build step, then the one-shot migrate service.
        run([sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"])
        run(commands["migrate"])

        def start(name: str, command: list[str]) -> None:
            with open(logs[name], "wb") as log:
                processes[name] = subprocess.Popen(
                    command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )

        try:
            start("web", commands["web"])
            start("worker", commands["worker"])
            start("beat", commands["beat"])
            base = f"http://127.0.0.1:{port}"

            def healthy():
                with contextlib.suppress(OSError):
                    return get(f"{base}/healthz")[0] == 200
                return False

            # The compose health check: plain HTTP to 127.0.0.1, a host ALLOWED_HOSTS does not list.
            wait_for(
                healthy, timeout=START_TIMEOUT, what="gunicorn's /healthz", logs=logs, processes=processes
            )
            status, body, headers = get(f"{base}/healthz")
            assert (status, body) == (200, "ok\n")
            assert headers["Cache-Control"] == "no-store"
            # The login page as the TLS proxy forwards it (and plain HTTP is sent to HTTPS).
            status, body, _ = get(
                f"{base}/accounts/login/", Host=PUBLIC_HOST, **{"X-Forwarded-Proto": "https"}
            )
            assert status == 200, body[:2000]
            assert "Вход в Методкабинет" in body
            status, _, headers = get(f"{base}/accounts/login/", Host=PUBLIC_HOST)
            assert status == 301 and headers["Location"].startswith(f"https://{PUBLIC_HOST}/")
            # Static files come from the collected, hashed copies (WhiteNoise in gunicorn).
            css = re.search(
                r'href="(/static/[^"]+\.css)"',
                get(f"{base}/accounts/login/", Host=PUBLIC_HOST, **{"X-Forwarded-Proto": "https"})[1],
            ).group(1)
            assert get(f"{base}{css}", Host=PUBLIC_HOST, **{"X-Forwarded-Proto": "https"})[0] == 200

            # A second beat (as `--scale beat=2` would start) waits on the lock and runs no scheduler.
            wait_for(
                lambda: "starting celery beat" in logs["beat"].read_text(errors="replace"),
                timeout=START_TIMEOUT,
                what="beat to take the lock",
                logs=logs,
                processes=processes,
            )
            start("beat-2", commands["beat"])
            wait_for(
                lambda: "waiting to take over" in logs["beat-2"].read_text(errors="replace"),
                timeout=START_TIMEOUT,
                what="the second beat to wait",
                logs=logs,
                processes=processes,
            )

            # Beat sends the reminder scan on its schedule; the worker runs it.
            def scan_done():
                text = logs["worker"].read_text(errors="replace")
                return re.search(r"Task notifications\.tasks\.scan_reminders\[[^\]]+\] succeeded", text)

            wait_for(
                scan_done,
                timeout=SCAN_TIMEOUT,
                what="the scheduled reminder scan",
                logs=logs,
                processes=processes,
            )
            assert (
                "Sending due task reminder-scan (notifications.tasks.scan_reminders)"
                in logs["beat"].read_text()
            )
            assert "starting celery beat" not in logs["beat-2"].read_text()
            assert "Sending due task" not in logs["beat-2"].read_text()
        finally:
            for process in reversed(list(processes.values())):
                stop(process)
            _purge(queue)
    for name, process in processes.items():
        assert process.returncode is not None, name
