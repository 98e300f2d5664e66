"""The worker's periodic jobs for labs: confirmations of answers, and reminders.

Recording an answer only marks the e-mail it owes (``Invitation.confirmation_due``);
``confirmations_queue`` composes it and queues it in the outbox, so the person's request
does not wait for an e-mail to be built. The e-mail describes the answer as it stands
when composed: when someone changes their mind twice before the worker comes round, they
get one e-mail about their latest answer, not one per click.

``reminders_queue`` queues the reminders that are due; each goes once, thanks to its key
in the outbox.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from learninglab.labs.emails import invitations_enqueue, reminder_email, response_email
from learninglab.labs.models import ConfirmationDue, Invitation, Lab, LabStatus, Response
from learninglab.messaging.models import MessageKind, MessageState
from learninglab.messaging.services import message_enqueue
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import with_consents
from learninglab.stakeholders.services.stakeholder import stakeholders_touch

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
            email=response_email(invitation, promoted=kind == ConfirmationDue.PROMOTION),
            partner=invitation.lab.partner,
        )
    # Only if nobody answered again meanwhile: a newer answer keeps its e-mail due.
    Invitation.objects.filter(pk=invitation.pk, answer_count=invitation.answer_count).update(
        confirmation_due=ConfirmationDue.NONE
    )


def confirmations_queue(*, limit: int = BATCH_SIZE) -> int:
    """Queue the e-mails owed for recorded answers, oldest first; return how many were due."""
    due = list(
        Invitation.objects.exclude(confirmation_due="")
        .select_related("lab__partner__project", "lab__previous", "stakeholder__organisation")
        .prefetch_related("lab__contacts", "lab__partner__project__logos")
        .order_by("updated_at", "pk")[:limit]
    )
    # The answers left the people's activity for this job to report (``rsvp_record``).
    stakeholders_touch(
        activity={
            invitation.stakeholder_id: invitation.responded_at
            for invitation in due
            if invitation.confirmation_due == ConfirmationDue.CONFIRMATION
            and invitation.responded_at is not None
        }
    )
    for invitation in due:
        _queue_one(invitation)
    return len(due)


DAY_BEFORE = datetime.timedelta(days=1)


def _stopped_invitations(partner_id: int) -> QuerySet[Stakeholder]:
    """Return the partner's people who withdrew their consent to invitations since."""
    people = with_consents(Stakeholder.objects.filter(partner_id=partner_id))
    return people.filter(Q(consent_invitations=False) | Q(erased_at__isnull=False))


def reminders_queue(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders that are due now; return how many were queued.

    * people who were sent an invitation and have not answered get one reminder from
      ``reminder_days`` before the answer deadline until the deadline, unless they have
      stopped the invitations since;
    * attendees get one reminder from a day before the lab until it starts, unless they
      are checked in already (walk-ins registered early at the door).
    """
    now = now or timezone.now()
    count = 0
    open_labs = Lab.objects.filter(status=LabStatus.PUBLISHED, rsvp_deadline__gt=now)
    for lab in open_labs.select_related("partner").prefetch_related("contacts"):
        if now < lab.rsvp_deadline - datetime.timedelta(days=lab.reminder_days):
            continue
        pending = (
            lab.invitations.filter(response=Response.PENDING, message__state=MessageState.SENT)
            .exclude(stakeholder__in=_stopped_invitations(lab.partner_id))
            .select_related("stakeholder__organisation")
        )
        count += invitations_enqueue(
            pending,
            key="reminder:{pk}",
            kind=MessageKind.REMINDER,
            lab=lab,
            compose=lambda i: reminder_email(i, before_lab=False),
        )
    soon = Lab.objects.filter(
        status=LabStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + DAY_BEFORE
    )
    for lab in soon.select_related("partner").prefetch_related("contacts"):
        # Nobody already at the door is reminded that the lab is tomorrow.
        attending = lab.invitations.filter(
            response=Response.ATTENDING, checkin__isnull=True
        ).select_related("stakeholder__organisation")
        count += invitations_enqueue(
            attending,
            key="day-before:{pk}",
            kind=MessageKind.DAY_BEFORE,
            lab=lab,
            compose=lambda i: reminder_email(i, before_lab=True),
        )
    return count
