"""Read the feedback survey for one person: whether it is open, and whether they may answer."""

from __future__ import annotations

import dataclasses
import datetime
import enum

from django.utils import timezone

from learninglab.labs.models import Invitation, Lab, LabStatus
from learninglab.results.models import FeedbackReceipt
from learninglab.results.selectors.results import attendees

# The personal link takes answers this long after the lab.
OPEN_FOR = datetime.timedelta(days=30)


class SurveyState(enum.StrEnum):
    """Where a lab's survey stands: not open yet, open, closed; none for a lab not held."""

    NONE = "none"
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclasses.dataclass(frozen=True)
class Survey:
    """A lab's survey: its state at the time asked, when it opens and when it closes."""

    state: SurveyState
    opens_at: datetime.datetime
    closes_at: datetime.datetime


def survey_of(lab: Lab, *, now: datetime.datetime | None = None) -> Survey:
    """Return the lab's survey as it stands at ``now`` (the present unless given).

    It opens when the lab ends and takes answers for ``OPEN_FOR``; a lab that is a draft
    or cancelled has none.
    """
    now = now or timezone.now()
    opens_at, closes_at = lab.ends_at, lab.ends_at + OPEN_FOR
    if lab.status not in (LabStatus.PUBLISHED, LabStatus.HELD):
        state = SurveyState.NONE
    elif now < opens_at:
        state = SurveyState.NOT_OPEN
    elif now <= closes_at:
        state = SurveyState.OPEN
    else:
        state = SurveyState.CLOSED
    return Survey(state=state, opens_at=opens_at, closes_at=closes_at)


def survey_is_open(lab: Lab, *, now: datetime.datetime | None = None) -> bool:
    """Return whether the lab's survey takes answers: from its end, for ``OPEN_FOR``."""
    return survey_of(lab, now=now).state == SurveyState.OPEN


def has_answered(invitation: Invitation) -> bool:
    return FeedbackReceipt.objects.filter(invitation=invitation).exists()


def is_attendee(invitation: Invitation) -> bool:
    """Return whether the invitation's person attended the lab (and may answer)."""
    return attendees(invitation.lab).filter(pk=invitation.pk).exists()
