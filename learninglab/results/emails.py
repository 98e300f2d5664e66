"""Compose the e-mails of the results app, in the recipient's language: the survey request."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import pgettext

from learninglab.labs.emails import fill, invitation_values, why_invited
from learninglab.labs.links import unsubscribe_url
from learninglab.labs.models import Invitation, QuestionPurpose
from learninglab.messaging.emails import list_email
from learninglab.messaging.services import Email
from learninglab.results.links import feedback_url


def feedback_email(invitation: Invitation) -> Email:
    """Return the survey request, in the person's language, with their personal link."""
    lab = invitation.lab
    language = invitation.written_language
    with translation.override(language):
        values = {
            **invitation_values(invitation, language),
            "survey_link": feedback_url(invitation),
        }
        subject = fill(
            pgettext("stakeholder", "How was the {lab}? Two minutes of feedback"), values
        )
        if lab.questions.filter(purpose=QuestionPurpose.FEEDBACK, is_archived=False).exists():
            text = pgettext(
                "stakeholder",
                "Dear {name},\n\nThank you for taking part in the {lab} on {date}. Would you "
                "tell us how useful it was and what you will take into your work? The survey "
                "has a few short questions, and your answers are anonymous:\n{survey_link}",
            )
        else:
            text = pgettext(
                "stakeholder",
                "Dear {name},\n\nThank you for taking part in the {lab} on {date}. Would you "
                "tell us how useful it was and what you will take into your work? The survey "
                "has four questions, and your answers are anonymous:\n{survey_link}",
            )
        body = fill(text, values)
        return list_email(
            to=invitation.stakeholder.email,
            subject=subject,
            body=body,
            template="results/email/feedback.html",
            context={"lab": lab, "survey_url": values["survey_link"]},
            language=language,
            reason=why_invited(lab),
            unsubscribe_url=unsubscribe_url(invitation),
            project=lab.partner.project,
        )
