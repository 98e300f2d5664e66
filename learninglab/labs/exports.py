"""The answers to a lab's invitations as a table, for the download and the console."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from learninglab.labs.models import Invitation, Lab


def answers_header() -> list[str]:
    return [
        _("Name"),
        _("Organisation"),
        _("Organisation type"),
        _("E-mail"),
        _("Answer"),
        _("Note"),
        _("Answered at"),
        _("Answered by"),
    ]


def answers_rows(lab: Lab, invitations: Iterable[Invitation]) -> Iterator[list[str]]:
    """Yield one row per invitation; the time of an answer is in the lab's time zone."""
    for invitation in invitations:
        person = invitation.stakeholder
        organisation = person.organisation if person.organisation_id else None
        answered = invitation.responded_at
        yield [
            person.full_name,
            organisation.name if organisation else "",
            organisation.get_type_display() if organisation else "",
            person.email,
            invitation.get_response_display(),
            invitation.response_note,
            answered.astimezone(lab.zone).strftime("%Y-%m-%d %H:%M") if answered else "",
            invitation.get_response_via_display(),
        ]


def answers_filename(lab: Lab) -> str:
    return f"{lab.slug}-answers"
