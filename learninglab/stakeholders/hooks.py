"""Let the apps that point at people answer for their own rows when a person changes.

Stakeholders owns the people; other apps hold rows that point at them (invitations, the
outbox). When two people are merged, or one is erased, stakeholders does not touch those
rows itself: it calls the functions each app registered here, in that app's
``AppConfig.ready()``, and each re-points or redacts its own rows. The same way, each app
gives its part of a person's data export (``on_export``) and lists the places where other
people's free text mentions the person (``on_mentions``), for staff to review before an
erasure.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from learninglab.stakeholders.models import Stakeholder

MergeHook = Callable[..., None]  # called as hook(keep=..., remove=...)
EraseHook = Callable[..., None]  # called as hook(stakeholder=...)
RetentionRule = Callable[..., Iterable[int]]  # called as rule(now=...): ids of people
# Called as hook(stakeholder=...); returns the app's top-level keys of the export.
ExportHook = Callable[..., dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class Mention:
    """A free text of someone else that names the person: what it is, an excerpt, a page."""

    where: str
    excerpt: str
    url: str = ""


MentionsHook = Callable[..., list[Mention]]  # called as hook(stakeholder=...)

_on_merge: list[MergeHook] = []
_on_erase: list[EraseHook] = []
_on_export: list[ExportHook] = []
_on_mentions: list[MentionsHook] = []
_retention: list[RetentionRule] = []


def register(
    *,
    on_merge: MergeHook | None = None,
    on_erase: EraseHook | None = None,
    on_export: ExportHook | None = None,
    on_mentions: MentionsHook | None = None,
    retention: RetentionRule | None = None,
) -> None:
    """Have each hook given called on every merge, erasure, export or review of mentions.

    ``retention`` names people whom the app keeps for a shorter time than the directory
    does (``purge-inactive`` erases them). Registering the same function twice registers
    it once.
    """
    _add(_on_merge, on_merge)
    _add(_on_erase, on_erase)
    _add(_on_export, on_export)
    _add(_on_mentions, on_mentions)
    _add(_retention, retention)


def _add(registry: list[Any], hook: Callable[..., Any] | None) -> None:
    if hook is not None and hook not in registry:
        registry.append(hook)


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


def run_export(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Return every app's part of the person's data export, merged into one mapping.

    Each app answers with keys of its own (``invitations``, ``emails``); two apps giving
    the same key is a programming error.
    """
    parts: dict[str, Any] = {}
    for hook in _on_export:
        part = hook(stakeholder=stakeholder)
        clash = parts.keys() & part.keys()
        if clash:
            raise RuntimeError(f"Two apps export the same keys: {sorted(clash)}")
        parts.update(part)
    return parts


def run_mentions(*, stakeholder: Stakeholder) -> list[Mention]:
    """Return the places where other people's free text names the person."""
    return [mention for hook in _on_mentions for mention in hook(stakeholder=stakeholder)]
