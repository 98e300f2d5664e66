"""Answer for the outbox's rows about a person who is erased."""

from __future__ import annotations

from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.stakeholders.models import Stakeholder

ERASED = "—"


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """Forget the e-mails to the person's address.

    Those not delivered yet are dropped, so that none goes out after the erasure; those
    delivered (or bounced) keep their row, for the counts, without address, subject or
    content.
    """
    if not stakeholder.email:
        return
    to_person = OutboundMessage.objects.filter(recipient__iexact=stakeholder.email)
    to_person.exclude(state__in=[MessageState.SENT, MessageState.BOUNCED]).delete()
    to_person.update(recipient="", subject=ERASED, raw=b"", last_error="")
