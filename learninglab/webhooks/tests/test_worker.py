"""``learninglab worker --until-idle`` sends the webhooks of changes committed for real."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from learninglab.core import jobs
from learninglab.labs.links import rsvp_url
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.webhooks.models import Delivery, DeliveryState
from learninglab.webhooks.tests.factories import subscribe
from learninglab.webhooks.tests.receiver import receiver

# The worker closes stale connections between rounds; inside a test transaction that
# would end it, so this test commits (and so the events follow real commits).
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_webhooks_are_a_registered_job():
    assert "webhooks" in {job.name for job in jobs.registered()}


def test_an_answer_committed_is_sent_by_the_worker(client, partner):
    invitation = InvitationFactory(lab=LabFactory(partner=partner))
    with receiver() as hook:
        subscribe(hook.url, partner=partner, events=["answer.recorded"])
        client.post(rsvp_url(invitation), {"answer": "decline"})

        call_command("worker", "--until-idle", "--interval", "0.1")

    (request,) = hook.requests
    assert json.loads(request.body)["data"]["invitation"]["response"] == "declined"
    assert Delivery.objects.get().state == DeliveryState.SUCCEEDED
