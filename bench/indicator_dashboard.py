"""Benchmark the programme indicators' pages on a full project against a baseline of a
small one, in the same database.

The full project: 5 partners, each with 4 rounds of labs held, 300 people checked in at
each (from a group of 300), 1,000 ideas on each lab's wall, 40 actions with progress
entries and funding. The baseline project: 5 partners with 1 lab each of 10 people and
10 ideas, and 2 actions each. The coordinator asks for the same pages of both projects
through the Django test client.

    .venv/bin/python bench/indicator_dashboard.py [--runs 30] [--postgres]
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
from decimal import Decimal
from pathlib import Path

from _goals import goal
from _live import add_database_option, database_server, percentile, throwaway_database, workspace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The aims: no more queries for the full project than for the baseline, and each page's
# 95th percentile under this many milliseconds (the download's too, though not an aim).
P95_AIM_MS = 200.0


@dataclass(frozen=True)
class Size:
    partners: int
    rounds: int
    people: int
    ideas: int
    actions: int


FULL = Size(partners=5, rounds=4, people=300, ideas=1000, actions=40)
BASELINE = Size(partners=5, rounds=1, people=10, ideas=10, actions=2)


def set_up_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)


def fill_project(acronym: str, size: Size, rng: random.Random):
    """Create a project of ``size``; return it."""
    from django.utils import timezone

    from learninglab.actionplans.models import (
        Action,
        ActionPlan,
        ActionStatus,
        FundingKind,
        FundingSource,
        FundsMobilised,
        PlanStatus,
        PlanVersion,
        ProgressEntry,
    )
    from learninglab.cocreation.models import Idea, IdeaStatus, LiveSession, Participant, Prompt
    from learninglab.core.text import fold
    from learninglab.factories import PartnerFactory, PolicyInstrumentFactory, ProjectFactory
    from learninglab.labs.models import CheckIn, Invitation, Lab, LabKind, LabStatus, Response
    from learninglab.practices.models import GoodPractice, PracticeStatus
    from learninglab.results.models import FeedbackAnswer
    from learninglab.stakeholders.models import Organisation, OrganisationType, Stakeholder

    project = ProjectFactory(
        acronym=acronym,
        start_date=datetime.date(2019, 8, 1),
        end_date=datetime.date(2023, 7, 31),
    )
    types = list(OrganisationType.values)
    statuses = list(ActionStatus.values)
    kinds = list(FundingKind.values)
    now = timezone.now()
    for p in range(size.partners):
        slug = f"{acronym.lower()}-{p}"
        partner = PartnerFactory(project=project, slug=slug, city=f"{acronym} city {p}")
        organisations = Organisation.objects.bulk_create(
            Organisation(
                partner=partner,
                name=f"Org {slug} {i}",
                name_folded=f"org {slug} {i}",
                type=types[i % len(types)],
            )
            for i in range(max(5, size.people // 5))
        )
        people = Stakeholder.objects.bulk_create(
            Stakeholder(
                partner=partner,
                first_name=f"Person{i}",
                last_name=f"Family{i % 37}",
                email=f"p{i}@{slug}.example.org",
                organisation=rng.choice(organisations) if rng.random() < 0.9 else None,
                search_text=fold(f"Person{i} Family{i % 37}"),
            )
            for i in range(size.people)
        )
        for r in range(size.rounds):
            starts = datetime.datetime(2020 + r // 2, 3 + 6 * (r % 2), 10, 8, tzinfo=datetime.UTC)
            lab = Lab.objects.create(
                partner=partner,
                kind=LabKind.LOCAL_LAB if r < 3 else LabKind.INTERREGIONAL_WORKSHOP,
                round_number=r + 1,
                slug=f"{slug}-lab-{r}",
                theme={"en": f"Round {r + 1}"},
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                rsvp_deadline=starts - datetime.timedelta(days=2),
                time_zone="Europe/Bucharest",
                status=LabStatus.HELD,
            )
            invitations = Invitation.objects.bulk_create(
                Invitation(lab=lab, stakeholder=person, language="en", response=Response.ATTENDING)
                for person in people
            )
            CheckIn.objects.bulk_create(
                CheckIn(invitation=invitation, checked_in_at=starts, is_walk_in=i % 50 == 0)
                for i, invitation in enumerate(invitations)
            )
            FeedbackAnswer.objects.bulk_create(
                FeedbackAnswer(lab=lab, usefulness=4, learned_usable=rng.randint(1, 5))
                for _ in range(size.people // 5)
            )
            session = LiveSession.objects.create(lab=lab, join_code=f"{acronym[:2]}{p}{r}XY")
            prompt = Prompt.objects.create(session=session, text={"en": "What would help?"})
            participants = Participant.objects.bulk_create(
                Participant(session=session, token=f"{slug}-{r}-{i}", language="en")
                for i in range(max(1, size.ideas // 10))
            )
            ideas = Idea.objects.bulk_create(
                Idea(
                    prompt=prompt,
                    participant=participants[i % len(participants)],
                    text=f"Idea {i} of round {r + 1}",
                    status=IdeaStatus.HIDDEN if i % 20 == 0 else IdeaStatus.VISIBLE,
                )
                for i in range(size.ideas)
            )
            merged = ideas[1::25]
            for idea in merged:
                idea.merged_into = ideas[0]
            Idea.objects.bulk_update(merged, ["merged_into"])
        GoodPractice.objects.bulk_create(
            GoodPractice(
                partner=partner,
                slug=f"{slug}-practice-{i}",
                title={"en": f"Practice {i}"},
                country="RO",
                status=PracticeStatus.PUBLISHED,
                published_at=now - datetime.timedelta(days=100 * i),
                expert_validated_at=now if i % 2 else None,
            )
            for i in range(5)
        )
        instrument = PolicyInstrumentFactory(partner=partner, slug=f"{slug}-rop")
        plan = ActionPlan.objects.create(
            partner=partner,
            instrument=instrument,
            slug=f"{slug}-plan",
            language="en",
            status=PlanStatus.ENDORSED,
            country="RO",
            endorsed_on=datetime.date(2021, 11, 15),
        )
        PlanVersion.objects.create(plan=plan, number=1, status=PlanStatus.ENDORSED, created_at=now)
        actions = Action.objects.bulk_create(
            Action(plan=plan, position=i, title={"en": f"Action {i}"}, status=statuses[i % 5])
            for i in range(size.actions)
        )
        entries = ProgressEntry.objects.bulk_create(
            ProgressEntry(
                action=action,
                on=datetime.date(2021, 1 + 5 * k, 1),
                text="Done",
                status=action.status,
                progress=50,
                created_at=now,
            )
            for action in actions
            for k in range(2)
        )
        sources = FundingSource.objects.bulk_create(
            FundingSource(
                action=action,
                kind=kinds[(i + k) % len(kinds)],
                amount_eur=Decimal(10_000 * (k + 1)),
            )
            for i, action in enumerate(actions)
            for k in range(2)
        )
        FundsMobilised.objects.bulk_create(
            FundsMobilised(entry=entries[2 * i], source=sources[2 * i], amount_eur=Decimal(1_000))
            for i in range(len(actions))
        )
    return project


@dataclass
class Figures:
    median_ms: float
    p95_ms: float
    queries: int
    status: int


def measure(client, url: str, runs: int) -> Figures:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # also warms caches, templates and the database
    queries = len(captured)
    timings = []
    for _run in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return Figures(
        median_ms=statistics.median(timings),
        p95_ms=percentile(timings, 0.95),
        queries=queries,
        status=response.status_code,
    )


def cases(project, partner_slug: str) -> list[tuple[str, str]]:
    from django.urls import reverse

    base = reverse("indicators:dashboard")
    chosen = f"project={project.pk}"
    narrowed = f"{chosen}&partner={partner_slug}&period=2021-S1"

    def rows(key: str, query: str = chosen) -> str:
        return f"{reverse('indicators:rows', args=[key])}?{query}"

    return [
        ("dashboard", f"{base}?{chosen}"),
        ("dashboard partner+period", f"{base}?{narrowed}"),
        ("rows: labs", rows("labs")),
        ("rows: people", rows("people")),
        ("rows: ideas", rows("ideas")),
        ("rows: actions", rows("actions")),
        ("rows: funds", rows("funds")),
        ("XLSX of every figure", f"{reverse('indicators:export')}?{chosen}"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per case")
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
        from learninglab.projects.models import Partner

        rng = random.Random(2021)
        started = time.perf_counter()
        full = fill_project("FULL", FULL, rng)
        small = fill_project("BASE", BASELINE, rng)
        seeded = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        coordinator = User.objects.create_user(
            "coordinator@bench.example.org",
            "bench password 1",
            full_name="Coordinator",
            role=Role.COORDINATOR,
            partner=Partner.objects.filter(project=full).first(),
        )
        client = Client()
        client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
        verify_session(client, coordinator)

        from learninglab.indicators.selectors import dashboard

        counted = dashboard(coordinator, project=full).total.values
        shown = ("events_held", "participants", "participations", "ideas", "actions")
        print("full project counts: " + ", ".join(f"{key} {counted[key]}" for key in shown))

        print(
            f"indicator dashboard: {connection.vendor}, {FULL.partners} partners × "
            f"{FULL.rounds} rounds × {FULL.people} people × {FULL.ideas} ideas × "
            f"{FULL.actions} actions against {BASELINE.partners} × {BASELINE.rounds} × "
            f"{BASELINE.people} × {BASELINE.ideas} × {BASELINE.actions}; {args.runs} runs "
            f"per request (data built in {seeded:.1f} s)"
        )
        header = (
            f"{'request':<26} {'base: median':>12} {'p95':>7} {'SQL':>4}"
            f" {'full: median':>13} {'p95':>7} {'SQL':>4} {'ratio':>7}"
        )
        print(header)
        print("-" * len(header))
        troubles = []
        for (label, base_url), (_label, full_url) in zip(
            cases(small, "base-0"), cases(full, "full-0"), strict=True
        ):
            base = measure(client, base_url, args.runs)
            big = measure(client, full_url, args.runs)
            flags = []
            if base.status != 200 or big.status != 200:
                flags.append(f"HTTP {base.status}/{big.status}")
            if big.queries > base.queries:
                flags.append("MORE SQL")
            # The download writes a workbook: its aim is the queries alone.
            if big.p95_ms > P95_AIM_MS and not label.startswith("XLSX"):
                flags.append("SLOW")
            if flags:
                troubles.append(label)
            workbook = label.startswith("XLSX")
            goal(
                "indicator_dashboard",
                f"{label}: {'SQL' if workbook else 'p95 and SQL'} of the full project",
                f"SQL {base.queries}→{big.queries}"
                + ("" if workbook else f", p95 {big.p95_ms:.0f} ms"),
                "no more SQL" + ("" if workbook else f", ≤ {P95_AIM_MS:g} ms"),
                met=not flags,
            )
            print(
                f"{label:<26} {base.median_ms:>9.1f} ms {base.p95_ms:>7.1f} {base.queries:>4}"
                f" {big.median_ms:>10.1f} ms {big.p95_ms:>7.1f} {big.queries:>4}"
                f" {big.median_ms / base.median_ms:>6.1f}x  {' '.join(flags)}"
            )
        if troubles:
            print(
                f"Trouble: {', '.join(troubles)} (the full project's pages should ask no more "
                f"queries than the baseline's, and answer within {P95_AIM_MS:g} ms at p95)."
            )
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
