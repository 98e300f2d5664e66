"""Tell people about a practice's review: the author when the coordinator acts, the
coordinators when a partner submits. Each e-mail is written in its reader's language
and queued in the outbox under a key, so that a step is announced once."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from learninglab.accounts.models import User
from learninglab.core.roles import Role
from learninglab.messaging.models import MessageKind
from learninglab.messaging.services import Email, message_enqueue
from learninglab.practices.links import absolute, staff_url
from learninglab.practices.models import EventKind, PracticeEvent


def _recipients(event: PracticeEvent) -> list[User]:
    practice = event.practice
    if event.kind == EventKind.SUBMITTED:
        people = list(User.objects.filter(role=Role.COORDINATOR, is_active=True))
    else:
        authors = {practice.created_by_id}
        authors |= set(
            practice.events.filter(kind=EventKind.SUBMITTED).values_list("by_id", flat=True)
        )
        ids = [pk for pk in authors if pk is not None]
        people = list(User.objects.filter(pk__in=ids, is_active=True))
    return [person for person in people if person.pk != event.by_id and person.email]


def _subject(kind: str, title: str) -> str:
    # Spelled out for the translators; the format placeholder is filled after.
    subjects: dict[str, str] = {
        EventKind.SUBMITTED: gettext("Good practice submitted for review: {title}"),
        EventKind.RETURNED: gettext("More information asked for your good practice: {title}"),
        EventKind.APPROVED: gettext("Your good practice is approved and published: {title}"),
        EventKind.DECLINED: gettext("Your good practice was declined: {title}"),
        EventKind.VALIDATED: gettext(
            "Your good practice was validated by the programme's experts: {title}"
        ),
        EventKind.UNPUBLISHED: gettext("Your good practice was taken off the catalogue: {title}"),
    }
    return subjects[kind].format(title=title)


def review_email(event: PracticeEvent, reader: User) -> Email:
    """Return the e-mail about ``event`` for ``reader``, in their language."""
    practice = event.practice
    with translation.override(reader.language):
        title = practice.title.in_(reader.language)
        lines = [
            gettext("Dear {name},").format(name=reader.get_short_name()),
            "",
            gettext("{who} changed the good practice “{title}” of {partner}: {step}.").format(
                who=event.by or gettext("Learning Lab"),
                title=title,
                partner=practice.partner.city,
                step=EventKind(event.kind).label,
            ),
        ]
        if event.comment:
            lines += ["", gettext("Their comment:"), event.comment]
        lines += ["", gettext("Open the practice: {url}").format(url=absolute(staff_url(practice)))]
        return Email(to=reader.email, subject=_subject(event.kind, title), text="\n".join(lines))


def review_step_notify(event: PracticeEvent) -> int:
    """Queue the e-mails about ``event``; return how many were queued."""
    queued = 0
    for reader in _recipients(event):
        _message, created = message_enqueue(
            key=f"practice:{event.pk}:{reader.pk}",
            kind=MessageKind.PRACTICE,
            email=review_email(event, reader),
            partner=event.practice.partner,
        )
        queued += created
    return queued
