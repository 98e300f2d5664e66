"""Benchmark the staff pages at 50,000 people and 200,000 invitations.

Runs gunicorn with the production settings on a throw-away database: a temporary SQLite
file, or with ``--postgres`` a temporary database on the PostgreSQL server of
$DATABASE_URL. One partner's group holds 50,000 people invited 200,000 times to 40 labs,
another's 1,000 people invited 4,000 times to as many labs. A staff member of the big
group opens four pages one after the other, 20 times each, in several interleaved rounds:
the stakeholders' middle page, the stakeholders who consented to invitations, the lab
list and a lab's answers. Each page's 95th percentile must stay under 200 ms. The same
four pages are then opened in this process, once for each group, counting the queries:
a page must make as many at 50,000 people as at 1,000.

    .venv/bin/python bench/stakeholder_list.py [--runs 20] [--rounds 3] [--people 50000]
        [--invitations 200000] [--postgres]
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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

AIM_P95_MS = 200
LABS = 40
PAGE_SIZE = 50
SMALL_PEOPLE = 1_000
WARM_UP_REQUESTS = 3

FIRST_NAMES = [
    "Ana",
    "Andrei",
    "Bogdan",
    "Cristina",
    "Dan",
    "Elena",
    "Florin",
    "Gabriela",
    "Ioana",
    "Ion",
    "Maria",
    "Mihai",
    "Radu",
    "Simona",
    "Ștefan",
    "Teodora",
    "Vlad",
    "Zoița",
]
LAST_NAMES = [
    "Popescu",
    "Ionescu",
    "Mureșan",
    "Rădulescu",
    "Dumitrașcu",
    "Stoica",
    "Bălan",
    "Văduva",
    "Țepeș",
    "Ștefănescu",
    "Constantinescu",
    "Gheorghiu",
    "Munteanu",
    "Lazăr",
    "Nistor",
    "Oprea",
    "Pășcuțiu",
    "Roman",
    "Sârbu",
    "Tănase",
]
ORGANISATION_WORDS = [
    "Atelierul",
    "Asociația",
    "Camera",
    "Centrul",
    "Fundația",
    "Institutul",
    "Muzeul",
    "Primăria",
    "Studioul",
    "Universitatea",
]
TAG_NAMES = [
    "creative industries",
    "Round 1",
    "Round 2",
    "design",
    "tourism",
    "crafts",
    "music",
    "IT",
    "festival",
    "heritage",
    "food",
    "media",
]
POSITIONS = ["director", "manager", "artist", "researcher", "officer", "founder", ""]


# --- the data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A partner's group as the benchmark built it, and its staff member's session cookie."""

    slug: str
    people: int
    cookie: str
    lab: str  # the lab whose answers are opened


def fill_group(*, slug: str, people: int, invitations: int, rng: random.Random) -> Group:
    """Create a partner with ``people`` people, their organisations, tags and consents,
    and ``LABS`` labs (half to come, half past) sharing ``invitations`` invitations."""
    from django.utils import timezone

    from learninglab.accounts.models import User
    from learninglab.core.roles import Role
    from learninglab.core.text import fold
    from learninglab.factories import PartnerFactory, ProjectFactory
    from learninglab.labs.models import Invitation, LabStatus, Response, ResponseVia
    from learninglab.labs.tests.factories import LabFactory
    from learninglab.stakeholders.models import (
        Consent,
        Organisation,
        OrganisationType,
        Stakeholder,
        Tag,
    )
    from learninglab.stakeholders.services.consent import consent_states_refresh

    partner = PartnerFactory(
        project=ProjectFactory(acronym="BENCH"),
        slug=slug,
        institution=f"Municipality {slug}",
        city=slug,
    )
    staff = User.objects.create_user(
        f"staff@{slug}.example.org",
        "bench password 1",
        full_name=f"Staff {slug}",
        role=Role.PARTNER_STAFF,
        partner=partner,
    )

    types = list(OrganisationType.values)
    organisations = Organisation.objects.bulk_create(
        Organisation(partner=partner, name=name, name_folded=fold(name), type=types[i % len(types)])
        for i, name in enumerate(
            f"{rng.choice(ORGANISATION_WORDS)} {rng.choice(LAST_NAMES)} {i}"
            for i in range(max(5, people // 20))
        )
    )
    tags = Tag.objects.bulk_create(Tag(partner=partner, name=name) for name in TAG_NAMES)

    rows = []
    for i in range(people):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{fold(first)}.{fold(last)}.{i}@example.ro" if rng.random() < 0.95 else ""
        organisation = rng.choice(organisations) if rng.random() < 0.9 else None
        position = rng.choice(POSITIONS)
        words = [first, last, email, position, organisation.name if organisation else ""]
        rows.append(
            Stakeholder(
                partner=partner,
                first_name=first,
                last_name=last,
                email=email,
                organisation=organisation,
                position=position,
                language="ro",
                search_text=fold(" ".join(w for w in words if w))[:600],
            )
        )
    created = Stakeholder.objects.bulk_create(rows, batch_size=2000)

    through = Stakeholder.tags.through
    through.objects.bulk_create(
        (
            through(stakeholder_id=person.pk, tag_id=tag.pk)
            for person in created
            for tag in rng.sample(tags, rng.randint(0, 3))
        ),
        batch_size=5000,
    )

    now = timezone.now()
    consents = []
    for person in created:
        draw = rng.random()
        if draw < 0.75:  # 60 % consent, 15 % consented and later withdrew, 25 % never asked
            at = now - datetime.timedelta(days=rng.randint(30, 900))
            consents.append(
                Consent(stakeholder=person, purpose="invitations", given=True, at=at, method="form")
            )
            if draw >= 0.6:
                consents.append(
                    Consent(
                        stakeholder=person,
                        purpose="invitations",
                        given=False,
                        at=at + datetime.timedelta(days=10),
                        method="email",
                    )
                )
        if rng.random() < 0.3:
            consents.append(
                Consent(stakeholder=person, purpose="photos", given=True, at=now, method="form")
            )
    Consent.objects.bulk_create(consents, batch_size=5000)
    consent_states_refresh(stakeholder_ids=[person.pk for person in created])

    labs = []
    for n in range(LABS):
        to_come = n < LABS // 2
        starts_at = now + datetime.timedelta(days=7 * (n + 1) if to_come else -7 * (n + 1))
        labs.append(
            LabFactory(
                partner=partner,
                slug=f"{slug}-lab-{n}",
                starts_at=starts_at,
                status=LabStatus.PUBLISHED if to_come else LabStatus.HELD,
            )
        )
    answers = [
        (Response.ATTENDING, 0.35),
        (Response.DECLINED, 0.15),
        (Response.PENDING, 0.5),
    ]
    invited = []
    for lab in labs:
        for person in rng.sample(created, min(people, invitations // LABS)):
            response = rng.choices([a for a, _w in answers], [w for _a, w in answers])[0]
            answered = response != Response.PENDING
            invited.append(
                Invitation(
                    lab=lab,
                    stakeholder=person,
                    language="ro",
                    response=response,
                    response_via=ResponseVia.LINK if answered else "",
                    responded_at=lab.starts_at - datetime.timedelta(days=3) if answered else None,
                    answer_count=int(answered),
                )
            )
        if len(invited) >= 20_000:
            Invitation.objects.bulk_create(invited, batch_size=5000)
            invited = []
    Invitation.objects.bulk_create(invited, batch_size=5000)
    return Group(slug=slug, people=people, cookie=staff_cookie(staff), lab=labs[0].slug)


def analyse() -> None:
    """Give the planner its statistics, as a live database's autovacuum would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- the pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    label: str
    url: Callable[[Group], str]


def pages() -> list[Page]:
    from django.urls import reverse

    people = reverse("stakeholders:list")

    def middle(group: Group) -> str:
        count = -(-group.people // PAGE_SIZE)
        return f"{people}?page={(count + 1) // 2}"

    return [
        Page("stakeholders, a middle page", middle),
        Page("stakeholders, consent filter", lambda group: f"{people}?consent=yes"),
        Page("lab list", lambda group: reverse("labs:list")),
        Page("a lab's answers", lambda group: reverse("labs:answers", args=[group.lab])),
    ]


def count_queries(group: Group, url: str) -> tuple[int, int]:
    """Open ``url`` in this process as ``group``'s staff; return its status and queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    name, _equals, key = group.cookie.partition("=")
    client.cookies[name] = key
    client.get(url)  # the first request fills the caches a running server has
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


def time_page(http: Any, url: str, cookie: str, runs: int) -> tuple[list[float], set[int]]:
    """Open ``url`` ``runs`` times one after the other; return each time (ms) and the statuses."""
    timings, statuses = [], set()
    for _run in range(runs):
        started = time.perf_counter()
        response = http.get(url, headers={"Cookie": cookie})
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    return timings, statuses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--people", type=int, default=50_000, help="size of the big group")
    parser.add_argument(
        "--invitations", type=int, default=200_000, help="the big group's invitations"
    )
    add_server_options(parser, workers=2, threads=4)
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as database:
        env = set_up_django(database, folder)
        from django.db import connection

        rng = random.Random(2019)
        started = time.perf_counter()
        scale = args.invitations / args.people
        big = fill_group(slug="big", people=args.people, invitations=args.invitations, rng=rng)
        small = fill_group(
            slug="small", people=SMALL_PEOPLE, invitations=round(SMALL_PEOPLE * scale), rng=rng
        )
        analyse()
        built = time.perf_counter() - started
        vendor = connection.vendor
        print(
            f"Staff pages: {vendor}, {args.people:,} people and {args.invitations:,} invitations"
            f" against {SMALL_PEOPLE:,}; gunicorn {args.workers} workers x {args.threads}"
            f" threads; {args.rounds} rounds of {args.runs} requests per page"
            f" (data built in {built:.0f} s)"
        )

        queries = {}
        for page in pages():
            counted = [count_queries(group, page.url(group)) for group in (small, big)]
            queries[page.label] = counted
        connection.close()

        p95s: dict[str, list[float]] = {page.label: [] for page in pages()}
        medians: dict[str, list[float]] = {page.label: [] for page in pages()}
        statuses: dict[str, set[int]] = {page.label: set() for page in pages()}
        with (
            gunicorn(env, folder, workers=args.workers, threads=args.threads) as server,
            proxy_client(server.url) as http,
        ):
            for page in pages():
                time_page(http, page.url(big), big.cookie, WARM_UP_REQUESTS)
            for _round in range(args.rounds):
                for page in pages():
                    timings, seen = time_page(http, page.url(big), big.cookie, args.runs)
                    p95s[page.label].append(percentile(timings, 0.95))
                    medians[page.label].append(statistics.median(timings))
                    statuses[page.label] |= seen
            server_errors = server.log_text().count("Internal Server Error")

    header = (
        f"{'page':<30} {'median':>8} {'p95':>8} {'p95 of each round':>24}"
        f" {'SQL 1k':>7} {'SQL big':>8}"
    )
    print(header)
    print("-" * len(header))
    troubles = []
    for page in pages():
        label = page.label
        (small_status, small_queries), (big_status, big_queries) = queries[label]
        p95 = statistics.median(p95s[label])
        rounds = " ".join(f"{value:.0f}" for value in p95s[label])
        print(
            f"{label:<30} {statistics.median(medians[label]):>5.0f} ms {p95:>5.0f} ms"
            f" {rounds:>24} {small_queries:>7} {big_queries:>8}"
        )
        if statuses[label] != {200} or small_status != 200 or big_status != 200:
            troubles.append(f"{label}: HTTP {sorted(statuses[label])}")
        met = goal(
            "stakeholder_list",
            f"{label}, p95 at {args.people // 1000}k people (median of {args.rounds} rounds)",
            f"{p95:.0f} ms",
            f"≤ {AIM_P95_MS} ms",
            met=p95 <= AIM_P95_MS,
        )
        if not met:
            troubles.append(f"{label} p95 {p95:.0f} ms")
        met = goal(
            "stakeholder_list",
            f"{label}, queries at {args.people // 1000}k people against 1k",
            f"{big_queries} against {small_queries}",
            "as many",
            met=big_queries == small_queries,
        )
        if not met:
            troubles.append(f"{label} makes {big_queries} queries against {small_queries}")
    if server_errors:
        troubles.append(f"{server_errors} server errors")
    return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main())
