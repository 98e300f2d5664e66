"""Record an attendee's answers to the feedback survey, anonymously, once.

An answer is stored in two rows that nothing joins: a receipt (this invitation answered) and
the answer (what was answered, for which lab).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext_lazy

from learninglab.core.audit import audit_record
from learninglab.core.errors import DomainError
from learninglab.labs.models import Invitation, QuestionPurpose
from learninglab.labs.selectors import lab_questions
from learninglab.labs.services.question import answers_check
from learninglab.results.models import FeedbackAnswer, FeedbackQuestionAnswer, FeedbackReceipt
from learninglab.results.selectors.feedback import SurveyState, is_attendee, survey_of

TEXT_MAX_LENGTH = 2000


@dataclasses.dataclass(frozen=True)
class FeedbackData:
    """One attendee's answers: two scores from 1 to 5, two optional texts, and the answers
    to the lab's own feedback questions (question pk → value, ``labs.forms.questions``)."""

    usefulness: int
    learned_usable: int
    will_apply: str = ""
    comment: str = ""
    answers: Mapping[int, Any] = dataclasses.field(default_factory=dict)


def _score(value: Any) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise DomainError("score", pgettext_lazy("stakeholder", "Choose a score from 1 to 5."))
    return score


@transaction.atomic
def feedback_record(
    *, invitation: Invitation, data: FeedbackData, now: datetime.datetime | None = None
) -> None:
    """Record an attendee's survey answers, anonymously, once per invitation.

    A second answer through the same link is refused (``already_answered``): the stored
    answer carries nothing that would let it be found and changed. Only attendees of a
    lab whose survey is open may answer. The answers to the lab's own feedback questions
    are kept with the anonymous answer, under the same rules as at registration (required
    ones answered, choices among those offered).
    """
    now = now or timezone.now()
    usefulness, learned_usable = _score(data.usefulness), _score(data.learned_usable)
    current = Invitation.objects.select_for_update().select_related("lab").get(pk=invitation.pk)
    lab = current.lab
    survey = survey_of(lab, now=now)
    if survey.state == SurveyState.NOT_OPEN:
        opens = survey.opens_at.astimezone(lab.zone)
        message = pgettext_lazy("stakeholder", "The survey opens on %(date)s at %(time)s.")
        when = {"date": date_format(opens, "DATE_FORMAT"), "time": time_format(opens)}
        raise DomainError("not_open", message % when)
    if survey.state != SurveyState.OPEN:
        raise DomainError("closed", pgettext_lazy("stakeholder", "This survey is closed."))
    if not is_attendee(current):
        raise DomainError(
            "not_attendee", pgettext_lazy("stakeholder", "This survey is for the lab's attendees.")
        )
    if FeedbackReceipt.objects.filter(invitation=current).exists():
        raise DomainError(
            "already_answered",
            pgettext_lazy("stakeholder", "You have already answered. Thank you!"),
        )
    questions = lab_questions(lab, purpose=QuestionPurpose.FEEDBACK)
    answers_check(questions, data.answers)
    FeedbackReceipt.objects.create(invitation=current, answered_at=now)
    answer = FeedbackAnswer.objects.create(
        lab=lab,
        usefulness=usefulness,
        learned_usable=learned_usable,
        will_apply=(data.will_apply or "").strip()[:TEXT_MAX_LENGTH],
        comment=(data.comment or "").strip()[:TEXT_MAX_LENGTH],
    )
    FeedbackQuestionAnswer.objects.bulk_create(
        FeedbackQuestionAnswer(answer=answer, question=question, value=value)
        for question in questions
        if (value := data.answers.get(question.pk)) is not None
    )
    # Which invitation answered, never what: the audit log must not undo the anonymity.
    audit_record(actor=None, action="results.feedback.received", obj=current)
