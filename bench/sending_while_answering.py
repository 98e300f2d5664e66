"""Benchmark answering while a big send runs: RSVP latency with and without a 10,000-message send.

Runs gunicorn with the production settings (4 workers, as in the README) on a throw-away
database (a temporary SQLite file, or with ``--postgres`` a temporary database on the
PostgreSQL server of $DATABASE_URL) and an SMTP sink in a process of its own. The outbox
holds 10,000 copies of one rendered invitation (the send is under test, not the rendering).
People accept through their links at a steady rate, in rounds of three phases: alone;
while ``learninglab worker`` works through the 10,000 messages at the normal priority
(``WORKER_NICENESS=0``); and the same with the worker as it runs by default, lowering its
own priority to niceness 10. The aim is judged on the default. Each sending phase starts
the send from the top; after it the messages are held back (due next year) and the worker
is stopped. The medians of the rounds are compared; the rise of p95 is the median of the
rounds' rises, of five rounds by default: with a p95 of 10–20 ms, a few milliseconds in
one round would decide it.

    .venv/bin/python bench/sending_while_answering.py [--rate 20] [--requests 200] [--postgres]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import statistics
import subprocess
import sys
import time

from _goals import goal
from _live import (
    ROOT,
    OpenForm,
    Run,
    SmtpSink,
    add_server_options,
    create_lab,
    database_server,
    gunicorn,
    open_forms,
    paced,
    rsvp_path,
    set_up_django,
    stop,
    throwaway_database,
    verdict,
    workspace,
)

AIM_RISE_PERCENT = 20
SEND_SIZE = 10_000
NICENESS = 10  # the default of the WORKER_NICENESS setting


def fill_outbox(count: int) -> None:
    """Queue ``count`` copies of one lab's rendered invitation, held back for now."""
    from learninglab.labs.emails import invitation_email
    from learninglab.messaging.models import OutboundMessage
    from learninglab.messaging.services import email_render

    [invitation] = create_lab(slug="big-send", capacity=None, people=1)
    email = invitation_email(invitation)
    message_id, raw = email_render(email)
    OutboundMessage.objects.bulk_create(
        (
            OutboundMessage(
                key=f"bench:{n}",
                kind="invitation",
                sender=email.sender or "noreply@learninglab.invalid",
                recipient=f"guest.{n}@example.ro",
                subject=email.subject,
                message_id=message_id,
                raw=raw,
                next_attempt_at=_later(),
            )
            for n in range(count)
        ),
        batch_size=1000,
    )


def _later() -> datetime.datetime:
    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=365)


def _bench_messages():
    from learninglab.messaging.models import OutboundMessage

    return OutboundMessage.objects.filter(key__startswith="bench:")


def still_queued() -> int:
    from learninglab.messaging.models import MessageState

    return _bench_messages().filter(state=MessageState.QUEUED).count()


@dataclasses.dataclass
class Sending:
    run: Run
    sent_per_second: float
    left: int


class Bench:
    def __init__(self, url: str, env: dict[str, str], sink: SmtpSink, rate: float) -> None:
        self.url, self.env, self.sink, self.rate = url, env, sink, rate

    def alone(self, forms: list[OpenForm]) -> Run:
        return paced(self.url, forms, rate=self.rate)

    def while_sending(self, forms: list[OpenForm], *, niceness: int) -> Sending:
        """Answer while a worker at ``niceness`` starts the send; hold the rest back after."""
        from django.db import connection
        from django.utils import timezone

        from learninglab.messaging.models import MessageState

        worker = subprocess.Popen(
            [sys.executable, "-m", "learninglab.manage", "worker", "--interval", "0.5"],
            cwd=ROOT,
            env={**self.env, "WORKER_NICENESS": str(niceness)},
        )
        try:
            before = self.sink.count()
            _bench_messages().update(
                state=MessageState.QUEUED,
                next_attempt_at=timezone.now(),
                attempts=0,
                claimed_by="",
                lease_expires_at=None,
                sent_at=None,
            )
            deadline = time.monotonic() + 60
            while self.sink.count() == before and time.monotonic() < deadline:
                time.sleep(0.05)
            before = self.sink.count()
            run = paced(self.url, forms, rate=self.rate)
            sent_per_second = (self.sink.count() - before) / run.wall
            _bench_messages().filter(state=MessageState.QUEUED).update(next_attempt_at=_later())
            left = still_queued()
            deadline = time.monotonic() + 60
            while (
                _bench_messages().filter(state=MessageState.SENDING).exists()
                and time.monotonic() < deadline
            ):
                time.sleep(0.05)
        finally:
            stop(worker)
            connection.close()
        return Sending(run, sent_per_second, left)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20, help="answers per second")
    parser.add_argument("--requests", type=int, default=200, help="answers per phase")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of three phases")
    add_server_options(parser, workers=4, threads=1)
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    server_url = database_server(parser, args)

    with (
        workspace() as folder,
        SmtpSink() as sink,
        throwaway_database(folder, server_url) as database,
    ):
        env = set_up_django(database, folder, EMAIL_HOST=sink.host, EMAIL_PORT=str(sink.port))
        from django.db import connection

        phases = 3 * args.rounds
        people = phases * args.requests
        paths = [rsvp_path(i) for i in create_lab(slug="answers", capacity=None, people=people)]
        warm = [rsvp_path(i) for i in create_lab(slug="warm-up", capacity=None, people=40)]
        fill_outbox(SEND_SIZE)
        vendor = connection.vendor
        connection.close()

        rows = []
        with gunicorn(env, folder, workers=args.workers, threads=args.threads) as server:
            forms = open_forms(server.url, paths)
            bench = Bench(server.url, env, sink, args.rate)
            bench.alone(open_forms(server.url, warm))
            share = iter(forms[i * args.requests : (i + 1) * args.requests] for i in range(phases))
            for _round in range(args.rounds):
                alone = bench.alone(next(share))
                sending = bench.while_sending(next(share), niceness=0)
                niced = bench.while_sending(next(share), niceness=NICENESS)
                rows.append((alone, sending, niced))
            server_errors = server.log_text().count("Internal Server Error")
            if server_errors:
                print(f"The server's log ends:\n{server.last_error()}")

        print(
            f"sending while answering: {vendor}, gunicorn {args.workers} workers x "
            f"{args.threads} threads, {args.requests} answers per phase at {args.rate:g}/s, "
            f"worker sending from {SEND_SIZE} queued messages to an SMTP sink, "
            f"{os.cpu_count()} cores"
        )
        header = (
            f"{'round':<6} {'alone p50':>9} {'p95':>5} | {'nice 0 p50':>11} {'p95':>5}"
            f" {'msg/s':>5} {'rise':>6} | {'default p50':>11} {'p95':>5}"
            f" {'msg/s':>5} {'rise':>6}"
        )
        print(header)
        print("-" * len(header))

        def rise(sending: Sending, alone: Run) -> float:
            return (sending.run.ms(0.95) / alone.ms(0.95) - 1) * 100

        def cells(alone: Run, sending: Sending, niced: Sending) -> list[float]:
            return [
                alone.ms(0.5),
                alone.ms(0.95),
                sending.run.ms(0.5),
                sending.run.ms(0.95),
                sending.sent_per_second,
                rise(sending, alone),
                niced.run.ms(0.5),
                niced.run.ms(0.95),
                niced.sent_per_second,
                rise(niced, alone),
            ]

        def line(label: str, values: list[float]) -> str:
            a50, a95, s50, s95, srate, srise, n50, n95, nrate, nrise = values
            return (
                f"{label:<6} {a50:>9.0f} {a95:>5.0f} | {s50:>11.0f} {s95:>5.0f} {srate:>5.0f}"
                f" {srise:>+5.0f}% | {n50:>11.0f} {n95:>5.0f} {nrate:>5.0f} {nrise:>+5.0f}%"
            )

        table = [cells(*row) for row in rows]
        for number, values in enumerate(table, 1):
            print(line(str(number), values))
        medians = [statistics.median(column) for column in zip(*table, strict=True)]
        print(line("median", medians))
        print("(milliseconds; msg/s: what the sink took during the phase)")

        troubles = []
        for number, (alone, sending, niced) in enumerate(rows, 1):
            for label, run in (("alone", alone), ("sending", sending.run), ("niced", niced.run)):
                if run.errors(302):
                    troubles.append(
                        f"round {number}, {label}: HTTP status {run.unexpected(302)} (0: no answer)"
                    )
            if not sending.left or not niced.left:
                troubles.append(f"round {number}: the send ran dry; raise SEND_SIZE")
        if server_errors:
            troubles.append(f"{server_errors} server errors")
        if not goal(
            "sending_while_answering",
            f"rise of answers' p95 while the niced worker sends (median of {args.rounds} rounds)",
            f"{medians[9]:+.0f} % (p95 {medians[1]:.0f} → {medians[7]:.0f} ms)",
            f"≤ +{AIM_RISE_PERCENT} %",
            met=medians[9] <= AIM_RISE_PERCENT,
        ):
            troubles.append(f"p95 rose by more than {AIM_RISE_PERCENT} % while sending")
        return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main())
