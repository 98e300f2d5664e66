"""Benchmark the API's lists at 50,000 people against a group of 1,000.

Builds a throw-away database (a temporary SQLite file, or with ``--postgres`` a temporary
database on the PostgreSQL server of $DATABASE_URL) with the production settings. One
partner's group holds ``--people`` people, inserted in bulk, and a lab inviting
``--invitations`` of them (a third attending, half of those checked in); another's holds
1,000 people and a lab inviting a tenth as many. Each group's staff member calls the API's
lists with a personal token, in this process, in interleaved rounds (the small group, then
the big one, list by list): the people, the people filtered, the labs, a lab's invitations
and its check-ins. Every list must make as many queries at 50,000 people as at 1,000, and
answer its first page in 200 ms or less (median).

    .venv/bin/python bench/api_lists.py [--runs 10] [--rounds 3] [--people 50000]
        [--invitations 5000] [--postgres]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

from _goals import goal
from _live import database_server, set_up_django, throwaway_database, verdict, workspace

AIM_MEDIAN_MS = 200
SMALL_PEOPLE = 1_000


@dataclass(frozen=True)
class Group:
    slug: str
    people: int
    key: str  # the staff member's token
    lab: str


def fill_group(*, slug: str, people: int, invitations: int) -> Group:
    """Create a partner with ``people`` people, a lab inviting ``invitations`` of them, and
    a staff member's read token."""
    from django.utils import timezone

    from learninglab.accounts.models import User
    from learninglab.accounts.tokens import api_token_create
    from learninglab.core.roles import Role
    from learninglab.factories import PartnerFactory, ProjectFactory
    from learninglab.labs.models import CheckIn, Invitation, Response
    from learninglab.labs.tests.factories import LabFactory, people_in_bulk

    partner = PartnerFactory(project=ProjectFactory(acronym=f"BENCH-{slug}"), slug=slug, city=slug)
    staff = User.objects.create_user(
        f"staff@{slug}.example.org",
        "bench password 1",
        full_name=f"Staff {slug}",
        role=Role.PARTNER_STAFF,
        partner=partner,
    )
    guests = people_in_bulk(partner, count=people, email_prefix=slug)
    lab = LabFactory(partner=partner, slug=f"{slug}-lab")
    for n in range(9):
        LabFactory(partner=partner, slug=f"{slug}-lab-{n}")
    invited = Invitation.objects.bulk_create(
        (
            Invitation(
                lab=lab,
                stakeholder=guest,
                language=guest.language,
                response=Response.ATTENDING if n % 3 == 0 else Response.PENDING,
            )
            for n, guest in enumerate(guests[:invitations])
        ),
        batch_size=2000,
    )
    now = timezone.now()
    CheckIn.objects.bulk_create(
        (CheckIn(invitation=i, checked_in_at=now) for n, i in enumerate(invited) if n % 6 == 0),
        batch_size=2000,
    )
    _token, key = api_token_create(actor=None, owner=staff, name="bench")
    return Group(slug=slug, people=people, key=key, lab=lab.slug)


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def lists(group: Group) -> dict[str, str]:
    from django.urls import reverse

    return {
        "people": reverse("api:stakeholders"),
        "people, filtered": reverse("api:stakeholders")
        + "?consent=unknown&updated_since=2000-01-01T00:00:00Z",
        "people, by last change": reverse("api:stakeholders") + "?ordering=-updated_at",
        "labs": reverse("api:labs"),
        "a lab's invitations": reverse("api:lab_invitations", args=[group.lab]),
        "a lab's check-ins": reverse("api:lab_checkins", args=[group.lab]) + "?arrived=true",
    }


def client_of(group: Group) -> Any:
    from django.test import Client

    return Client(
        HTTP_HOST="127.0.0.1",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_AUTHORIZATION=f"Bearer {group.key}",
    )


def count_queries(client: Any, url: str) -> tuple[int, int]:
    """Return the status and the queries of one call of ``url``, after a first call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


def time_list(client: Any, url: str, runs: int) -> tuple[list[float], set[int]]:
    timings, statuses = [], set()
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    return timings, statuses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="calls per list, group and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--people", type=int, default=50_000, help="size of the big group")
    parser.add_argument("--invitations", type=int, default=5_000, help="the big lab's")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="use a temporary database on the PostgreSQL server of $DATABASE_URL",
    )
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as database:
        # Calls come as fast as the machine answers: no rate limit in the way.
        set_up_django(database, folder, API_REQUESTS_PER_MINUTE="100000000")
        from django.db import connection

        started = time.perf_counter()
        big = fill_group(slug="big", people=args.people, invitations=args.invitations)
        small = fill_group(
            slug="small",
            people=SMALL_PEOPLE,
            invitations=max(1, args.invitations * SMALL_PEOPLE // args.people),
        )
        analyse()
        built = time.perf_counter() - started
        vendor = connection.vendor
        clients = {group.slug: client_of(group) for group in (small, big)}
        names = list(lists(big))
        queries = {
            name: [count_queries(clients[g.slug], lists(g)[name]) for g in (small, big)]
            for name in names
        }
        medians: dict[str, dict[str, list[float]]] = {n: {"small": [], "big": []} for n in names}
        statuses: dict[str, set[int]] = {name: set() for name in names}
        for _round in range(args.rounds):
            for name in names:
                for group in (small, big):
                    timings, seen = time_list(clients[group.slug], lists(group)[name], args.runs)
                    medians[name][group.slug].append(statistics.median(timings))
                    statuses[name] |= seen

    print(
        f"API lists: {vendor}, {args.people:,} people against {SMALL_PEOPLE:,}, in process;"
        f" {args.rounds} rounds of {args.runs} calls per list and group"
        f" (data built in {built:.0f} s)"
    )
    header = f"{'list':<24} {'1k ms':>7} {'big ms':>7} {'ratio':>6} {'SQL 1k':>7} {'SQL big':>8}"
    print(header)
    print("-" * len(header))
    troubles = []
    for name in names:
        small_ms = statistics.median(medians[name]["small"])
        big_ms = statistics.median(medians[name]["big"])
        (small_status, small_queries), (big_status, big_queries) = queries[name]
        print(
            f"{name:<24} {small_ms:>7.1f} {big_ms:>7.1f} {big_ms / small_ms:>5.2f}×"
            f" {small_queries:>7} {big_queries:>8}"
        )
        if statuses[name] != {200} or {small_status, big_status} != {200}:
            troubles.append(f"{name}: HTTP {sorted(statuses[name])}")
        thousands = args.people // 1000
        if not goal(
            "api_lists",
            f"{name}, median at {thousands}k people (median of {args.rounds} rounds)",
            f"{big_ms:.0f} ms ({big_ms / small_ms:.2f}× the 1k group's)",
            f"≤ {AIM_MEDIAN_MS} ms",
            met=big_ms <= AIM_MEDIAN_MS,
        ):
            troubles.append(f"{name} {big_ms:.0f} ms")
        if not goal(
            "api_lists",
            f"{name}, queries at {thousands}k people against 1k",
            f"{big_queries} against {small_queries}",
            "equal",
            met=big_queries == small_queries,
        ):
            troubles.append(f"{name}: {big_queries} queries against {small_queries}")
    return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
