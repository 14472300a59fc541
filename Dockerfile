# Методкабинет: one image for web (gunicorn), worker and beat (celery). See docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# WeasyPrint (order and roadmap PDFs) needs Pango; the fonts have Cyrillic with Times/Arial metrics.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fonts-paratype \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first (cached while only the code changes). The project has no packages of its
# own (pyproject: packages = []), so installing it installs just the pinned dependencies.
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt . && rm -rf build *.egg-info

COPY . .

# Static files are collected into the image and served by WhiteNoise; the key is a throwaway.
RUN DEBUG=0 SECRET_KEY=build-only-dummy-key-not-used-at-runtime-0123456789abcdefghijkl \
    ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

RUN useradd --system --create-home --uid 1000 metodkabinet \
    && mkdir -p /app/media \
    && chown metodkabinet:metodkabinet /app/media
USER metodkabinet

EXPOSE 8000
# 3 processes × 4 threads (gthread) for 2 cores: a page waiting on PostgreSQL or a static file does not
# queue behind another page's rendering, as it would with one request per process (bench/bench_load.py).
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--timeout", "60", "--access-logfile", "-"]
