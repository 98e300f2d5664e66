"""A passing failure of the mail server (421) costs one try of one message, never more.

Through the real SMTP server of the test suite: it answers 421 and hangs up, as a server
shutting down does; the rest of the batch goes on a new connection. A message refused for
now is tried again and again, ever less often, over the retry window, and fails only once
the window is over. The outbox's clock stands still until a test moves it on.
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from learninglab.messaging import delivery
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.services import Email, message_enqueue
from learninglab.messaging.testing import FrozenClock, smtp_server

pytestmark = pytest.mark.django_db

HOUR = 60 * 60.0


@pytest.fixture
def clock():
    return FrozenClock()


@pytest.fixture
def smtp(settings, clock):
    with smtp_server(settings, retry_base_seconds=60) as server:
        settings.OUTBOX_RETRY_MAX_SECONDS = HOUR
        settings.OUTBOX_RETRY_WINDOW_HOURS = 24
        server.handler.clock = clock
        yield server


def queue(*recipients: str) -> list[OutboundMessage]:
    return [
        message_enqueue(
            key=f"test:{recipient}",
            kind="reminder",
            email=Email(to=recipient, subject="Please answer", text="Hello"),
        )[0]
        for recipient in recipients
    ]


@pytest.mark.parametrize("stage", ["RCPT", "DATA"])
def test_after_a_421_the_rest_of_the_batch_goes_on_a_new_connection(smtp, clock, stage):
    first, second, third = queue("ana@example.org", "bogdan@example.org", "carla@example.org")
    smtp.fail_first(1, at=stage, hang_up=True)

    report = delivery.deliver_batch(worker_id="w", transport=None, clock=clock)

    assert (report.sent, report.retried) == (2, 1)
    received = smtp.received
    assert [r.rcpt_tos[0] for r in received] == ["bogdan@example.org", "carla@example.org"]
    assert len({r.peer for r in received}) == 1  # one new connection for the rest
    refused = OutboundMessage.objects.get(pk=first.pk)
    assert refused.state == MessageState.QUEUED
    assert refused.attempts == 1
    assert "421" in refused.last_error
    assert refused.next_attempt_at > clock()
    for message in (second, third):
        message.refresh_from_db()
        assert (message.state, message.attempts) == (MessageState.SENT, 1)

    clock.advance(60)  # the first retry comes within a minute
    delivery.deliver_batch(worker_id="w", clock=clock)

    refused.refresh_from_db()
    assert (refused.state, refused.attempts) == (MessageState.SENT, 2)


def test_a_claim_that_sends_nothing_counts_no_try(smtp, clock):
    (message,) = queue("ana@example.org")
    # A worker claims the message and dies before sending it; its lease runs out.
    delivery.claim(worker_id="dead", batch_size=10, lease_seconds=60, clock=clock)
    clock.advance(61)

    delivery.deliver_batch(worker_id="alive", clock=clock)

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)


def test_a_server_out_of_reach_costs_the_batch_one_try_of_one_message(smtp, clock):
    first, *rest = queue("ana@example.org", "bogdan@example.org", "chiara@example.org")
    smtp.stop()

    report = delivery.deliver_batch(worker_id="w", clock=clock)

    assert report.retried == 3
    first.refresh_from_db()
    assert (first.state, first.attempts, first.first_attempt_at) == (
        MessageState.QUEUED,
        1,
        clock(),
    )
    # The rest of the batch was claimed, its tries counted, then given back unsent.
    for message in rest:
        message.refresh_from_db()
        assert (message.state, message.attempts, message.first_attempt_at) == (
            MessageState.QUEUED,
            0,
            None,
        )

    smtp.start()
    clock.advance(HOUR)
    delivery.deliver_due(clock=clock)

    tries = dict(OutboundMessage.objects.values_list("recipient", "attempts"))
    assert tries == {"ana@example.org": 2, "bogdan@example.org": 1, "chiara@example.org": 1}
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {MessageState.SENT}


def test_a_server_busy_for_long_fails_a_message_only_after_the_retry_window(smtp, clock):
    (message,) = queue("ana@example.org")
    smtp.fail_for(48 * HOUR)
    first_try = clock()
    tries: list[datetime.datetime] = []

    while message.state != MessageState.FAILED and len(tries) < 100:
        tries.append(clock())
        delivery.deliver_due(clock=clock)
        message.refresh_from_db()
        if message.state == MessageState.QUEUED:
            assert message.next_attempt_at > clock()
            clock.now = message.next_attempt_at

    assert message.state == MessageState.FAILED
    assert "421" in message.last_error
    assert message.attempts == len(tries)
    # Tried until the window was over, and no longer.
    assert tries[-1] - first_try >= datetime.timedelta(hours=24)
    assert tries[-2] - first_try < datetime.timedelta(hours=24)
    # Ever less often: from about a minute at first to about an hour, never more.
    waits = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(tries)]
    assert 30 <= waits[0] <= 60
    assert max(waits) <= HOUR
    assert waits[:5] == sorted(waits[:5])
    assert 24 <= len(tries) <= 60


def test_a_refusal_for_good_fails_at_once(smtp, clock):
    (message,) = queue("ana@example.org")
    smtp.reject("ana@example.org")

    delivery.deliver_batch(worker_id="w", clock=clock)

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.BOUNCED, 1)
