"""An event nobody subscribed to costs no look-up of the subscriptions; a subscription
added, paused or deleted is heard at once."""

from __future__ import annotations

import pytest

from learninglab.labs.models import ResponseVia
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.webhooks.models import Delivery
from learninglab.webhooks.services import subscription_delete, subscription_update
from learninglab.webhooks.tests.factories import subscribe

pytestmark = pytest.mark.django_db


def answer(lab, django_capture_on_commit_callbacks) -> None:
    """Record an answer taken by phone, its transaction committed."""
    invitation = InvitationFactory(lab=lab)
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_record(invitation=invitation, answer="attend", via=ResponseVia.PHONE)


def test_with_no_subscription_an_answer_asks_nothing_of_them_after_the_first(
    partner, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    lab = LabFactory(partner=partner)
    answer(lab, django_capture_on_commit_callbacks)  # the first one reads them once
    invitation = InvitationFactory(lab=lab)

    with (
        django_assert_max_num_queries(50) as counted,
        django_capture_on_commit_callbacks(execute=True),
    ):
        rsvp_record(invitation=invitation, answer="attend", via=ResponseVia.PHONE)

    assert not [q for q in counted.captured_queries if "webhooks_subscription" in q["sql"]]
    assert not Delivery.objects.exists()


def test_a_subscription_added_paused_or_deleted_is_heard_at_once(
    partner, staff, django_capture_on_commit_callbacks
):
    lab = LabFactory(partner=partner)
    answer(lab, django_capture_on_commit_callbacks)  # keeps "nobody listens"

    hook = subscribe("https://crm.example.org/hooks", partner=partner, events=["answer.recorded"])
    answer(lab, django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 1

    subscription_update(
        actor=staff,
        subscription=hook,
        target_url=hook.target_url,
        events=hook.events,
        description="",
        is_active=False,
    )
    answer(lab, django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 1

    subscription_update(
        actor=staff,
        subscription=hook,
        target_url=hook.target_url,
        events=hook.events,
        description="",
        is_active=True,
    )
    answer(lab, django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 2

    subscription_delete(actor=staff, subscription=hook)
    answer(lab, django_capture_on_commit_callbacks)
    assert not Delivery.objects.exists()
