"""Count uses of something per time window in the cache, to refuse a flood of them.

The count lives in Django's cache: with Redis (``REDIS_URL``) every app process shares it;
with the in-process cache each process counts on its own, which still bounds a flood.
"""

from __future__ import annotations

from django.core.cache import cache

_PREFIX = "ratelimit"


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one use of ``key`` in ``scope``; return whether it is over ``limit`` per window.

    The window starts with the first use and lasts ``window_seconds``; uses refused
    still count, so that hammering does not open the gate sooner.
    """
    cache_key = f"{_PREFIX}:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ran out between the two calls
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit
