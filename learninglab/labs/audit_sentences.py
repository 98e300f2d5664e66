"""The sentences of the audit codes the labs write (``core.audit_sentences``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from learninglab.core.audit_sentences import Sentence, register
from learninglab.core.models import AuditEntry
from learninglab.labs.models import ResponseVia, Segment
from learninglab.stakeholders.services.stakeholder import ERASED_NAME


def invitation_parts(entry: AuditEntry) -> Mapping[str, str]:
    """Return the person and the lab an invitation's description names ("Name → lab").

    Only what the entry keeps: an erased person's entries name nobody.
    """
    person, _arrow, lab = entry.object_repr.rpartition(" → ")
    if not person:
        raise ValueError("not an invitation's description")
    if not person.replace(ERASED_NAME, "").strip():
        person = str(_("an erased person"))
    return {"person": person, "lab": lab}


def register_sentences() -> None:
    register(
        {
            "labs.lab.created": _("Created the lab “%(object)s”"),
            "labs.lab.updated": _("Changed the lab “%(object)s”"),
            "labs.lab.published": _("Published the lab “%(object)s”"),
            "labs.lab.held": _("Recorded that the lab “%(object)s” took place"),
            "labs.lab.cancelled": _("Cancelled the lab “%(object)s”"),
            "labs.invitations.created": ngettext_lazy(
                "Invited %(count)s person to “%(object)s”",
                "Invited %(count)s people to “%(object)s”",
                "count",
            ),
            "labs.answers.reminded": ngettext_lazy(
                "Reminded %(count)s person of their answer to “%(object)s”",
                "Reminded %(count)s people of their answers to “%(object)s”",
                "count",
            ),
            "labs.invitation.combined": Sentence(
                _("Combined two invitations of %(person)s to “%(lab)s” into one"),
                invitation_parts,
            ),
            "labs.rsvp.recorded": Sentence(
                _("Recorded %(person)s’s answer for “%(lab)s”: %(response)s"), invitation_parts
            ),
            "labs.rsvp.promoted": Sentence(
                _("Gave %(person)s a seat at “%(lab)s” from the waiting list"), invitation_parts
            ),
            "labs.rsvp.substituted": Sentence(
                _("%(person)s suggested a colleague instead for “%(lab)s”"), invitation_parts
            ),
            "labs.checkin.recorded": Sentence(
                _("Checked in %(person)s at “%(lab)s”"), invitation_parts
            ),
            "labs.checkin.undone": Sentence(
                _("Undid the check-in of %(person)s at “%(lab)s”"), invitation_parts
            ),
            "labs.question.created": _("Added the question “%(object)s”"),
            "labs.question.changed": _("Changed the question “%(object)s”"),
            "labs.question.moved": _("Moved the question “%(object)s”"),
            "labs.question.deleted": _("Deleted the question “%(object)s”"),
            "labs.question.archived": _(
                "Stopped asking the question “%(object)s”, which people had answered"
            ),
            "labs.question.restored": _("Asked the question “%(object)s” again"),
            "labs.questions.answered": Sentence(
                _("%(person)s answered the questions of “%(lab)s”"), invitation_parts
            ),
            "labs.checkin.walk_in": Sentence(
                _("Checked in %(person)s at “%(lab)s”, who came without an invitation"),
                invitation_parts,
            ),
            "labs.message.sent": ngettext_lazy(
                "Wrote “%(subject)s” to %(count)s person of “%(object)s”",
                "Wrote “%(subject)s” to %(count)s people of “%(object)s”",
                "count",
            ),
            "labs.message.received": _("Sent them the message “%(subject)s” about “%(lab)s”"),
            "labs.registration.confirmed": Sentence(
                _("%(person)s confirmed their registration for “%(lab)s”"), invitation_parts
            ),
            "labs.registration.accepted": Sentence(
                _("Accepted the registration of %(person)s for “%(lab)s”"), invitation_parts
            ),
            "labs.registration.declined": Sentence(
                _("Declined the registration of %(person)s for “%(lab)s”"), invitation_parts
            ),
        },
        labels={
            "via": _("How the answer came"),
            "checked_in_at": _("Checked in at"),
            "is_walk_in": _("Came without an invitation"),
            "device": _("Device"),
            "new_person": _("New to the stakeholder group"),
            "consents": _("Consents given at the door"),
            "contacts": _("Contacts"),
            "segment": _("To"),
            "subject": _("Subject"),
        },
        choices={"via": ResponseVia.choices, "segment": Segment.choices},
        hidden=(
            "stakeholders",
            "stakeholder",
            "invitations",
            "dropped",
            "substitute",
            "not_invited",
            "sequence",
            "questions",
            "choices",
            "up",
        ),
    )
