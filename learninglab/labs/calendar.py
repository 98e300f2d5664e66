"""iCalendar (RFC 5545) for labs: the attachment of each e-mail and the partner's feed.

Every file is published (``METHOD:PUBLISH``, RFC 5546 3.2.1), never a meeting request:
a REQUEST makes mail clients offer Accept/Decline buttons that write to the organizer,
while answers are recorded only through the person's link. A lab keeps one UID in
every file about it (``lab_uid``). What a person's calendar holds is revised by a file
with the same UID and a higher SEQUENCE (``person_sequence``): a new time or place is a
PUBLISH of the event as it now is; an event that must leave the calendar (the lab is
cancelled, or the person declines after attending) is a ``METHOD:CANCEL`` with
``STATUS:CANCELLED``. CANCEL is what Outlook, Apple Calendar, Google Calendar and
Thunderbird act on to remove an event received by e-mail (a PUBLISH with
STATUS:CANCELLED is only struck through by some, and ignored by others); the STATUS in
it keeps the meaning for a client that reads the event alone.

Also the links that open a lab in Google's and Outlook's web calendars.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import urllib.parse
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vDatetime, vText

from learninglab.labs.models import Invitation, Lab, LabStatus

PRODID = "-//Learning Lab//Labs//EN"
METHOD_PUBLISH = "PUBLISH"
METHOD_CANCEL = "CANCEL"


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "learninglab.invalid"


def lab_uid(lab: Lab) -> str:
    """Return the lab's calendar UID: the same in every e-mail and update about it."""
    return f"lab-{lab.uid}@{_domain()}"


def person_sequence(invitation: Invitation) -> int:
    """Return the SEQUENCE of the lab's event in this person's calendar files.

    The sum of two counters that only grow, so it rises with every change the person is
    sent, and never goes back: the lab's ``sequence`` (each new time or place, and the
    cancellation) and the invitation's ``calendar_sequence`` (their own event removed by
    a decline after attending, or brought back by attending again). Counting both, rather
    than a time of change, keeps the number the same in every copy of one revision.
    """
    return invitation.lab.sequence + invitation.calendar_sequence


def _organizer(lab: Lab) -> vCalAddress:
    contact = lab.rsvp_contact
    contact = contact if contact and contact.email else None
    email = contact.email if contact else settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(">")
    organizer = vCalAddress(f"mailto:{email}")
    if contact:
        organizer.params["cn"] = vText(contact.name)
    return organizer


def lab_event(
    lab: Lab,
    *,
    language: str,
    url: str,
    cancelled: bool = False,
    sequence: int | None = None,
    stamp: datetime.datetime | None = None,
) -> Event:
    """Return the VEVENT of ``lab`` with texts in ``language``, times in the lab's zone.

    ``sequence`` defaults to the lab's own (the partner's feed), ``stamp`` (DTSTAMP) to now.
    """
    event = Event()
    event.add("uid", lab_uid(lab))
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", lab.local_starts_at)
    event.add("dtend", lab.local_ends_at)
    event.add("sequence", lab.sequence if sequence is None else sequence)
    event.add("summary", f"{lab.heading}: {lab.theme.in_(language)}")
    location = lab.venue_line
    if location:
        event.add("location", location)
    description = lab.description.in_(language)
    if lab.online_url:
        description = f"{description}\n\n{lab.online_url}".strip()
    if description:
        event.add("description", description)
    event.add("url", url)
    event.add("organizer", _organizer(lab))
    cancelled = cancelled or lab.status == LabStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


@functools.cache
def _vtimezone_ical(tzid: str) -> bytes:
    """Return the VTIMEZONE of a zone (every transition, 1970–2038) as iCalendar text,
    built once per process ("" for a zone the time zone database does not know).

    Building and writing it out is most of the work of a calendar file; it is the same
    for every lab in the zone, so each calendar takes these bytes as they are.
    """
    try:
        return Timezone.from_tzid(tzid).to_ical()
    except ValueError:
        return b""


_FIRST_EVENT = b"BEGIN:VEVENT\r\n"


def _calendar(method: str | None, events: Iterable[Event], *, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    text = calendar.to_ical()
    # The VTIMEZONE of each zone the events use comes before the events (RFC 5545 3.6.5).
    zones = b"".join(_vtimezone_ical(tzid) for tzid in sorted(calendar.get_missing_tzids()))
    if not zones:
        return text
    start = text.index(_FIRST_EVENT)
    return text[:start] + zones + text[start:]


# What differs from one person's file about a lab to the next, written as these stand-ins
# in the file of the lab (``lab_ics``) and replaced in each person's (``LabIcs.for_person``).
_STAMP_STAND_IN = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
_SEQUENCE_STAND_IN = 2_000_000_001
_STAMP_LINE = b"\r\nDTSTAMP:" + vDatetime(_STAMP_STAND_IN).to_ical() + b"\r\n"
_SEQUENCE_LINE = b"\r\nSEQUENCE:%d\r\n" % _SEQUENCE_STAND_IN


@dataclasses.dataclass(frozen=True)
class LabIcs:
    """The calendar file publishing a lab in one language, written out once for all the
    people of a sending (``lab_ics``); ``for_person`` gives each their own."""

    text: bytes

    def for_person(self, invitation: Invitation) -> bytes:
        """Return the person's file: their SEQUENCE (``person_sequence``), stamped now."""
        stamp = b"\r\nDTSTAMP:" + vDatetime(timezone.now()).to_ical() + b"\r\n"
        sequence = b"\r\nSEQUENCE:%d\r\n" % person_sequence(invitation)
        return self.text.replace(_STAMP_LINE, stamp, 1).replace(_SEQUENCE_LINE, sequence, 1)


def lab_ics(lab: Lab, *, language: str, url: str) -> LabIcs:
    """Return the calendar file publishing ``lab`` in ``language``, for ``for_person``."""
    event = lab_event(
        lab, language=language, url=url, sequence=_SEQUENCE_STAND_IN, stamp=_STAMP_STAND_IN
    )
    return LabIcs(_calendar(METHOD_PUBLISH, [event]))


def person_ics(invitation: Invitation, *, language: str, url: str, cancel: bool = False) -> bytes:
    """Return the .ics of one person's e-mail about the lab: the event published as it
    now is, or (``cancel``) removed from their calendar.

    A cancellation names the person as the attendee removed (RFC 5546 3.2.5), which
    helps clients match it to the event; it asks for no reply.
    """
    lab = invitation.lab
    if not cancel:
        return lab_ics(lab, language=language, url=url).for_person(invitation)
    event = lab_event(
        lab,
        language=language,
        url=url,
        cancelled=True,
        sequence=person_sequence(invitation),
    )
    email = invitation.stakeholder.email
    if email:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(invitation.stakeholder.full_name)
        event.add("attendee", attendee)
    return _calendar(METHOD_CANCEL, [event])


def partner_feed_ics(
    labs: Iterable[Lab], *, language: str, name: str, urls: dict[int, str]
) -> bytes:
    """Return a subscribable calendar of a partner's published labs."""
    events = [lab_event(lab, language=language, url=urls[lab.pk]) for lab in labs]
    return _calendar(METHOD_PUBLISH, events, name=name)


def google_calendar_url(lab: Lab, language: str) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    query = {
        "action": "TEMPLATE",
        "text": f"{lab.heading}: {lab.theme.in_(language)}",
        "dates": f"{lab.starts_at.strftime(fmt)}/{lab.ends_at.strftime(fmt)}",
        "location": lab.venue_line,
        "details": settings.SITE_URL + lab.get_public_url(),
    }
    return "https://calendar.google.com/calendar/render?" + urllib.parse.urlencode(query)


def outlook_calendar_url(lab: Lab, language: str) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": f"{lab.heading}: {lab.theme.in_(language)}",
        "startdt": lab.starts_at.isoformat(),
        "enddt": lab.ends_at.isoformat(),
        "location": lab.venue_line,
        "body": settings.SITE_URL + lab.get_public_url(),
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urllib.parse.urlencode(query)
