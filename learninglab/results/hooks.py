"""Answer for the results' rows that point at invitations when two become one."""

from __future__ import annotations

from learninglab.labs.models import Invitation
from learninglab.results.models import FeedbackReceipt


def invitations_combined(*, keep: Invitation, drop: Invitation) -> None:
    """Move the receipt of the survey to the invitation kept, unless it has its own.

    A person answers once: of two receipts, the kept invitation's stays. The answers
    themselves are anonymous and stay as they are.
    """
    if FeedbackReceipt.objects.filter(invitation=keep).exists():
        FeedbackReceipt.objects.filter(invitation=drop).delete()
    else:
        FeedbackReceipt.objects.filter(invitation=drop).update(invitation=keep)
