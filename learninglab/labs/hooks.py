"""Answer for the labs' rows that point at people when a person is merged, erased, exported."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import audit_scrub
from learninglab.labs.models import (
    CheckIn,
    Invitation,
    LabContact,
    QuestionAnswer,
    Registration,
    answer_text,
)
from learninglab.labs.selectors import lab_questions, registration_answers
from learninglab.labs.services.answer import address_suppress
from learninglab.labs.services.invitation import invitations_combine
from learninglab.messaging.services import messages_redact
from learninglab.stakeholders.hooks import Mention
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import stakeholder_personal_values
from learninglab.stakeholders.services.stakeholder import ERASED_NAME


def stakeholder_merged(*, keep: Stakeholder, remove: Stakeholder) -> None:
    """Give ``keep`` the invitations of ``remove``, with their answers and check-ins.

    Where both were invited to the same lab, one invitation is kept: the one answered,
    the most recent answer when both were (``invitations_combine``).
    """
    kept = {i.lab_id: i for i in Invitation.objects.filter(stakeholder=keep)}
    for theirs in Invitation.objects.filter(stakeholder=remove, lab_id__in=kept):
        invitations_combine(first=kept[theirs.lab_id], second=theirs)
    Invitation.objects.filter(stakeholder=remove).update(stakeholder=keep)
    Registration.objects.filter(stakeholder=remove).update(stakeholder=keep)


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """Blank what the labs hold about the person; their answers and check-ins stay, nameless.

    Their answers to the labs' questions go, and the notes left with their answers; the
    audit entries about their invitations, registrations and check-ins ("Name → lab") lose
    the name; their registrations' answers waiting for a decision go; the
    invitation e-mails of colleagues they sent in their place lose it too; a lab contact
    with their address loses it, and their name if it is theirs; the names given at the
    door go. Counts of answers and attendance still add up. Their address is never brought
    back by a colleague nomination (``address_suppress``).
    """
    values = stakeholder_personal_values(stakeholder)
    QuestionAnswer.objects.filter(invitation__stakeholder=stakeholder).delete()
    address_suppress(partner_id=stakeholder.partner_id, email=stakeholder.email)
    invitations = Invitation.objects.filter(stakeholder=stakeholder)
    invitations.exclude(response_note="").update(response_note="")
    Registration.objects.filter(stakeholder=stakeholder).update(answers={})
    invitations.exclude(name_at_door="").update(name_at_door="")
    CheckIn.objects.filter(invitation__stakeholder=stakeholder).exclude(device="").update(device="")
    colleagues = Invitation.objects.filter(substitute_for__stakeholder=stakeholder)
    messages_redact(
        message_ids=colleagues.exclude(message=None).values_list("message_id", flat=True),
        words=values.words(),
        replacement=ERASED_NAME,
    )
    audit_scrub(
        model=Invitation,
        object_ids=list(invitations.values_list("pk", flat=True)),
        values=values.words(),
        replacement=ERASED_NAME,
    )
    audit_scrub(
        model=Registration,
        object_ids=list(
            Registration.objects.filter(stakeholder=stakeholder).values_list("pk", flat=True)
        ),
        values=values.words(),
        replacement=ERASED_NAME,
    )
    for contact in LabContact.objects.filter(
        lab__partner_id=stakeholder.partner_id, email__in=values.emails
    ):
        if values.is_name(contact.name):
            contact.name = ERASED_NAME
        contact.email = contact.phone = ""
        contact.save(update_fields=["name", "email", "phone"])


def stakeholder_exported(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Return the person's invitations (each lab, their answer, note, answers to the lab's
    questions and check-in) and their registrations on labs' public pages (with the
    answers of those still waiting for a decision)."""
    invitations = (
        Invitation.objects.filter(stakeholder=stakeholder)
        .select_related("lab", "checkin", "substitute_for__lab")
        .prefetch_related("question_answers__question")
        .order_by("lab__starts_at", "pk")
    )
    language = stakeholder.language
    return {
        "invitations": [
            {
                "lab": invitation.lab.slug,
                "lab_theme": str(invitation.lab.theme.in_(stakeholder.language)),
                "lab_starts_at": invitation.lab.starts_at.isoformat(),
                "invited_at": invitation.created_at.isoformat(),
                "language": invitation.language,
                "instead_of_a_colleague": invitation.substitute_for_id is not None,
                "answer": invitation.response,
                "answered_at": _iso(invitation.responded_at),
                "answered_by": invitation.response_via,
                "note": invitation.response_note,
                "waitlisted_at": _iso(invitation.waitlisted_at),
                "check_in": _check_in(invitation),
                "questions": [
                    {
                        "question": str(answer.question.text.in_(language)),
                        "answer": answer_text(answer.question, answer.value, language),
                        "answered_at": answer.answered_at.isoformat(),
                    }
                    for answer in invitation.question_answers.all()
                ],
            }
            for invitation in invitations
        ],
        "registrations": [
            {
                "lab": registration.lab.slug,
                "registered_at": registration.created_at.isoformat(),
                "confirmed_at": _iso(registration.confirmed_at),
                "state": registration.state,
                "decided_at": _iso(registration.decided_at),
                "questions": [
                    {"question": question, "answer": answer}
                    for question, answer in registration_answers(
                        registration, lab_questions(registration.lab, asked_only=False), language
                    )
                ],
            }
            for registration in Registration.objects.filter(stakeholder=stakeholder)
            .select_related("lab__partner")
            .order_by("created_at", "pk")
        ],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _check_in(invitation: Invitation) -> dict[str, Any] | None:
    checkin = getattr(invitation, "checkin", None)
    if checkin is None:
        return None
    return {"checked_in_at": checkin.checked_in_at.isoformat(), "walk_in": checkin.is_walk_in}


def stakeholder_mentions(*, stakeholder: Stakeholder) -> list[Mention]:
    """Return the notes other people left with their answers that name the person."""
    values = stakeholder_personal_values(stakeholder)
    notes = (
        Invitation.objects.filter(lab__partner_id=stakeholder.partner_id)
        .exclude(stakeholder=stakeholder)
        .exclude(response_note="")
        .select_related("lab")
        .only("response_note", "lab__slug")
    )
    return [
        Mention(
            where=_("Note with an answer to %(lab)s") % {"lab": invitation.lab.slug},
            excerpt=Truncator(invitation.response_note).chars(200),
            url=reverse("labs:answers", args=[invitation.lab.slug]),
        )
        for invitation in notes.iterator()
        if values.is_mentioned_in(invitation.response_note)
    ]
