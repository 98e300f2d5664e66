"""Each of the four events, made through the real services, reaches a real receiver,
signed: the signature is checked by a verifier written from the README alone."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from learninglab.actionplans.models import ActionStatus
from learninglab.actionplans.services.progress import EntryData, progress_record
from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.labs.links import rsvp_url
from learninglab.labs.models import ResponseVia
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.checkin import checkin_record
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.services.review import practice_approve
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.webhooks.delivery import deliver_due
from learninglab.webhooks.models import Delivery, DeliveryState
from learninglab.webhooks.tests.factories import subscribe
from learninglab.webhooks.tests.receiver import receiver
from learninglab.webhooks.tests.verifier import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook(partner):
    with receiver() as server:
        server.subscription = subscribe(server.url, partner=partner)
        yield server


def _only(hook) -> tuple[dict, dict]:
    """Send what is due; return the one request the receiver got, headers and payload."""
    deliver_due()
    assert len(hook.requests) == 1, [r.headers.get("Learning-Lab-Event") for r in hook.requests]
    request = hook.requests[0]
    assert request.path == "/hooks"
    assert verify(hook.subscription.secret, request.body, request.headers["Learning-Lab-Signature"])
    payload = json.loads(request.body)
    assert request.headers["Learning-Lab-Event"] == payload["event"]
    assert request.headers["Learning-Lab-Event-Id"] == payload["id"]
    assert request.headers["Content-Type"] == "application/json"
    return request.headers, payload


def test_an_answer_through_the_personal_link_is_delivered(
    hook, client, partner, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(lab=LabFactory(partner=partner, slug="round-2"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(rsvp_url(invitation), {"answer": "attend"})
    assert response.status_code == 302
    _headers, payload = _only(hook)

    assert payload["event"] == "answer.recorded"
    assert payload["partner"]["slug"] == "timisoara"
    assert payload["data"]["invitation"] == {
        "id": invitation.pk,
        "response": "attending",
        "previous_response": "pending",
        "via": "link",
    }
    assert payload["data"]["lab"]["slug"] == "round-2"
    person = payload["data"]["stakeholder"]
    assert person["name"] == invitation.stakeholder.full_name
    assert "email" not in person and "phone" not in person
    assert invitation.stakeholder.email not in json.dumps(payload)
    assert datetime.datetime.fromisoformat(payload["occurred_at"]) <= timezone.now()
    assert Delivery.objects.get().state == DeliveryState.SUCCEEDED


def test_an_answer_recorded_by_staff_is_delivered(
    hook, staff, partner, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(lab=LabFactory(partner=partner))

    with django_capture_on_commit_callbacks(execute=True):
        rsvp_record(invitation=invitation, answer="decline", via=ResponseVia.PHONE, actor=staff)
    _headers, payload = _only(hook)

    assert payload["event"] == "answer.recorded"
    assert payload["data"]["invitation"]["response"] == "declined"
    assert payload["data"]["invitation"]["via"] == "phone"


def test_a_checkin_is_delivered(hook, staff, partner, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(lab=LabFactory(partner=partner), response="attending")

    with django_capture_on_commit_callbacks(execute=True):
        checkin_record(actor=staff, invitation=invitation, confirmed_early=True)
    _headers, payload = _only(hook)

    assert payload["event"] == "checkin.recorded"
    assert payload["data"]["checkin"]["invitation"] == invitation.pk
    assert payload["data"]["checkin"]["is_walk_in"] is False
    assert payload["data"]["stakeholder"]["id"] == invitation.stakeholder_id


def test_a_practice_published_is_delivered(
    hook, coordinator, partner, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(partner=partner, status=PracticeStatus.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        practice_approve(actor=coordinator, practice=practice, notify=False)
    _headers, payload = _only(hook)

    assert payload["event"] == "practice.published"
    assert payload["data"]["practice"]["slug"] == practice.slug
    assert payload["data"]["practice"]["title"]["en"] == "The open design workshop"
    assert payload["data"]["practice"]["url"].endswith(f"/practices/{practice.slug}/")


def test_an_actions_status_change_is_delivered_and_progress_alone_is_not(
    hook, staff, partner, django_capture_on_commit_callbacks
):
    action = ActionFactory(plan=ActionPlanFactory(partner=partner))
    started = EntryData(
        on=timezone.localdate(), text="Call launched.", status=ActionStatus.IN_PROGRESS, progress=10
    )
    further = EntryData(
        on=timezone.localdate(), text="Half done.", status=ActionStatus.IN_PROGRESS, progress=50
    )

    with django_capture_on_commit_callbacks(execute=True):
        progress_record(actor=staff, action=action, data=started)
        progress_record(actor=staff, action=action, data=further)
    _headers, payload = _only(hook)

    assert payload["event"] == "action.status_changed"
    assert payload["data"]["action"]["status"] == "in_progress"
    assert payload["data"]["action"]["previous_status"] == "not_started"
    assert payload["data"]["action"]["progress"] == 10


def test_nothing_is_queued_for_a_change_rolled_back(hook, staff, partner):
    invitation = InvitationFactory(lab=LabFactory(partner=partner))

    # Without a commit (the test's transaction is rolled back), the receiver never hears.
    rsvp_record(invitation=invitation, answer="attend", via=ResponseVia.PHONE, actor=staff)
    deliver_due()

    assert not Delivery.objects.exists()
    assert hook.requests == []


def test_only_the_events_chosen_are_delivered(partner, staff, django_capture_on_commit_callbacks):
    invitation = InvitationFactory(lab=LabFactory(partner=partner), response="attending")
    with receiver() as hook:
        subscribe(hook.url, partner=partner, events=["practice.published"])
        with django_capture_on_commit_callbacks(execute=True):
            checkin_record(actor=staff, invitation=invitation, confirmed_early=True)
        deliver_due()

    assert hook.requests == []


def test_a_paused_subscription_receives_nothing(
    hook, staff, partner, django_capture_on_commit_callbacks
):
    hook.subscription.is_active = False
    hook.subscription.save()
    invitation = InvitationFactory(lab=LabFactory(partner=partner), response="attending")

    with django_capture_on_commit_callbacks(execute=True):
        checkin_record(actor=staff, invitation=invitation, confirmed_early=True)
    deliver_due()

    assert hook.requests == []
