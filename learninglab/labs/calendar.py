"""iCalendar (RFC 5545) for labs: the attachment of each e-mail and the partner's feed.

Also the links that open a lab in Google's and Outlook's web calendars.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from learninglab.core.languages import FALLBACK_LANGUAGE
from learninglab.labs.models import Lab, LabStatus

PRODID = "-//Learning Lab//Labs//EN"


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "learninglab.invalid"


def lab_uid(lab: Lab) -> str:
    """Return the lab's calendar UID: the same in every e-mail and update about it."""
    return f"lab-{lab.uid}@{_domain()}"


def _organizer(lab: Lab) -> vCalAddress:
    contact = lab.rsvp_contact
    contact = contact if contact and contact.email else None
    email = contact.email if contact else settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(">")
    organizer = vCalAddress(f"mailto:{email}")
    if contact:
        organizer.params["cn"] = vText(contact.name)
    return organizer


def lab_event(lab: Lab, *, language: str, url: str, cancelled: bool = False) -> Event:
    """Return the VEVENT of ``lab`` with texts in ``language``."""
    event = Event()
    event.add("uid", lab_uid(lab))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", lab.local_starts_at)
    event.add("dtend", lab.local_ends_at)
    event.add("sequence", lab.sequence)
    event.add("summary", f"{lab.heading}: {lab.theme.in_(language, fallback=FALLBACK_LANGUAGE)}")
    location = lab.venue_line
    if location:
        event.add("location", location)
    description = lab.description.in_(language, fallback=FALLBACK_LANGUAGE)
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
def _vtimezone(tzid: str) -> Timezone | None:
    """Return the VTIMEZONE of a zone (every transition, 1970–2038), built once per process.

    Building it is most of the work of a calendar file; it is the same for every lab in
    the zone, and a calendar only writes it out, never changes it.
    """
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:  # a zone the time zone database does not know
        return None


def _add_time_zones(calendar: Calendar) -> None:
    """Put the VTIMEZONE of each zone the events use before the events (RFC 5545 3.6.5)."""
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        zone = _vtimezone(tzid)
        if zone is not None:
            calendar.subcomponents.insert(position, zone)


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
    _add_time_zones(calendar)
    return calendar.to_ical()


def lab_invitation_ics(lab: Lab, *, language: str, url: str, cancel: bool = False) -> bytes:
    """Return the .ics of an invitation, update (higher SEQUENCE) or cancellation."""
    method = "CANCEL" if cancel else "REQUEST"
    return _calendar(method, [lab_event(lab, language=language, url=url, cancelled=cancel)])


def partner_feed_ics(
    labs: Iterable[Lab], *, language: str, name: str, urls: dict[int, str]
) -> bytes:
    """Return a subscribable calendar of a partner's published labs."""
    events = [lab_event(lab, language=language, url=urls[lab.pk]) for lab in labs]
    return _calendar("PUBLISH", events, name=name)


def google_calendar_url(lab: Lab, language: str) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    query = {
        "action": "TEMPLATE",
        "text": f"{lab.heading}: {lab.theme.in_(language, fallback=FALLBACK_LANGUAGE)}",
        "dates": f"{lab.starts_at.strftime(fmt)}/{lab.ends_at.strftime(fmt)}",
        "location": lab.venue_line,
        "details": settings.SITE_URL + lab.get_public_url(),
    }
    return "https://calendar.google.com/calendar/render?" + urllib.parse.urlencode(query)


def outlook_calendar_url(lab: Lab, language: str) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": f"{lab.heading}: {lab.theme.in_(language, fallback=FALLBACK_LANGUAGE)}",
        "startdt": lab.starts_at.isoformat(),
        "enddt": lab.ends_at.isoformat(),
        "location": lab.venue_line,
        "body": settings.SITE_URL + lab.get_public_url(),
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urllib.parse.urlencode(query)
