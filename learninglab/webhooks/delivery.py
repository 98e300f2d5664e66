"""Send the queued deliveries: claim the due ones, post each, record what the receiver said.

Guarantees:

* a delivery is sent by one worker at a time: a worker *claims* due deliveries (state
  ``sending``, a lease until ``lease_expires_at``, the try counted) in one short
  transaction, which locks the rows (PostgreSQL, skipping those another worker holds) or
  the database (SQLite's IMMEDIATE transactions); a second worker finds them claimed;
* no transaction is open while a receiver is being waited for: the request is made
  after the claim committed, and its outcome is written in a statement of its own, by
  the worker that still holds the claim;
* a worker that died mid-request leaves its claim to run out: the delivery is then due
  again (a receiver may so get an event twice, which the event id tells);
* a 2xx answer is success. Anything else (another status, no answer within
  ``WEBHOOKS_TIMEOUT_SECONDS``, a refused connection, an address we may not send to) is
  retried after 1 minute, 5, 30, 2 hours and 12 hours (``RETRY_DELAYS``); after the last
  retry the delivery is marked failed, and staff may resend it;
* redirects are not followed: a receiver that moved is told by the status in the log.
"""

from __future__ import annotations

import dataclasses
import datetime
import http.client
import json
import logging
import os
import random
import socket
import ssl
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from learninglab.core.errors import DomainError
from learninglab.webhooks.models import Delivery, DeliveryState, DeliveryTry
from learninglab.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    signature,
)
from learninglab.webhooks.targets import Target, target_address, target_parse

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime.datetime]

# Seconds to wait after the 1st, 2nd, ... failed try; a failure after the last one fails
# the delivery for good (six tries in all, over about fourteen and a half hours).
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600)
RESPONSE_BODY_MAX = 2000
USER_AGENT = "LearningLab-Webhooks/1"
_TLS = ssl.create_default_context()


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one try gave: the status (None without an answer), the body, the time, the error."""

    status: int | None
    body: str
    duration_ms: int
    error: str

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def retry_delay(attempts: int) -> int | None:
    """Return the seconds to wait after ``attempts`` failed tries, or None: give up."""
    return RETRY_DELAYS[attempts - 1] if attempts <= len(RETRY_DELAYS) else None


def body_of(delivery: Delivery) -> bytes:
    """Return the bytes sent: the payload as compact JSON in UTF-8."""
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def headers_of(delivery: Delivery, body: bytes, *, timestamp: int) -> dict[str, str]:
    """Return the headers of the delivery's request, its signature among them."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: delivery.event,
        EVENT_ID_HEADER: str(delivery.event_id),
        DELIVERY_HEADER: str(delivery.pk),
        SIGNATURE_HEADER: signature(
            secret=delivery.subscription.secret, timestamp=timestamp, body=body
        ),
    }


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connect to the address that was checked, whatever the name resolves to by then."""

    def __init__(self, target: Target, address: str, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is checked against the host's name."""

    def __init__(self, target: Target, address: str, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=_TLS)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = _TLS.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> Outcome:
    """Post ``body`` to ``url`` once and return what happened; never raise for the
    receiver's sake (a refused address, no answer, a broken connection are outcomes)."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = target_parse(url)
        address = target_address(target)
    except DomainError as error:
        return Outcome(status=None, body="", duration_ms=elapsed(), error=str(error))
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = kind(target, address, timeout)
    try:
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        # PostgreSQL keeps no NUL character in a text: a receiver's binary answer loses them.
        text = response.read(RESPONSE_BODY_MAX).decode("utf-8", "replace").replace("\x00", "")
        return Outcome(
            status=response.status,
            body=text[:RESPONSE_BODY_MAX],
            duration_ms=elapsed(),
            error="" if 200 <= response.status < 300 else f"HTTP {response.status}",
        )
    except TimeoutError:
        return Outcome(
            status=None, body="", duration_ms=elapsed(), error=f"no answer within {timeout:g} s"
        )
    except (OSError, http.client.HTTPException) as error:
        reason = (str(error) or repr(error)).replace("\x00", "")
        return Outcome(status=None, body="", duration_ms=elapsed(), error=reason)
    finally:
        conn.close()


def _due(now: datetime.datetime) -> Q:
    return Q(
        state__in=[DeliveryState.QUEUED, DeliveryState.RETRYING], next_attempt_at__lte=now
    ) | Q(state=DeliveryState.SENDING, lease_expires_at__lt=now)


def claim(*, worker_id: str, batch_size: int, lease_seconds: float, clock: Clock) -> list[int]:
    """Claim up to ``batch_size`` due deliveries for ``worker_id``; return their ids.

    The claim counts each one's try. One whose worker died (its lease ran out) is due
    again and counts a new try.
    """
    now = clock()
    with transaction.atomic():
        due = Delivery.objects.filter(_due(now)).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:batch_size])
        if ids:
            Delivery.objects.filter(id__in=ids).update(
                state=DeliveryState.SENDING,
                claimed_by=worker_id,
                lease_expires_at=now + datetime.timedelta(seconds=lease_seconds),
                attempts=F("attempts") + 1,
                last_attempt_at=now,
            )
    return ids


def _record(delivery: Delivery, worker_id: str, outcome: Outcome, *, clock: Clock) -> str:
    """Write the outcome of the try, if this worker still holds the claim, on the delivery
    and in its tries; return the state."""
    if outcome.succeeded:
        state, later = DeliveryState.SUCCEEDED, None
    else:
        delay = retry_delay(delivery.attempts)
        state = DeliveryState.FAILED if delay is None else DeliveryState.RETRYING
        later = clock() + datetime.timedelta(seconds=delay) if delay is not None else None
    fields: dict[str, object] = {
        "state": state,
        "lease_expires_at": None,
        "response_status": outcome.status,
        "response_body": outcome.body,
        "duration_ms": outcome.duration_ms,
        "error": outcome.error[:2000],
    }
    if later is not None:
        fields["next_attempt_at"] = later
    held = Delivery.objects.filter(
        pk=delivery.pk, claimed_by=worker_id, state=DeliveryState.SENDING
    ).update(**fields)
    if held:  # each try in the log, as its worker saw it
        DeliveryTry.objects.get_or_create(
            delivery_id=delivery.pk,
            number=delivery.attempts,
            defaults={
                "at": delivery.last_attempt_at or clock(),
                "response_status": outcome.status,
                "response_body": outcome.body,
                "duration_ms": outcome.duration_ms,
                "error": outcome.error[:2000],
            },
        )
    return state


def deliver_batch(
    *,
    worker_id: str,
    batch_size: int = 20,
    lease_seconds: float | None = None,
    clock: Clock = timezone.now,
) -> int:
    """Claim due deliveries and send them one by one; return how many were tried."""
    timeout = float(settings.WEBHOOKS_TIMEOUT_SECONDS)
    # A claim outlives every request of its batch, so nobody takes a delivery up meanwhile.
    lease = lease_seconds if lease_seconds is not None else (timeout + 5) * batch_size + 60
    ids = claim(worker_id=worker_id, batch_size=batch_size, lease_seconds=lease, clock=clock)
    if not ids:
        return 0
    deliveries = Delivery.objects.filter(id__in=ids, claimed_by=worker_id).select_related(
        "subscription"
    )
    for delivery in deliveries.order_by("id"):
        body = body_of(delivery)
        headers = headers_of(delivery, body, timestamp=int(clock().timestamp()))
        outcome = post(
            delivery.subscription.target_url, body=body, headers=headers, timeout=timeout
        )
        state = _record(delivery, worker_id, outcome, clock=clock)
        if state != DeliveryState.SUCCEEDED:
            logger.warning(
                "Webhook delivery %s to %s: %s", delivery.pk, delivery.subscription, outcome.error
            )
    return len(ids)


def worker_name() -> str:
    """Return a name that tells this worker process apart from any other."""
    return f"{socket.gethostname()}:{os.getpid()}:{random.randrange(16**6):06x}"  # noqa: S311


_worker_id: dict[int, str] = {}


def deliver_due(*, max_deliveries: int = 200, clock: Clock = timezone.now) -> int:
    """Send due deliveries, batch after batch, up to ``max_deliveries``; return how many.

    This is the worker's ``webhooks`` job; each process claims under a name of its own.
    """
    worker_id = _worker_id.setdefault(os.getpid(), worker_name())
    handled = 0
    while handled < max_deliveries:
        tried = deliver_batch(worker_id=worker_id, clock=clock)
        if not tried:
            break
        handled += tried
    return handled
