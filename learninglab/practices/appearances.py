"""Where else a good practice appears: the labs that presented it, the actions it inspired.

The apps above practices hold those links (a lab's agenda item names the practice it
presents). The practice page asks them through this registry rather than importing them:
each registers a function that returns the appearances of one practice.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Model


@dataclasses.dataclass(frozen=True)
class Appearance:
    """One place a practice appears: what it is ("Lab"), its title, date and address."""

    kind: str
    title: str
    url: str
    date: datetime.date | None = None
    partner: Any = None


AppearancesOf = Callable[[Model, Any], list[Appearance]]
_appearances: list[AppearancesOf] = []


def on_appearances(finder: AppearancesOf) -> AppearancesOf:
    """Register ``finder(practice, user)``, which returns the practice's appearances that
    ``user`` may see (``None`` for the public). Usable as a decorator."""
    if finder not in _appearances:
        _appearances.append(finder)
    return finder


def appearances(practice: Model, user: Any = None) -> list[Appearance]:
    """Return every appearance of ``practice`` that ``user`` may see, newest first."""
    found = [item for finder in _appearances for item in finder(practice, user)]
    return sorted(found, key=lambda item: item.date or datetime.date.min, reverse=True)
