"""Run every benchmark in this folder, each in its own process, and print its goals.

    .venv/bin/python bench/run.py [--only NAME ...] [--databases sqlite,postgres] [options]

``bench/run.py --databases sqlite,postgres`` runs them all on SQLite, then on a temporary
PostgreSQL database of the server in $DATABASE_URL; ``bench/run.py --only stakeholder_list
--runs 5`` runs one on SQLite. With ``--databases auto`` (what ``make bench`` asks) PostgreSQL
is used when $DATABASE_URL names a PostgreSQL server, and left out with a line saying so
otherwise. A benchmark is a module here, not starting with ``_``, with a ``main(argv) ->
int`` that sets up its own throw-away database; each runs in a fresh interpreter because
Django is configured once per process. Other options are passed on to every benchmark.

Each benchmark prints one ``GOAL`` line per aim (see ``_goals.py``); at the end this prints
them all again as one table, pass or FAIL per line, and exits non-zero if any failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from _goals import parse

HERE = Path(__file__).resolve().parent
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def benchmarks() -> list[Path]:
    return sorted(
        path
        for path in HERE.glob("*.py")
        if path.name != "run.py" and not path.name.startswith("_")
    )


def has_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def chosen_databases(asked: str, parser: argparse.ArgumentParser) -> list[str]:
    if asked == "auto":
        if has_postgres():
            return ["sqlite", "postgres"]
        print("PostgreSQL left out: set DATABASE_URL=postgres://user@host:port/db to include it.")
        return ["sqlite"]
    names = [name.strip() for name in asked.split(",") if name.strip()]
    unknown = [name for name in names if name not in DATABASES]
    if unknown or not names:
        parser.error(f"--databases takes sqlite, postgres or both, not {asked!r}")
    if "postgres" in names and not has_postgres():
        parser.error("PostgreSQL needs DATABASE_URL=postgres://user@host:port/db")
    return names


def run_one(path: Path, database: str, passed_on: list[str]) -> tuple[int, list[tuple[str, ...]]]:
    """Run one benchmark, echoing what it prints; return its exit status and its goals."""
    options = ["--postgres"] if database == "postgres" else []
    env = {**os.environ, "LEARNINGLAB_BENCH_DATABASE": DATABASES[database], "PYTHONUNBUFFERED": "1"}
    goals = []
    with subprocess.Popen(
        [sys.executable, str(path), *options, *passed_on],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            parsed = parse(line)
            if parsed:
                goals.append((DATABASES[database], *parsed))
    return process.returncode, goals


def print_summary(goals: list[tuple[str, ...]]) -> None:
    if not goals:
        return
    headers = ("", "database", "benchmark", "goal", "figure", "aim")
    rows = [
        (outcome, database, benchmark, what, figure, aim)
        for database, outcome, benchmark, what, figure, aim in goals
    ]
    widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]
    print("== Goals")
    for row in (headers, *rows):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
    met = sum(1 for row in rows if row[0] == "pass")
    print(f"{met} of {len(rows)} goals met.")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks in bench/.")
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    parser.add_argument(
        "--databases", default="sqlite", help="sqlite, postgres, both comma-separated, or auto"
    )
    args, passed_on = parser.parse_known_args(argv)
    if "--postgres" in passed_on:  # the older spelling
        passed_on.remove("--postgres")
        args.databases = "postgres"
    chosen = [path for path in benchmarks() if not args.only or path.stem in args.only]
    if not chosen:
        parser.error(f"no benchmark called {', '.join(args.only)}")
    failed = []
    goals: list[tuple[str, ...]] = []
    for database in chosen_databases(args.databases, parser):
        for path in chosen:
            print(f"== {path.stem} on {DATABASES[database]}", flush=True)
            started = time.perf_counter()
            status, found = run_one(path, database, passed_on)
            goals.extend(found)
            elapsed = time.perf_counter() - started
            print(
                f"== {path.stem} on {DATABASES[database]}: {elapsed:.0f} s, exit {status}\n",
                flush=True,
            )
            if status:
                failed.append(f"{path.stem} ({DATABASES[database]})")
    print_summary(goals)
    if failed:
        print(f"Failed or missed their aim: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
