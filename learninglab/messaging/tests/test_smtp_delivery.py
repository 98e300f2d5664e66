"""Invitations go out over real SMTP: one message per person, in their language, with a
calendar file; updates and cancellations keep the calendar identity; faults of the server
delay mail but never lose or repeat it. The outbox's clock stands still until a test moves
it on: nothing here waits for a retry or a lease to run out."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs import selectors
from learninglab.labs.links import rsvp_url, unsubscribe_url
from learninglab.labs.models import AgendaItem, ContactRole, Invitation, Response
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.invitation import invitations_create, invitations_send
from learninglab.labs.services.lab import LAB_FIELDS, LabData, lab_cancel, lab_update
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging import delivery
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.testing import FrozenClock, smtp_server
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")
RSVP_CONTACT = "irina.vlad@example.org"
SUBJECTS = {
    "ro": "Invitație la atelier: {theme}",
    "en": "Invitation to the lab: {theme}",
}
BODIES = {
    "ro": "Stimate/Stimată {name},\n\nVă invităm la {lab}.\n\nRăspuns: {rsvp_link}\n\n{contacts}",
    "en": "Dear {name},\n\nWe invite you to the {lab}.\n\nAnswer here: {rsvp_link}\n\n{contacts}",
}


@pytest.fixture
def clock():
    return FrozenClock()


@pytest.fixture
def smtp(settings, clock):
    with smtp_server(settings) as server:
        server.handler.clock = clock
        yield server


def local_time(days_ahead: int, hour: int) -> datetime.datetime:
    day = (timezone.now() + datetime.timedelta(days=days_ahead)).astimezone(BUCHAREST).date()
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=BUCHAREST)


@pytest.fixture
def lab(partner):
    starts = local_time(10, 10)
    lab = LabFactory(
        partner=partner,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        capacity=1,
        theme={"ro": "Industriile creative", "en": "Creative industries"},
        invitation_subject=SUBJECTS,
        invitation_body=BODIES,
    )
    LabContactFactory(lab=lab, role=ContactRole.RSVP, name="Irina Vlad", email=RSVP_CONTACT)
    LabContactFactory(
        lab=lab, role=ContactRole.MANAGER, name="Radu Ionescu", email="radu@example.org"
    )
    AgendaItem.objects.create(
        lab=lab, starts_at=datetime.time(10, 0), title={"ro": "Bun venit", "en": "Welcome"}
    )
    AgendaItem.objects.create(
        lab=lab,
        starts_at=datetime.time(10, 30),
        title={"ro": "Lucru pe grupe", "en": "Group work"},
        position=1,
    )
    return lab


def person(partner, first_name: str, language: str) -> Stakeholder:
    someone = StakeholderFactory(
        partner=partner,
        first_name=first_name,
        last_name="Test",
        email=f"{first_name.lower()}@example.com",
        language=language,
    )
    ConsentFactory(stakeholder=someone, given=True)
    return someone


@pytest.fixture
def people(partner):
    return {
        "ro": person(partner, "Andrei", "ro"),
        "en": person(partner, "Emma", "en"),
        "it": person(partner, "Giulia", "it"),
    }


def invite_and_send(lab, staff) -> int:
    invitations_create(actor=staff, lab=lab, people=Stakeholder.objects.filter(partner=lab.partner))
    return invitations_send(lab_id=lab.pk)


def deliver_all(clock: FrozenClock, *, rounds: int = 200) -> None:
    """Run the outbox job until nothing is queued or sending any more.

    Between rounds the clock moves on by a tenth of a second: retries come due.
    """
    for _round in range(rounds):
        delivery.deliver_due(clock=clock)
        unsettled = OutboundMessage.objects.filter(
            state__in=[MessageState.QUEUED, MessageState.SENDING]
        )
        if not unsettled.exists():
            return
        clock.advance(0.1)
    raise AssertionError("The outbox did not settle.")


def outbox_row(received) -> OutboundMessage:
    return OutboundMessage.objects.get(message_id=received.message_id)


def by_kind(server, kind: str) -> dict[str, object]:
    """Return the received messages of ``kind`` by recipient; fail on a second copy."""
    found: dict[str, object] = {}
    for received in server.received:
        if outbox_row(received).kind != kind:
            continue
        (recipient,) = received.rcpt_tos
        assert recipient not in found, f"{recipient} got a second {kind}"
        found[recipient] = received
    return found


def text_parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    }


def calendar_part(message):
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part


def vevent(message) -> tuple[icalendar.Calendar, icalendar.Event]:
    part = calendar_part(message)
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_each_person_gets_one_invitation_in_their_language(smtp, lab, people, staff):
    assert invite_and_send(lab, staff) == 3
    delivery.deliver_due()

    received = by_kind(smtp, "invitation")
    assert set(received) == {p.email for p in people.values()}
    subjects = {
        "ro": "Invitație la atelier: Industriile creative",
        "en": "Invitation to the lab: Creative industries",
        # No Italian text: the English one.
        "it": "Invitation to the lab: Creative industries",
    }
    greetings = {"ro": "Stimate/Stimată", "en": "Dear", "it": "Dear"}
    for language, someone in people.items():
        message = received[someone.email].message
        invitation = Invitation.objects.get(lab=lab, stakeholder=someone)
        assert message["To"] == someone.email
        assert message["Subject"] == subjects[language]
        assert message.is_multipart()
        parts = text_parts(message)
        assert set(parts) == {"text/plain", "text/html"}
        link = rsvp_url(invitation)
        assert link in parts["text/plain"]
        assert f'href="{link}"' in parts["text/html"]
        assert parts["text/plain"].startswith(f"{greetings[language]} {someone.full_name}")
        assert message["Reply-To"] == RSVP_CONTACT
        # The long header is folded after its name; unfolded, only the address is left.
        unsubscribe = message["List-Unsubscribe"].strip()
        assert re.fullmatch(r"<https?://[^>\s]+/unsubscribe/[^>\s]+/>", unsubscribe)
        assert unsubscribe == f"<{unsubscribe_url(invitation)}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Message-ID"] == invitation.message.message_id
        assert invitation.message.state == MessageState.SENT


def test_the_calendar_file_is_published_for_the_lab_at_its_local_time(smtp, lab, people, staff):
    invite_and_send(lab, staff)
    delivery.deliver_due()

    uids = set()
    for received in by_kind(smtp, "invitation").values():
        part = calendar_part(received.message)
        assert part.get_content_disposition() == "attachment"
        assert part.get_filename() == "invite.ics"
        assert part.get_param("method") == "PUBLISH"
        params = [name for name, _value in part.get_params()]
        assert params.count("charset") == 1
        calendar, event = vevent(received.message)
        assert calendar["METHOD"] == "PUBLISH"
        assert event["DTSTART"].params["TZID"] == "Europe/Bucharest"
        starts = event.decoded("DTSTART")
        assert (starts.hour, starts.minute) == (10, 0)
        assert starts == lab.starts_at
        assert event.decoded("DTEND") == lab.ends_at
        assert str(event["LOCATION"]) == f"{lab.venue_name}, {lab.venue_address}"
        assert str(event["URL"]).endswith(f"/events/{lab.slug}/")
        assert str(event["ORGANIZER"]) == f"mailto:{RSVP_CONTACT}"
        assert event["SEQUENCE"] == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        uids.add(str(event["UID"]))
    assert len(uids) == 1


def test_sending_the_invitations_twice_sends_nobody_a_second_copy(smtp, lab, people, staff):
    assert invite_and_send(lab, staff) == 3
    assert invitations_send(lab_id=lab.pk) == 0
    delivery.deliver_due()
    assert delivery.deliver_due() == 0
    assert invitations_send(lab_id=lab.pk) == 0
    delivery.deliver_due()

    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted(p.email for p in people.values())
    assert OutboundMessage.objects.count() == 3


def lab_data(lab, **changes) -> LabData:
    fields = {name: getattr(lab, name) for name in LAB_FIELDS}
    fields.update(changes)
    return LabData(**fields)


def test_a_new_time_and_place_reach_the_calendars_of_attendees_and_waiting_people(
    smtp, lab, people, staff, django_capture_on_commit_callbacks, clock
):
    late = person(lab.partner, "Mihai", "ro")  # never answers
    invite_and_send(lab, staff)
    deliver_all(clock)
    (original_uid,) = {str(vevent(r.message)[1]["UID"]) for r in smtp.received}
    rsvp_record(invitation=Invitation.objects.get(stakeholder=people["ro"]), answer="attend")
    rsvp_record(invitation=Invitation.objects.get(stakeholder=people["it"]), answer="attend")
    rsvp_record(invitation=Invitation.objects.get(stakeholder=people["en"]), answer="decline")
    assert Invitation.objects.get(stakeholder=people["it"]).response == Response.WAITLISTED

    new_start = local_time(11, 14)
    with django_capture_on_commit_callbacks(execute=True):
        lab_update(
            actor=staff,
            lab=lab,
            data=lab_data(
                lab,
                starts_at=new_start,
                ends_at=new_start + datetime.timedelta(hours=2),
                venue_name="Casa Artelor",
                venue_address="Piața Libertății 1, Timișoara",
            ),
        )
    deliver_all(clock)

    updates = by_kind(smtp, "update")
    assert set(updates) == {people["ro"].email, people["it"].email}
    for received in updates.values():
        calendar, event = vevent(received.message)
        assert calendar["METHOD"] == "PUBLISH"
        assert str(event["UID"]) == original_uid
        assert event["SEQUENCE"] == 1
        assert event["DTSTART"].params["TZID"] == "Europe/Bucharest"
        starts = event.decoded("DTSTART")
        assert (starts.day, starts.hour) == (new_start.day, 14)
        assert str(event["LOCATION"]) == "Casa Artelor, Piața Libertății 1, Timișoara"

    with django_capture_on_commit_callbacks(execute=True):
        lab_cancel(actor=staff, lab=lab)
    deliver_all(clock)

    cancellations = by_kind(smtp, "cancellation")
    # Everyone sent an invitation who has not declined: attending, waiting, no answer.
    assert set(cancellations) == {people["ro"].email, people["it"].email, late.email}
    for received in cancellations.values():
        assert calendar_part(received.message).get_param("method") == "CANCEL"
        calendar, event = vevent(received.message)
        assert calendar["METHOD"] == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["UID"]) == original_uid
        assert event["SEQUENCE"] == 2


def test_a_change_of_texts_only_sends_no_calendar_update(
    smtp, lab, people, staff, django_capture_on_commit_callbacks, clock
):
    invite_and_send(lab, staff)
    deliver_all(clock)
    rsvp_record(invitation=Invitation.objects.get(stakeholder=people["ro"]), answer="attend")
    with django_capture_on_commit_callbacks(execute=True):
        lab_update(actor=staff, lab=lab, data=lab_data(lab, description={"en": "Bring a laptop."}))
    deliver_all(clock)

    lab.refresh_from_db()
    assert lab.sequence == 0
    assert by_kind(smtp, "update") == {}


# Faults of the server


def test_a_server_that_answers_421_at_first_gets_every_message_exactly_once(
    smtp, lab, people, staff, clock
):
    person(lab.partner, "Mihai", "ro")
    smtp.fail_first(2)
    invite_and_send(lab, staff)
    deliver_all(clock)

    recipients = [r.rcpt_tos[0] for r in smtp.received]
    assert sorted(recipients) == sorted(set(recipients))
    assert len(recipients) == 4
    messages = OutboundMessage.objects.all()
    assert {m.state for m in messages} == {MessageState.SENT}
    assert sorted(m.attempts for m in messages) == [1, 1, 2, 2]
    assert all(m.last_error == "" for m in messages)
    assert smtp.handler.data_commands == 6


def test_a_server_busy_for_a_while_gets_every_message_once_it_recovers(
    smtp, lab, people, staff, clock
):
    invite_and_send(lab, staff)
    smtp.fail_for(0.15)
    deliver_all(clock)

    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted(p.email for p in people.values())
    messages = OutboundMessage.objects.all()
    assert {m.state for m in messages} == {MessageState.SENT}
    assert all(m.attempts > 1 for m in messages)


@pytest.mark.parametrize("stage", ["RCPT", "DATA"])
def test_a_refused_recipient_bounces_and_is_never_retried(smtp, lab, people, staff, stage, clock):
    refused = people["en"].email
    smtp.reject(refused, reply="550 5.1.1 <emma@example.com>: no such mailbox", at=stage)
    invite_and_send(lab, staff)
    deliver_all(clock)
    clock.advance(60)  # longer than any retry delay of these tests
    delivery.deliver_due(clock=clock)

    bounced = Invitation.objects.get(stakeholder=people["en"]).message
    assert bounced.state == MessageState.BOUNCED
    assert "550" in bounced.last_error
    assert "no such mailbox" in bounced.last_error
    assert bounced.attempts == 1
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted(
        [people["ro"].email, people["it"].email]
    )
    counts = selectors.lab_counts(lab)
    assert (counts.sent, counts.bounced, counts.queued, counts.failed) == (2, 1, 0, 0)


def test_while_the_server_is_down_mail_waits_and_goes_once_it_is_back(
    smtp, settings, lab, people, staff, clock
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.5  # long enough to see the wait
    smtp.stop()
    invite_and_send(lab, staff)
    before = clock()

    delivery.deliver_due(clock=clock)

    messages = OutboundMessage.objects.all()
    assert {m.state for m in messages} == {MessageState.QUEUED}
    assert all(m.next_attempt_at > before for m in messages)
    assert all(m.last_error for m in messages)
    assert delivery.deliver_due(clock=clock) == 0  # nothing is due before the wait is over

    smtp.start()
    clock.advance(0.6)
    delivery.deliver_due(clock=clock)

    assert sorted(r.rcpt_tos[0] for r in smtp.received) == sorted(p.email for p in people.values())
    assert {m.state for m in OutboundMessage.objects.all()} == {MessageState.SENT}
    assert selectors.lab_counts(lab).sent == 3


def test_a_worker_slower_than_its_lease_leaves_the_rest_of_its_batch_to_the_next(
    smtp, lab, people, staff, clock
):
    invite_and_send(lab, staff)
    lease = 0.3

    class StalledTransport(delivery.SmtpTransport):
        """Stalls past its lease on the first message, as on a very slow server."""

        sends = 0

        def send(self, message):
            self.sends += 1
            if self.sends == 1:
                clock.advance(lease + 0.2)
                # Meanwhile another worker finds the claims expired and takes them up.
                delivery.deliver_batch(worker_id="second", lease_seconds=60, clock=clock)
            super().send(message)

    delivery.deliver_batch(
        worker_id="first", lease_seconds=lease, transport=StalledTransport(), clock=clock
    )

    copies = sorted(r.rcpt_tos[0] for r in smtp.received)
    assert set(copies) == {p.email for p in people.values()}
    # Only the message the stalled worker was sending may go twice.
    assert len(copies) <= len(people) + 1
    assert {m.state for m in OutboundMessage.objects.all()} == {MessageState.SENT}
