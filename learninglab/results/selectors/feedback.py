"""Read the feedback survey for one person: whether it is open, and whether they may answer."""

from __future__ import annotations

import datetime

from django.utils import timezone

from learninglab.labs.models import Invitation, Lab, LabStatus
from learninglab.results.models import FeedbackReceipt
from learninglab.results.selectors.results import attendees

# The personal link takes answers this long after the lab.
OPEN_FOR = datetime.timedelta(days=30)


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
