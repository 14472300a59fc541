"""A real Celery worker on the real Redis broker, working on the test database.

`celery_worker_process` (session) starts one worker process after the test database exists;
`live_celery` (per test) makes this process send tasks to that worker instead of running them
eagerly, and puts everything back afterwards. Tests that use them need
`@pytest.mark.django_db(transaction=True)`, so that the worker sees committed rows.
When Redis is unreachable these tests fail: they never skip.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
WORKER_START_TIMEOUT = 60


@dataclass
class CeleryWorker:
    queue: str
    process: subprocess.Popen
    log_path: Path
    outbox: Path | None = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no worker log)"


def wait_until(predicate: Callable[[], object], *, timeout: float = 30, what: str, worker=None):
    """Poll `predicate` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"The Celery worker exited while waiting for {what}.\n{worker.log_tail()}")
        if time.monotonic() > deadline:
            tail = f"\nWorker log:\n{worker.log_tail()}" if worker is not None else ""
            pytest.fail(f"Timed out after {timeout} s waiting for {what}.{tail}")
        time.sleep(0.2)


def queue_length(queue: str) -> int:
    """Messages waiting in the worker's queue in Redis (kombu keeps one list per priority step)."""
    import redis

    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2, socket_timeout=2)
    return sum(client.llen(key) for key in client.scan_iter(match=f"{queue}*") if client.type(key) == b"list")


def wait_until_drained(worker: CeleryWorker, *, timeout: float = 60) -> None:
    """Wait until nothing is left to run: the queue is empty and the worker holds no task — none running,
    none prefetched, none waiting for its retry countdown — twice in a row. A duplicate sent before this
    returns has run by then, so counting afterwards cannot miss it (a sleep only hopes so)."""
    from config.celery import app

    def idle() -> bool:
        if queue_length(worker.queue):
            return False
        inspector = app.control.inspect(timeout=1)
        for method in (inspector.active, inspector.reserved, inspector.scheduled):
            replies = method() or {}
            mine = [tasks for name, tasks in replies.items() if name.startswith(f"{worker.queue}@")]
            if not mine or mine[0]:  # no answer (the solo pool is busy with a task) or tasks held
                return False
        return True

    with app_sends_to(worker.queue):
        wait_until(lambda: idle() and idle(), timeout=timeout, what="the queue to drain", worker=worker)


def require_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        pytest.fail(
            f"Redis at {BROKER_URL} is unreachable ({exc}). The celery tests need a real broker: "
            "start redis-server (.ci/run does it) or set TEST_CELERY_BROKER_URL.",
            pytrace=False,
        )


def worker_database_url() -> str:
    """A DATABASE_URL for the test database this process is using right now."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(s["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            pytest.fail(
                "A real Celery worker needs a file SQLite test database (see config/settings_test.py)."
            )
        return f"sqlite:///{Path(name).resolve()}"
    if connection.vendor == "postgresql":
        user = quote(s.get("USER") or "", safe="")
        password = s.get("PASSWORD") or ""
        credentials = f"{user}:{quote(password, safe='')}" if password else user
        host = quote(s.get("HOST") or "", safe="")
        port = f":{s['PORT']}" if s.get("PORT") else ""
        return f"postgres://{credentials}@{host}{port}/{quote(s['NAME'], safe='')}"
    pytest.fail(f"No Celery worker setup for the {connection.vendor} database.")


def _celery_command() -> list[str]:
    celery = Path(sys.executable).with_name("celery")
    return [str(celery)] if celery.exists() else [sys.executable, "-m", "celery"]


def _reset_broker_pools(app) -> None:
    """Forget broker connections, so the next send uses the broker URL now in the config."""
    from kombu import pools

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's process-wide pools, keyed by broker URL


@contextlib.contextmanager
def app_sends_to(queue: str) -> Iterator[None]:
    """In this (test) process: send tasks to the broker, to `queue`, instead of running them eagerly."""
    from config.celery import app

    keys = ("task_always_eager", "broker_url", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    _reset_broker_pools(app)
    app.conf.update(task_always_eager=False, broker_url=BROKER_URL, task_default_queue=queue)
    try:
        yield
    finally:
        _reset_broker_pools(app)
        app.conf.update(saved)


def _purge(queue: str) -> None:
    import redis

    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2, socket_timeout=2)
    with contextlib.suppress(redis.exceptions.RedisError):
        for pattern in (f"{queue}*", f"_kombu.binding.{queue}*", f"_kombu.binding_permanent.{queue}*"):
            for key in client.scan_iter(match=pattern):
                client.delete(key)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextlib.contextmanager
def run_celery_worker(
    *, email_url: str, log_dir: Path, database_url: str | None = None, extra_env: dict | None = None
) -> Iterator[CeleryWorker]:
    """Start a worker process on a queue of its own; wait until it answers a ping; stop and purge after."""
    require_redis()
    from config.celery import app

    queue = f"metodkabinet-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url or worker_database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_URL": email_url,
        "EMAIL_RETRY_DELAY_SECONDS": "1",
        "CELERY_TASK_DEFAULT_QUEUE": queue,  # what the worker queues itself comes back to it
        **(extra_env or {}),
    }
    log_path = log_dir / f"{queue}.log"
    command = [
        *_celery_command(),
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        "--loglevel=INFO",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    worker = CeleryWorker(queue=queue, process=process, log_path=log_path)
    try:
        with app_sends_to(queue):

            def answers_ping():
                replies = app.control.ping(timeout=0.5)
                return any(name.startswith(f"{queue}@") for reply in replies for name in reply)

            wait_until(
                answers_ping, timeout=WORKER_START_TIMEOUT, what="the Celery worker to start", worker=worker
            )
        yield worker
    finally:
        _stop(process)
        _purge(queue)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[CeleryWorker]:
    """One real worker for the session; emails it sends are files in `worker.outbox` (filemail)."""
    outbox = tmp_path_factory.mktemp("celery-outbox")
    log_dir = tmp_path_factory.mktemp("celery-logs")
    with django_db_blocker.unblock():
        database_url = worker_database_url()
    with run_celery_worker(
        email_url=f"filemail:///{outbox}", log_dir=log_dir, database_url=database_url
    ) as worker:
        worker.outbox = outbox
        yield worker


@pytest.fixture
def live_celery(celery_worker_process) -> Iterator[CeleryWorker]:
    """For one test: tasks go through Redis to the session's worker instead of running eagerly."""
    if celery_worker_process.process.poll() is not None:
        pytest.fail(f"The Celery worker has exited.\n{celery_worker_process.log_tail()}")
    with app_sends_to(celery_worker_process.queue):
        yield celery_worker_process


# --- Browser tests: Debian's Chromium through Playwright ----------------------------------------------

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM must still work here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run).", pytrace=False
        )
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()
