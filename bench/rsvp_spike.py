"""Benchmark a spike of answers: 100 people accepting at once, each through their own link.

Runs gunicorn with the production settings (4 workers, as in the README) on a throw-away
database: a temporary SQLite file, or with ``--postgres`` a temporary database on the
PostgreSQL server of $DATABASE_URL. Each round measures, side by side:

* the answers: the clients, released together, send their share of acceptances (a POST
  each) into one lab with seats for half of them; just before, the same clients send the
  same requests to a bare view doing one indexed UPDATE (the baseline);
* the whole answer as a person gives it: each one loads their page, sends the form and
  follows the redirect to the page that thanks them (three requests), into a lab of its
  own; just before, the same three requests go to bare views that render the site's base
  layout with no content and do the same UPDATE (the bare flow).

The baselines exist only in the benchmark's URLs (``_bench_urls``). The server's
processor time per request is read from its workers' counters in /proc (the database
server's is not counted). Baselines and answers take turns for a few rounds, each with labs
of their own, and the medians of the rounds are compared.

    .venv/bin/python bench/rsvp_spike.py [--clients 100] [--per-client 5] [--postgres]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _goals import goal
from _live import (
    STEP_TIMEOUT,
    OpenForm,
    Run,
    add_server_options,
    baseline_path,
    closed_loop,
    create_lab,
    database_server,
    gunicorn,
    open_forms,
    proxy_client,
    rsvp_path,
    set_up_django,
    throwaway_database,
    workspace,
)

NAME = "rsvp_spike"
AIM_P99_MS = 300
AIM_RATIO = 0.6
AIM_FLOW_RATIO = 0.5
WARM_UP_REQUESTS = 40
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def bare_page_path(rsvp: str) -> str:
    """Return the bare page's path for the same invitation as the RSVP path ``rsvp``."""
    return "/bench/page/" + rsvp.removeprefix("/rsvp/")


# -- the server's processor time -----------------------------------------------------------


def server_cpu_seconds(master: int) -> float:
    """Return the processor time (user and system) gunicorn's workers have used so far."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        # After the name: state, ppid, ..., utime and stime are the 12th and 13th.
        if int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


@dataclasses.dataclass
class Measured:
    """A run and the server's processor time per request during it (ms)."""

    run: Run
    cpu_ms: float


def same_path(rsvp: str) -> str:
    return rsvp


def on(make: Callable[[str], str]) -> Callable[[OpenForm], str]:
    """Return where to send a form: ``make`` applied to its RSVP path."""
    return lambda form: make(form.path)


# -- the whole flow: the page, the answer, the page again ------------------------------------


def _cookies(form: OpenForm, extra: dict[str, str]) -> dict[str, str]:
    # The cookies are marked Secure: the client would not send them over plain HTTP itself.
    jar = {"csrftoken": form.csrf_cookie, **extra}
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in jar.items())}


def one_flow(http: Any, form: OpenForm, path: str) -> list[tuple[float, int, int]]:
    """Load the page, send the form, follow the redirect; return each request's latency,
    status and expected status (0: no answer)."""
    import httpx

    done: list[tuple[float, int, int]] = []
    sent = time.perf_counter()
    try:
        page = http.get(path, headers=_cookies(form, {}))
        done.append((time.perf_counter() - sent, page.status_code, 200))
        sent = time.perf_counter()
        posted = http.post(
            path,
            data={"csrfmiddlewaretoken": form.csrf_token, "answer": "attend", "note": ""},
            headers=_cookies(form, {}),
        )
        done.append((time.perf_counter() - sent, posted.status_code, 302))
        sent = time.perf_counter()
        messages = posted.cookies.get("messages")
        after = http.get(
            posted.headers.get("location", path),
            headers=_cookies(form, {"messages": messages} if messages else {}),
        )
        done.append((time.perf_counter() - sent, after.status_code, 200))
    except httpx.HTTPError:
        done.append((time.perf_counter() - sent, 0, -1))
    return done


def closed_flows(
    base_url: str, forms: list[OpenForm], *, clients: int, path: Callable[[OpenForm], str]
) -> Run:
    """Play every form's whole flow once from ``clients`` threads released together.

    A status is recorded as 1 when it is the one expected, so that ``Run.errors(1)``
    counts the others.
    """
    started: list[float] = []
    barrier = threading.Barrier(clients, action=lambda: started.append(time.perf_counter()))
    shares = [forms[i::clients] for i in range(clients)]

    def work(share: list[OpenForm]) -> list[tuple[float, int, int]]:
        done = []
        with proxy_client(base_url) as http:
            barrier.wait(timeout=STEP_TIMEOUT)
            for form in share:
                done += one_flow(http, form, path(form))
        return done

    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = [r for share in pool.map(work, shares) for r in share]
    wall = time.perf_counter() - started[0]
    statuses = [1 if status == expected else status for _, status, expected in results]
    return Run([r[0] for r in results], statuses, wall)


# -- the rounds ------------------------------------------------------------------------------


@dataclasses.dataclass
class Round:
    baseline: Measured
    answers: Measured
    bare_flow: Measured
    flow: Measured
    counts: Counter
    flow_counts: Counter

    @property
    def ratio(self) -> float:
        return self.answers.run.per_second / self.baseline.run.per_second

    @property
    def flow_ratio(self) -> float:
        return self.flow.run.per_second / self.bare_flow.run.per_second


COLUMNS = (
    ("base req/s", lambda r: r.baseline.run.per_second),
    ("base p99", lambda r: r.baseline.run.ms(0.99)),
    ("req/s", lambda r: r.answers.run.per_second),
    ("p50 ms", lambda r: r.answers.run.ms(0.5)),
    ("p99 ms", lambda r: r.answers.run.ms(0.99)),
    ("ratio", lambda r: r.ratio),
    ("bare flow req/s", lambda r: r.bare_flow.run.per_second),
    ("flow req/s", lambda r: r.flow.run.per_second),
    ("flow p99", lambda r: r.flow.run.ms(0.99)),
    ("flow ratio", lambda r: r.flow_ratio),
    ("cpu base", lambda r: r.baseline.cpu_ms),
    ("cpu POST", lambda r: r.answers.cpu_ms),
    ("cpu bare flow", lambda r: r.bare_flow.cpu_ms),
    ("cpu flow", lambda r: r.flow.cpu_ms),
)
TWO_DECIMALS = {"ratio", "flow ratio", "cpu base", "cpu POST", "cpu bare flow", "cpu flow"}


def line(label: str, values: list[float]) -> str:
    cells = " ".join(
        f"{v:>{len(name)}.{2 if name in TWO_DECIMALS else 0}f}"
        for (name, _), v in zip(COLUMNS, values, strict=True)
    )
    return f"{label:<7} {cells}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100, help="clients sending at once")
    parser.add_argument("--per-client", type=int, default=5, help="acceptances per client")
    parser.add_argument("--rounds", type=int, default=3, help="baselines and answers, in turn")
    add_server_options(parser, workers=4, threads=1)
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as database:
        env = set_up_django(database, folder)
        from django.db import connection

        from learninglab.labs.models import Invitation

        answers = args.clients * args.per_client
        seats = answers // 2
        rounds_of = range(1, args.rounds + 1)
        labs = [f"spike-{n}" for n in rounds_of] + [f"flow-{n}" for n in rounds_of]
        links = {
            slug: [rsvp_path(i) for i in create_lab(slug=slug, capacity=seats, people=answers)]
            for slug in labs
        }
        warm = [rsvp_path(i) for i in create_lab(slug="warm-up", capacity=None, people=40)]
        vendor = connection.vendor
        connection.close()

        def counts(slug: str) -> Counter:
            found = Counter(
                Invitation.objects.filter(lab__slug=slug).values_list("response", flat=True)
            )
            connection.close()
            return found

        rounds = []
        with gunicorn(env, folder, workers=args.workers, threads=args.threads) as server:
            forms = {slug: open_forms(server.url, paths) for slug, paths in links.items()}
            warm_forms = open_forms(server.url, warm)
            # Each worker's first requests compile templates and open connections.
            busy = args.workers * args.threads
            for warm_path in (baseline_path, bare_page_path, same_path):
                closed_flows(server.url, warm_forms, clients=busy, path=on(warm_path))
            closed_loop(server.url, warm_forms, clients=busy, path=on(baseline_path))

            def measure(
                play: Callable[..., Run], slug: str, path: Callable[[str], str]
            ) -> Measured:
                requests = answers * (3 if play is closed_flows else 1)
                before = server_cpu_seconds(server.pid)
                run = play(server.url, forms[slug], clients=args.clients, path=on(path))
                cpu_ms = (server_cpu_seconds(server.pid) - before) * 1000 / requests
                return Measured(run, cpu_ms)

            for n in rounds_of:
                spike, flow = f"spike-{n}", f"flow-{n}"
                baseline = measure(closed_loop, spike, baseline_path)
                answered = measure(closed_loop, spike, same_path)
                bare_flow = measure(closed_flows, flow, bare_page_path)
                whole = measure(closed_flows, flow, same_path)
                rounds.append(
                    Round(
                        baseline,
                        answered,
                        bare_flow,
                        whole,
                        counts(f"spike-{n}"),
                        counts(f"flow-{n}"),
                    )
                )
            server_errors = server.log_text().count("Internal Server Error")
            if server_errors:
                print(f"The server's log ends:\n{server.last_error()}")

        print(
            f"RSVP spike: {vendor}, gunicorn {args.workers} workers x {args.threads} threads, "
            f"{args.clients} clients x {args.per_client} acceptances into a lab of {seats} seats"
            f" (then as many whole answers: page, POST, page), {args.rounds} rounds, "
            f"{os.cpu_count()} cores; cpu: the server's ms of processor per request"
        )
        header = f"{'round':<7} " + " ".join(name for name, _ in COLUMNS)
        print(header)
        print("-" * len(header))
        for number, result in enumerate(rounds, 1):
            print(line(str(number), [value(result) for _, value in COLUMNS]))
        medians = [statistics.median(value(r) for r in rounds) for _, value in COLUMNS]
        print(line("median", medians))
        median = dict(zip((name for name, _ in COLUMNS), medians, strict=True))

        wrong = []
        for number, result in enumerate(rounds, 1):
            for label, found in (("answers", result.counts), ("whole answers", result.flow_counts)):
                recorded = found["attending"] + found["waitlisted"]
                if found["attending"] != seats or recorded != answers:
                    wrong.append(f"round {number}, {label}: {dict(found)}")
        errors = []
        for number, result in enumerate(rounds, 1):
            for label, run, expected in (
                ("baseline", result.baseline.run, 204),
                ("answers", result.answers.run, 302),
                ("bare flow", result.bare_flow.run, 1),
                ("whole flow", result.flow.run, 1),
            ):
                if run.errors(expected):
                    errors.append(f"round {number}, {label}: {run.unexpected(expected)}")
        for trouble in wrong + errors:
            print(f"  {trouble} (status 0: no answer; -1: the flow broke off)")

        rounds_said = f"median of {args.rounds} rounds"
        cpu = f"server cpu {median['cpu POST']:.2f} / {median['cpu base']:.2f} ms per request"
        flow_cpu = (
            f"server cpu {median['cpu flow']:.2f} / {median['cpu bare flow']:.2f} ms per request"
        )
        results = [
            goal(
                NAME,
                f"answers / bare UPDATE, req/s ({rounds_said}; {cpu})",
                f"{median['req/s']:.0f} / {median['base req/s']:.0f} = {median['ratio']:.2f}×",
                f"≥ {AIM_RATIO}×",
                met=median["ratio"] >= AIM_RATIO,
            ),
            goal(
                NAME,
                f"whole answer (page, POST, page) / bare flow, req/s ({rounds_said}; {flow_cpu})",
                f"{median['flow req/s']:.0f} / {median['bare flow req/s']:.0f}"
                f" = {median['flow ratio']:.2f}×",
                f"≥ {AIM_FLOW_RATIO}×",
                met=median["flow ratio"] >= AIM_FLOW_RATIO,
            ),
            goal(
                NAME,
                f"p99 of an answer at {args.clients} people at once ({rounds_said})",
                f"{median['p99 ms']:.0f} ms",
                f"≤ {AIM_P99_MS} ms",
                met=median["p99 ms"] <= AIM_P99_MS,
            ),
            goal(
                NAME,
                f"p99 of a request of the whole answer at {args.clients} people ({rounds_said})",
                f"{median['flow p99']:.0f} ms",
                f"≤ {AIM_P99_MS} ms",
                met=median["flow p99"] <= AIM_P99_MS,
            ),
            goal(
                NAME,
                "failed requests (every round)",
                str(len(errors) + server_errors),
                "0",
                met=not errors and not server_errors,
            ),
            goal(
                NAME,
                f"labs filled to exactly {seats} seats, the rest waiting (every round)",
                f"{2 * len(rounds) - len(wrong)} of {2 * len(rounds)}",
                "all",
                met=not wrong,
            ),
        ]
        return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
