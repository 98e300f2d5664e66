"""Benchmark a spike of answers: 100 people accepting at once, each through their own link.

Runs gunicorn with the production settings (4 workers, as in the README) on a throw-away
database: a temporary SQLite file, or with ``--postgres`` a temporary database on the
PostgreSQL server of $DATABASE_URL. The clients, released together, send their share of
acceptances into one lab with seats for half of them; just before, the same clients send
the same requests to a bare view doing one indexed UPDATE (the baseline, which exists only
in the benchmark's URLs, ``_bench_urls``). Baseline and answers take turns for a few rounds,
each round with a lab of its own, and the medians of the rounds are compared.

    .venv/bin/python bench/rsvp_spike.py [--clients 100] [--per-client 5] [--postgres]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
from collections import Counter

from _live import (
    Run,
    add_server_options,
    baseline_path,
    closed_loop,
    create_lab,
    database_server,
    gunicorn,
    open_forms,
    rsvp_path,
    set_up_django,
    throwaway_database,
    verdict,
    workspace,
)

AIM_P99_MS = 300
AIM_RATIO = 0.6
AIM_ACCEPTED_PER_SECOND = 50
WARM_UP_REQUESTS = 40


@dataclasses.dataclass
class Round:
    baseline: Run
    answers: Run
    counts: Counter

    @property
    def ratio(self) -> float:
        return self.answers.per_second / self.baseline.per_second

    @property
    def accepted_per_second(self) -> float:
        return (self.counts["attending"] + self.counts["waitlisted"]) / self.answers.wall


COLUMNS = (
    ("base req/s", lambda r: r.baseline.per_second),
    ("base p50", lambda r: r.baseline.ms(0.5)),
    ("base p99", lambda r: r.baseline.ms(0.99)),
    ("req/s", lambda r: r.answers.per_second),
    ("p50 ms", lambda r: r.answers.ms(0.5)),
    ("p95 ms", lambda r: r.answers.ms(0.95)),
    ("p99 ms", lambda r: r.answers.ms(0.99)),
    ("ratio", lambda r: r.ratio),
    ("accepted/s", lambda r: r.accepted_per_second),
)


def line(label: str, values: list[float]) -> str:
    cells = " ".join(
        f"{v:>{len(name)}.{2 if name == 'ratio' else 0}f}"
        for (name, _), v in zip(COLUMNS, values, strict=True)
    )
    return f"{label:<7} {cells}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100, help="clients sending at once")
    parser.add_argument("--per-client", type=int, default=5, help="acceptances per client")
    parser.add_argument("--rounds", type=int, default=3, help="baseline and answers, in turn")
    add_server_options(parser, workers=4, threads=1)
    args = parser.parse_args(argv)
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as database:
        env = set_up_django(database, folder)
        from django.db import connection

        from learninglab.labs.models import Invitation

        answers = args.clients * args.per_client
        seats = answers // 2
        labs = [f"spike-{n}" for n in range(1, args.rounds + 1)]
        links = {
            slug: [rsvp_path(i) for i in create_lab(slug=slug, capacity=seats, people=answers)]
            for slug in labs
        }
        warm = [rsvp_path(i) for i in create_lab(slug="warm-up", capacity=None, people=40)]
        vendor = connection.vendor
        connection.close()

        rounds = []
        with gunicorn(env, folder, workers=args.workers, threads=args.threads) as server:
            forms = {slug: open_forms(server.url, paths) for slug, paths in links.items()}
            warm_forms = open_forms(server.url, warm)
            # Each worker's first requests compile templates and open connections.
            busy = args.workers * args.threads
            closed_loop(server.url, warm_forms, clients=busy, path=lambda f: baseline_path(f.path))
            closed_loop(server.url, warm_forms, clients=busy, path=lambda f: f.path)

            for slug in labs:
                baseline = closed_loop(
                    server.url,
                    forms[slug],
                    clients=args.clients,
                    path=lambda f: baseline_path(f.path),
                )
                answered = closed_loop(
                    server.url, forms[slug], clients=args.clients, path=lambda f: f.path
                )
                counts = Counter(
                    Invitation.objects.filter(lab__slug=slug).values_list("response", flat=True)
                )
                connection.close()
                rounds.append(Round(baseline, answered, counts))
            server_errors = server.log_text().count("Internal Server Error")
            if server_errors:
                print(f"The server's log ends:\n{server.last_error()}")

        print(
            f"RSVP spike: {vendor}, gunicorn {args.workers} workers x {args.threads} threads, "
            f"{args.clients} clients x {args.per_client} acceptances into a lab of {seats} seats, "
            f"{args.rounds} rounds, {os.cpu_count()} cores"
        )
        header = f"{'round':<7} " + " ".join(name for name, _ in COLUMNS)
        print(header)
        print("-" * len(header))
        for number, result in enumerate(rounds, 1):
            print(line(str(number), [value(result) for _, value in COLUMNS]))
        medians = [statistics.median(value(r) for r in rounds) for _, value in COLUMNS]
        print(line("median", medians))
        median = dict(zip((name for name, _ in COLUMNS), medians, strict=True))

        troubles = []
        for number, result in enumerate(rounds, 1):
            recorded = result.counts["attending"] + result.counts["waitlisted"]
            if result.counts["attending"] != seats or recorded != answers:
                troubles.append(f"round {number}: {dict(result.counts)}, expected {seats} seats")
            for label, run, expected in (
                ("baseline", result.baseline, 204),
                ("answers", result.answers, 302),
            ):
                if run.errors(expected):
                    troubles.append(
                        f"round {number}, {label}: HTTP status {run.unexpected(expected)}"
                        " (0: no answer)"
                    )
        if server_errors:
            troubles.append(f"{server_errors} server errors")
        if median["p99 ms"] > AIM_P99_MS:
            troubles.append(f"p99 above {AIM_P99_MS} ms")
        if median["ratio"] < AIM_RATIO:
            troubles.append(f"ratio below {AIM_RATIO}")
        if median["accepted/s"] < AIM_ACCEPTED_PER_SECOND:
            troubles.append(f"fewer than {AIM_ACCEPTED_PER_SECOND} accepted RSVPs per second")
        return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main())
