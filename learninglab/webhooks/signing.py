"""Sign a delivery so that its receiver can tell it comes from us, unchanged and recent.

The signature header reads ``t=<unix time>,v1=<hex>``, where the hex digest is
HMAC-SHA256 keyed with the subscription's secret over ``"<unix time>.<body>"`` (the
body as sent, in bytes). A receiver computes the same and compares in constant time,
and refuses a time more than ``TOLERANCE_SECONDS`` away from its own clock, so that a
delivery caught on the way cannot be played again later. The README shows how.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "Learning-Lab-Signature"
EVENT_HEADER = "Learning-Lab-Event"
EVENT_ID_HEADER = "Learning-Lab-Event-Id"
DELIVERY_HEADER = "Learning-Lab-Delivery"
SIGNATURE_VERSION = "v1"
TOLERANCE_SECONDS = 300


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """Return the value of the signature header for ``body`` sent at ``timestamp``."""
    signed = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},{SIGNATURE_VERSION}={digest}"
