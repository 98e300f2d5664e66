"""Deliver the outbox: claim due messages under a lease, send them, record the outcome.

Guarantees:

* a message is sent by one worker at a time: a worker *claims* a batch (state
  ``sending``, a lease until ``lease_expires_at``) in one transaction;
* each outcome is committed right after that message's SMTP exchange, so a worker killed
  mid-batch repeats at most the message in flight: the rest of its batch is taken up
  again, unsent, once the lease expires;
* the claim counts the try of every message it takes, in the same statement: one write
  and one commit per batch, then one per message, its outcome. Messages put back unsent
  (the server cannot be reached) give their try back. A message whose worker died keeps
  the try its claim counted, and the worker that takes it up again counts none: the try
  passes on to it (so the one message in flight when a worker dies may have gone twice
  on one counted try);
* a worker renews its claim on the rest of its batch once half of its lease has passed,
  so a worker slower than its lease skips what another worker took up meanwhile;
* temporary failures (4xx replies, refused or dropped connections) are retried as a mail
  server does: after ``OUTBOX_RETRY_BASE_SECONDS``, then ever less often (the wait doubles,
  up to ``OUTBOX_RETRY_MAX_SECONDS``), until ``OUTBOX_RETRY_WINDOW_HOURS`` have passed
  since the first try; only a failure after that marks the message failed. Permanent
  failures (5xx) mark the message bounced at once and are never retried;
* a server that hangs up (a 421 reply, a dropped connection) is never asked again on the
  same connection: the next message opens a new one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
import os
import random
import smtplib
import socket
import ssl
from collections.abc import Callable, Collection
from typing import Protocol

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, DateTimeField, F, PositiveSmallIntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from learninglab.messaging.models import MessageState, OutboundMessage

logger = logging.getLogger(__name__)

# What tells the delivery the time: Django's clock, or a test's that moves only when told.
Clock = Callable[[], datetime.datetime]


class TemporaryFailure(Exception):
    """Try again later: the server or the network said not now."""


class ServerUnavailable(TemporaryFailure):
    """The server cannot be reached at all: the rest of the batch waits too."""


class PermanentFailure(Exception):
    """Never try again: the server refused this message for good."""


class Transport(Protocol):
    def send(self, message: OutboundMessage) -> None: ...

    def close(self) -> None: ...


class LocalTransport:
    """Keep mail on this machine: the outbox itself is where staff read it."""

    def send(self, message: OutboundMessage) -> None:
        return None

    def close(self) -> None:
        return None


def _classify(code: int, text: str) -> Exception:
    reason = f"{code} {text}".strip()
    return PermanentFailure(reason) if code >= 500 else TemporaryFailure(reason)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class SmtpTransport:
    """Send over one SMTP connection, opened on first use and reused for the batch."""

    def __init__(self) -> None:
        self._connection: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        if self._connection is not None and self._connection.sock is not None:
            return self._connection
        self._drop()  # smtplib closes the connection itself on some replies (421)
        timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 30
        try:
            if settings.EMAIL_USE_SSL:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.EMAIL_HOST,
                    settings.EMAIL_PORT,
                    timeout=timeout,
                    context=ssl.create_default_context(),
                )
            else:
                smtp = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=timeout)
                if settings.EMAIL_USE_TLS:
                    smtp.starttls(context=ssl.create_default_context())
            if settings.EMAIL_HOST_USER:
                smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        except smtplib.SMTPResponseException as exc:
            # Refused at greeting or login: a problem of the server or of our settings,
            # never of one message, so nothing bounces; the batch waits and is retried.
            reason = f"{exc.smtp_code} {_text(exc.smtp_error)}"
            raise ServerUnavailable(f"server refused the connection: {reason}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerUnavailable(f"cannot connect: {exc}") from exc
        self._connection = smtp
        return smtp

    def send(self, message: OutboundMessage) -> None:
        smtp = self._open()
        try:
            refused = smtp.sendmail(message.sender, [message.recipient], bytes(message.raw))
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            self._drop_if_broken(code)
            raise _classify(code, _text(text)) from exc
        except smtplib.SMTPResponseException as exc:  # sender refused, data error, ...
            self._drop_if_broken(exc.smtp_code)
            raise _classify(exc.smtp_code, _text(exc.smtp_error)) from exc
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            raise TemporaryFailure(f"connection lost: {exc}") from exc
        if refused:
            code, text = next(iter(refused.values()))
            raise _classify(code, _text(text))

    def _drop_if_broken(self, code: int) -> None:
        if code == 421:  # the server is closing the connection
            self._drop()
        else:
            try:
                self._connection and self._connection.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.close()
        self._connection = None

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
        self._connection = None


def transport_for_settings() -> Transport:
    """Return SMTP when ``EMAIL_HOST`` is set, else the local outbox."""
    return SmtpTransport() if settings.EMAIL_HOST else LocalTransport()


def retry_delay(attempts: int) -> float:
    """Return seconds to wait before the next try: doubling, capped, with jitter.

    After the first try at most ``OUTBOX_RETRY_BASE_SECONDS``, then twice as long each
    time, never more than ``OUTBOX_RETRY_MAX_SECONDS``; at least half of that, so that
    workers retrying together spread out.
    """
    base = float(settings.OUTBOX_RETRY_BASE_SECONDS)
    ceiling = min(float(settings.OUTBOX_RETRY_MAX_SECONDS), base * 2 ** max(0, attempts - 1))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not security


def retry_window_end(message: OutboundMessage) -> datetime.datetime:
    """Return when the message's retries end: the window after its first try."""
    first = message.first_attempt_at or message.created_at
    return first + datetime.timedelta(hours=float(settings.OUTBOX_RETRY_WINDOW_HOURS))


@dataclasses.dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    bounced: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.bounced + self.failed


def _due(now: datetime.datetime) -> Q:
    return Q(state=MessageState.QUEUED, next_attempt_at__lte=now) | Q(
        state=MessageState.SENDING, lease_expires_at__lt=now
    )


def claim(
    *,
    worker_id: str,
    batch_size: int,
    lease_seconds: float,
    clock: Clock = timezone.now,
    message_ids: Collection[int] | None = None,
) -> list[int]:
    """Claim up to ``batch_size`` due messages for ``worker_id``; return their ids.

    Messages whose lease expired (their worker died) are due again. The claim counts the
    try of each message it takes from the queue; one taken up from a dead worker keeps
    the try that worker's claim counted. With ``message_ids``, only those of them that
    are due.
    """
    return _claim(
        worker_id=worker_id,
        batch_size=batch_size,
        lease_seconds=lease_seconds,
        clock=clock,
        message_ids=message_ids,
    )[0]


def _claim(
    *,
    worker_id: str,
    batch_size: int,
    lease_seconds: float,
    clock: Clock,
    message_ids: Collection[int] | None,
) -> tuple[list[int], set[int]]:
    """Claim as ``claim`` does; return the ids claimed and those whose try it counted."""
    now = clock()
    with transaction.atomic():
        due = OutboundMessage.objects.filter(_due(now)).order_by("next_attempt_at", "id")
        if message_ids is not None:
            due = due.filter(id__in=list(message_ids))
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due.values_list("id", "state")[:batch_size])
        ids = [pk for pk, _state in rows]
        if ids:
            OutboundMessage.objects.filter(id__in=ids).update(
                state=MessageState.SENDING,
                claimed_by=worker_id,
                lease_expires_at=now + datetime.timedelta(seconds=lease_seconds),
                attempts=Case(
                    When(state=MessageState.QUEUED, then=F("attempts") + 1),
                    default=F("attempts"),
                    output_field=PositiveSmallIntegerField(),
                ),
                first_attempt_at=Coalesce("first_attempt_at", Value(now)),
            )
    return ids, {pk for pk, state in rows if state == MessageState.QUEUED}


def _finish(message: OutboundMessage, worker_id: str, **fields: object) -> None:
    # Only the worker holding the claim records the outcome.
    OutboundMessage.objects.filter(
        pk=message.pk, claimed_by=worker_id, state=MessageState.SENDING
    ).update(lease_expires_at=None, **fields)


def deliver_batch(
    *,
    worker_id: str,
    batch_size: int = 50,
    lease_seconds: float = 120.0,
    transport: Transport | None = None,
    clock: Clock = timezone.now,
    message_ids: Collection[int] | None = None,
) -> DeliveryReport:
    """Claim one batch of due messages and deliver it; return what happened.

    ``clock`` tells the time of the claim, the leases and the retries; ``message_ids``
    limits the batch to those messages (the demo delivers its own alone).
    """
    report = DeliveryReport()
    lease = datetime.timedelta(seconds=lease_seconds)
    renew_at = clock() + lease / 2  # the claim's own lease runs out no sooner than lease
    ids, counted = _claim(
        worker_id=worker_id,
        batch_size=batch_size,
        lease_seconds=lease_seconds,
        clock=clock,
        message_ids=message_ids,
    )
    if not ids:
        return report
    transport = transport or transport_for_settings()
    messages = OutboundMessage.objects.filter(id__in=ids, claimed_by=worker_id).order_by("id")
    ours = set(ids)
    try:
        for message in messages.iterator(chunk_size=batch_size):
            now = clock()
            if now >= renew_at:
                ours = _renew(worker_id, ours, now=now, lease=lease)
                renew_at = now + lease / 2
            if message.pk not in ours:
                continue  # our claim ran out and another worker took the message up
            ours.discard(message.pk)
            if not _deliver_one(message, worker_id, transport, report, clock=clock):
                report.retried += _release(
                    worker_id, counted=counted, error="server unavailable", clock=clock
                )
                break
    finally:
        transport.close()
    return report


def _renew(
    worker_id: str,
    ids: set[int],
    *,
    now: datetime.datetime,
    lease: datetime.timedelta,
) -> set[int]:
    """Renew this worker's claim on the unsent ``ids``; return those still claimed by it.

    A batch that takes longer than the lease must not send what another worker has taken
    up meanwhile.
    """
    with transaction.atomic():
        still_ours = OutboundMessage.objects.filter(
            id__in=list(ids), claimed_by=worker_id, state=MessageState.SENDING
        )
        still_ours.update(lease_expires_at=now + lease)
        return set(still_ours.values_list("id", flat=True))


def _release(worker_id: str, *, counted: Collection[int], error: str, clock: Clock) -> int:
    """Put this worker's claimed, unsent messages back in the queue for later.

    They were not tried, so those whose try the claim counted give it back.
    """
    later = clock() + datetime.timedelta(seconds=retry_delay(1))
    untried = Q(id__in=list(counted))
    return OutboundMessage.objects.filter(claimed_by=worker_id, state=MessageState.SENDING).update(
        state=MessageState.QUEUED,
        next_attempt_at=later,
        lease_expires_at=None,
        last_error=error,
        attempts=Case(
            When(untried, then=F("attempts") - 1),
            default=F("attempts"),
            output_field=PositiveSmallIntegerField(),
        ),
        first_attempt_at=Case(
            When(untried & Q(attempts=1), then=Value(None, output_field=DateTimeField())),
            default=F("first_attempt_at"),
        ),
    )


def _deliver_one(
    message: OutboundMessage,
    worker_id: str,
    transport: Transport,
    report: DeliveryReport,
    *,
    clock: Clock,
) -> bool:
    """Send one message and record the outcome; return False if the server is unreachable."""
    try:
        transport.send(message)
    except PermanentFailure as exc:
        _finish(message, worker_id, state=MessageState.BOUNCED, last_error=str(exc)[:2000])
        report.bounced += 1
        logger.warning("Bounced %s to %s: %s", message.key, message.recipient, exc)
    except TemporaryFailure as exc:
        now, window_end = clock(), retry_window_end(message)
        if now >= window_end:
            _finish(message, worker_id, state=MessageState.FAILED, last_error=str(exc)[:2000])
            report.failed += 1
        else:
            # The last try comes when the window ends, not up to a long wait after it.
            later = min(now + datetime.timedelta(seconds=retry_delay(message.attempts)), window_end)
            _finish(
                message,
                worker_id,
                state=MessageState.QUEUED,
                next_attempt_at=later,
                last_error=str(exc)[:2000],
            )
            report.retried += 1
        return not isinstance(exc, ServerUnavailable)
    else:
        _finish(message, worker_id, state=MessageState.SENT, sent_at=clock(), last_error="")
        report.sent += 1
    return True


def worker_name() -> str:
    """Return a name that tells this worker process apart from any other."""
    return f"{socket.gethostname()}:{os.getpid()}:{random.randrange(16**6):06x}"  # noqa: S311


_worker_id: dict[int, str] = {}


def deliver_due(*, max_messages: int = 1000, clock: Clock = timezone.now) -> int:
    """Deliver due messages batch after batch, up to ``max_messages``; return how many.

    This is the worker's outbox job; each process claims under a name of its own.
    """
    worker_id = _worker_id.setdefault(os.getpid(), worker_name())
    handled = 0
    while handled < max_messages:
        report = deliver_batch(
            worker_id=worker_id,
            batch_size=settings.OUTBOX_BATCH_SIZE,
            lease_seconds=settings.OUTBOX_LEASE_SECONDS,
            clock=clock,
        )
        if not report.handled:
            break
        handled += report.handled
    return handled


def has_due_messages() -> bool:
    """Return whether any message is due now (for ``worker --until-idle``)."""
    return OutboundMessage.objects.filter(_due(timezone.now())).exists()
