"""The calendar files people receive, read back with an independent parser (``icalendar``)
from the messages the real SMTP server accepted: published events (no Accept/Decline
buttons that would write to the organisers), one UID per lab, a SEQUENCE that only rises
for each person, and a cancellation when their event must leave their calendar."""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.links import rsvp_token
from learninglab.labs.models import ContactRole, Invitation
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
        time_zone="Europe/Bucharest",
        rsvp_deadline=starts - datetime.timedelta(days=2),
        capacity=5,
    )
    LabContactFactory(lab=lab, role=ContactRole.RSVP, name="Irina Vlad", email="irina@example.org")
    return lab


@pytest.fixture
def people(partner, lab, staff) -> dict[str, Invitation]:
    """Ana and Bogdan, invited to the lab, their invitations delivered."""
    for name in ("Ana", "Bogdan"):
        someone = StakeholderFactory(
            partner=partner, first_name=name, email=f"{name.lower()}@example.com", language="en"
        )
        ConsentFactory(stakeholder=someone, given=True)
    invitations_create(actor=staff, lab=lab, people=Stakeholder.objects.filter(partner=partner))
    invitations_send(lab_id=lab.pk)
    return {i.stakeholder.first_name: i for i in Invitation.objects.select_related("stakeholder")}


def deliver_all(clock: FrozenClock) -> None:
    confirmations_queue()
    for _round in range(100):
        delivery.deliver_due(clock=clock)
        if not OutboundMessage.objects.filter(
            state__in=[MessageState.QUEUED, MessageState.SENDING]
        ).exists():
            return
        clock.advance(0.1)
    raise AssertionError("The outbox did not settle.")


def calendars_of(smtp, recipient: str) -> list[tuple[str, icalendar.Calendar]]:
    """Return (kind of e-mail, parsed calendar file) of each message ``recipient`` got."""
    found = []
    for received in smtp.received:
        if received.rcpt_tos != (recipient,):
            continue
        kind = OutboundMessage.objects.get(message_id=received.message_id).kind
        for part in received.message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                # The MIME type's method must say what the file says.
                assert part.get_param("method") == str(calendar["METHOD"])
                found.append((kind, calendar))
    return found


def event_of(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event


def assert_no_request_without_attendee(smtp) -> None:
    for received in smtp.received:
        for part in received.message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                if str(calendar["METHOD"]) == "REQUEST":
                    assert all(e.get("ATTENDEE") for e in calendar.walk("VEVENT"))


def lab_data(lab, **changes) -> LabData:
    fields = {name: getattr(lab, name) for name in LAB_FIELDS}
    fields.update(changes)
    return LabData(**fields)


def test_the_invitation_and_the_confirmation_publish_the_lab_at_its_local_time(
    smtp, clock, lab, people
):
    rsvp_record(invitation=people["Ana"], answer="attend")
    deliver_all(clock)

    files = calendars_of(smtp, "ana@example.com")
    assert [kind for kind, _calendar in files] == ["invitation", "confirmation"]
    for _kind, calendar in files:
        assert calendar["METHOD"] == "PUBLISH"
        event = event_of(calendar)
        assert "ATTENDEE" not in event
        assert event["DTSTART"].params["TZID"] == "Europe/Bucharest"
        assert event["DTEND"].params["TZID"] == "Europe/Bucharest"
        assert event.decoded("DTSTART") == lab.starts_at
        assert event.decoded("DTEND") == lab.ends_at
        assert (
            event.decoded("DTSTART").utcoffset() == lab.starts_at.astimezone(BUCHAREST).utcoffset()
        )
    uids = {str(event_of(calendar)["UID"]) for _kind, calendar in files}
    assert len(uids) == 1
    assert_no_request_without_attendee(smtp)


def test_a_decline_after_attending_removes_the_event_and_attending_again_brings_it_back(
    smtp, clock, lab, people
):
    rsvp_record(invitation=people["Ana"], answer="attend")
    deliver_all(clock)
    rsvp_record(invitation=people["Ana"], answer="decline")
    deliver_all(clock)
    rsvp_record(invitation=people["Ana"], answer="attend")
    deliver_all(clock)

    files = calendars_of(smtp, "ana@example.com")
    assert [(kind, str(c["METHOD"])) for kind, c in files] == [
        ("invitation", "PUBLISH"),
        ("confirmation", "PUBLISH"),
        ("confirmation", "CANCEL"),
        ("confirmation", "PUBLISH"),
    ]
    events = [event_of(calendar) for _kind, calendar in files]
    assert len({str(e["UID"]) for e in events}) == 1
    sequences = [int(e["SEQUENCE"]) for e in events[1:]]
    assert sequences == sorted(set(sequences)), sequences
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert str(events[3]["STATUS"]) == "CONFIRMED"
    assert_no_request_without_attendee(smtp)


def test_a_decline_without_having_attended_sends_no_calendar_file(smtp, clock, lab, people):
    rsvp_record(invitation=people["Bogdan"], answer="decline")
    deliver_all(clock)

    assert [kind for kind, _c in calendars_of(smtp, "bogdan@example.com")] == ["invitation"]


def test_a_moved_then_cancelled_lab_updates_then_removes_the_same_event(
    smtp, clock, lab, people, staff, django_capture_on_commit_callbacks
):
    rsvp_record(invitation=people["Ana"], answer="attend")
    rsvp_record(invitation=people["Bogdan"], answer="attend")
    deliver_all(clock)
    rsvp_record(invitation=people["Bogdan"], answer="decline")
    rsvp_record(invitation=people["Bogdan"], answer="attend")
    deliver_all(clock)
    new_start = local_time(11, 14)
    with django_capture_on_commit_callbacks(execute=True):
        lab_update(
            actor=staff,
            lab=lab,
            data=lab_data(
                lab, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2)
            ),
        )
    deliver_all(clock)
    with django_capture_on_commit_callbacks(execute=True):
        lab_cancel(actor=staff, lab=lab)
    deliver_all(clock)

    for recipient in ("ana@example.com", "bogdan@example.com"):
        files = calendars_of(smtp, recipient)
        kinds = [(kind, str(calendar["METHOD"])) for kind, calendar in files]
        assert kinds[-2:] == [("update", "PUBLISH"), ("cancellation", "CANCEL")], kinds
        events = [event_of(calendar) for _kind, calendar in files]
        assert len({str(e["UID"]) for e in events}) == 1
        sequences = [int(e["SEQUENCE"]) for e in events[1:]]
        assert sequences == sorted(set(sequences)), (recipient, sequences)
        update, cancellation = events[-2:]
        assert update["DTSTART"].params["TZID"] == "Europe/Bucharest"
        assert update.decoded("DTSTART") == new_start
        assert update.decoded("DTEND") == new_start + datetime.timedelta(hours=2)
        assert str(cancellation["STATUS"]) == "CANCELLED"
    assert_no_request_without_attendee(smtp)


# A colleague sent in someone's place ("Send a colleague instead")


def nominate(invitation: Invitation, email: str, first_name: str = "Radu") -> None:
    url = reverse("labs:rsvp_colleague", args=[invitation.public_id, rsvp_token(invitation)])
    data = {"first_name": first_name, "last_name": "Coleg", "email": email}
    client_for(None).post(url, data, REMOTE_ADDR="198.51.100.7")


def assert_removed_from_own_calendar(smtp, recipient: str, kinds: list[tuple[str, str]]) -> None:
    """Check the files ``recipient`` got: ``kinds`` in order, one UID, SEQUENCE rising,
    the last a CANCEL naming them, and no one else, as the attendee removed."""
    files = calendars_of(smtp, recipient)
    assert [(kind, str(calendar["METHOD"])) for kind, calendar in files] == kinds
    events = [event_of(calendar) for _kind, calendar in files]
    assert len({str(e["UID"]) for e in events}) == 1
    sequences = [int(e["SEQUENCE"]) for e in events]
    assert sequences[-1] > max(sequences[:-1]), sequences
    cancellation = events[-1]
    assert str(cancellation["STATUS"]) == "CANCELLED"
    assert str(cancellation["ATTENDEE"]).lower() == f"mailto:{recipient}"
    assert_no_request_without_attendee(smtp)


def test_a_colleague_who_attends_then_declines_has_the_event_removed(
    smtp, clock, lab, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nominate(people["Ana"], "radu@example.ro")
    colleague = Invitation.objects.get(stakeholder__email="radu@example.ro")
    assert colleague.substitute_for == people["Ana"]
    deliver_all(clock)
    rsvp_record(invitation=colleague, answer="attend")
    deliver_all(clock)
    rsvp_record(invitation=colleague, answer="decline")
    deliver_all(clock)

    assert_removed_from_own_calendar(
        smtp,
        "radu@example.ro",
        [
            ("invitation", "PUBLISH"),
            ("confirmation", "PUBLISH"),
            ("confirmation", "CANCEL"),
        ],
    )


def test_a_colleague_with_their_own_invitation_has_it_removed_like_anyone(
    smtp, clock, lab, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nominate(people["Ana"], "bogdan@example.com", first_name="Bogdan")
    # Bogdan was invited already: he keeps his own invitation, and gets no second one.
    assert Invitation.objects.filter(stakeholder__email="bogdan@example.com").count() == 1
    deliver_all(clock)
    rsvp_record(invitation=people["Bogdan"], answer="attend")
    deliver_all(clock)
    rsvp_record(invitation=people["Bogdan"], answer="decline")
    deliver_all(clock)

    assert_removed_from_own_calendar(
        smtp,
        "bogdan@example.com",
        [
            ("invitation", "PUBLISH"),
            ("confirmation", "PUBLISH"),
            ("confirmation", "CANCEL"),
        ],
    )


def test_who_attended_then_sent_a_colleague_has_the_event_removed(
    smtp, clock, lab, people, django_capture_on_commit_callbacks
):
    rsvp_record(invitation=people["Ana"], answer="attend")
    deliver_all(clock)
    with django_capture_on_commit_callbacks(execute=True):
        nominate(people["Ana"], "radu@example.ro")
    deliver_all(clock)

    assert_removed_from_own_calendar(
        smtp,
        "ana@example.com",
        [
            ("invitation", "PUBLISH"),
            ("confirmation", "PUBLISH"),
            ("confirmation", "CANCEL"),
        ],
    )
    last = [r.message for r in smtp.received if r.rcpt_tos == ("ana@example.com",)][-1]
    text = last.get_body(preferencelist=("plain",)).get_content()
    html = last.get_body(preferencelist=("html",)).get_content()
    assert "Thank you for sending a colleague in your place" in text
    assert "Change your answer" not in html
    # The colleague's own file publishes the event in their calendar.
    assert [str(c["METHOD"]) for _k, c in calendars_of(smtp, "radu@example.ro")] == ["PUBLISH"]


def test_a_calendar_file_is_the_text_icalendar_writes_with_its_time_zones(partner, lab):
    """Each zone's VTIMEZONE is written out once per process and put in every file: the
    file must still be, byte for byte, what icalendar writes with the zones added."""
    from learninglab.labs import calendar as lab_calendar

    lisbon = LabFactory(partner=partner, time_zone="Europe/Lisbon")
    events = [
        lab_calendar.lab_event(one, language="en", url=f"https://example.org/{one.pk}")
        for one in (lab, lisbon)
    ]
    written = lab_calendar._calendar(lab_calendar.METHOD_PUBLISH, events, name="Labs")

    expected = icalendar.Calendar()
    for name, value in [
        ("prodid", lab_calendar.PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("x-wr-calname", "Labs"),
    ]:
        expected.add(name, value)
    for event in events:
        expected.add_component(event)
    for position, tzid in enumerate(sorted(expected.get_missing_tzids())):
        expected.subcomponents.insert(position, icalendar.Timezone.from_tzid(tzid))
    assert written == expected.to_ical()
    assert written.count(b"BEGIN:VTIMEZONE") == 2


def test_a_persons_file_from_the_labs_one_is_the_file_written_for_them_alone(lab, people):
    """A sending writes the lab's file once and puts in each person's SEQUENCE and stamp:
    the bytes must be those of the event written for that person alone."""
    from learninglab.labs import calendar as lab_calendar

    invitation = people["Ana"]
    invitation.calendar_sequence = 2
    url = "https://example.org/lab"
    for language in ("en", "ro"):
        written = lab_calendar.lab_ics(lab, language=language, url=url).for_person(invitation)
        stamp = event_of(icalendar.Calendar.from_ical(written)).decoded("DTSTAMP")
        alone = lab_calendar.lab_event(
            lab,
            language=language,
            url=url,
            sequence=lab_calendar.person_sequence(invitation),
            stamp=stamp,
        )
        assert written == lab_calendar._calendar(lab_calendar.METHOD_PUBLISH, [alone])
        assert f"SEQUENCE:{lab.sequence + 2}\r\n".encode() in written
        assert abs(stamp - timezone.now()) < datetime.timedelta(minutes=1)
