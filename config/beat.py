"""Celery beat, kept to one per installation by a lock in Redis: `python -m config.beat`.

docker-compose.yml runs its `beat` service with this command (and `deploy.replicas: 1`). A second beat
— `docker compose up --scale beat=2`, a second server on the same Redis — finds the lock taken, waits
and starts Celery beat only when the first one is gone (its lock expires LOCK_SECONDS after it stops
renewing). The holder renews the lock every LOCK_SECONDS / 4 and stops its beat if it ever loses it.
Even two beats at once would do no harm to users: the reminder scan claims each (thing, person, kind,
day) once, so a second scan sends nothing; the lock only keeps the queue free of doubled work.

The lock is `metodkabinet:beat:<CELERY_QUEUE>` in the broker's Redis. tests/test_stack.py runs it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

LOCK_SECONDS = int(os.environ.get("BEAT_LOCK_SECONDS", "60"))


def _log(message: str) -> None:
    print(f"[config.beat] {message}", flush=True)


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import redis
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        _log("CELERY_BROKER_URL is not set: there is no broker for beat to send to.")
        return 2
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=10, socket_connect_timeout=10)
    key = f"metodkabinet:beat:{settings.CELERY_TASK_DEFAULT_QUEUE}"
    lock = client.lock(key, timeout=LOCK_SECONDS, thread_local=False)
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    renew_every = max(LOCK_SECONDS / 4, 0.5)
    announced = False
    while not lock.acquire(blocking=False):
        if not announced:
            _log(f"another beat holds {key}: waiting to take over")
            announced = True
        time.sleep(renew_every)
        if stopping:
            return 0
    _log(f"holding {key}: starting celery beat")
    command = [sys.executable, "-m", "celery", "-A", "config", "beat", *argv]
    child = subprocess.Popen(command)
    code = 0
    try:
        next_renewal = time.monotonic() + renew_every
        while child.poll() is None and not stopping:
            time.sleep(0.2)
            if time.monotonic() >= next_renewal:
                try:
                    lock.reacquire()
                except redis.exceptions.LockError:
                    _log(f"lost {key}: stopping celery beat")
                    code = 1
                    break
                except redis.exceptions.RedisError as exc:  # Redis down for a moment: try again soon
                    _log(f"could not renew {key}: {exc}")
                next_renewal = time.monotonic() + renew_every
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        with contextlib.suppress(redis.exceptions.RedisError):  # lost or expired: nothing to give back
            lock.release()
    return code or (0 if stopping else child.returncode or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
