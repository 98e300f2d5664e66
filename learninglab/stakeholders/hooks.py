"""Let the apps that point at people answer for their own rows when a person changes.

Stakeholders owns the people; other apps hold rows that point at them (invitations, the
outbox). When two people are merged, or one is erased, stakeholders does not touch those
rows itself: it calls the functions each app registered here, in that app's
``AppConfig.ready()``, and each re-points or redacts its own rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learninglab.stakeholders.models import Stakeholder

MergeHook = Callable[..., None]  # called as hook(keep=..., remove=...)
EraseHook = Callable[..., None]  # called as hook(stakeholder=...)
RetentionRule = Callable[..., Iterable[int]]  # called as rule(now=...): ids of people

_on_merge: list[MergeHook] = []
_on_erase: list[EraseHook] = []
_retention: list[RetentionRule] = []


def register(
    *,
    on_merge: MergeHook | None = None,
    on_erase: EraseHook | None = None,
    retention: RetentionRule | None = None,
) -> None:
    """Have ``on_merge`` called on every merge and ``on_erase`` on every erasure.

    ``retention`` names people whom the app keeps for a shorter time than the directory
    does (``purge-inactive`` erases them). Registering the same function twice registers
    it once.
    """
    if on_merge is not None and on_merge not in _on_merge:
        _on_merge.append(on_merge)
    if on_erase is not None and on_erase not in _on_erase:
        _on_erase.append(on_erase)
    if retention is not None and retention not in _retention:
        _retention.append(retention)


def people_past_retention(*, now: datetime.datetime) -> set[int]:
    """Return the ids of the people an app's own retention rule says to erase at ``now``."""
    return {pk for rule in _retention for pk in rule(now=now)}


def run_merge(*, keep: Stakeholder, remove: Stakeholder) -> None:
    """Have every app move its rows from ``remove`` to ``keep``.

    Called inside the merging transaction, before ``remove`` is deleted; a hook that
    cannot move its rows raises a ``DomainError`` and the merge is undone.
    """
    for hook in _on_merge:
        hook(keep=keep, remove=remove)


def run_erase(*, stakeholder: Stakeholder) -> None:
    """Have every app redact what its rows hold about the person.

    Called inside the erasing transaction, while the person's details (their e-mail
    address, for one) are still there to find the rows by.
    """
    for hook in _on_erase:
        hook(stakeholder=stakeholder)
