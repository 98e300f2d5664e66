"""A person erased is forgotten in the deliveries that named them."""

from __future__ import annotations

import json

import pytest

from learninglab.labs.services.checkin import checkin_record
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.stakeholders.services.stakeholder import stakeholder_erase
from learninglab.webhooks.delivery import deliver_due
from learninglab.webhooks.models import Delivery, DeliveryState
from learninglab.webhooks.tests.factories import subscribe
from learninglab.webhooks.tests.receiver import closed_port_url, receiver

pytestmark = pytest.mark.django_db


def test_an_erased_person_is_blanked_in_deliveries_sent_and_dropped_from_those_unsent(
    partner, staff, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(lab=LabFactory(partner=partner), response="attending")
    person = invitation.stakeholder
    name = person.full_name
    with receiver() as hook:
        subscribe(hook.url, partner=partner)
        subscribe(closed_port_url(), partner=partner)  # its delivery waits to be retried
        with django_capture_on_commit_callbacks(execute=True):
            checkin_record(actor=staff, invitation=invitation, confirmed_early=True)
        deliver_due()

    stakeholder_erase(actor=staff, stakeholder=person)

    kept = Delivery.objects.get()
    assert kept.state == DeliveryState.SUCCEEDED
    assert kept.payload["data"]["stakeholder"] == {"id": None, "name": "—", "organisation": None}
    assert name not in json.dumps(kept.payload, ensure_ascii=False)
