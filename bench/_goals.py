"""One printed line per goal of a benchmark, which ``bench/run.py`` gathers into its summary.

A benchmark calls :func:`goal` once for each aim it checks, with the figure it measured
(a median of its rounds) and the aim in words, and exits non-zero when any goal failed::

    GOAL pass | rsvp_spike | answers / bare UPDATE (median of 3 rounds) | 0.64× | aim ≥ 0.6×

The line is meant for people first; the ``GOAL`` mark and the ``|`` separators let the
runner pick it out of everything else the benchmark prints.
"""

from __future__ import annotations

import os

MARK = "GOAL"
SEPARATOR = " | "


def database_name() -> str:
    """ "PostgreSQL" or "SQLite": the database the benchmark runs on, as the runner says."""
    return os.environ.get("LEARNINGLAB_BENCH_DATABASE", "")


def goal(benchmark: str, what: str, figure: str, aim: str, *, met: bool) -> bool:
    """Print one goal's line; return whether it was met."""
    outcome = "pass" if met else "FAIL"
    print(
        MARK,
        outcome + SEPARATOR + SEPARATOR.join((benchmark, what, figure, "aim " + aim)),
        flush=True,
    )
    return met


def parse(line: str) -> tuple[str, str, str, str, str] | None:
    """Split a printed goal line into (outcome, benchmark, what, figure, aim), or None."""
    if not line.startswith(MARK + " "):
        return None
    parts = line[len(MARK) + 1 :].rstrip("\n").split(SEPARATOR)
    if len(parts) != 5:
        return None
    outcome, benchmark, what, figure, aim = parts
    return outcome, benchmark, what, figure, aim.removeprefix("aim ")
