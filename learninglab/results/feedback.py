"""The feedback survey: asked of every attendee the day after a lab, answered anonymously.

The worker runs ``feedback_requests_queue`` (registered in ``apps.py``); each attendee's
request has the outbox key ``feedback:<invitation pk>``, so nobody is asked twice. An
answer is stored in two rows that nothing joins: a receipt (this invitation answered) and
the answer (what was answered, for which lab).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import pgettext, pgettext_lazy

from learninglab.core.audit import audit_record
from learninglab.core.errors import DomainError
from learninglab.labs.emails import fill, invitation_values, invitations_enqueue, why_invited
from learninglab.labs.links import unsubscribe_url
from learninglab.labs.models import Invitation, Lab, LabStatus
from learninglab.messaging.emails import list_email
from learninglab.messaging.models import MessageKind
from learninglab.messaging.services import Email
from learninglab.results.links import feedback_url
from learninglab.results.models import FeedbackAnswer, FeedbackReceipt
from learninglab.results.selectors import attendees
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import with_consents

# The survey request goes out from this hour of the day after the lab, in the lab's zone,
SEND_FROM = datetime.time(9, 0)
# and no later than this: a lab older than that is not asked about any more (nor, when the
# job first runs, is every lab of the past).
SEND_FOR = datetime.timedelta(days=7)
# The personal link takes answers this long after the lab.
OPEN_FOR = datetime.timedelta(days=30)
TEXT_MAX_LENGTH = 2000


def requests_due_at(lab: Lab) -> datetime.datetime:
    """Return when the survey requests of ``lab`` are due: the morning after it ended."""
    day_after = lab.local_ends_at.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day_after, SEND_FROM, tzinfo=lab.zone)


def _stopped(partner_id: int) -> QuerySet[Stakeholder]:
    """Return the partner's people who asked for no more e-mails, or whose data was erased."""
    people = with_consents(Stakeholder.objects.filter(partner_id=partner_id))
    return people.filter(Q(consent_invitations=False) | Q(erased_at__isnull=False))


def feedback_recipients(lab: Lab) -> QuerySet[Invitation]:
    """Return the attendees to ask for feedback: with an address, not stopped, not answered."""
    return (
        attendees(lab)
        .exclude(stakeholder__email="")
        .exclude(stakeholder__in=_stopped(lab.partner_id))
        .filter(feedback_receipt__isnull=True)
    )


def feedback_requests_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue the survey request of every attendee of the labs that ended yesterday.

    Return how many were queued now. Each attendee is asked once, however often this
    runs; people who declined, and labs that were cancelled, are never asked.
    """
    now = now or timezone.now()
    labs = Lab.objects.filter(
        status__in=[LabStatus.PUBLISHED, LabStatus.HELD],
        ends_at__lte=now,
        ends_at__gte=now - SEND_FOR - datetime.timedelta(days=2),
    )
    count = 0
    for lab in labs.select_related("partner__project").prefetch_related("contacts"):
        due = requests_due_at(lab)
        if not due <= now < due + SEND_FOR:
            continue
        count += invitations_enqueue(
            feedback_recipients(lab),
            key="feedback:{pk}",
            kind=MessageKind.FEEDBACK,
            compose=feedback_email,
            lab=lab,
        )
    return count


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
        body = fill(
            pgettext(
                "stakeholder",
                "Dear {name},\n\nThank you for taking part in the {lab} on {date}. Would you "
                "tell us how useful it was and what you will take into your work? The survey "
                "has four questions, and your answers are anonymous:\n{survey_link}",
            ),
            values,
        )
        return list_email(
            to=invitation.stakeholder.email,
            subject=subject,
            body=body,
            template="results/email/feedback.html",
            context={"lab": lab, "survey_url": values["survey_link"]},
            language=language,
            reason=why_invited(lab),
            unsubscribe_url=unsubscribe_url(invitation),
        )


def survey_is_open(lab: Lab, *, now: datetime.datetime | None = None) -> bool:
    """Return whether the lab's survey takes answers: from its end, for ``OPEN_FOR``."""
    now = now or timezone.now()
    return lab.status in (LabStatus.PUBLISHED, LabStatus.HELD) and (
        lab.ends_at <= now <= lab.ends_at + OPEN_FOR
    )


def has_answered(invitation: Invitation) -> bool:
    return FeedbackReceipt.objects.filter(invitation=invitation).exists()


def is_attendee(invitation: Invitation) -> bool:
    """Return whether the invitation's person attended the lab (and may answer)."""
    return attendees(invitation.lab).filter(pk=invitation.pk).exists()


@dataclasses.dataclass(frozen=True)
class FeedbackData:
    """One attendee's answers: two scores from 1 to 5 and two optional texts."""

    usefulness: int
    learned_usable: int
    will_apply: str = ""
    comment: str = ""


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
    lab whose survey is open may answer.
    """
    now = now or timezone.now()
    usefulness, learned_usable = _score(data.usefulness), _score(data.learned_usable)
    current = Invitation.objects.select_for_update().select_related("lab").get(pk=invitation.pk)
    lab = current.lab
    if not survey_is_open(lab, now=now):
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
    FeedbackReceipt.objects.create(invitation=current, answered_at=now)
    FeedbackAnswer.objects.create(
        lab=lab,
        usefulness=usefulness,
        learned_usable=learned_usable,
        will_apply=(data.will_apply or "").strip()[:TEXT_MAX_LENGTH],
        comment=(data.comment or "").strip()[:TEXT_MAX_LENGTH],
    )
    # Which invitation answered, never what: the audit log must not undo the anonymity.
    audit_record(actor=None, action="results.feedback.received", obj=current)
