"""What came out of a lab: the actions of action plans built on its ideas.

The apps above labs hold those links (an action keeps the live-wall ideas behind it). The
lab's staff page and its public results page ask them through this registry rather than
importing them: each registers a function that returns the outcomes of one lab.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.db.models import Model


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One thing that came out of a lab: what it is ("Action"), its title, where it is
    read, the partner (city) it belongs to and, when it has one, its status."""

    kind: str
    title: str
    url: str
    partner: Any = None
    status: str = ""


OutcomesOf = Callable[[Model, Any], list[Outcome]]
_outcomes: list[OutcomesOf] = []


def on_outcomes(finder: OutcomesOf) -> OutcomesOf:
    """Register ``finder(lab, user)``, which returns the lab's outcomes that ``user`` may
    see (``None`` for the public). Usable as a decorator."""
    if finder not in _outcomes:
        _outcomes.append(finder)
    return finder


def outcomes(lab: Model, user: Any = None) -> list[Outcome]:
    """Return every outcome of ``lab`` that ``user`` may see, in the order found."""
    return [item for finder in _outcomes for item in finder(lab, user)]
