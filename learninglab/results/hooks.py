"""Answer for the results' rows about a person: their export, erasure, and merged invitations.

The feedback survey keeps who answered (a receipt per invitation) apart from what was
answered (an anonymous answer, with nothing that leads back to the person): the export
lists the receipts, and the answers cannot be told apart. On erasure nothing is left to
redact here; the receipt stays with the nameless invitation, so the counts add up.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from learninglab.labs.models import Invitation
from learninglab.results.models import FeedbackAnswer, FeedbackReceipt
from learninglab.stakeholders.hooks import Mention
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import stakeholder_personal_values


def stakeholder_exported(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Return when the person answered the feedback survey of each lab."""
    receipts = (
        FeedbackReceipt.objects.filter(invitation__stakeholder=stakeholder)
        .select_related("invitation__lab")
        .order_by("answered_at", "pk")
    )
    return {
        "feedback": [
            {
                "lab": receipt.invitation.lab.slug,
                "answered_at": receipt.answered_at.isoformat(),
                "answers": None,  # kept anonymous: nothing links them to the person
            }
            for receipt in receipts
        ]
    }


def stakeholder_mentions(*, stakeholder: Stakeholder) -> list[Mention]:
    """Return the written feedback on the partner's labs that names the person."""
    values = stakeholder_personal_values(stakeholder)
    answers = FeedbackAnswer.objects.filter(lab__partner_id=stakeholder.partner_id).select_related(
        "lab"
    )
    return [
        Mention(
            where=_("Feedback on %(lab)s") % {"lab": answer.lab.slug},
            excerpt=Truncator(f"{answer.will_apply} {answer.comment}".strip()).chars(200),
            url=reverse("results:feedback", args=[answer.lab.slug]),
        )
        for answer in answers.iterator()
        if values.is_mentioned_in(answer.will_apply) or values.is_mentioned_in(answer.comment)
    ]


def invitations_combined(*, keep: Invitation, drop: Invitation) -> None:
    """Move the receipt of the survey to the invitation kept, unless it has its own.

    A person answers once: of two receipts, the kept invitation's stays. The answers
    themselves are anonymous and stay as they are.
    """
    if FeedbackReceipt.objects.filter(invitation=keep).exists():
        FeedbackReceipt.objects.filter(invitation=drop).delete()
    else:
        FeedbackReceipt.objects.filter(invitation=drop).update(invitation=keep)
