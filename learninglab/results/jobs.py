"""The worker's periodic job for results: asking attendees for feedback the day after a lab.

``feedback_requests_queue`` is registered in ``apps.py``; each attendee's request has the
outbox key ``feedback:<invitation pk>``, so nobody is asked twice.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from learninglab.labs.emails import invitations_enqueue
from learninglab.labs.models import Invitation, Lab, LabStatus
from learninglab.messaging.models import MessageKind
from learninglab.results.emails import feedback_email
from learninglab.results.selectors.results import attendees
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import with_consents

# The survey request goes out from this hour of the day after the lab, in the lab's zone,
SEND_FROM = datetime.time(9, 0)


# and no later than this: a lab older than that is not asked about any more (nor, when the
# job first runs, is every lab of the past).
SEND_FOR = datetime.timedelta(days=7)


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
