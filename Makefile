# Методкабинет — everyday commands. GNU make; every recipe line starts with a tab.
#   make run    demo site at http://127.0.0.1:8000 as users see it (DEBUG off, SQLite, eager Celery,
#               emails to the console);  make dev  the same with DEBUG on, for development
#   make test   lint, migrations check, tests on SQLite, on PostgreSQL (required under CI=true), in Chromium

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# PostgreSQL for the second test run: pytest-django creates and drops test_<name> on its own,
# connecting to the `postgres` database, so the base database itself need not exist.
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PG_URL ?= postgres://postgres@$(PG_HOST):$(PG_PORT)/metodkabinet
# Each run's own test database, test_metodkabinet_<suffix> (config/settings_test.py; pytest-xdist adds
# _gw0, _gw1 …): two runs on one server never create or drop each other's database.
ifndef TEST_DB_SUFFIX
TEST_DB_SUFFIX := $(shell od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
endif
# Redis for the celery tests (a real worker, tests/conftest.py).
REDIS_HOST ?= 127.0.0.1
REDIS_PORT ?= 6379

# `make run`, `make dev` and `make test` do not depend on a developer's .env (read with overwrite=False,
# so these win): SQLite, no broker (Celery runs tasks in-process).
SQLITE_URL := sqlite:///$(CURDIR)/db.sqlite3
# ENV_FILE= : settings read no .env at all (a production-like .env would set MEDIA_ROOT=/app/media, the
# public SITE_URL, a proxy count …); tests/test_make_run.py runs the demo's settings beside such a .env.
LOCAL_ENV := ENV_FILE= DATABASE_URL=$(SQLITE_URL) CELERY_BROKER_URL= CACHE_URL=locmemcache:// EMAIL_URL=consolemail://
# The demo looks like the product: DEBUG off, so errors are the Russian pages of templates/ and never
# Django's debug page; static files collected into staticfiles/ and served by WhiteNoise; plain HTTP on
# this machine only (no HTTPS redirect, no secure-only cookies). tests/test_make_run.py runs these settings.
DEMO_ENV := DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 \
	CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 $(LOCAL_ENV)
# With DEBUG off settings require a SECRET_KEY: the demo's own, random, made once per checkout and kept
# in .venv (never committed, never used by production, which sets its own).
DEMO_KEY := $(VENV)/demo-secret-key
RUN_ENV := $(DEMO_ENV) SECRET_KEY="$$(cat $(DEMO_KEY))"
DEV_ENV := DEBUG=1 $(LOCAL_ENV)
TEST_ENV := ENV_FILE= DEBUG=0 DATABASE_URL=$(SQLITE_URL) CELERY_BROKER_URL= TEST_DB_SUFFIX=$(TEST_DB_SUFFIX)

.PHONY: help venv install run dev test lint fmt bench services

help:
	@echo "make run     demo site at http://127.0.0.1:8000 (prints the demo logins), as users see it"
	@echo "make dev     the same with DEBUG=1 (Django's debug pages, static files from the app folders)"
	@echo "make test    ruff, migrations check, pytest on SQLite, on PostgreSQL, in Chromium"
	@echo "make lint    ruff check and format check, the layer contract;  make fmt  format the code"
	@echo "make venv    create $(VENV) and install the project with the dev tools"
	@echo "make bench   run the scripts in bench/"

venv install: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else f"Python >= 3.11 is needed, $(PYTHON) is {v.major}.{v.minor}")'
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when the dependencies change. The project has no packages of its own
# ([tool.setuptools] packages = []): installing it installs its dependencies, pinned by constraints.txt.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

$(DEMO_KEY): | $(BIN)/python
	$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > $@

run: $(STAMP) $(DEMO_KEY)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

dev: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# pytest exits 5 when it collected nothing; make treats that, like any failure, as an error.
test: lint services
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	@echo "=== pytest on SQLite ==="
	$(TEST_ENV) $(BIN)/pytest -m "not browser and not stack"
	@if $(BIN)/python -c '$(PG_PING)' 2>/dev/null; then \
		echo "=== pytest on PostgreSQL ($(PG_HOST):$(PG_PORT), test database test_metodkabinet_$(TEST_DB_SUFFIX)) ==="; \
		$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser and not stack"; \
		echo "=== the docker-compose stack without Docker (gunicorn, worker, beat; PostgreSQL, Redis) ==="; \
		$(TEST_ENV) $(BIN)/pytest -m stack; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "!!! PostgreSQL at $(PG_HOST):$(PG_PORT) is unreachable under CI=true: FAILED (.ci/run installs and starts it) !!!"; \
		exit 1; \
	else \
		echo "!!! PostgreSQL at $(PG_HOST):$(PG_PORT) is unreachable: the PostgreSQL test run is SKIPPED !!!"; \
	fi
	@echo "=== pytest in Chromium (browser) ==="
	$(TEST_ENV) $(BIN)/pytest -m browser

# PostgreSQL and Redis, before the tests: under CI=true (CI must never go green without them) either one
# unreachable fails the run. On a developer's machine an unreachable PostgreSQL only skips that run with
# a loud line, and the celery tests fail without Redis anyway. tests/test_ci.py runs this target.
PG_PING := import psycopg; psycopg.connect("postgresql://postgres@$(PG_HOST):$(PG_PORT)/postgres", connect_timeout=3).close()
REDIS_PING := import redis; redis.Redis(host="$(REDIS_HOST)", port=$(REDIS_PORT), socket_connect_timeout=3).ping()
services:
	@if ! $(BIN)/python -c '$(PG_PING)' 2>/dev/null; then \
		if [ "$${CI:-}" = "true" ]; then \
			echo "!!! PostgreSQL at $(PG_HOST):$(PG_PORT) is unreachable under CI=true: FAILED (.ci/run installs and starts it) !!!"; \
			exit 1; \
		fi; \
		echo "!!! PostgreSQL at $(PG_HOST):$(PG_PORT) is unreachable: the PostgreSQL test run will be SKIPPED !!!"; \
	fi
	@if ! $(BIN)/python -c '$(REDIS_PING)' 2>/dev/null; then \
		echo "!!! Redis at $(REDIS_HOST):$(REDIS_PORT) is unreachable: the celery tests need it (.ci/run starts it) !!!"; \
		if [ "$${CI:-}" = "true" ]; then exit 1; fi; \
	fi

bench: $(STAMP)
	@shopt -s nullglob; scripts=(bench/*.py); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "No benchmarks in bench/ yet."; fi; \
	for script in "$${scripts[@]}"; do echo "=== $$script"; $(DEV_ENV) $(BIN)/python "$$script"; done
