"""Benchmark the live wall: 300 phones posting and voting for two minutes, a projector watching.

Runs gunicorn with the production settings (2 workers) on a throw-away database: a
temporary SQLite file, or with ``--postgres`` a temporary database on the PostgreSQL
server of $DATABASE_URL. The phones join the session with its code, 50 a second (the
join page, the join, the wall: timed apart from the rest). Then each acts at a person's
pace: after a pause of 20 s on average (drawn at random) it posts an idea, votes for one
it saw, or now and then takes a vote back, as the page does with htmx; and like the page
it asks for its status line every 5 s, and now and then shows the new ideas. A projector
asks for its wall every second, like htmx in a browser with its cache (``If-None-Match``).

Measured: the latency of each kind of request, counted from the moment it was due (a
request that waits for a free client thread shows the wait); the time from a phone
sending an idea until the projector's wall holds it; and, as the baseline under the same
load at the same time, a bare view (``_live_wall_urls``) that every phone also calls
every 30 s. After the run the database is checked: no budget exceeded, one vote per idea
and person, every idea the server accepted stored.

    .venv/bin/python bench/live_wall.py [--phones 300] [--seconds 120] [--postgres]
"""

from __future__ import annotations

import argparse
import dataclasses
import heapq
import itertools
import os
import random
import re
import sys
import threading
import time
from collections import Counter
from typing import Any

from _goals import goal
from _live import (
    add_server_options,
    database_server,
    gunicorn,
    percentile,
    proxy_client,
    set_up_django,
    staff_cookie,
    throwaway_database,
    verdict,
    workspace,
)

from learninglab.server_testing import CSRF_FIELD

AIM_P95_MS = 300
AIM_PROJECTOR_S = 2.0
BUDGET = 3
IDEAS_EACH = 3  # at most, per phone
THINK_S = 20.0  # mean pause between two actions of a person
STATUS_EVERY_S = 5.0  # as the page's status line
BASELINE_EVERY_S = 30.0
PROJECTOR_EVERY_S = 1.0
JOINS_PER_SECOND = 50
CODE = "WQ7K23"

_VOTE_BUTTON = re.compile(r'name="vote" value="(\d+)"')
_SEEN = re.compile(r'id="live-seen" name="seen" value="(\d+)"')
_MARKER = re.compile(r"idea (\d+-\d+)\b")


# -- the data ----------------------------------------------------------------------------


def create_wall() -> dict[str, Any]:
    """Create a lab with an open live session and question, and a facilitator logged in."""
    from django.utils import timezone

    from learninglab.accounts.models import User
    from learninglab.cocreation.models import LiveSession, Prompt, PromptStatus
    from learninglab.core.roles import Role
    from learninglab.factories import ProjectFactory, TimisoaraFactory
    from learninglab.labs.tests.factories import LabFactory

    partner = TimisoaraFactory(project=ProjectFactory(acronym="BENCH"))
    lab = LabFactory(partner=partner, slug="wall", starts_at=timezone.now())
    session = LiveSession.objects.create(lab=lab, join_code=CODE, is_open=True, vote_budget=BUDGET)
    prompt = Prompt.objects.create(
        session=session,
        text={"en": "What would help your business in the Capital of Culture year?"},
        status=PromptStatus.OPEN,
    )
    user = User.objects.create_user(
        email="facilitator@example.org",
        password="not used, the session is made here",
        full_name="Facilitator",
        role=Role.FACILITATOR,
        partner=partner,
    )
    return {
        "session": session.pk,
        "prompt": prompt.pk,
        "lab": lab.slug,
        "staff_cookie": staff_cookie(user),
    }


def check_database(accepted_ideas: set[str]) -> list[str]:
    """Return what is wrong with the votes and ideas stored; nothing, if all is well."""
    from django.db.models import Count

    from learninglab.cocreation.models import Idea, Vote

    troubles = []
    over = Vote.objects.values("participant").annotate(n=Count("pk")).filter(n__gt=BUDGET)
    if over.exists():
        troubles.append(f"{over.count()} people have more than {BUDGET} votes")
    doubled = Vote.objects.values("participant", "idea").annotate(n=Count("pk")).filter(n__gt=1)
    if doubled.exists():
        troubles.append(f"{doubled.count()} people voted twice for an idea")
    stored = set(Idea.objects.values_list("text", flat=True))
    if accepted_ideas - stored:
        troubles.append(f"{len(accepted_ideas - stored)} accepted ideas are not stored")
    return troubles


# -- the phones --------------------------------------------------------------------------


@dataclasses.dataclass
class Phone:
    number: int
    cookie: str = ""
    csrf: str = ""
    ideas_posted: int = 0
    votes: set[int] = dataclasses.field(default_factory=set)
    seen: set[int] = dataclasses.field(default_factory=set)
    status_etag: str = ""
    version: int = 0  # of the newest change its list of ideas shows
    rng: random.Random = dataclasses.field(default_factory=random.Random)

    def headers(self, **extra: str) -> dict[str, str]:
        # The cookies are marked Secure: the client would not send them over plain HTTP.
        return {"Cookie": self.cookie, "X-CSRFToken": self.csrf, **extra}

    def read(self, html: str) -> None:
        """Learn the ideas a page or fragment shows, and the version of its list."""
        self.seen.update(int(pk) for pk in _VOTE_BUTTON.findall(html))
        found = _SEEN.search(html)
        if found:
            self.version = int(found.group(1))


def join(http: Any, phone: Phone) -> int:
    page = http.get(f"/join/{CODE}/")
    found = CSRF_FIELD.search(page.text)
    if page.status_code != 200 or not found:
        return page.status_code or 0
    csrf_cookie = page.cookies["csrftoken"]
    joined = http.post(
        f"/join/{CODE}/",
        data={"csrfmiddlewaretoken": found.group(1), "display_name": "", "language": "en"},
        headers={"Cookie": f"csrftoken={csrf_cookie}"},
    )
    if joined.status_code != 302:
        return joined.status_code
    phone.csrf = found.group(1)
    phone.cookie = f"csrftoken={csrf_cookie}; livewall={joined.cookies['livewall']}"
    page = http.get(joined.headers["Location"], headers=phone.headers())
    phone.read(page.text)
    return 302 if page.status_code == 200 else page.status_code


@dataclasses.dataclass
class Timing:
    kind: str
    latency: float
    status: int


class Wall:
    """What the phones and the projector share: the timings, and when each idea was sent."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.timings: list[Timing] = []
        self.sent: dict[str, float] = {}
        self.accepted: set[str] = set()
        self.shown: dict[str, float] = {}
        self.refused: Counter[str] = Counter()

    def record(self, kind: str, due: float, status: int) -> None:
        with self.lock:
            self.timings.append(Timing(kind, time.perf_counter() - due, status))

    def of(self, kind: str) -> list[Timing]:
        return [t for t in self.timings if t.kind == kind]


def act(http: Any, phone: Phone, wall: Wall, data: dict[str, Any], due: float) -> None:
    """Do what a person does next: post an idea, vote, or take a vote back."""
    rng = phone.rng
    votable = sorted(phone.seen - phone.votes)
    if phone.ideas_posted < IDEAS_EACH and (rng.random() < 0.45 or not votable):
        kind, marker = "post", f"{phone.number}-{phone.ideas_posted}"
        text = f"A shared stand at the festival for small firms, idea {marker} of the room"
        form = {"prompt": data["prompt"], "text": text, "seen": phone.version}
        form["csrfmiddlewaretoken"] = phone.csrf
        with wall.lock:
            wall.sent[marker] = time.perf_counter()
        response = http.post(f"/live/{CODE}/ideas/", data=form, headers=phone.headers(**HX))
        if response.status_code == 200 and "message-success" in response.text:
            phone.ideas_posted += 1
            with wall.lock:
                wall.accepted.add(text)
    elif len(phone.votes) < BUDGET and votable:
        kind, idea = "vote", rng.choice(votable)
        form = {"csrfmiddlewaretoken": phone.csrf, "vote": idea}
        response = http.post(f"/live/{CODE}/votes/", data=form, headers=phone.headers(**HX))
        if "message-success" in response.text:
            phone.votes.add(idea)
    elif phone.votes and rng.random() < 0.3:
        kind, idea = "withdraw", rng.choice(sorted(phone.votes))
        form = {"csrfmiddlewaretoken": phone.csrf, "unvote": idea}
        response = http.post(f"/live/{CODE}/votes/", data=form, headers=phone.headers(**HX))
        phone.votes.discard(idea)
    else:
        return  # nothing left to do this time
    wall.record(kind, due, response.status_code)
    if response.status_code == 200 and "message-error" in response.text:
        wall.refused[kind] += 1
    phone.read(response.text)


HX = {"HX-Request": "true"}


def poll_status(http: Any, phone: Phone, wall: Wall, data: dict[str, Any], due: float) -> None:
    """Ask for the status line, as the page does every 5 s, with the browser's ETag."""
    headers = phone.headers(**HX)
    if phone.status_etag:
        headers["If-None-Match"] = phone.status_etag
    params = {"prompt": data["prompt"], "seen": phone.version}
    response = http.get(f"/live/{CODE}/status/", params=params, headers=headers)
    phone.status_etag = response.headers.get("ETag", phone.status_etag)
    wall.record("status", due, response.status_code)
    if response.status_code == 200 and "new idea" in response.text and phone.rng.random() < 0.25:
        # The person taps "Show the new ideas" now and then: every 20 s or so in a busy room.
        tapped = time.perf_counter()
        shown = http.get(
            f"/live/{CODE}/ideas/new/", params={"seen": phone.version}, headers=phone.headers(**HX)
        )
        wall.record("new ideas", tapped, shown.status_code)
        phone.read(shown.text)


def ping_baseline(http: Any, phone: Phone, wall: Wall, data: dict[str, Any], due: float) -> None:
    form = {"csrfmiddlewaretoken": phone.csrf}
    response = http.post(
        f"/bench/live-baseline/{data['session']}/", data=form, headers=phone.headers()
    )
    wall.record("baseline", due, response.status_code)


EVENTS = {
    "act": (act, THINK_S),
    "status": (poll_status, STATUS_EVERY_S),
    "baseline": (ping_baseline, BASELINE_EVERY_S),
}


def run_phones(
    url: str, phones: list[Phone], wall: Wall, data: dict[str, Any], *, seconds: float, threads: int
) -> None:
    """Play every phone's events until ``seconds`` have passed, from ``threads`` threads.

    A queue of due events (when, which phone, what) is shared by the threads; a phone has
    one event of each kind in the queue at a time, so its requests of one kind never
    overlap, as on a phone.
    """
    start = time.perf_counter() + 0.5
    end = start + seconds
    queue: list[tuple[float, int, int, str]] = []
    order = itertools.count()
    for phone in phones:
        rng = phone.rng
        queue.append((start + rng.expovariate(1 / THINK_S), next(order), phone.number, "act"))
        queue.append((start + rng.uniform(0, STATUS_EVERY_S), next(order), phone.number, "status"))
        queue.append(
            (start + rng.uniform(0, BASELINE_EVERY_S), next(order), phone.number, "baseline")
        )
    heapq.heapify(queue)
    lock = threading.Lock()

    def work() -> None:
        with proxy_client(url) as http:
            while True:
                with lock:
                    if not queue or queue[0][0] >= end:
                        return
                    due, _n, number, kind = heapq.heappop(queue)
                time.sleep(max(0.0, due - time.perf_counter()))
                phone = phones[number]
                handler, every = EVENTS[kind]
                try:
                    handler(http, phone, wall, data, due)
                except Exception as error:  # a failed request is counted, not fatal
                    wall.record(kind, due, 0)
                    wall.refused[f"{kind}: {type(error).__name__}"] += 1
                pause = phone.rng.expovariate(1 / every) if kind == "act" else every
                with lock:
                    heapq.heappush(queue, (due + pause, next(order), number, kind))

    workers = [threading.Thread(target=work) for _n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def watch_projector(url: str, wall: Wall, data: dict[str, Any], stop: threading.Event) -> None:
    """Ask for the projector's wall every second, with the ETag the browser keeps."""
    etag = ""
    path = f"/labs/{data['lab']}/live/projector/wall/"
    with proxy_client(url) as http:
        due = time.perf_counter()
        while not stop.is_set():
            headers = {"Cookie": data["staff_cookie"], **HX}
            if etag:
                headers["If-None-Match"] = etag
            response = http.get(path, headers=headers)
            now = time.perf_counter()
            wall.record("projector", due, response.status_code)
            if response.status_code == 200:
                etag = response.headers.get("ETag", "")
                with wall.lock:
                    for marker in _MARKER.findall(response.text):
                        wall.shown.setdefault(marker, now)
            due += PROJECTOR_EVERY_S
            time.sleep(max(0.0, due - time.perf_counter()))


# -- the report --------------------------------------------------------------------------

KINDS = ("post", "vote", "withdraw", "status", "new ideas", "projector", "baseline")
OK = frozenset({200, 204, 304})


def row(label: str, timings: list[Timing], seconds: float, ok: frozenset[int] = OK) -> str:
    latencies = [t.latency for t in timings] or [0.0]
    errors = sum(t.status not in ok for t in timings)
    return (
        f"{label:<10} {len(timings):>7} {len(timings) / seconds:>7.1f}"
        f" {percentile(latencies, 0.5) * 1000:>7.0f} {percentile(latencies, 0.95) * 1000:>7.0f}"
        f" {percentile(latencies, 0.99) * 1000:>7.0f} {errors:>7}"
    )


def report(wall: Wall, args: argparse.Namespace, vendor: str, joins: list[Timing]) -> list[str]:
    """Print the figures; return what missed its aim."""
    print(
        f"Live wall: {vendor}, gunicorn {args.workers} workers x {args.threads} threads,"
        f" {args.phones} phones for {args.seconds:.0f} s, {os.cpu_count()} cores,"
        f" load average {os.getloadavg()[0]:.1f} at the end"
    )
    columns = ("count", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    header = f"{'request':<10} " + " ".join(f"{c:>7}" for c in columns)
    print(header)
    print("-" * len(header))
    join_seconds = max(1.0, args.phones / JOINS_PER_SECOND)
    print(row("join", joins, join_seconds, frozenset({302})))
    for kind in KINDS:
        print(row(kind, wall.of(kind), args.seconds))
    delays = [wall.shown[m] - wall.sent[m] for m in wall.shown if m in wall.sent]
    missing = len(wall.accepted) - len(delays)
    base = percentile([t.latency for t in wall.of("baseline")] or [1.0], 0.95)
    p95 = {k: percentile([t.latency for t in wall.of(k)] or [0.0], 0.95) for k in KINDS}
    print(
        f"p95 ratio to the baseline: post {p95['post'] / base:.1f}, vote {p95['vote'] / base:.1f}"
    )
    if delays:
        print(
            f"idea sent -> on the projector: p50 {percentile(delays, 0.5):.2f} s,"
            f" p95 {percentile(delays, 0.95):.2f} s, max {max(delays):.2f} s"
            f" ({len(delays)} ideas)"
        )
    if wall.refused:
        print(f"refused or failed: {dict(wall.refused)}")

    troubles = []
    for kind in ("post", "vote"):
        if not goal(
            "live_wall",
            f"p95 of a {kind}",
            f"{p95[kind] * 1000:.0f} ms",
            f"≤ {AIM_P95_MS} ms",
            met=p95[kind] * 1000 <= AIM_P95_MS,
        ):
            troubles.append(f"p95 of {kind} above {AIM_P95_MS} ms")
    projector = percentile(delays, 0.95) if delays else float("inf")
    if not goal(
        "live_wall",
        "idea sent → on the projector, p95",
        f"{projector:.2f} s",
        f"≤ {AIM_PROJECTOR_S:g} s",
        met=projector <= AIM_PROJECTOR_S,
    ):
        troubles.append(f"the projector took more than {AIM_PROJECTOR_S} s (p95)")
    if not goal(
        "live_wall", "accepted ideas missing on the projector", str(missing), "0", met=missing <= 0
    ):
        troubles.append(f"{missing} accepted ideas never reached the projector")
    errors = sum(t.status not in OK for t in wall.timings) + sum(t.status != 302 for t in joins)
    if not goal("live_wall", "failed requests", str(errors), "0", met=not errors):
        troubles.append(f"{errors} requests failed")
    return troubles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300, help="phones taking part")
    parser.add_argument("--seconds", type=float, default=120, help="length of the run")
    parser.add_argument("--clients", type=int, default=48, help="client threads for the phones")
    add_server_options(parser, workers=2, threads=8)
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    args.seconds = min(max(args.seconds, 5.0), 600.0)
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as database:
        env = set_up_django(database, folder, settings_module="_live_wall_settings")
        from django.db import connection

        data = create_wall()
        vendor = connection.vendor
        connection.close()
        phones = [Phone(number=n, rng=random.Random(n)) for n in range(args.phones)]
        wall = Wall()

        with gunicorn(env, folder, workers=args.workers, threads=args.threads) as server:
            joins = join_all(server.url, phones)
            stop = threading.Event()
            projector = threading.Thread(
                target=watch_projector, args=(server.url, wall, data, stop)
            )
            projector.start()
            try:
                run_phones(
                    server.url, phones, wall, data, seconds=args.seconds, threads=args.clients
                )
                time.sleep(AIM_PROJECTOR_S + 1)  # the last ideas reach the projector
            finally:
                stop.set()
                projector.join()
            server_errors = server.log_text().count("Internal Server Error")
            if server_errors:
                print(f"The server's log ends:\n{server.last_error()}")

        troubles = report(wall, args, vendor, joins)
        troubles += check_database(wall.accepted)
        if server_errors:
            troubles.append(f"{server_errors} server errors")
        return verdict(troubles)


def join_all(url: str, phones: list[Phone]) -> list[Timing]:
    """Let the phones join at most ``JOINS_PER_SECOND`` a second, as people scan the code."""
    timings: list[Timing] = []
    lock = threading.Lock()
    start = time.perf_counter()

    def one(phone: Phone) -> None:
        due = start + phone.number / JOINS_PER_SECOND
        time.sleep(max(0.0, due - time.perf_counter()))
        with proxy_client(url) as http:
            status = join(http, phone)
        with lock:
            timings.append(Timing("join", time.perf_counter() - due, status))

    threads = [threading.Thread(target=one, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


if __name__ == "__main__":
    sys.exit(main())
