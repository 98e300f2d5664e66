"""Reminders the worker schedules: each goes once, thanks to its key in the outbox."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from learninglab.labs import mails
from learninglab.labs.invitations import enqueue_for
from learninglab.labs.models import Lab, LabStatus, Response
from learninglab.messaging.models import MessageState
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import with_consents

DAY_BEFORE = datetime.timedelta(days=1)


def _stopped_invitations(partner_id: int) -> QuerySet[Stakeholder]:
    """Return the partner's people who withdrew their consent to invitations since."""
    people = with_consents(Stakeholder.objects.filter(partner_id=partner_id))
    return people.filter(Q(consent_invitations=False) | Q(erased_at__isnull=False))


def reminders_queue(*, now: Any = None) -> int:
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
        count += enqueue_for(
            pending,
            key="reminder:{pk}",
            kind="reminder",
            lab=lab,
            compose=lambda i: mails.reminder_email(i, before_lab=False),
        )
    soon = Lab.objects.filter(
        status=LabStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + DAY_BEFORE
    )
    for lab in soon.select_related("partner").prefetch_related("contacts"):
        # Nobody already at the door is reminded that the lab is tomorrow.
        attending = lab.invitations.filter(
            response=Response.ATTENDING, checkin__isnull=True
        ).select_related("stakeholder__organisation")
        count += enqueue_for(
            attending,
            key="day-before:{pk}",
            kind="day_before",
            lab=lab,
            compose=lambda i: mails.reminder_email(i, before_lab=True),
        )
    return count
