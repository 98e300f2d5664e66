"""Compose the e-mails about a lab, in the recipient's language.

Lab texts are templates with placeholders such as ``{name}`` and ``{rsvp_link}``; an
unknown placeholder is refused before anything is sent (``template_errors``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext_lazy, pgettext

from learninglab.core import languages
from learninglab.core.text import one_full_stop
from learninglab.labs import calendar
from learninglab.labs.calendar import google_calendar_url, outlook_calendar_url
from learninglab.labs.links import (
    checkin_code,
    checkin_qr_png,
    registration_url,
    rsvp_url,
    unsubscribe_url,
)
from learninglab.labs.models import Invitation, Lab, LabMessage, Registration, Response, ResponseVia
from learninglab.messaging.emails import list_email
from learninglab.messaging.services import Attachment, Email, messages_enqueue_each
from learninglab.stakeholders.normalize import format_phone

PLACEHOLDERS: dict[str, Any] = {
    "name": gettext_lazy("the person's full name"),
    "first_name": gettext_lazy("the person's first name"),
    "organisation": gettext_lazy("the person's organisation"),
    "lab": gettext_lazy("the lab's kind and round"),
    "theme": gettext_lazy("the lab's theme"),
    "date": gettext_lazy("the day of the lab"),
    "time": gettext_lazy("the starting time"),
    "venue": gettext_lazy("the venue and its address"),
    "deadline": gettext_lazy("the day to answer by"),
    "rsvp_link": gettext_lazy("the personal link to answer"),
    "contacts": gettext_lazy("the contact persons"),
    "previous_results": gettext_lazy("the results of the previous lab"),
}


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def template_errors(text: str) -> list[str]:
    """Return the unknown placeholders of ``text`` (``{nmae}``), in order of appearance."""
    unknown = [m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1) not in PLACEHOLDERS]
    return list(dict.fromkeys(unknown))


def fill(text: str, values: Mapping[str, str]) -> str:
    """Return ``text`` with each known ``{placeholder}`` replaced by its value; a value
    ending in a full stop ("30. rujna 2026.") ends a sentence with that one."""
    return one_full_stop(_PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text))


def _contacts_text(lab: Lab, language: str) -> str:
    lines = []
    for contact in lab.contacts.all():
        details = ", ".join(part for part in (contact.email, format_phone(contact.phone)) if part)
        function = contact.function.in_(language)
        label = f"{contact.name} ({function})" if function else contact.name
        lines.append(f"{label}: {details}" if details else label)
    return "\n".join(lines)


def lab_values(lab: Lab, language: str) -> dict[str, str]:
    """Return the placeholder values about the lab, in ``language`` (active)."""
    from learninglab.results.selectors.results import results_text

    starts = lab.local_starts_at
    previous = lab.previous
    return {
        "lab": str(lab.heading),
        "theme": lab.theme.in_(language),
        "date": formats.date_format(starts, "DATE_FORMAT"),
        "time": formats.time_format(starts, "TIME_FORMAT"),
        "venue": lab.venue_line,
        "deadline": formats.date_format(lab.local_rsvp_deadline, "DATE_FORMAT"),
        "contacts": _contacts_text(lab, language),
        "previous_results": results_text(previous, language) if previous else "",
    }


class LabTexts:
    """What the e-mails of one sending about a lab share, worked out once per language:
    the placeholder values about the lab and its calendar file.

    For one sending only: it keeps the lab as it was when the sending began.
    """

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
        self._values: dict[str, dict[str, str]] = {}
        self._calendars: dict[str, calendar.LabIcs] = {}

    def values(self, language: str) -> dict[str, str]:
        """Return ``lab_values`` in ``language`` (active)."""
        if language not in self._values:
            self._values[language] = lab_values(self.lab, language)
        return self._values[language]

    def calendar(self, language: str) -> calendar.LabIcs:
        """Return the calendar file publishing the lab in ``language``."""
        if language not in self._calendars:
            url = settings.SITE_URL + self.lab.get_public_url()
            self._calendars[language] = calendar.lab_ics(self.lab, language=language, url=url)
        return self._calendars[language]


def invitation_values(
    invitation: Invitation, language: str, *, texts: LabTexts | None = None
) -> dict[str, str]:
    person = invitation.stakeholder
    lab_part = texts.values(language) if texts else lab_values(invitation.lab, language)
    return {
        **lab_part,
        "name": person.full_name,
        "first_name": person.first_name,
        "organisation": person.organisation.name if person.organisation else "",
        "rsvp_link": rsvp_url(invitation),
    }


def default_invitation_body() -> str:
    """Return the standard invitation text in the active language."""
    return pgettext(
        "stakeholder",
        "Dear {name},\n\n"
        "We invite you to the {lab} on {date} at {time}, at {venue}.\n\n"
        "Theme: {theme}\n\n"
        "Please answer by {deadline} through your personal link:\n{rsvp_link}\n\n"
        "Contact persons:\n{contacts}",
    )


def default_invitation_subject() -> str:
    return pgettext("stakeholder", "Invitation: {lab} on {date}")


def _rsvp_contact(lab: Lab) -> list[str]:
    contact = lab.rsvp_contact
    return [contact.email] if contact and contact.email else []


def _ics(
    invitation: Invitation, language: str, *, cancel: bool = False, texts: LabTexts | None = None
) -> Attachment:
    if texts is not None and not cancel:
        content = texts.calendar(language).for_person(invitation)
    else:
        url = settings.SITE_URL + invitation.lab.get_public_url()
        content = calendar.person_ics(invitation, language=language, url=url, cancel=cancel)
    method = calendar.METHOD_CANCEL if cancel else calendar.METHOD_PUBLISH
    # The charset parameter is added when the part is encoded; naming it here too would
    # repeat it in the Content-Type header.
    return Attachment("invite.ics", content, f"text/calendar; method={method}")


def _email(
    invitation: Invitation,
    *,
    language: str,
    subject: str,
    body: str,
    template: str = "labs/email/message.html",
    ics: bool = True,
    cancel: bool = False,
    extra: dict[str, Any] | None = None,
    texts: LabTexts | None = None,
) -> Email:
    lab = invitation.lab
    nominator = _nominator(invitation)
    return list_email(
        to=invitation.stakeholder.email,
        subject=subject,
        body=body,
        template=template,
        context={"lab": lab, **(extra or {})},
        language=language,
        reason=_why(invitation, nominator),
        unsubscribe_url=unsubscribe_url(invitation),
        stop=pgettext("stakeholder", "Refuse any further e-mail") if nominator else "",
        reply_to=_rsvp_contact(lab),
        attachments=[_ics(invitation, language, cancel=cancel, texts=texts)] if ics else [],
        project=lab.partner.project,
    )


def _why(invitation: Invitation, nominator: str) -> str:
    """Return the footer line saying why the person of ``invitation`` is written to."""
    if nominator:
        return why_nominated(nominator)
    if invitation.response_via == ResponseVia.REGISTRATION:
        return why_registered(invitation.lab)
    return why_invited(invitation.lab)


def why_registered(lab: Lab) -> str:
    """Return the footer line of the e-mails to someone who registered for the lab."""
    return one_full_stop(
        pgettext(
            "stakeholder", "You receive this because you registered for this lab of %(partner)s."
        )
        % {"partner": lab.partner.institution}
    )


def _nominator(invitation: Invitation) -> str:
    """Return the name of who sent this colleague in their place; "" for anyone else."""
    original = invitation.substitute_for
    return original.stakeholder.full_name if original is not None else ""


def why_nominated(nominator: str) -> str:
    """Return the footer line of a colleague's e-mails: who gave us their address."""
    return one_full_stop(
        pgettext("stakeholder", "You receive this because %(name)s suggested you in their place.")
        % {"name": nominator}
    )


def _colleague_body(invitation: Invitation, body: str, nominator: str) -> str:
    """Return the invitation ``body`` of a colleague: who suggested them, how to refuse."""
    values = {"name": nominator, "stop": unsubscribe_url(invitation)}
    intro = pgettext(
        "stakeholder",
        "%(name)s suggested you in their place for this lab, and gave us your name and "
        "e-mail address.",
    )
    outro = pgettext(
        "stakeholder",
        "We write to you this once, on the word of %(name)s. To refuse any further e-mail "
        "from us, use this link:\n%(stop)s",
    )
    days = settings.COLLEAGUE_RETENTION_DAYS
    if days > 0:
        outro += "\n\n" + pgettext(
            "stakeholder",
            "If you do not answer, your name and address are deleted %(days)s days after the lab.",
        ) % {"days": days}
    return f"{one_full_stop(intro % values)}\n\n{body}\n\n{one_full_stop(outro % values)}"


def why_invited(lab: Lab) -> str:
    """Return the footer line of the lab's e-mails: why the person receives them."""
    return one_full_stop(
        pgettext(
            "stakeholder",
            "You receive this because you agreed to be invited to %(partner)s's labs.",
        )
        % {"partner": lab.partner.institution}
    )


def invitation_email(invitation: Invitation, *, texts: LabTexts | None = None) -> Email:
    """Return the personal invitation: the lab's text in the person's language, with .ics.

    ``texts``: what the invitations of a sending share, worked out once for them all.
    """
    lab = invitation.lab
    language = invitation.written_language
    with translation.override(language):
        values = invitation_values(invitation, language, texts=texts)
        # Written in the person's language; a text the lab lacks in it is given in
        # English, like the words around it, before the partner's own language.
        subject = lab.invitation_subject.in_(language)
        body = lab.invitation_body.in_(language)
        subject, body = subject or default_invitation_subject(), body or default_invitation_body()
        body = fill(body, values)
        nominator = _nominator(invitation)
        if nominator:
            body = _colleague_body(invitation, body, nominator)
        return _email(
            invitation,
            language=language,
            subject=fill(subject, values),
            body=body,
            extra={"rsvp_url": values["rsvp_link"]},
            texts=texts,
        )


def _checkin_qr(invitation: Invitation) -> Attachment:
    return Attachment(
        "checkin.png",
        checkin_qr_png(invitation),
        "image/png",
        content_id=f"checkin.{invitation.public_id.hex}@learninglab",
    )


def response_email(invitation: Invitation, *, promoted: bool = False) -> Email:
    """Return the confirmation of an answer: attending (with .ics), waitlisted or declined.

    An attendee's confirmation carries their check-in code, as a QR image in the HTML
    and as text to type, for the door. A decline after attending, or a colleague sent
    after attending, carries the calendar cancellation of the event their confirmation
    had added (``is_calendar_cancelled``).
    """

    lab = invitation.lab
    language = invitation.written_language
    with translation.override(language):
        values = invitation_values(invitation, language)
        # The person has answered: the link's button offers to change that answer.
        extra: dict[str, Any] = {"rsvp_url": values["rsvp_link"], "answered": True}
        qr: Attachment | None = None
        removes_event = invitation.is_calendar_cancelled and invitation.response in (
            Response.DECLINED,
            Response.SUBSTITUTED,
        )
        if invitation.response == Response.ATTENDING:
            if promoted:
                subject = pgettext("stakeholder", "A seat is free for you: {lab} on {date}")
                body = pgettext(
                    "stakeholder",
                    "Dear {name},\n\nA seat became free and you move up from the waiting "
                    "list: you are now expected at the {lab} on {date} at {time}, at {venue}."
                    "\n\nIf you cannot come any more, tell us through your link:\n{rsvp_link}",
                )
            else:
                subject = pgettext("stakeholder", "See you at the {lab} on {date}")
                body = pgettext(
                    "stakeholder",
                    "Dear {name},\n\nThank you: you are expected at the {lab} on {date} at "
                    "{time}, at {venue}.\n\nYou can change your answer until {deadline}:\n"
                    "{rsvp_link}",
                )
            qr = _checkin_qr(invitation)
            body += "\n\n" + pgettext(
                "stakeholder",
                "At the door, show the QR code of this e-mail, or give your name. "
                "Your check-in code: %(code)s",
            ) % {"code": checkin_code(invitation)}
            extra.update(
                google_url=google_calendar_url(lab, language),
                outlook_url=outlook_calendar_url(lab, language),
                checkin_qr_cid=qr.content_id,
            )
        elif invitation.response == Response.WAITLISTED:
            subject = pgettext("stakeholder", "You are on the waiting list: {lab} on {date}")
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nThe {lab} on {date} is full, so you are on the waiting "
                "list. We will write to you as soon as a seat is free.\n\n"
                "You can withdraw through your link:\n{rsvp_link}",
            )
        elif removes_event and invitation.response == Response.SUBSTITUTED:
            subject = pgettext("stakeholder", "Thank you for your answer: {lab} on {date}")
            # Whether the colleague was invited is not told (``rsvp_substitute``), and
            # there is no answer left to change.
            del extra["rsvp_url"]
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nThank you for sending a colleague in your place to the "
                "{lab} on {date}. The attached calendar file removes it from your calendar.",
            )
        elif removes_event:
            subject = pgettext("stakeholder", "Thank you for your answer: {lab} on {date}")
            # The confirmation of a decline after attending: its calendar file (CANCEL)
            # takes the event their earlier confirmation added out of their calendar.
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nThank you for letting us know that you cannot come to the "
                "{lab} on {date}. The attached calendar file removes it from your calendar. "
                "You can change your answer until {deadline}:\n{rsvp_link}",
            )
        else:
            subject = pgettext("stakeholder", "Thank you for your answer: {lab} on {date}")
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nThank you for letting us know that you cannot come to the "
                "{lab} on {date}. You can change your answer until {deadline}:\n{rsvp_link}",
            )
        email = _email(
            invitation,
            language=language,
            subject=fill(subject, values),
            body=fill(body, values),
            ics=invitation.response == Response.ATTENDING or removes_event,
            cancel=removes_event,
            extra=extra,
        )
    if qr is not None:
        email.attachments.append(qr)
    return email


def reminder_email(invitation: Invitation, *, before_lab: bool) -> Email:
    """Return a reminder: to answer before the deadline, or that the lab is tomorrow."""
    language = invitation.written_language
    with translation.override(language):
        values = invitation_values(invitation, language)
        if before_lab:
            subject = pgettext("stakeholder", "Tomorrow: {lab}")
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nA reminder that the {lab} is tomorrow, {date} at {time}, "
                "at {venue}.\n\nIf you cannot come, please tell us:\n{rsvp_link}",
            )
        else:
            subject = pgettext("stakeholder", "Please answer by {deadline}: {lab}")
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nWe have not heard from you yet about the {lab} on {date}. "
                "Please answer by {deadline}:\n{rsvp_link}",
            )
        return _email(
            invitation,
            language=language,
            subject=fill(subject, values),
            body=fill(body, values),
            ics=before_lab,
            extra={"rsvp_url": values["rsvp_link"]},
        )


def change_email(invitation: Invitation, *, cancel: bool) -> Email:
    """Return the notice of a new time or place (same UID, higher SEQUENCE) or a cancellation."""
    language = invitation.written_language
    with translation.override(language):
        values = invitation_values(invitation, language)
        if cancel:
            subject = pgettext("stakeholder", "Cancelled: {lab} on {date}")
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nWe are sorry: the {lab} on {date} is cancelled. "
                "The attached calendar file removes it from your calendar.\n\n{contacts}",
            )
        else:
            subject = pgettext("stakeholder", "Changed: {lab} is now on {date} at {time}")
            body = pgettext(
                "stakeholder",
                "Dear {name},\n\nThe {lab} has changed: it is now on {date} at {time}, at "
                "{venue}. The attached calendar file updates your calendar.\n\n"
                "If you cannot come any more, tell us:\n{rsvp_link}",
            )
        return _email(
            invitation,
            language=language,
            subject=fill(subject, values),
            body=fill(body, values),
            cancel=cancel,
        )


def lab_message_email(
    invitation: Invitation,
    *,
    message: LabMessage,
    language: str = "",
    texts: LabTexts | None = None,
) -> Email:
    """Return ``message`` written to the person of ``invitation``, in their language
    (``language`` for a preview), its placeholders filled, with the personal link's button.
    """
    language = language or invitation.written_language
    with translation.override(language):
        values = invitation_values(invitation, language, texts=texts)
        extra: dict[str, Any] = {}
        # Whoever sent a colleague in their place has no answer left to change.
        if invitation.response != Response.SUBSTITUTED:
            extra = {
                "rsvp_url": values["rsvp_link"],
                "answered": invitation.response != Response.PENDING,
            }
        return _email(
            invitation,
            language=language,
            subject=fill(message.subject.in_(language), values),
            body=fill(message.body.in_(language), values),
            ics=False,
            extra=extra,
            texts=texts,
        )


def _plain_email(
    lab: Lab, to: str, subject: str, body: str, values: Mapping[str, str], language: str
) -> Email:
    """Return a text e-mail about ``lab`` to one address (not a list's: no unsubscribe)."""
    return Email(
        to=to,
        subject=fill(subject, values),
        text=fill(body, values),
        reply_to=_rsvp_contact(lab),
        headers={"Content-Language": language},
    )


def registration_confirmation_email(registration: Registration) -> Email:
    """Return the e-mail that asks who registered to confirm their address within a day."""
    lab = registration.lab
    language = languages.for_person(registration.language)
    with translation.override(language):
        values = {
            **lab_values(lab, language),
            "name": registration.full_name,
            "confirm_link": registration_url(registration),
        }
        subject = pgettext("stakeholder", "Confirm your registration: {lab} on {date}")
        body = pgettext(
            "stakeholder",
            "Dear {name},\n\nSomeone, probably you, registered with this address for the "
            "{lab} on {date} at {time}, at {venue}.\n\nTo confirm your registration, open "
            "this link within a day and press the button:\n{confirm_link}\n\nUntil you "
            "confirm, no seat is kept for you. If it was not you, do nothing: the "
            "registration and your address are deleted after a day.",
        )
        return _plain_email(lab, registration.email, subject, body, values, language)


def registration_declined_email(registration: Registration) -> Email:
    """Return the e-mail telling a person that staff could not accept their registration."""
    lab, person = registration.lab, registration.stakeholder
    assert person is not None  # decided registrations were confirmed
    language = languages.for_person(person.language)
    with translation.override(language):
        values = {**lab_values(lab, language), "name": person.full_name}
        subject = pgettext("stakeholder", "Your registration: {lab} on {date}")
        body = pgettext(
            "stakeholder",
            "Dear {name},\n\nThank you for registering for the {lab} on {date}. We are "
            "sorry: we cannot offer you a place at this lab.\n\nContact persons:\n{contacts}",
        )
        return _plain_email(lab, person.email, subject, body, values, language)


def email_parts(email: Email) -> dict[str, Any]:
    """Return what a page shows of a composed e-mail: its headers, the e-mail, its calendar."""
    headers = [
        ("From", email.sender or settings.DEFAULT_FROM_EMAIL),
        ("To", email.to),
        ("Reply-To", ", ".join(email.reply_to)),
        ("Subject", email.subject),
        *email.headers.items(),
    ]
    calendars = [a for a in email.attachments if a.mimetype.startswith("text/calendar")]
    ics = calendars[0].content.decode("utf-8") if calendars else ""
    return {"email": email, "headers": [(n, v) for n, v in headers if v], "ics": ics}


def invitations_enqueue(
    invitations: Iterable[Invitation],
    *,
    lab: Lab,
    key: str,
    kind: str,
    compose: Callable[[Invitation], Email],
) -> int:
    """Queue one e-mail per invitation of ``lab`` under ``key`` (``"update:{pk}:3"``).

    Return how many were queued now; an invitation whose key is in the outbox is skipped.
    The invitations share ``lab`` as it was loaded, with its contacts.
    """
    invitations = list(invitations)
    for invitation in invitations:
        invitation.lab = lab
    return messages_enqueue_each(
        invitations,
        key=lambda invitation: key.format(pk=invitation.pk),
        kind=kind,
        compose=compose,
        partner=lab.partner,
    )
