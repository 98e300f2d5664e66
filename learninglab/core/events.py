"""Tell the apps above core what happened, after it happened for good.

Every change a service makes is written to the audit log under a dotted code
(``labs.rsvp.recorded``). An app that reacts to some of those changes without the
services knowing about it (the webhooks) registers a receiver for their codes in its
``AppConfig.ready()``; core depends on no app. ``audit_record`` announces every entry it
writes, and a receiver is called once the transaction that wrote the entry commits:
never for a change rolled back. A receiver that fails is logged and does not undo, or
fail, the change it was told about.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Event:
    """What an audit entry says happened: its code, its object, its partner, its values."""

    action: str
    content_type_id: int | None
    object_id: str
    partner_id: int | None
    at: datetime.datetime
    changes: dict[str, Any]


Receiver = Callable[[Event], object]

_receivers: dict[str, list[Receiver]] = {}


def register(receiver: Receiver, *, actions: Iterable[str]) -> None:
    """Call ``receiver`` with each event of ``actions`` once its transaction commits."""
    for action in actions:
        receivers = _receivers.setdefault(action, [])
        if receiver not in receivers:
            receivers.append(receiver)


def is_wanted(action: str) -> bool:
    """Return whether any receiver listens to ``action`` (so that an event is worth making)."""
    return action in _receivers


def announce(event: Event) -> None:
    """Hand ``event`` to its receivers when the current transaction commits (at once
    outside of one)."""
    for receiver in _receivers.get(event.action, ()):
        transaction.on_commit(functools.partial(_deliver, receiver, event))


def _deliver(receiver: Receiver, event: Event) -> None:
    try:
        receiver(event)
    except Exception:
        # The change is committed: the person who made it must not see an error for it.
        logger.exception("The receiver %r failed on %s.", receiver, event.action)
