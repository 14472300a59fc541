"""Settings, read from the environment (see .env.example for every variable).

A bad value fails loudly at start: django-environ raises ImproperlyConfigured.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The process environment wins over the file. ENV_FILE names another file; ENV_FILE= (empty) reads
# none: make run, make dev and make test do that, so a production .env cannot leak into them.
_ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if _ENV_FILE:
    environ.Env.read_env(_ENV_FILE, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key is allowed only with DEBUG on; production must set its own.
_DEV_SECRET_KEY = "django-insecure-dev-only-metodkabinet-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Задайте SECRET_KEY (SECRET_KEY is required when DEBUG is off).")

# The site's public address (no trailing slash): links in letters and the QR codes of printed orders.
# Set it once; the host names the site answers to follow from it unless ALLOWED_HOSTS says otherwise.
_SITE_URL = env.str("SITE_URL", default="").rstrip("/")
_SITE_HOST = urlsplit(_SITE_URL).hostname or ""
_LOCAL_HOSTS = ["127.0.0.1", "localhost"]
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[h for h in [_SITE_HOST, *(_LOCAL_HOSTS if DEBUG else [])] if h]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Without SITE_URL: https:// the first real host name of ALLOWED_HOSTS, else the development server.
_PUBLIC_HOSTS = [h for h in ALLOWED_HOSTS if h not in _LOCAL_HOSTS and not h.startswith((".", "*"))]
SITE_URL = _SITE_URL or (f"https://{_PUBLIC_HOSTS[0]}" if _PUBLIC_HOSTS else "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    # Project apps, by layer (see README «Слои»): the directory, supporting apps, feature apps.
    "directory",
    "notifications",
    "orders",
    "progress",
    "roadmaps",
    "associations",
    "monitoring",
    "mentorship",
    "contests",
    # The top layer (start page, navigation, demo district): last, as nothing below imports it.
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: answered here, compressed ahead of time
    # Text responses in brotli or gzip, padded against BREACH; above every middleware that reads or
    # changes the body, so that it compresses last.
    "core.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on HTML pages, Permissions-Policy, no-store for logged-in pages.
    "directory.middleware.HtmlContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "directory.middleware.PrivatePagesNoStoreMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "notifications.context_processors.notice_bell",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes write (web, Celery worker): take the write lock at BEGIN and wait for it,
    # instead of failing with «database is locked» when two transactions upgrade at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out username+IP is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session expires after this many minutes without a request.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# Database sessions whose sliding expiry is written at most once a minute, not on every request.
SESSION_ENGINE = "directory.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock a username from one address, so colleagues behind one school NAT
# cannot lock each other out by mistyping their own passwords.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# Failed logins from one client across all usernames (password spraying): beyond this many within
# AXES_COOLOFF_TIME the client is locked out whatever username it tries (directory/lockout.py). Higher
# than AXES_FAILURE_LIMIT, as a whole school behind one NAT mistypes passwords too.
AXES_CLIENT_FAILURE_LIMIT = env.int("AXES_CLIENT_FAILURE_LIMIT", default=30)
AXES_HANDLER = "directory.lockout.ClientLimitAxesHandler"

# Password reset requests accepted per hour for one address and from one client (directory/views.py).
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env.int("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", default=3)
PASSWORD_RESET_PER_CLIENT_PER_HOUR = env.int("PASSWORD_RESET_PER_CLIENT_PER_HOUR", default=20)
# Days an invitation link (a new login sets its own password) stays valid (directory/accounts.py).
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

# The cache keeps the password-reset counters: shared by all web processes in production
# (CACHE_URL=redis://redis:6379/1), the process's memory by default.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

CSRF_FAILURE_VIEW = "directory.views.csrf_failure"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected by `collectstatic` for production; with DEBUG, WhiteNoise serves from the app folders.
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: the import limits are checked again by the import services. A file larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE is streamed to a temporary file on disk instead of being held in memory,
# and every reader checks an upload's size before reading it; one request carries at most
# DATA_UPLOAD_MAX_NUMBER_FILES files (more answers 400). The proxy's own request-size limit (nginx
# client_max_body_size) must be above the largest upload: see README, «Production».
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Evidence attached to progress reports: the largest file accepted.
REPORT_FILE_MAX_BYTES = env.int("REPORT_FILE_MAX_BYTES", default=10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL such as smtp+tls://user:password@smtp.example.ru:587 (django-environ syntax).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Методкабинет <noreply@metodkabinet.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Seconds before a failed email is retried by the worker (up to 5 retries).
EMAIL_RETRY_DELAY_SECONDS = env.int("EMAIL_RETRY_DELAY_SECONDS", default=60)
# A send that has not finished in this time (a killed worker) is taken over by the next attempt.
EMAIL_SEND_LEASE_SECONDS = env.int("EMAIL_SEND_LEASE_SECONDS", default=600)
EMAIL_MESSAGE_ID_DOMAIN = env.str("EMAIL_MESSAGE_ID_DOMAIN", default="metodkabinet.local")

# Celery: without a broker, tasks run eagerly in the web process (make run). Even then Celery opens a
# producer to serialise the arguments: the in-memory transport, with a host name so that kombu does
# not print «No hostname was supplied» (an English warning as the first line of every command).
CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# The queue (and the beat lock, config/beat.py) of this installation: two sites on one Redis need two names.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
# Tasks never use eta/countdown beyond this (Redis redelivers unacked tasks after it).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# One static schedule, one beat instance (docker-compose.yml): the reminder scan. It runs hourly in
# the working day (UTC hours; 04–16 UTC = 07–19 Moscow); the first run of the day sends, the rest find
# today's digests already claimed and skip — so a missed run is made up an hour later.
CELERY_BEAT_SCHEDULE = {
    "reminder-scan": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": crontab(
            minute=env.str("REMINDER_SCAN_MINUTE", default="5"),
            hour=env.str("REMINDER_SCAN_HOURS_UTC", default="4-16"),
        ),
    }
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The district as it appears in documents.
DISTRICT_NAME = env.str("DISTRICT_NAME", default="Демонстрационный район")
HIGHER_BODY_NAME = env.str("HIGHER_BODY_NAME", default="Администрация Демонстрационного района")
# A teacher is a young specialist during this many years from the start of teaching.
YOUNG_SPECIALIST_YEARS = env.int("YOUNG_SPECIALIST_YEARS", default=3)
# Mentorship: a young specialist is also under this age when the birth date is known; a mentor has at most
# MENTORSHIP_MAX_MENTEES mentees in active pairs; a pair lasts from MIN to MAX months (mentorship.rules).
MENTORSHIP_YOUNG_AGE = env.int("MENTORSHIP_YOUNG_AGE", default=35)
MENTORSHIP_MAX_MENTEES = env.int("MENTORSHIP_MAX_MENTEES", default=2)
MENTORSHIP_MIN_TERM_MONTHS = env.int("MENTORSHIP_MIN_TERM_MONTHS", default=3)
MENTORSHIP_TERM_MONTHS = env.int("MENTORSHIP_TERM_MONTHS", default=12)
# A teachers' campaign is an adaptation survey of young specialists (shown on mentorship's coverage page)
# when its title or its form's title contains one of these words (any case).
MONITORING_ADAPTATION_MARKERS = env.list("MONITORING_ADAPTATION_MARKERS", default=["адаптац"])
# Recurring roadmap items get no due dates in July and August (the summer holidays), so nobody is
# reminded then; the deadline text stays as written (roadmaps.deadlines.skip_summer).
ROADMAP_SKIP_SUMMER = env.bool("ROADMAP_SKIP_SUMMER", default=False)

# Security for production (python manage.py check --deploy --fail-level WARNING).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# HSTS preloading is an opt-in commitment for the whole domain (often a municipal one shared
# with other sites): off by default, and its reminder W021 is silenced while it is off.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only the vendored scripts and styles of static/ run: no inline script, style or handler anywhere
# (templates, htmx fragments, server-rendered charts); htmx's own indicator <style> is turned off
# in base.html and its rules live in app.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# No page needs a camera, a microphone, the location, payments or USB devices.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every render at INFO; their warnings still show.
    "loggers": {
        "axes": {"level": "WARNING"},
        # Tasks run in-process (no broker): no «Task … succeeded in …s» line after each of them.
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
