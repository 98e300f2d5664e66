"""Benchmark sending: 5,000 personal invitations with calendar files, queued and delivered.

Builds a throw-away database (a temporary SQLite file, or with ``--postgres`` a temporary
database on the PostgreSQL server of $DATABASE_URL) and starts an SMTP sink in a process of
its own. Queues one lab's invitations through ``invitations_send``, then delivers them
through the outbox with the worker's job (``deliver_due``, one worker) and compares that
with a plain smtplib loop sending the same bytes over one connection. The two take turns,
a fifth of the messages each, and the medians of the rounds are compared.

    .venv/bin/python bench/mailing.py [--people 5000] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import smtplib
import statistics
import sys
import time

from _live import (
    SmtpSink,
    add_database_option,
    create_lab,
    database_server,
    set_up_django,
    throwaway_database,
    verdict,
    workspace,
)

AIM_PER_SECOND = 100
AIM_RATIO = 0.25


def plain_smtp(sink: SmtpSink, messages: list[tuple[str, str, bytes]]) -> float:
    """Send ``messages`` over one connection; return messages per second."""
    started = time.perf_counter()
    with smtplib.SMTP(sink.host, sink.port, timeout=30) as smtp:
        for sender, recipient, raw in messages:
            smtp.sendmail(sender, [recipient], raw)
    return len(messages) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000, help="invitations to send")
    parser.add_argument("--rounds", type=int, default=5, help="turns of worker and plain loop")
    add_database_option(parser)
    args = parser.parse_args(argv)
    server_url = database_server(parser, args)

    with (
        workspace() as folder,
        SmtpSink() as sink,
        throwaway_database(folder, server_url) as database,
    ):
        set_up_django(database, folder, EMAIL_HOST=sink.host, EMAIL_PORT=str(sink.port))
        from django.db import connection

        from learninglab.labs.services.invitation import invitations_send
        from learninglab.messaging.delivery import deliver_due
        from learninglab.messaging.models import MessageState, OutboundMessage

        lab_id = create_lab(slug="mailing", capacity=None, people=args.people)[0].lab_id

        started = time.perf_counter()
        queued = invitations_send(lab_id=lab_id)
        queueing = time.perf_counter() - started

        messages = [
            (sender, recipient, bytes(raw))
            for sender, recipient, raw in OutboundMessage.objects.order_by("id").values_list(
                "sender", "recipient", "raw"
            )
        ]
        size = statistics.median(len(m[2]) for m in messages)

        # The worker and the plain loop take turns, a slice of the messages each, so that
        # both meet the same moments of a busy machine; the ratio is taken per round.
        rounds = []
        slice_size = -(-len(messages) // args.rounds)
        for start in range(0, len(messages), slice_size):
            plain = plain_smtp(sink, messages[start : start + slice_size])
            started = time.perf_counter()
            delivered = deliver_due(max_messages=slice_size)
            rounds.append((delivered / (time.perf_counter() - started), plain))

        sent = OutboundMessage.objects.filter(state=MessageState.SENT).count()
        received = sink.count()
        per_second = statistics.median(worker for worker, _plain in rounds)
        plain = statistics.median(plain for _worker, plain in rounds)
        ratio = statistics.median(worker / plain for worker, plain in rounds)

        print(
            f"mailing: {connection.vendor}, {args.people} invitations with .ics "
            f"(median {size / 1024:.1f} KiB), one worker, SMTP sink in its own process, "
            f"{os.cpu_count()} cores"
        )
        print(
            f"queued by invitations_send:  {queued / queueing:>6.0f} msg/s "
            f"({queued} in {queueing:.1f} s)"
        )
        print(f"{'round':<6} {'worker msg/s':>12} {'plain msg/s':>12} {'ratio':>6}")
        for number, (worker, plain_round) in enumerate(rounds, 1):
            print(f"{number:<6} {worker:>12.0f} {plain_round:>12.0f} {worker / plain_round:>6.2f}")
        print(f"{'median':<6} {per_second:>12.0f} {plain:>12.0f} {ratio:>6.2f}")

        troubles = []
        if queued != args.people or sent != args.people or received != 2 * args.people:
            troubles.append(
                f"queued {queued}, sent {sent}, sink took {received} of {2 * args.people}"
            )
        if per_second < AIM_PER_SECOND:
            troubles.append(f"fewer than {AIM_PER_SECOND} msg/s")
        if ratio < AIM_RATIO:
            troubles.append(f"ratio below {AIM_RATIO}")
        return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main())
