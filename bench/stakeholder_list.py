"""Benchmark the stakeholder list with 10,000 people against a baseline of 100.

Builds a throw-away database (a temporary SQLite file, or with ``--postgres`` a temporary
database on the server of $DATABASE_URL), migrates it, fills one partner's group with
10,000 people and another's with 100, and times the same requests for both through the
Django test client, logged in as each partner's staff member.

    .venv/bin/python bench/stakeholder_list.py [--runs 15] [--people 10000] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _live import (
    add_database_option,
    database_server,
    percentile,
    throwaway_database,
    workspace,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE_PEOPLE = 100
PAGE_SIZE = 50
# A list request above this multiple of the baseline means the page does not scale.
SLOW_RATIO = 5.0

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


@dataclass(frozen=True)
class Case:
    label: str
    url: Callable[[int], str]  # from the number of people in the group


def cases() -> list[Case]:
    from django.urls import reverse

    base = reverse("stakeholders:list")
    export = reverse("stakeholders:export", args=["csv"])

    def middle(people: int) -> str:
        pages = max(1, -(-people // PAGE_SIZE))
        return f"{base}?page={(pages + 1) // 2}"

    return [
        Case("first page", lambda n: base),
        Case("middle page", middle),
        Case("search Țepeș", lambda n: f"{base}?q=%C8%9Bepe%C8%99"),
        Case("search tepes", lambda n: f"{base}?q=tepes"),
        Case("filter consent=yes", lambda n: f"{base}?consent=yes"),
        Case("filter tag", lambda n: f"{base}?tag=design"),
        Case("CSV export", lambda n: export),
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


def fill_group(*, slug: str, people: int, rng: random.Random):
    """Create a partner with ``people`` people, their organisations, tags and consents.

    Return the partner's staff member.
    """
    from django.utils import timezone

    from learninglab.accounts.models import User
    from learninglab.core.roles import Role
    from learninglab.core.text import fold
    from learninglab.factories import PartnerFactory, ProjectFactory
    from learninglab.stakeholders.models import (
        Consent,
        Organisation,
        OrganisationType,
        Stakeholder,
        Tag,
    )

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
        Organisation(
            partner=partner,
            name=name,
            name_folded=fold(name),
            type=types[i % len(types)],
        )
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
    created = Stakeholder.objects.bulk_create(rows, batch_size=1000)

    through = Stakeholder.tags.through
    through.objects.bulk_create(
        (
            through(stakeholder_id=person.pk, tag_id=tag.pk)
            for person in created
            for tag in rng.sample(tags, rng.randint(0, 3))
        ),
        batch_size=2000,
    )

    now = timezone.now()
    consents = []
    for person in created:
        draw = rng.random()
        if draw < 0.75:  # 60 % consent, 15 % consented and later withdrew, 25 % never asked
            at = now - timezone.timedelta(days=rng.randint(30, 900))
            consents.append(
                Consent(stakeholder=person, purpose="invitations", given=True, at=at, method="form")
            )
            if draw >= 0.6:
                consents.append(
                    Consent(
                        stakeholder=person,
                        purpose="invitations",
                        given=False,
                        at=at + timezone.timedelta(days=10),
                        method="email",
                    )
                )
        if rng.random() < 0.3:
            consents.append(
                Consent(stakeholder=person, purpose="photos", given=True, at=now, method="form")
            )
    Consent.objects.bulk_create(consents, batch_size=2000)
    return staff


# --- the measurement --------------------------------------------------------------------


@dataclass
class Figures:
    median_ms: float
    p90_ms: float
    queries: int
    status: int


def measure(client, url: str, runs: int) -> Figures:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # also warms caches, templates and the database
    # Read now: the captured list is a view on the connection's log, which the next request clears.
    queries = len(captured)
    timings = []
    for _run in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return Figures(
        median_ms=statistics.median(timings),
        p90_ms=percentile(timings, 0.9),
        queries=queries,
        status=response.status_code,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests per case")
    parser.add_argument("--people", type=int, default=10_000, help="size of the big group")
    add_database_option(parser)
    args = parser.parse_args(argv)
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as url:
        set_up_django(url)
        from django.db import connection
        from django.test import Client

        from learninglab.conftest import verify_session

        rng = random.Random(2019)
        started = time.perf_counter()
        big = fill_group(slug="big", people=args.people, rng=rng)
        small = fill_group(slug="small", people=BASELINE_PEOPLE, rng=rng)
        seeded = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as a live database would have

        print(
            f"stakeholder list: {connection.vendor}, {args.people} people against "
            f"{BASELINE_PEOPLE}, {args.runs} runs per request (data built in {seeded:.1f} s)"
        )
        header = (
            f"{'request':<20} {'100: median':>12} {'p90':>7} {'SQL':>4}"
            f" {f'{args.people}: median':>14} {'p90':>7} {'SQL':>4} {'ratio':>7}"
        )
        print(header)
        print("-" * len(header))
        clients = {}
        for user in (small, big):
            clients[user.pk] = Client()
            clients[user.pk].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            verify_session(clients[user.pk], user)

        troubles = []
        for case in cases():
            base = measure(clients[small.pk], case.url(BASELINE_PEOPLE), args.runs)
            full = measure(clients[big.pk], case.url(args.people), args.runs)
            if base.status != 200 or full.status != 200:
                print(f"{case.label}: HTTP {base.status} / {full.status}")
                troubles.append(case.label)
                continue
            ratio = full.median_ms / base.median_ms
            # The export writes every row: it grows with the group by design.
            flag = ""
            if case.label != "CSV export" and ratio > SLOW_RATIO:
                flag = "  SLOW"
                troubles.append(case.label)
            print(
                f"{case.label:<20} {base.median_ms:>9.1f} ms {base.p90_ms:>7.1f} {base.queries:>4}"
                f" {full.median_ms:>11.1f} ms {full.p90_ms:>7.1f} {full.queries:>4}"
                f" {ratio:>6.1f}x{flag}"
            )
        if troubles:
            print(
                f"Trouble: {', '.join(troubles)} (list requests should stay under "
                f"{SLOW_RATIO:g}x the baseline)."
            )
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
