"""Periodic jobs the worker runs, registered by each app in its ``ready()``.

A job is a function that does what is due now and returns how many things it handled;
the worker calls it every ``every`` seconds (0: on every round).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable


@dataclasses.dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[], int]
    every: float


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, run: Callable[[], int], *, every: float) -> None:
    """Register ``run`` under ``name``; registering a name again replaces the job."""
    _jobs[name] = PeriodicJob(name=name, run=run, every=every)


def registered() -> list[PeriodicJob]:
    """Return the registered jobs, in registration order."""
    return list(_jobs.values())
