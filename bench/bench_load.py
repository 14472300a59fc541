"""50 logged-in users on gunicorn run as the Dockerfile runs it: requests/s and p50/p95/p99 per page,
beside a bare view served the same way.

    cd bench && DEBUG=1 ../.venv/bin/python bench_load.py [--users 50] [--duration 60]
        [--think 1-3] [--gunicorn "--workers 3 --timeout 60"]

PostgreSQL only (skipped, with a line saying so, without it): a throwaway database bench_load_<pid>
(common.bootstrap), shared with gunicorn and dropped at exit. The data is bench_progress.py's large
size: an approved roadmap of 300 items (a heading every tenth row) for 50 schools, every section
assigned to every school, reports on each item's first date. Users: one in five a methodist, the rest
directors of the schools in turn; their sessions are created in the database beforehand (the login
form is not part of the load: no password hashing, no django-axes records), one cookie per user.

The server: the Dockerfile's CMD (workers, threads, timeout, access log) bound to 127.0.0.1 on a free
port, with production's settings — DEBUG=0, the settings module read from the environment as in the
image, .env.example's CONN_MAX_AGE and Redis cache (when Redis answers on 127.0.0.1:6379), static files
collected into a temporary STATIC_ROOT and served by WhiteNoise — and plain HTTP (no HTTPS redirect,
no secure-only cookies), as `make run`. The only bench-only differences (common.load_settings) are
the /bench-bare/ URL, the STATIC_ROOT and the cache's key prefix (this run's keys are deleted at exit);
gunicorn's process group is killed at exit, also on Ctrl-C and SIGTERM.

The load: each user is a thread that asks one of its role's pages (methodist: roadmap page, grid,
dashboard, agenda, start page, a static file; director: «Мои задачи», roadmap page, agenda, start
page, a static file) as a browser would (Accept-Encoding: gzip, deflate, br; keep-alive, a request
sent again once when the server has closed the idle connection), waits 1–3 s, and again, for
--duration seconds; then the same users ask /bench-bare/ the same way. Any answer but 200 (a redirect
to the login page included) or a failed request is an error. Bounded: only 127.0.0.1, at most one
request per user per second of the run, every request times out after 30 s. Server CPU is that of
gunicorn's processes (from /proc; PostgreSQL's own work is not in it).
Before the load, the per-request cost of the middleware is measured in this process (the bare view
through Django's test client, with each middleware left out in turn).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import http.client
import json
import os
import random
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import common

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = common.BASE_DIR
REQUEST_TIMEOUT = 30  # seconds; gunicorn's own worker timeout is the Dockerfile's
START_TIMEOUT = 60
REDIS = ("127.0.0.1", 6379)
STATIC_FILE = "vendor/bootstrap.min.css"
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate, br",
    "Accept-Language": "ru-RU,ru;q=0.9",
    "User-Agent": "metodkabinet-bench-load",
}
N_ITEMS, N_SCHOOLS = 300, 50
GOAL_P95_MS = 300


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="logged-in users (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per phase (default 60)")
    parser.add_argument("--think", default="1-3", help="think time between requests, seconds (default 1-3)")
    parser.add_argument(
        "--gunicorn",
        default="",
        help='gunicorn options instead of the Dockerfile\'s (e.g. "--workers 2 --threads 4"), to compare',
    )
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-view phase")
    parser.add_argument("--no-middleware", action="store_true", help="skip the in-process middleware figures")
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    args.think = (float(low), float(high or low))
    if args.users < 1 or args.duration <= 0 or not 0 <= args.think[0] <= args.think[1]:
        parser.error("--users ≥ 1, --duration > 0, --think MIN-MAX with 0 ≤ MIN ≤ MAX")
    return args


# --- The data (bench_progress.py's large size) ------------------------------------------------------


def build(n_users: int):
    """The roadmap, schools, reports and the users: (roadmap, methodists, directors, description)."""
    import math

    from common import district

    from directory import services as directory
    from directory.models import Role
    from roadmaps.models import Occurrence, Roadmap, RoadmapRow
    from roadmaps.progress import services as report_services

    methodist, office = common.methodist()
    schools = district.schools_up_to(N_SCHOOLS)
    n_rows = N_ITEMS + math.ceil(N_ITEMS / 9)  # a heading every tenth row
    roadmap = common.roadmap(
        methodist, office, n_rows, district.DEADLINES, status=Roadmap.Status.APPROVED, heading_every=10
    )
    for heading in RoadmapRow.objects.filter(roadmap=roadmap, is_heading=True):
        report_services.row_assign(user=methodist, row=heading, scope="all")
    n_reports = district.reports_for(roadmap, schools)
    occurrences = Occurrence.objects.filter(row__roadmap=roadmap, is_active=True)

    # Logins without passwords (password=None): sessions are made below, nothing hashes.
    def login(username: str, organization, kind: str, role_organization=None):
        position = "Директор" if role_organization else "Методист"
        surname = f"Нагрузкина-{username.rsplit('-', 1)[1]}"  # unique in the organization
        data = {"organization": organization, "last_name": surname, "first_name": "Мария"}
        person = directory.person_save(data={**data, "position": position})
        user = directory.user_ensure(username=username, password=None, person=person)
        directory.role_grant(user=user, kind=kind, organization=role_organization)
        return user

    n_methodists = max(1, n_users // 5)
    methodists = [methodist] + [
        login(f"bench-metodist-{i}", office, Role.Kind.METHODIST) for i in range(2, n_methodists + 1)
    ]
    directors = []
    for i in range(n_users - n_methodists):
        school = schools[i % len(schools)]
        directors.append(login(f"bench-direktor-{i + 1}", school, Role.Kind.DIRECTOR, school))
    items = RoadmapRow.objects.filter(roadmap=roadmap, is_heading=False).count()
    described = (
        f"{items} items × {len(schools)} schools, {occurrences.count()} due dates, {n_reports} reports; "
        f"logins: methodists {len(methodists)}, directors {len(directors)}"
    )
    return roadmap, methodists, directors, described


def session_for(user) -> str:
    """A logged-in session made in the database, as django.contrib.auth.login() would: its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


# --- The middleware's cost, in this process -----------------------------------------------------------


def middleware_overhead(user, requests: int = 100, rounds: int = 3) -> None:
    """CPU and wall time of /bench-bare/ through Django's test client, with each middleware left out.

    The variants take turns, `rounds` times `requests` requests each, so that a neighbour's load on the
    shared machine falls on all of them alike; medians over all their requests."""
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    full = list(settings.MIDDLEWARE)
    variants: list[tuple[str, list[str], dict]] = [("settings.MIDDLEWARE, as configured", full, {})]
    for name in full:
        if name.endswith(("SessionMiddleware", "AuthenticationMiddleware")):
            continue  # the rest needs them: «no middleware» below is the floor without them
        variants.append((f"without {name.rsplit('.', 1)[1]}", [m for m in full if m != name], {}))
    every_request = {"SESSION_ENGINE": "django.contrib.sessions.backends.db"}
    variants += [
        ("session written on every request (Django's)", full, every_request),
        ("no middleware at all", [], {}),
    ]
    print(
        f"middleware, in this process: /bench-bare/ as a logged-in methodist, "
        f"{rounds} × {requests} requests each, taking turns"
    )
    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, int] = {}
    reset_queries()
    for _ in range(rounds):
        for label, middleware, extra in variants:
            with override_settings(
                MIDDLEWARE=middleware, ROOT_URLCONF="common.load_urls", DEBUG=False, **extra
            ):
                client = Client()
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
                for _ in range(10):
                    client.get("/bench-bare/")
                with CaptureQueriesContext(connection) as captured:
                    client.get("/bench-bare/")
                queries[label] = len(captured)
                for _ in range(requests):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get("/bench-bare/")
                    cpu[label].append((time.process_time() - started_cpu) * 1000)
                    wall[label].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
    baseline = statistics.median(cpu[variants[0][0]])
    for label, _, _ in variants:
        cpu_ms = statistics.median(cpu[label])
        print(
            f"  {label:<44}: CPU median {cpu_ms:5.2f} ms ({cpu_ms - baseline:+5.2f}), "
            f"wall {statistics.median(wall[label]):5.2f} ms, {queries[label]} queries"
        )
    opened = []
    for _ in range(30):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        opened.append((time.perf_counter() - started) * 1000)
    print(
        "  a new PostgreSQL connection (each request opens one when CONN_MAX_AGE=0): "
        f"median {statistics.median(opened):.2f} ms"
    )


# --- gunicorn ---------------------------------------------------------------------------------------------


def dockerfile_cmd() -> list[str]:
    line = next(
        line for line in (BASE_DIR / "Dockerfile").read_text().splitlines() if line.startswith("CMD ")
    )
    return json.loads(line[len("CMD ") :])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


class Server:
    """gunicorn in a process group of its own, started by start() and killed, group and all, by stop()."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path):
        self.command, self.env, self.log = command, env, log
        self.process: subprocess.Popen | None = None

    def start(self, port: int) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz in {START_TIMEOUT} s:\n{self.tail()}")

    def cpu_seconds(self) -> float:
        """User + system CPU of every process of gunicorn's group (master and workers), from /proc."""
        if self.process is None:
            return 0.0
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2 :].split()
            if int(fields[2]) == self.process.pid:  # the process group gunicorn leads
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError):  # workers of a killed master, if any are left
            os.killpg(self.process.pid, signal.SIGKILL)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# --- The load --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    label: str
    ms: float
    size: int
    error: str
    retried: bool = False  # sent again on a new connection (see get())


class Budget:
    """At most `count` requests in all, none after `deadline` (time.monotonic())."""

    def __init__(self, count: int, deadline: float):
        self.count, self.deadline, self.lock = count, deadline, threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.count <= 0 or time.monotonic() >= self.deadline:
                return False
            self.count -= 1
            return True


STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def get(connection: http.client.HTTPConnection, url: str, headers: dict[str, str]) -> tuple[int, int, bool]:
    """GET url on a keep-alive connection: (status, body size, retried). Like a browser, a request that
    finds its idle connection closed by the server (gunicorn's keep-alive is 2 s, the think time up to
    3 s) is sent once more on a new connection."""
    for attempt in (1, 2):
        reused = connection.sock is not None
        try:
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            return response.status, len(response.read()), attempt == 2
        except STALE:
            connection.close()
            if not reused or attempt == 2:
                raise
    raise AssertionError("unreachable")


def user_loop(port, cookie, pages, think, budget, samples, seed) -> None:
    rng = random.Random(seed)
    headers = {**BROWSER_HEADERS, "Cookie": cookie}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    # Users arrive spread over the first think time, not all in the same millisecond.
    time.sleep(min(rng.uniform(0, think[1]), max(0.0, budget.deadline - time.monotonic())))
    while budget.take():
        label, url = rng.choice(pages)
        started = time.perf_counter()
        size, error, retried = 0, "", False
        try:
            status, size, retried = get(connection, url, headers)
            if status != 200:  # a redirect to the login page is an error too
                error = f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__
            connection.close()
        samples.append(Sample(label, (time.perf_counter() - started) * 1000, size, error, retried))
        time.sleep(min(rng.uniform(*think), max(0.0, budget.deadline - time.monotonic())))
    connection.close()


def drive(port, users, duration, think) -> tuple[list[Sample], float]:
    """users: (cookie, pages) each; one thread per user for `duration` s: the samples, the seconds taken."""
    samples: list[Sample] = []
    started = time.monotonic()
    budget = Budget(count=len(users) * max(1, int(duration)), deadline=started + duration)
    threads = [
        threading.Thread(target=user_loop, args=(port, cookie, pages, think, budget, samples, n), daemon=True)
        for n, (cookie, pages) in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, started + duration + REQUEST_TIMEOUT + 5 - time.monotonic()))
    return list(samples), time.monotonic() - started


def percentile(sorted_ms: list[float], q: int) -> float:
    if len(sorted_ms) == 1:
        return sorted_ms[0]
    return statistics.quantiles(sorted_ms, n=100, method="inclusive")[q - 1]


HEADER = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "KiB sent")


def table(samples: list[Sample], seconds: float, order: list[str]) -> None:
    by_label: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_label[sample.label].append(sample)
    print(f"  {'':<16}" + "".join(f"{title:>9}" for title in HEADER))
    rows = [(label, by_label[label]) for label in order if by_label.get(label)]
    if len(rows) > 1:
        rows.append(("all", samples))
    for label, group in rows:
        ms = sorted(s.ms for s in group)
        figures = (
            f"{len(group):>9}{len(group) / seconds:>9.1f}"
            + "".join(f"{percentile(ms, q):>9.0f}" for q in (50, 95, 99))
            + f"{ms[-1]:>9.0f}{sum(1 for s in group if s.error):>9}"
            + f"{statistics.median(s.size for s in group) / 1024:>9.1f}"
        )
        print(f"  {label:<16}{figures}")
    errors = Counter(s.error for s in samples if s.error)
    if errors:
        print("  errors: " + ", ".join(f"{kind} × {count}" for kind, count in sorted(errors.items())))
    retried = sum(1 for s in samples if s.retried)
    if retried:
        print(f"  sent again on a new connection after the idle one was closed (as browsers do): {retried}")


def gunicorn_command(options: str, port: int) -> list[str]:
    """The Dockerfile's CMD (or its program and app with `options`), bound to 127.0.0.1:port."""
    command = dockerfile_cmd()
    if options:
        command = [*command[:2], "--bind", "", *shlex.split(options)]
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    return [str(Path(sys.executable).with_name(command[0])), *command[1:]]


def server_env(static_root: Path, cache_prefix: str, redis: bool) -> dict[str, str]:
    """Production's settings as the image reads them, with plain HTTP on 127.0.0.1 (as `make run`)."""
    env = {
        **os.environ,  # DATABASE_URL (bootstrap's database) and SECRET_KEY (this process's) among them
        "ENV_FILE": "",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "common.load_settings",
        "PYTHONPATH": os.pathsep.join([str(BASE_DIR), str(BENCH_DIR)]),
        "BENCH_STATIC_ROOT": str(static_root),
        "BENCH_CACHE_KEY_PREFIX": cache_prefix,
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),  # .env.example's
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    if redis:  # .env.example's CACHE_URL is Redis too
        env["CACHE_URL"] = f"redis://{REDIS[0]}:{REDIS[1]}/1"
    return env


def check_pages(port: int, users: list[tuple[str, list]], server: Server) -> None:
    """Each role's pages answer 200 to its first user before the clock starts."""
    seen: set[int] = set()
    for cookie, pages in users:
        if id(pages) in seen:
            continue
        seen.add(id(pages))
        for label, url in pages:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            status, _, _ = get(connection, url, {**BROWSER_HEADERS, "Cookie": cookie})
            connection.close()
            if status != 200:
                raise RuntimeError(f"{label} {url}: HTTP {status}\n{server.tail()}")


def phase(server: Server, port: int, users, args, order: list[str]) -> list[Sample]:
    cpu = server.cpu_seconds()
    samples, seconds = drive(port, users, args.duration, args.think)
    cpu = server.cpu_seconds() - cpu
    table(samples, seconds, order)
    print(f"  server CPU (gunicorn's processes): {cpu / max(1, len(samples)) * 1000:.1f} ms per request")
    return samples


def main() -> None:
    args = arguments()
    if not common.postgres_reachable():
        print(f"load benchmark skipped: it needs PostgreSQL on {common.PG_HOST}:{common.PG_PORT}")
        return
    # One key for this process (sessions are signed with it) and gunicorn's; never the development key.
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    scratch = common.bootstrap("load", database="postgresql")

    from common.load_urls import BARE_PATH
    from django.conf import settings
    from django.urls import reverse

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the one hashed login
    started = time.monotonic()
    roadmap, methodists, directors, described = build(args.users)
    built = time.monotonic() - started
    print(f"load benchmark, {common.database_label()}: {described} (built in {built:.0f} s)")
    if not args.no_middleware:
        middleware_overhead(methodists[0])

    port, redis, static_root = free_port(), reachable(REDIS), scratch / "static"
    cache_prefix = f"bench_load_{os.getpid()}"
    env = server_env(static_root, cache_prefix, redis)
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    subprocess.run(collect, cwd=BASE_DIR, env=env, check=True)
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    static_url = "/" + settings.STATIC_URL.strip("/") + "/" + manifest["paths"][STATIC_FILE]

    roadmap_url = reverse("roadmaps:detail", args=[roadmap.pk])
    everyone = [("agenda", reverse("roadmaps:agenda")), ("home", "/"), ("static file", static_url)]
    methodist_pages = [
        ("roadmap page", roadmap_url),
        ("grid", reverse("roadmaps:grid", args=[roadmap.pk])),
        ("dashboard", reverse("roadmaps:dashboard")),
        *everyone,
    ]
    director_pages = [
        ("«Мои задачи»", reverse("roadmaps:my_tasks")),
        ("roadmap page", roadmap_url),
        *everyone,
    ]
    order = ["roadmap page", "grid", "«Мои задачи»", "dashboard", "agenda", "home", "static file"]
    cookie = settings.SESSION_COOKIE_NAME
    users = [(f"{cookie}={session_for(u)}", methodist_pages) for u in methodists]
    users += [(f"{cookie}={session_for(u)}", director_pages) for u in directors]

    command = gunicorn_command(args.gunicorn, port)
    server = Server(command, env, scratch / "gunicorn.log")
    # gunicorn is killed whatever happens: Ctrl-C and exceptions reach the finally below, SIGTERM and
    # SIGHUP become SystemExit so they do too, and atexit (registered after bootstrap's, so it runs
    # before the database is dropped) is the last resort.
    atexit.register(server.stop)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    try:
        server.start(port)
        source = "options given" if args.gunicorn else "the Dockerfile's CMD"
        print(f"gunicorn ({source}): {' '.join(command[1:])}")
        print(
            f"  DEBUG=0, CONN_MAX_AGE={env['CONN_MAX_AGE']}, "
            f"{'Redis cache' if redis else 'the cache in each process (no Redis)'}, "
            f"sessions ({settings.SESSION_ENGINE}) made in the database beforehand"
        )
        check_pages(port, users, server)
        think = f"{args.think[0]:g}–{args.think[1]:g} s"
        print(
            f"{len(users)} users (methodists {len(methodists)}, directors {len(directors)}), "
            f"{args.duration:g} s, think time {think}:"
        )
        samples = phase(server, port, users, args, order)
        if not args.no_bare:
            print(f"baseline: the same users asking {BARE_PATH} (no work, every middleware), same gunicorn:")
            phase(server, port, [(c, [("bare view", BARE_PATH)]) for c, _ in users], args, ["bare view"])
        ms = sorted(s.ms for s in samples)
        errors = sum(1 for s in samples if s.error)
        p95 = percentile(ms, 95) if ms else float("nan")
        met = "met" if ms and p95 <= GOAL_P95_MS and not errors else "NOT met"
        print(f"goal p95 ≤ {GOAL_P95_MS} ms, no errors: {met} (all pages: p95 {p95:.0f} ms, {errors} errors)")
    finally:
        server.stop()
        if redis:
            _forget_cache(cache_prefix)


def _forget_cache(prefix: str) -> None:
    try:
        import redis

        client = redis.Redis(host=REDIS[0], port=REDIS[1], db=1, socket_connect_timeout=2)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
    except Exception as exc:  # the run's figures stand; the keys expire with the sessions anyway
        print(f"(cache keys {prefix}:* not deleted: {exc})")


if __name__ == "__main__":
    main()
