"""Benchmark the whole mailing: a lab's invitations composed and delivered by the real commands.

Builds a throw-away database (a temporary SQLite file, or with ``--postgres`` a temporary
database on the PostgreSQL server of $DATABASE_URL) and starts an SMTP sink in a process of
its own. Each round invites the ``--people`` people who agreed to be invited of two labs
of its own, each with its own group, and sends the bytes of the same messages once more
with plain smtplib:

* the pipeline, as it runs in production: the delivery worker (``learninglab worker``,
  niced as it is by default) is already running and idle when staff run ``learninglab
  send-invitations --lab <lab>`` (which invites the group and composes every e-mail into
  the outbox); the worker sends what is composed while the rest is being composed. Its
  time runs from the start of ``send-invitations`` to the last message the sink takes;
* for information, the same one after the other on the other lab: ``send-invitations``,
  then ``learninglab worker --until-idle``;
* the baseline, right after, in the same round: a plain smtplib loop sending the bytes of
  the pipeline's messages over one connection.

The medians of the rounds are compared.

    .venv/bin/python bench/mailing.py [--people 5000] [--rounds 3] [--postgres]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import smtplib
import statistics
import subprocess
import sys
import time

from _goals import goal
from _live import (
    ROOT,
    SmtpSink,
    add_database_option,
    database_server,
    set_up_django,
    throwaway_database,
    verdict,
    workspace,
)

AIM_PER_SECOND = 100
AIM_RATIO = 0.2
COMMAND_TIMEOUT = 1800  # seconds; a bound, far above what a run takes
WORKER_START = 4.0  # seconds the waiting worker is given to start and find nothing due


def group_to_invite(*, slug: str, people: int) -> None:
    """Create a published lab whose partner's group holds ``people`` who agreed to be
    invited (two in three write in Romanian), none invited yet."""
    from learninglab.factories import TimisoaraFactory
    from learninglab.labs.tests.factories import LabContactFactory, LabFactory, people_in_bulk
    from learninglab.stakeholders.models import Consent, ConsentMethod, ConsentPurpose

    partner = TimisoaraFactory(slug=f"timisoara-{slug}")  # a group of the round's own
    lab = LabFactory(partner=partner, slug=slug)
    LabContactFactory(lab=lab)
    guests = people_in_bulk(partner, count=people, email_prefix=slug)
    Consent.objects.bulk_create(
        (
            Consent(
                stakeholder=guest,
                purpose=ConsentPurpose.INVITATIONS,
                given=True,
                method=ConsentMethod.FORM,
            )
            for guest in guests
        ),
        batch_size=1000,
    )


def run_command(env: dict[str, str], *arguments: str) -> float:
    """Run ``learninglab <arguments>`` as staff or the service manager would; return seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "learninglab.manage", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
        timeout=COMMAND_TIMEOUT,
    )
    return time.perf_counter() - started


def pipeline(env: dict[str, str], sink: SmtpSink, slug: str, people: int) -> tuple[float, float]:
    """Run ``send-invitations`` with the worker already waiting; return the seconds from
    its start to the last message taken by the sink, and the seconds of the command alone."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "learninglab.manage", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(WORKER_START)
        if worker.poll() is not None:
            raise RuntimeError(f"the worker stopped at once ({worker.returncode})")
        expected = sink.count() + people
        started = time.time()
        compose = run_command(env, "send-invitations", "--lab", slug)
        last = sink.wait_for(expected, timeout=COMMAND_TIMEOUT)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=COMMAND_TIMEOUT)
    return last - started, compose


def plain_smtp(sink: SmtpSink, messages: list[tuple[str, str, bytes]]) -> float:
    """Send ``messages`` over one connection; return seconds."""
    started = time.perf_counter()
    with smtplib.SMTP(sink.host, sink.port, timeout=30) as smtp:
        for sender, recipient, raw in messages:
            smtp.sendmail(sender, [recipient], raw)
    return time.perf_counter() - started


@dataclasses.dataclass
class Round:
    people: int
    pipeline: float  # seconds from send-invitations' start to the last message taken
    compose_alongside: float  # seconds of ``send-invitations`` with the worker sending
    compose: float  # seconds of ``send-invitations`` alone
    deliver: float  # seconds of ``worker --until-idle`` after it
    plain: float  # seconds of the smtplib loop
    queued: int
    received: int

    @property
    def pipeline_per_second(self) -> float:
        return self.people / self.pipeline

    @property
    def one_after_the_other_per_second(self) -> float:
        return self.people / (self.compose + self.deliver)

    @property
    def plain_per_second(self) -> float:
        return self.people / self.plain

    @property
    def ratio(self) -> float:
        return self.pipeline_per_second / self.plain_per_second


def one_round(number: int, env: dict[str, str], sink: SmtpSink, people: int) -> Round:
    from django.db import connection

    from learninglab.labs.models import Invitation

    slug, apart = f"mailing-{number}", f"mailing-{number}-apart"
    group_to_invite(slug=slug, people=people)
    group_to_invite(slug=apart, people=people)
    connection.close()  # the commands have the database to themselves
    before = sink.count()
    took, compose_alongside = pipeline(env, sink, slug, people)
    received = sink.count() - before

    before = sink.count()
    compose = run_command(env, "send-invitations", "--lab", apart)
    deliver = run_command(env, "worker", "--until-idle")
    received += sink.count() - before

    invitations = Invitation.objects.filter(lab__slug=slug, message__isnull=False)
    messages = [
        (sender, recipient, bytes(raw))
        for sender, recipient, raw in invitations.order_by("pk").values_list(
            "message__sender", "message__recipient", "message__raw"
        )
    ]
    connection.close()
    plain = plain_smtp(sink, messages)
    return Round(people, took, compose_alongside, compose, deliver, plain, len(messages), received)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000, help="invitations per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of pipeline and plain loop")
    add_database_option(parser)
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    server_url = database_server(parser, args)

    with (
        workspace() as folder,
        SmtpSink() as sink,
        throwaway_database(folder, server_url) as database,
    ):
        env = set_up_django(database, folder, EMAIL_HOST=sink.host, EMAIL_PORT=str(sink.port))
        from django.db import connection

        vendor = connection.vendor
        rounds = [one_round(n, env, sink, args.people) for n in range(1, args.rounds + 1)]
        from learninglab.messaging.models import OutboundMessage

        size = statistics.median(
            len(raw) for raw in OutboundMessage.objects.values_list("raw", flat=True)[:200]
        )

    print(
        f"mailing: {vendor}, {args.people} invitations per round with .ics "
        f"(median {size / 1024:.1f} KiB), SMTP sink in its own process, {os.cpu_count()} cores"
    )
    print(
        "pipeline: the niced worker already waiting, send-invitations' start to the last "
        "message taken; apart: send-invitations, then worker --until-idle"
    )
    header = (
        f"{'round':<6} {'pipeline msg/s':>14} {'plain msg/s':>11} {'ratio':>6}"
        f" {'compose alongside':>17} {'apart: compose':>14} {'deliver':>8} {'both':>5}"
    )
    print(header)
    print("-" * len(header))

    def line(label: str, values: list[float]) -> str:
        took, plain, ratio, alongside, compose, deliver, both = values
        return (
            f"{label:<6} {took:>14.0f} {plain:>11.0f} {ratio:>6.2f}"
            f" {alongside:>17.0f} {compose:>14.0f} {deliver:>8.0f} {both:>5.0f}"
        )

    table = [
        [
            r.pipeline_per_second,
            r.plain_per_second,
            r.ratio,
            r.people / r.compose_alongside,
            r.people / r.compose,
            r.people / r.deliver,
            r.one_after_the_other_per_second,
        ]
        for r in rounds
    ]
    for number, values in enumerate(table, 1):
        print(line(str(number), values))
    medians = [statistics.median(column) for column in zip(*table, strict=True)]
    print(line("median", medians))
    print("(msg/s; each command's time counts from its start, the interpreter's included)")

    troubles = []
    for number, r in enumerate(rounds, 1):
        if r.queued != args.people or r.received != 2 * args.people:
            troubles.append(
                f"round {number}: {r.queued} queued of {args.people}, "
                f"{r.received} delivered of {2 * args.people}"
            )
    what = f"{args.people} invitations, median of {args.rounds} rounds"
    pipeline_rate, ratio = medians[0], medians[2]
    if not goal(
        "mailing",
        f"send-invitations with the niced worker waiting ({what})",
        f"{pipeline_rate:.0f} msg/s",
        f"≥ {AIM_PER_SECOND} msg/s",
        met=pipeline_rate >= AIM_PER_SECOND,
    ):
        troubles.append(f"fewer than {AIM_PER_SECOND} msg/s")
    if not goal(
        "mailing",
        f"pipeline / plain smtplib ({what})",
        f"{ratio:.2f}×",
        f"≥ {AIM_RATIO}×",
        met=ratio >= AIM_RATIO,
    ):
        troubles.append(f"ratio below {AIM_RATIO}")
    return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main())
