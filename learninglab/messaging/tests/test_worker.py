"""``learninglab worker --until-idle`` runs every registered job and stops once nothing is due."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from learninglab.core import jobs
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.models import Response
from learninglab.labs.services.invitation import invitations_create, invitations_send
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.testing import smtp_server
from learninglab.stakeholders.models import Stakeholder

# The worker closes stale connections between rounds, as a long-running process must;
# inside a test transaction that would end the transaction, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp(settings):
    with smtp_server(settings) as server:
        yield server


def test_the_outbox_and_the_reminders_are_the_registered_jobs():
    assert {job.name for job in jobs.registered()} >= {"outbox", "reminders"}


def test_the_worker_sends_the_mail_and_the_reminders_that_are_due_then_stops(smtp, partner):
    now = timezone.now()
    # Answers close in two days: the reminder to answer is due now.
    answering = LabFactory(
        partner=partner,
        starts_at=now + datetime.timedelta(days=4),
        rsvp_deadline=now + datetime.timedelta(days=2),
    )
    LabContactFactory(lab=answering)
    undecided = StakeholderFactory(partner=partner, email="undecided@example.com")
    ConsentFactory(stakeholder=undecided)
    invitations_create(
        actor=None, lab=answering, people=Stakeholder.objects.filter(pk=undecided.pk)
    )
    invitations_send(lab_id=answering.pk)
    # Starts in twelve hours: attendees are reminded the day before.
    tomorrow = LabFactory(partner=partner, starts_at=now + datetime.timedelta(hours=12))
    attendee = InvitationFactory(
        lab=tomorrow,
        stakeholder__email="attendee@example.com",
        response=Response.ATTENDING,
    ).stakeholder

    started = time.monotonic()
    call_command("worker", "--until-idle", "--interval", "5")

    assert time.monotonic() - started < 5  # it stopped instead of waiting for more
    sent = {(m.kind, m.recipient) for m in OutboundMessage.objects.all()}
    assert sent == {
        ("invitation", undecided.email),
        ("reminder", undecided.email),
        ("day_before", attendee.email),
    }
    assert {m.state for m in OutboundMessage.objects.all()} == {MessageState.SENT}
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted(
        [undecided.email, undecided.email, attendee.email]
    )


def test_with_nothing_due_the_worker_stops_at_once_and_sends_nothing(smtp, partner):
    message_later = StakeholderFactory(partner=partner)
    lab = LabFactory(partner=partner)
    ConsentFactory(stakeholder=message_later)
    invitations_create(actor=None, lab=lab, people=Stakeholder.objects.all())
    invitations_send(lab_id=lab.pk)
    OutboundMessage.objects.update(next_attempt_at=timezone.now() + datetime.timedelta(hours=1))

    started = time.monotonic()
    call_command("worker", "--until-idle", "--interval", "5")

    assert time.monotonic() - started < 5
    assert smtp.received == []
    assert OutboundMessage.objects.get().state == MessageState.QUEUED


def test_the_worker_lowers_its_own_priority_and_never_raises_it():
    """Run in processes of their own: a process cannot take its priority back."""
    import subprocess
    import sys

    def niceness_after(started_at: int, wanted: int) -> int:
        script = (
            "import os, django; django.setup();"
            "from learninglab.core.management.commands.worker import lower_priority;"
            f"lower_priority({wanted}); print(os.getpriority(os.PRIO_PROCESS, 0))"
        )
        command = [sys.executable, "-c", script]
        if started_at:
            command = ["nice", "-n", str(started_at), *command]
        return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout)

    assert niceness_after(0, 10) == 10
    assert niceness_after(0, 0) == 0
    assert niceness_after(15, 10) == 15  # started lower still: left as it is
    assert niceness_after(0, 40) == 19
