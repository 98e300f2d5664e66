"""Count attempts in Django's cache, so that a public form cannot be used as a cannon.

The counts live in the cache shared by every process (Redis in production), in windows
that start with the first attempt; a cache that forgets early only lets a few more in.
"""

from __future__ import annotations

from django.core.cache import cache

_PREFIX = "learninglab.rate"


def rate_limit_exceeded(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt under ``key``; return whether more than ``limit`` were made.

    The window starts with the first attempt and lasts ``window_seconds``; attempts
    refused for the limit count too, so that hammering does not reopen it.
    """
    name = f"{_PREFIX}:{key}"
    if cache.add(name, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between the two calls: this is a new window
        cache.add(name, 1, timeout=window_seconds)
        return limit < 1
    return count > limit
