"""Deliveries that fail are retried with backoff, and their log keeps what the receiver said;
a delivery can be resent; each subscriber hears of its own partner's events only."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.labs.services.checkin import checkin_record
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.webhooks.delivery import deliver_batch, deliver_due
from learninglab.webhooks.models import Delivery, DeliveryState
from learninglab.webhooks.services import delivery_resend, subscription_ping
from learninglab.webhooks.tests.factories import subscribe
from learninglab.webhooks.tests.receiver import closed_port_url, receiver
from learninglab.webhooks.tests.verifier import verify

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


class Clock:
    """A clock that moves only when told; it starts a moment ahead, so that what is
    queued now is due."""

    def __init__(self) -> None:
        self.now = timezone.now() + datetime.timedelta(seconds=1)

    def __call__(self) -> datetime.datetime:
        return self.now


def _tries(delivery: Delivery, clock: Clock) -> list[datetime.timedelta]:
    """Send the delivery until it succeeds or fails, each time as soon as it is due;
    return the waits between its tries."""
    waits = []
    deliver_due(clock=clock)
    delivery.refresh_from_db()
    while delivery.state == DeliveryState.RETRYING:
        waits.append(delivery.next_attempt_at - clock.now)
        clock.now = delivery.next_attempt_at
        deliver_due(clock=clock)
        delivery.refresh_from_db()
    return waits


def test_a_receiver_answering_500_gets_retries_with_backoff_then_the_delivery_fails(partner):
    clock = Clock()
    with receiver() as hook:
        hook.status, hook.reply = 500, b"database down"
        delivery = subscription_ping(actor=None, subscription=subscribe(hook.url, partner=partner))

        waits = _tries(delivery, clock)

    assert waits == [MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE, 720 * MINUTE]
    assert len(hook.requests) == 6
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 6
    assert delivery.response_status == 500
    assert delivery.response_body == "database down"
    assert delivery.error == "HTTP 500"
    # Each try is in the log with what the receiver said.
    tries = list(delivery.tries.values_list("number", "response_status", "response_body"))
    assert tries == [(n, 500, "database down") for n in range(1, 7)]


def test_the_log_keeps_each_try_and_the_answer_that_ended_them(partner, staff):
    clock = Clock()
    with receiver() as hook:
        hook.status, hook.reply = 503, b"busy"
        delivery = subscription_ping(actor=None, subscription=subscribe(hook.url, partner=partner))
        deliver_due(clock=clock)
        delivery.refresh_from_db()
        hook.status, hook.reply = 200, b"ok"
        clock.now = delivery.next_attempt_at
        deliver_due(clock=clock)

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SUCCEEDED
    assert list(delivery.tries.values_list("response_status", "response_body")) == [
        (503, "busy"),
        (200, "ok"),
    ]
    page = client_for(staff).get(reverse("webhooks:detail", args=[delivery.subscription_id]))
    text = page.content.decode()
    assert "Each of the 2 tries" in text
    assert "503" in text and "busy" in text


def test_a_delivery_is_not_sent_before_its_retry_is_due(partner):
    clock = Clock()
    with receiver() as hook:
        hook.status = 503
        delivery = subscription_ping(actor=None, subscription=subscribe(hook.url, partner=partner))
        deliver_due(clock=clock)
        clock.now += 59 * datetime.timedelta(seconds=1)
        deliver_due(clock=clock)
        assert len(hook.requests) == 1
        hook.status = 204
        clock.now += datetime.timedelta(seconds=1)
        deliver_due(clock=clock)

    delivery.refresh_from_db()
    assert len(hook.requests) == 2
    assert delivery.state == DeliveryState.SUCCEEDED
    assert delivery.attempts == 2
    assert delivery.response_status == 204
    # Each try is signed anew: both signatures hold, and the event id stays the same.
    first, second = hook.requests
    assert first.headers["Learning-Lab-Event-Id"] == second.headers["Learning-Lab-Event-Id"]
    for request in hook.requests:
        secret = delivery.subscription.secret
        assert verify(secret, request.body, request.headers["Learning-Lab-Signature"])


def test_a_receiver_that_does_not_answer_in_time_gets_a_retry(partner, settings):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.5
    with receiver() as hook:
        hook.delay = 2
        delivery = subscription_ping(actor=None, subscription=subscribe(hook.url, partner=partner))
        deliver_due()

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.RETRYING
    assert delivery.response_status is None
    assert delivery.error == "no answer within 0.5 s"
    assert 400 <= delivery.duration_ms < 2000


def test_a_refused_connection_gets_a_retry(partner):
    delivery = subscription_ping(
        actor=None, subscription=subscribe(closed_port_url(), partner=partner)
    )
    deliver_due()

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.RETRYING
    assert delivery.attempts == 1
    assert "refused" in delivery.error.lower()


def test_a_failed_delivery_is_resent_with_the_same_event_and_payload(partner, staff):
    clock = Clock()
    with receiver() as hook:
        hook.status = 500
        failed = subscription_ping(actor=None, subscription=subscribe(hook.url, partner=partner))
        _tries(failed, clock)
        hook.status = 200

        again = delivery_resend(actor=staff, delivery=failed)
        deliver_due(clock=clock)

    again.refresh_from_db()
    assert again.state == DeliveryState.SUCCEEDED
    assert again.resent_from == failed
    assert again.event_id == failed.event_id
    last = hook.requests[-1]
    assert json.loads(last.body) == failed.payload
    assert last.headers["Learning-Lab-Event-Id"] == str(failed.event_id)


def test_a_delivery_on_its_way_is_not_resent(partner, staff):
    delivery = subscription_ping(
        actor=None, subscription=subscribe("http://127.0.0.1:9/hooks", partner=partner)
    )

    with pytest.raises(Exception, match="still on its way"):
        delivery_resend(actor=staff, delivery=delivery)


def test_each_partner_hears_of_its_own_events_and_the_coordinator_of_all(
    partner, other_partner, staff, other_staff, coordinator, django_capture_on_commit_callbacks
):
    ours = InvitationFactory(lab=LabFactory(partner=partner), response="attending")
    theirs = InvitationFactory(lab=LabFactory(partner=other_partner), response="attending")
    with receiver() as hook_a, receiver() as hook_b, receiver() as hook_all:
        subscribe(hook_a.url, partner=partner)
        subscribe(hook_b.url, partner=other_partner)
        subscribe(hook_all.url, partner=None)
        with django_capture_on_commit_callbacks(execute=True):
            checkin_record(actor=staff, invitation=ours, confirmed_early=True)
            checkin_record(actor=other_staff, invitation=theirs, confirmed_early=True)
        deliver_due()

    def labs(hook) -> list[str]:
        return sorted(json.loads(r.body)["data"]["lab"]["slug"] for r in hook.requests)

    assert labs(hook_a) == [ours.lab.slug]
    assert labs(hook_b) == [theirs.lab.slug]
    assert labs(hook_all) == sorted([ours.lab.slug, theirs.lab.slug])


def test_no_transaction_is_open_while_the_receiver_is_waited_for(partner, monkeypatch):
    from django.db import connection

    from learninglab.webhooks import delivery as delivery_module

    depths = []
    send = delivery_module.post

    def watched_post(*args, **kwargs):
        depths.append(len(connection.savepoint_ids))
        return send(*args, **kwargs)

    monkeypatch.setattr(delivery_module, "post", watched_post)
    with receiver() as hook:
        subscription_ping(actor=None, subscription=subscribe(hook.url, partner=partner))
        # The test's own transaction wraps everything: no savepoint is open beyond it.
        outside = len(connection.savepoint_ids)
        deliver_batch(worker_id="watcher")

    assert depths == [outside]
    assert len(hook.requests) == 1


def test_a_long_or_binary_answer_is_kept_short_and_readable(partner):
    with receiver() as hook:
        hook.reply = b"\x00\xffok" + b"x" * 5000
        delivery = subscription_ping(actor=None, subscription=subscribe(hook.url, partner=partner))
        deliver_due()

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SUCCEEDED
    assert delivery.response_body.startswith("\ufffdok")
    assert len(delivery.response_body) <= 2000
