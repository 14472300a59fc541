"""Counters of requests per hour in Django's cache (settings.CACHES: Redis in production)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

HOUR = 3600


def hit(scope: str, who: str, *, limit: int, window: int = HOUR) -> bool:
    """Count one request of `who` in `scope`; False once more than `limit` came within the window."""
    key = f"throttle:{scope}:{hashlib.sha256(who.encode()).hexdigest()}"
    cache.add(key, 0, window)  # the window starts with the first request
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        count = 1
    return count <= limit
