"""Test settings: the real database from DATABASE_URL (SQLite file by default), fast hashing."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from .settings import *  # noqa: F403
from .settings import BASE_DIR, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One folder per pytest-xdist worker: tests compare the files stored before and after a request.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
# The process's own cache (the password-reset counters), whatever CACHE_URL the environment sets.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A file, not :memory:, so that a real Celery worker process can open the same test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
# On a shared PostgreSQL server each run has a database of its own: test_<name>_<TEST_DB_SUFFIX> (`make
# test` sets a random suffix per run; pytest-xdist appends _gw0, _gw1 … to it), so two runs never
# create or drop each other's database. Without the variable: test_<name>, as pytest-django names it.
_TEST_DB_SUFFIX = os.environ.get("TEST_DB_SUFFIX", "")
if not re.fullmatch(r"[a-z0-9_]{0,30}", _TEST_DB_SUFFIX):
    raise ImproperlyConfigured(f"TEST_DB_SUFFIX must be a-z, 0-9, _ (30 at most), not {_TEST_DB_SUFFIX!r}")
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and _TEST_DB_SUFFIX:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_TEST_DB_SUFFIX}"}
# Static files from the finders (no collectstatic in tests; live_server pages still get their CSS/JS).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A test worker (tests/conftest.py) listens on a queue of its own: tasks it queues itself (the reset
# letter queued by the reset task) must go there too.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# A tiny concrete app on progress's abstract models (progress itself has no tables and knows no feature app).
INSTALLED_APPS = [*INSTALLED_APPS, "progress.tests.reviewapp"]  # noqa: F405
