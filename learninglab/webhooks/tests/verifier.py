"""An independent check of a delivery's signature, written from the README's recipe alone.

It imports nothing of the project: it is what a subscriber would write.
"""

from __future__ import annotations

import hashlib
import hmac
import time


def verify(
    secret: str, body: bytes, header: str, *, tolerance: int = 300, now: float | None = None
) -> bool:
    """Return whether ``header`` (``t=<unix>,v1=<hex>``) signs ``body`` with ``secret``,
    at a time no more than ``tolerance`` seconds from ``now``."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        fields.setdefault(key, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))
