"""Run every benchmark in this folder, each in its own process, and print its figures.

    .venv/bin/python bench/run.py [--only NAME ...] [options passed to every benchmark]

For example ``bench/run.py --postgres`` runs them all on a temporary PostgreSQL database
of the server in $DATABASE_URL, and ``bench/run.py --only stakeholder_list --runs 5`` runs
one. A benchmark is a module here, not starting with ``_``, with a ``main(argv) -> int``
that sets up its own throw-away database; each runs in a fresh interpreter because Django
is configured once per process. A benchmark exits non-zero when it misses its aim.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    return sorted(
        path
        for path in HERE.glob("*.py")
        if path.name != "run.py" and not path.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks in bench/.")
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    args, passed_on = parser.parse_known_args(argv)
    chosen = [path for path in benchmarks() if not args.only or path.stem in args.only]
    if not chosen:
        parser.error(f"no benchmark called {', '.join(args.only)}")
    failed = []
    for path in chosen:
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(path), *passed_on], check=False)
        elapsed = time.perf_counter() - started
        print(f"== {path.stem}: {elapsed:.0f} s, exit {result.returncode}\n", flush=True)
        if result.returncode:
            failed.append(path.stem)
    if failed:
        print(f"Failed or missed their aim: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
