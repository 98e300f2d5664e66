"""The answers to a lab's invitations as a table, for the download and the console."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.utils.translation import gettext as _

from learninglab.labs import selectors
from learninglab.labs.models import Invitation, Lab, Question, answer_text


def answers_header(lab: Lab, questions: Sequence[Question] = ()) -> list[str]:
    """Return the columns: the person and their answer, then one per registration question,
    named in the lab's first language."""
    language = lab.text_languages[0]
    return [
        _("Name"),
        _("Organisation"),
        _("Organisation type"),
        _("E-mail"),
        _("Answer"),
        _("Note"),
        _("Answered at"),
        _("Answered by"),
        *(str(question.text.in_(language)) for question in questions),
    ]


def answers_rows(
    lab: Lab, invitations: Iterable[Invitation], questions: Sequence[Question] = ()
) -> Iterator[list[str]]:
    """Yield one row per invitation; the time of an answer is in the lab's time zone, the
    answers to the questions in the lab's first language."""
    language = lab.text_languages[0]
    answers = selectors.answers_of(lab=lab) if questions else {}
    for invitation in invitations:
        given = answers.get(invitation.pk, {})
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
            *(answer_text(q, given.get(q.pk), language) for q in questions),
        ]


def answers_filename(lab: Lab) -> str:
    return f"{lab.slug}-answers"
