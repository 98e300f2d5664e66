"""Answer for the outbox's rows about a person who is erased or asks for their data."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from learninglab.core.audit import audit_scrub
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import stakeholder_personal_values

ERASED = "—"


def _to_person(stakeholder: Stakeholder, emails: tuple[str, ...]) -> QuerySet[OutboundMessage]:
    """Return the messages to ``emails`` from the person's partner (or from no partner).

    Another partner's group may hold someone with the same address: a record of its own.
    """
    to_any = Q(pk__in=[])
    for address in emails:
        to_any |= Q(recipient__iexact=address)
    ours = Q(partner_id=stakeholder.partner_id) | Q(partner__isnull=True)
    return OutboundMessage.objects.filter(to_any, ours)


def stakeholder_erased(*, stakeholder: Stakeholder) -> None:
    """Forget the e-mails to every address the person had.

    Those not delivered yet are dropped, so that none goes out after the erasure; those
    delivered (or bounced) keep their row, for the counts, without address, subject,
    content or error, and so drop out of the outbox's search. The audit entries about
    them lose the address and subject too.
    """
    values = stakeholder_personal_values(stakeholder)
    if not values.emails:
        return
    to_person = _to_person(stakeholder, values.emails)
    audit_scrub(
        model=OutboundMessage,
        object_ids=list(to_person.values_list("pk", flat=True)),
        values=[*values.words(), *to_person.values_list("subject", flat=True)],
        replacement=ERASED,
    )
    to_person.exclude(state__in=[MessageState.SENT, MessageState.BOUNCED]).delete()
    to_person.update(recipient="", subject=ERASED, raw=b"", last_error="")


def stakeholder_exported(*, stakeholder: Stakeholder) -> dict[str, Any]:
    """Return the e-mails written to the person: what, when, and whether delivered."""
    messages = _to_person(stakeholder, stakeholder_personal_values(stakeholder).emails).order_by(
        "created_at", "pk"
    )
    return {
        "emails": [
            {
                "kind": message.kind,
                "to": message.recipient,
                "subject": message.subject,
                "state": message.state,
                "queued_at": message.created_at.isoformat(),
                "sent_at": message.sent_at.isoformat() if message.sent_at else None,
            }
            for message in messages.defer("raw")
        ]
    }
