"""Write one message to a segment of a lab's people, each in their own language.

Staff write the message once per language of the lab, with the invitation's placeholders
(``{name}``, ``{date}``, ``{rsvp_link}``...). Sending fixes its recipients (the people the
segment holds then whom a message may reach), records it in the audit log and in each
person's history, and has the worker queue one e-mail per person in the outbox.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record, audit_record_each
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual
from learninglab.labs import selectors
from learninglab.labs.emails import LabTexts, invitations_enqueue, lab_message_email
from learninglab.labs.models import Lab, LabMessage, Segment
from learninglab.messaging.models import MessageKind


@dataclasses.dataclass(frozen=True)
class MessageData:
    """What staff wrote: to whom, and the subject and text in the lab's languages."""

    segment: str
    subject: Multilingual
    body: Multilingual


def lab_message_key(message: LabMessage) -> str:
    """Return the outbox key of ``message``'s e-mails, with ``{pk}`` for the invitation."""
    return f"lab-message:{message.pk}:{{pk}}"


@transaction.atomic
def lab_message_send(
    *,
    actor: Actor,
    lab: Lab,
    data: MessageData,
    token: uuid.UUID,
    expected: int,
    via: str = Via.WEB,
) -> LabMessage:
    """Send ``data`` to the people of its segment whom a message may reach; return it.

    ``expected`` is the number of recipients staff were shown: if the segment holds
    another number now (someone answered or checked in meanwhile), nothing is sent and
    ``recipients_changed`` says how many it holds. ``token`` comes with the form: the same
    token sent again returns the message already sent, and sends nothing twice.
    """
    if data.segment not in Segment.values:
        raise DomainError("unknown_segment", _("Choose who receives the message."))
    # The same form sent twice (a second click, a reload) finds the first one.
    sent = LabMessage.objects.filter(token=token, lab=lab).first()
    if sent is not None:
        return sent
    recipients = list(selectors.message_recipients(lab, data.segment))
    if not recipients:
        raise DomainError(
            "no_recipients", _("Nobody in this group may be written to: nothing was sent.")
        )
    if len(recipients) != expected:
        raise DomainError(
            "recipients_changed",
            _(
                "The group changed since you looked: it now holds %(count)s people who may "
                "be written to. Check the preview again, then send."
            )
            % {"count": len(recipients)},
            count=len(recipients),
        )
    message = LabMessage.objects.create(
        lab=lab,
        segment=data.segment,
        subject=data.subject,
        body=data.body,
        token=token,
        sent_by=acting_user(actor),
    )
    message.recipients.through.objects.bulk_create(
        [
            message.recipients.through(labmessage_id=message.pk, invitation_id=invitation.pk)
            for invitation in recipients
        ],
        batch_size=500,
    )
    subject = str(message.subject.in_(lab.partner.main_language))
    audit_record(
        actor=actor,
        action="labs.message.sent",
        obj=lab,
        extra={"count": len(recipients), "segment": data.segment, "subject": subject},
        via=via,
    )
    # Each person's history says what they were sent, and by whom.
    audit_record_each(
        actor=actor,
        action="labs.message.received",
        objects=[invitation.stakeholder for invitation in recipients],
        extra={"subject": subject, "lab": lab.slug},
        via=via,
    )

    def queue_sending() -> None:
        from learninglab.labs.tasks import send_lab_message  # the task calls this module

        send_lab_message.enqueue(message.pk)

    transaction.on_commit(queue_sending)
    return message


def lab_message_deliver(*, message_id: int) -> int:
    """Queue ``message``'s e-mail to each of its recipients; return how many were queued.

    The worker's half of ``lab_message_send``. Whoever withdrew their consent or was
    erased since the message was sent gets nothing; running it twice queues nothing twice.
    """
    message = LabMessage.objects.get(pk=message_id)
    lab = (
        Lab.objects.select_related("partner__project", "previous")
        .prefetch_related("contacts")
        .get(pk=message.lab_id)
    )
    recipients = (
        message.recipients.exclude(stakeholder__in=selectors.unreachable_people(lab.partner_id))
        .select_related("stakeholder__organisation", "substitute_for__stakeholder")
        .order_by("pk")
    )
    message.lab = lab
    queued = invitations_enqueue(
        recipients,
        lab=lab,
        key=lab_message_key(message),
        kind=MessageKind.LAB_MESSAGE,
        compose=functools.partial(lab_message_email, message=message, texts=LabTexts(lab)),
    )
    LabMessage.objects.filter(pk=message.pk, queued_at__isnull=True).update(
        queued_at=timezone.now()
    )
    return queued
