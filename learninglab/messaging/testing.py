"""A real SMTP server in this process, for tests and benchmarks, with faults on demand.

``SmtpServer`` listens on 127.0.0.1 (a free port), keeps every message it accepts and can
be told to misbehave the way real servers do::

    with smtp_server(settings) as server:       # points EMAIL_HOST/EMAIL_PORT at it
        server.fail_first(3)                    # "421" for the next three messages
        server.fail_first(1, at="RCPT", hang_up=True)  # "421", then the server hangs up
        server.reject("bob@example.com")        # "550" for this recipient, for good
        server.stop()                           # connections refused ...
        server.start()                          # ... until it is back, on the same port
        server.received                         # what arrived, in order

A ``FrozenClock`` handed to the outbox's delivery (``clock=``) and to the server stands
still until the test moves it on, so that retries and leases run out without waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime
import email
import email.message
import email.policy
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from aiosmtpd.controller import Controller
from django.utils import timezone

TEMPORARY = "421 4.3.2 Service not available, try again later"
PERMANENT = "550 5.1.1 Mailbox unavailable"


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class FrozenClock:
    """A clock that stands still until ``advance`` moves it on.

    It starts a minute ahead of the real time, so that what was queued just before is due.
    """

    def __init__(self) -> None:
        self.now = timezone.now() + datetime.timedelta(minutes=1)

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += datetime.timedelta(seconds=seconds)


@dataclasses.dataclass(frozen=True)
class Received:
    """One accepted message: the SMTP envelope, the bytes as they arrived, and the client's
    address and port (another port: another connection)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    peer: tuple[str, int] = ("", 0)

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "")


class FaultyHandler:
    """An aiosmtpd handler that stores what it accepts and answers as it is told.

    The handler runs in the server's thread; the test reads from its own, so every
    shared value is guarded by one lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self._fail_next = 0
        self._fail_at = "DATA"
        self._hang_up = False
        self._fail_until: datetime.datetime | None = None
        self.clock: Callable[[], datetime.datetime] = timezone.now  # what ``fail_for`` counts on
        self._rejected: dict[str, tuple[str, str]] = {}
        self.delay = 0.0  # seconds to wait before answering each message
        self.data_commands = 0

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def fail_first(self, count: int, *, at: str = "DATA", hang_up: bool = False) -> None:
        """Answer ``421`` to the next ``count`` messages, then accept again.

        The refusal comes at ``DATA`` or at ``RCPT``; with ``hang_up`` the server closes
        the connection after it, as a server shutting down does.
        """
        if at not in ("RCPT", "DATA"):
            raise ValueError("A message is refused at RCPT or at DATA.")
        with self._lock:
            self._fail_next = count
            self._fail_at = at
            self._hang_up = hang_up

    def _temporary(self, server: Any, stage: str) -> str | None:
        """Return ``421`` if the next message is to fail at ``stage`` (lock held)."""
        if self._fail_next <= 0 or self._fail_at != stage:
            return None
        self._fail_next -= 1
        if self._hang_up:
            # Close once the reply is written: aiosmtpd writes it after this returns.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return TEMPORARY

    def fail_for(self, seconds: float) -> None:
        """Answer ``421`` to every message for ``seconds`` of ``clock``, then accept again."""
        with self._lock:
            self._fail_until = self.clock() + datetime.timedelta(seconds=seconds)

    def reject(self, address: str, *, reply: str = PERMANENT, at: str = "RCPT") -> None:
        """Refuse ``address`` for good with ``reply``, at ``RCPT`` or at ``DATA``."""
        if at not in ("RCPT", "DATA"):
            raise ValueError("A recipient is refused at RCPT or at DATA.")
        with self._lock:
            self._rejected[address.lower()] = (reply, at)

    def _refusal(self, addresses: list[str], stage: str) -> str | None:
        for address in addresses:
            reply, at = self._rejected.get(address.lower(), ("", ""))
            if at == stage:
                return reply
        return None

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        with self._lock:
            refusal = self._temporary(server, "RCPT") or self._refusal([address], "RCPT")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = self._accept(server, session, envelope)
        if self.delay:
            # Slow to answer, like a busy server: a client that dies meanwhile never
            # learns that its message was taken.
            await asyncio.sleep(self.delay)
        return reply

    def _accept(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.data_commands += 1
            temporary = self._temporary(server, "DATA")
            if temporary:
                return temporary
            if self._fail_until is not None and self.clock() < self._fail_until:
                return TEMPORARY
            refusal = self._refusal(list(envelope.rcpt_tos), "DATA")
            if refusal:
                return refusal
            raw = envelope.original_content or envelope.content
            self._received.append(
                Received(
                    mail_from=envelope.mail_from,
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    raw=raw if isinstance(raw, bytes) else raw.encode(),
                    peer=tuple(session.peer[:2]),
                )
            )
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on 127.0.0.1 that can be stopped and started again on its port."""

    host = "127.0.0.1"

    def __init__(self, handler: FaultyHandler | None = None, *, port: int = 0) -> None:
        self.handler = handler or FaultyHandler()
        self.port = port or free_port(self.host)
        self._controller: Controller | None = None

    @property
    def is_running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        """Listen (again) on the same port; a stopped controller cannot restart, so make one."""
        if self._controller is None:
            # aiosmtpd logs every SMTP command at INFO: far too much for tests.
            logging.getLogger("mail.log").setLevel(logging.WARNING)
            controller = Controller(self.handler, hostname=self.host, port=self.port)
            controller.start()
            self._controller = controller

    def stop(self) -> None:
        """Stop listening: new connections are refused until ``start``."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # What a test reads and how it scripts faults, straight from the handler.
    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def fail_first(self, count: int, *, at: str = "DATA", hang_up: bool = False) -> None:
        self.handler.fail_first(count, at=at, hang_up=hang_up)

    def fail_for(self, seconds: float) -> None:
        self.handler.fail_for(seconds)

    def reject(self, address: str, *, reply: str = PERMANENT, at: str = "RCPT") -> None:
        self.handler.reject(address, reply=reply, at=at)

    def wait_for(self, count: int, *, timeout: float = 10.0) -> list[Received]:
        """Wait until at least ``count`` messages arrived; return them all."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.received)} of {count} messages arrived.")
            time.sleep(0.01)
        return self.received


@contextlib.contextmanager
def smtp_server(settings: Any = None, *, retry_base_seconds: float = 0.01) -> Iterator[SmtpServer]:
    """Run an ``SmtpServer`` for the duration of the block.

    Given pytest-django's ``settings`` fixture, point the outbox at it (plain SMTP, no
    login) and make retries come quickly.
    """
    with SmtpServer() as server:
        if settings is not None:
            settings.EMAIL_HOST = server.host
            settings.EMAIL_PORT = server.port
            settings.EMAIL_HOST_USER = ""
            settings.EMAIL_HOST_PASSWORD = ""
            settings.EMAIL_USE_TLS = False
            settings.EMAIL_USE_SSL = False
            settings.EMAIL_TIMEOUT = 10
            settings.OUTBOX_RETRY_BASE_SECONDS = retry_base_seconds
        yield server
