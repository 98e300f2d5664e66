"""Write to people about their answers, from the worker.

Recording an answer only marks the e-mail it owes (``Invitation.confirmation_due``); this
job composes it and queues it in the outbox, so the person's request does not wait for
an e-mail to be built. The e-mail describes the answer as it stands when composed: when
someone changes their mind twice before the worker comes round, they get one e-mail
about their latest answer, not one per click.
"""

from __future__ import annotations

from learninglab.labs import mails
from learninglab.labs.models import Invitation
from learninglab.labs.rsvp import PROMOTION
from learninglab.messaging.services import message_enqueue

BATCH_SIZE = 200


def _queue_one(invitation: Invitation) -> None:
    # No transaction around this: composing takes a while, and on SQLite a transaction
    # would hold the database's write lock, and so the answers of others, all along.
    # A worker stopped halfway leaves the e-mail due; the next round finds it queued
    # under its key and only clears the mark.
    kind = invitation.confirmation_due
    if invitation.stakeholder.email:
        message_enqueue(
            # One e-mail per answer: the key holds which one.
            key=f"{kind}:{invitation.pk}:{invitation.answer_count}",
            kind=kind,
            email=mails.response_email(invitation, promoted=kind == PROMOTION),
            partner=invitation.lab.partner,
        )
    # Only if nobody answered again meanwhile: a newer answer keeps its e-mail due.
    Invitation.objects.filter(pk=invitation.pk, answer_count=invitation.answer_count).update(
        confirmation_due=""
    )


def confirmations_queue(*, limit: int = BATCH_SIZE) -> int:
    """Queue the e-mails owed for recorded answers, oldest first; return how many were due."""
    due = list(
        Invitation.objects.exclude(confirmation_due="")
        .select_related("lab__partner__project", "lab__previous", "stakeholder__organisation")
        .prefetch_related("lab__contacts")
        .order_by("updated_at", "pk")[:limit]
    )
    for invitation in due:
        _queue_one(invitation)
    return len(due)
