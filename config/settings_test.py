"""Test settings: the real database from DATABASE_URL (SQLite file by default), fast hashing."""

import os

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
MEDIA_ROOT = BASE_DIR / ".test-media"
# The process's own cache (the password-reset counters), whatever CACHE_URL the environment sets.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A file, not :memory:, so that a real Celery worker process can open the same test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
# Static files from the finders (no collectstatic in tests; live_server pages still get their CSS/JS).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A test worker (tests/conftest.py) listens on a queue of its own: tasks it queues itself (the reset
# letter queued by the reset task) must go there too.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
# A tiny concrete app on progress's abstract models (progress itself has no tables and knows no feature app).
INSTALLED_APPS = [*INSTALLED_APPS, "progress.tests.reviewapp"]  # noqa: F405
