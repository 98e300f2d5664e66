"""Reminders: one to answer before the deadline, one the day before the lab, never twice."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.jobs import reminders_queue
from learninglab.labs.links import rsvp_url
from learninglab.labs.models import Invitation, Response
from learninglab.labs.services.answer import rsvp_record, rsvp_substitute
from learninglab.labs.services.invitation import (
    invitations_create,
    invitations_send,
    invitations_unsubscribe,
)
from learninglab.labs.services.lab import lab_cancel
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging import delivery
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
DEADLINE = START - datetime.timedelta(days=2)
REMINDER_DAYS = 3
REMINDERS_FROM = DEADLINE - datetime.timedelta(days=REMINDER_DAYS)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(autouse=True)
def local_outbox(settings):
    settings.EMAIL_HOST = ""  # delivered means kept in the outbox, marked sent


@pytest.fixture
def lab(partner):
    lab = LabFactory(
        partner=partner,
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=3),
        rsvp_deadline=DEADLINE,
        reminder_days=REMINDER_DAYS,
        capacity=1,
    )
    LabContactFactory(lab=lab)
    return lab


@pytest.fixture
def people(lab, staff):
    """Invite five people, deliver their invitations, and record their answers."""
    names = ("pending", "declined", "attending", "waitlisted", "late")
    group = {}
    for name in names:
        group[name] = StakeholderFactory(partner=lab.partner, email=f"{name}@example.com")
        ConsentFactory(stakeholder=group[name])
    invite(lab, staff, [group[n] for n in names if n != "late"])
    delivery.deliver_due()
    # Invited, but the invitation has not gone out yet.
    invite(lab, staff, [group["late"]])
    answer(group["declined"], "decline")
    answer(group["attending"], "attend")
    answer(group["waitlisted"], "attend")
    return group


def invite(lab, staff, people) -> None:
    chosen = Stakeholder.objects.filter(pk__in=[p.pk for p in people])
    invitations_create(actor=staff, lab=lab, people=chosen)
    invitations_send(lab_id=lab.pk)


def answer(person, choice) -> None:
    rsvp_record(invitation=Invitation.objects.get(stakeholder=person), answer=choice)


def queued(kind: str) -> list[str]:
    return sorted(OutboundMessage.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_the_people_set_up_are_as_the_tests_assume(people):
    responses = {i.stakeholder.email: i.response for i in Invitation.objects.all()}
    assert responses == {
        "pending@example.com": Response.PENDING,
        "declined@example.com": Response.DECLINED,
        "attending@example.com": Response.ATTENDING,
        "waitlisted@example.com": Response.WAITLISTED,
        "late@example.com": Response.PENDING,
    }
    late = Invitation.objects.get(stakeholder=people["late"])
    assert late.message.state == MessageState.QUEUED


def test_nobody_is_reminded_before_the_reminder_days(people):
    assert reminders_queue(now=REMINDERS_FROM - SECOND) == 0
    assert queued("reminder") == []


def test_people_who_have_not_answered_are_reminded_once_from_the_reminder_days(people):
    assert reminders_queue(now=REMINDERS_FROM) == 1
    assert queued("reminder") == ["pending@example.com"]

    assert reminders_queue(now=REMINDERS_FROM + datetime.timedelta(hours=1)) == 0
    assert reminders_queue(now=DEADLINE - SECOND) == 0
    assert queued("reminder") == ["pending@example.com"]


def test_a_person_whose_invitation_went_out_late_is_reminded_once_it_went_out(people):
    reminders_queue(now=REMINDERS_FROM)
    delivery.deliver_due()  # the late invitation goes out now

    assert reminders_queue(now=REMINDERS_FROM + datetime.timedelta(hours=1)) == 1
    assert queued("reminder") == ["late@example.com", "pending@example.com"]


def test_the_reminder_carries_the_personal_link(people):
    reminders_queue(now=REMINDERS_FROM)

    message = OutboundMessage.objects.get(kind="reminder")
    invitation = Invitation.objects.get(stakeholder=people["pending"])
    assert rsvp_url(invitation).encode() in bytes(message.raw)


def test_after_the_deadline_nobody_is_asked_to_answer(people):
    assert reminders_queue(now=DEADLINE + SECOND) == 0
    assert queued("reminder") == []


def test_attendees_are_reminded_once_the_day_before(people):
    assert reminders_queue(now=START - datetime.timedelta(days=1, seconds=1)) == 0
    assert queued("day_before") == []

    assert reminders_queue(now=START - datetime.timedelta(hours=23)) == 1
    assert reminders_queue(now=START - datetime.timedelta(hours=2)) == 0
    assert queued("day_before") == ["attending@example.com"]


def test_declined_people_are_never_reminded(people):
    for now in (REMINDERS_FROM, DEADLINE - SECOND, START - datetime.timedelta(hours=23)):
        reminders_queue(now=now)

    reminded = set(queued("reminder")) | set(queued("day_before"))
    assert "declined@example.com" not in reminded
    assert reminded == {"pending@example.com", "attending@example.com"}


def test_a_cancelled_lab_sends_no_reminders(lab, people, staff):
    lab_cancel(actor=staff, lab=lab)

    for now in (REMINDERS_FROM, DEADLINE - SECOND, START - datetime.timedelta(hours=23)):
        assert reminders_queue(now=now) == 0
    assert queued("reminder") == []
    assert queued("day_before") == []


def test_a_person_who_stopped_the_invitations_gets_no_reminder_to_answer(people):
    pending = Invitation.objects.get(stakeholder=people["pending"])
    attending = Invitation.objects.get(stakeholder=people["attending"])
    invitations_unsubscribe(invitation=pending)
    invitations_unsubscribe(invitation=attending)

    assert reminders_queue(now=REMINDERS_FROM) == 0
    # Coming anyway: the practical reminder the day before still goes.
    assert reminders_queue(now=START - datetime.timedelta(hours=23)) == 1
    assert queued("reminder") == []
    assert queued("day_before") == ["attending@example.com"]


def test_a_colleague_sent_in_someone_s_place_is_reminded_to_answer(
    lab, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_substitute(
            invitation=Invitation.objects.get(stakeholder=people["pending"]),
            first_name="Radu",
            last_name="Coleg",
            email="colleague@example.com",
        )
    delivery.deliver_due()

    reminders_queue(now=REMINDERS_FROM)

    assert queued("reminder") == ["colleague@example.com", "late@example.com"]
