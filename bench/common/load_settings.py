"""Settings of bench_load.py's gunicorn: the production settings (config.settings, read from the
environment exactly as in the image) with two bench-only changes. Nothing outside bench/ names this
module, so /bench-bare/ exists only in the benchmark.

- ROOT_URLCONF: the site's URLs plus /bench-bare/ (common.load_urls), the baseline served the same way;
- STATIC_ROOT: a throwaway folder that the benchmark fills with collectstatic (the image collects into
  /app/staticfiles at build time; a checkout's staticfiles/ is left alone).
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "common.load_urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
# The cache is production's shared Redis when the benchmark found one (CACHE_URL): keys of this run
# only, deleted at exit. django-environ 0.14 reads ?key_prefix= into a lower-case key Django ignores.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_KEY_PREFIX", "")  # noqa: F405
