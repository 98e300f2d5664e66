"""Tell the apps above labs when two invitations of one person become one.

When two records of the same person are merged and both were invited to the same lab,
labs keeps one invitation (``invitations_combine``). Apps above labs hold rows that point
at invitations (the results app's feedback receipts); labs does not touch them: each
registers a function here, called before the dropped invitation is deleted, that moves
or drops its own rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from learninglab.labs.models import Invitation

CombineHook = Callable[..., None]  # called as hook(keep=..., drop=...)
_on_combine: list[CombineHook] = []


def on_invitations_combined(hook: CombineHook) -> CombineHook:
    """Register ``hook(keep=..., drop=...)``; registering it twice registers it once."""
    if hook not in _on_combine:
        _on_combine.append(hook)
    return hook


def invitations_combined(*, keep: Invitation, drop: Invitation) -> None:
    """Have every app move its rows from ``drop`` to ``keep`` (or drop them)."""
    for hook in _on_combine:
        hook(keep=keep, drop=drop)
