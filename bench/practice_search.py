"""Benchmark the search of good practices with 5,000 practices against a baseline of 50.

Builds a throw-away database (a temporary SQLite file, or with ``--postgres`` a temporary
database on the server of $DATABASE_URL), migrates it and fills it with 50 practices of
five partners, written in their languages and in English. It times the catalogue's and
the staff list's requests through the Django test client: that is the baseline. Then it
adds practices up to 5,000 and times the same requests again, in the same run, on the
same database.

    .venv/bin/python bench/practice_search.py [--runs 30] [--practices 5000] [--postgres]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from _goals import goal
from _live import add_database_option, database_server, percentile, throwaway_database, workspace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE_PRACTICES = 50
# A request whose median is above this multiple of the baseline's does not scale. (The
# aim is on the medians: on a shared machine a p95 of 30 requests moves with the load.)
SLOW_RATIO = 5.0
# Share of the practices that are not published (drafts, submitted, returned).
UNPUBLISHED_SHARE = 0.15

CATALOGUE = "/practices/"
STAFF_LIST = "/practices/manage/"
# (label, address, whether the coordinator asks it on the staff list)
CASES = [
    ("catalogue, first page", CATALOGUE, False),
    ("catalogue, page 10", f"{CATALOGUE}?page=10", False),
    ("search cultur (prefix)", f"{CATALOGUE}?q=cultur", False),
    ("search građane", f"{CATALOGUE}?q=gra%C4%91ane", False),
    ("search gradane", f"{CATALOGUE}?q=gradane", False),
    ("search two words", f"{CATALOGUE}?q=capital+culture", False),
    ("search rare word", f"{CATALOGUE}?q=falegnameria", False),
    ("search + filters", f"{CATALOGUE}?q=ideeen&country=NL&progress=completed", False),
    ("sort by title (ro)", f"{CATALOGUE}?sort=title&lang=ro", False),
    ("search, by title", f"{CATALOGUE}?q=design&sort=title", False),
    ("filter year 2019", f"{CATALOGUE}?active_in=2019&topic=sme_competitiveness", False),
    ("staff list", STAFF_LIST, True),
    ("staff list search", f"{STAFF_LIST}?q=mestesug", True),
]


def set_up_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # lets the test client in ("testserver"), keeps mail local
    call_command("migrate", verbosity=0, interactive=False)


# --- the data ---------------------------------------------------------------------------


def sentence_pools() -> dict[str, list[str]]:
    """Return the corpus's sentences by language, to write new practices from."""
    from learninglab.practices.tests.search_corpus import PRACTICES

    pools: dict[str, list[str]] = {}
    for spec in PRACTICES:
        for name in ("summary", "problem", "activities", "evidence"):
            for language, text in spec.get(name, {}).items():
                pools.setdefault(language, []).extend(
                    sentence.strip() + "." for sentence in text.split(".") if len(sentence) > 20
                )
    return pools


class Writer:
    """Writes practices like the corpus's: each partner's in its language and English."""

    def __init__(self, project, rng: random.Random) -> None:
        from learninglab.practices.tests.search_corpus import PRACTICES, corpus_partners

        self.rng = rng
        self.partners = corpus_partners(project)
        self.specs = [spec for spec in PRACTICES if "status" not in spec]
        self.pools = sentence_pools()
        self.count = 0

    def _text(self, language: str, sentences: int) -> str:
        return " ".join(self.rng.sample(self.pools[language], sentences))

    def practices(self, number: int) -> list:
        from learninglab.practices.models import PracticeStatus, Progress, Topic
        from learninglab.practices.tests.search_corpus import practice_from

        made = []
        for _ in range(number):
            self.count += 1
            rng, spec = self.rng, self.rng.choice(self.specs)
            partner = self.partners[spec["partner"]]
            local = partner.languages[0]
            started = datetime.date(rng.randint(2010, 2024), rng.randint(1, 12), 1)
            completed = rng.random() < 0.35
            ended = started + datetime.timedelta(days=rng.randint(200, 1500)) if completed else None
            texts = {
                name: {local: self._text(local, 2), "en": self._text("en", 2)}
                for name in ("summary", "problem", "activities", "evidence")
            }
            title = {code: f"{text} ({self.count})" for code, text in spec["title"].items()}
            practice = practice_from(
                {
                    **spec,
                    **texts,
                    "title": title,
                    "slug": f"practice-{self.count}",
                    "started_on": started,
                    "ended_on": ended,
                    "progress": Progress.COMPLETED if completed else Progress.ONGOING,
                    "published": started + datetime.timedelta(days=rng.randint(30, 900)),
                    "validated": rng.random() < 0.1,
                },
                partner,
            )
            if rng.random() < UNPUBLISHED_SHARE:
                practice.status = rng.choice(
                    [PracticeStatus.DRAFT, PracticeStatus.SUBMITTED, PracticeStatus.RETURNED]
                )
                practice.published_at = None
            practice.topics_chosen = rng.sample(list(Topic.values), rng.randint(1, 2))
            made.append(practice)
        return made

    def add(self, number: int) -> None:
        from learninglab.practices.models import GoodPractice, PracticeTopic

        practices = self.practices(number)
        GoodPractice.objects.bulk_create(practices, batch_size=500)  # the index follows
        PracticeTopic.objects.bulk_create(
            (
                PracticeTopic(practice=practice, topic=topic)
                for practice in practices
                for topic in practice.topics_chosen
            ),
            batch_size=1000,
        )


# --- the measurement --------------------------------------------------------------------


@dataclass
class Figures:
    median_ms: float
    p95_ms: float
    queries: int
    status: int
    found: str


ROUNDS = 3


def measure_all(clients, runs: int) -> dict[str, Figures]:
    """Time every case ``runs`` times, in rounds that go through all the cases in turn:
    a moment when the machine is busy then slows every case a little, not one a lot."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = {}
    for label, url, staff in CASES:
        with CaptureQueriesContext(connection) as captured:
            response = clients[staff].get(url)  # also warms caches, templates, the database
        heading = re.search(r"(\d+) (?:good )?practices?<", response.content.decode())
        first[label] = (len(captured), heading.group(1) if heading else "?")
    timings: dict[str, list[float]] = {label: [] for label, _url, _staff in CASES}
    statuses = {}
    for round_ in range(ROUNDS):
        for label, url, staff in CASES:
            for _run in range(runs // ROUNDS + (round_ < runs % ROUNDS)):
                start = time.perf_counter()
                response = clients[staff].get(url)
                timings[label].append((time.perf_counter() - start) * 1000)
                statuses[label] = response.status_code
    return {
        label: Figures(
            median_ms=statistics.median(timings[label]),
            p95_ms=percentile(timings[label], 0.95),
            queries=first[label][0],
            status=statuses[label],
            found=first[label][1],
        )
        for label, _url, _staff in CASES
    }


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a live database would have


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per case")
    parser.add_argument("--practices", type=int, default=5000, help="practices in the end")
    add_database_option(parser)
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as url:
        set_up_django(url)
        from django.db import connection
        from django.test import Client

        from learninglab.accounts.models import User
        from learninglab.conftest import verify_session
        from learninglab.core.roles import Role
        from learninglab.factories import PartnerFactory, ProjectFactory

        project = ProjectFactory(acronym="BENCH")
        lead = PartnerFactory(project=project, slug="lead", city="Joensuu", role="lead")
        coordinator = User.objects.create_user(
            "coordinator@bench.example.org",
            "bench password 1",
            full_name="Coordinator",
            role=Role.COORDINATOR,
            partner=lead,
        )
        clients = {False: Client(), True: Client()}
        clients[True].force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
        verify_session(clients[True], coordinator)

        writer = Writer(project, random.Random(2019))
        writer.add(BASELINE_PRACTICES)
        analyse()
        base = measure_all(clients, args.runs)

        started = time.perf_counter()
        writer.add(args.practices - BASELINE_PRACTICES)
        analyse()
        seeded = time.perf_counter() - started
        full = measure_all(clients, args.runs)

        print(
            f"practice search: {connection.vendor}, {args.practices} practices against "
            f"{BASELINE_PRACTICES}, {args.runs} runs per request (added in {seeded:.1f} s)"
        )
        header = (
            f"{'request':<24} {'50: median':>10} {'p95':>6} {'SQL':>4} {'found':>5}"
            f" {f'{args.practices}: median':>12} {'p95':>6} {'SQL':>4} {'found':>5}"
            f" {'ratio':>6} {'p95 ratio':>9}"
        )
        print(header)
        print("-" * len(header))
        troubles = []
        for label, _url, _staff in CASES:
            small, big = base[label], full[label]
            if small.status != 200 or big.status != 200:
                troubles.append(f"{label}: HTTP {small.status} / {big.status}")
                goal(
                    "practice_search",
                    label,
                    f"HTTP {small.status} / {big.status}",
                    "HTTP 200",
                    met=False,
                )
                continue
            ratio = big.median_ms / small.median_ms
            flags = []
            if ratio > SLOW_RATIO:
                flags.append("SLOW")
            # The baseline finds few enough to draw the map (one query more): the count
            # must not grow with the practices, whatever the page draws.
            if big.queries > small.queries:
                flags.append("MORE SQL")
            if flags:
                troubles.append(f"{label} ({', '.join(flags)})")
            goal(
                "practice_search",
                f"{label}: median at {args.practices} / at {BASELINE_PRACTICES} practices",
                f"{ratio:.1f}×, SQL {small.queries}→{big.queries}",
                f"≤ {SLOW_RATIO:g}×, no more SQL",
                met=not flags,
            )
            print(
                f"{label:<24} {small.median_ms:>7.1f} ms {small.p95_ms:>6.1f} {small.queries:>4}"
                f" {small.found:>5} {big.median_ms:>9.1f} ms {big.p95_ms:>6.1f} {big.queries:>4}"
                f" {big.found:>5} {ratio:>5.1f}x {big.p95_ms / small.p95_ms:>8.1f}x"
                f"{'  ' + ' '.join(flags) if flags else ''}"
            )
        if troubles:
            print(
                f"Trouble: {'; '.join(troubles)} (a request's median should stay under "
                f"{SLOW_RATIO:g}x the baseline's, with no more SQL queries)."
            )
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
