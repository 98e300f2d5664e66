"""The worker's periodic job for action plans: reminders of milestones and reports.

Only plans in their implementation phase (endorsed, or being revised after an
endorsement) remind anyone. Each reminder goes once, thanks to its key in the outbox:
running the job again, or on another worker, queues nothing new.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from learninglab.actionplans.emails import milestone_reminder_email, report_reminder_email
from learninglab.actionplans.models import (
    Action,
    ActionPlan,
    ActionStatus,
    Milestone,
    PlanStatus,
)
from learninglab.actionplans.periods import Period, plan_first_day
from learninglab.messaging.models import MessageKind
from learninglab.messaging.services import message_enqueue

IMPLEMENTED = (PlanStatus.ENDORSED, PlanStatus.REVISED)
FINISHED = (ActionStatus.COMPLETED, ActionStatus.ABANDONED)


def milestone_reminders_queue(*, today: datetime.date) -> int:
    """Queue a reminder for each milestone due within the reminder days and not reached,
    to the person responsible for its action (else the plan's); return how many."""
    days = datetime.timedelta(days=settings.ACTIONPLANS_MILESTONE_REMINDER_DAYS)
    milestones = (
        Milestone.objects.filter(
            done_on=None,
            due_on__gte=today,
            due_on__lte=today + days,
            action__plan__status__in=IMPLEMENTED,
        )
        .exclude(action__status__in=FINISHED)
        .select_related(
            "action__responsible",
            "action__plan__responsible",
            "action__plan__partner",
            "action__plan__instrument",
        )
        .order_by("due_on", "pk")
    )
    count = 0
    for milestone in milestones:
        action = milestone.action
        reader = action.responsible or action.plan.responsible
        if reader is None or not reader.is_active or not reader.email:
            continue
        _message, created = message_enqueue(
            # A milestone moved to another day is reminded again for its new date.
            key=f"milestone:{milestone.pk}:{milestone.due_on.isoformat()}:{reader.pk}",
            kind=MessageKind.MILESTONE,
            email=milestone_reminder_email(milestone, reader),
            partner=action.plan.partner,
        )
        count += created
    return count


def _threshold(days_left: int) -> int | None:
    """Return the reminder a report ``days_left`` from its due date is at: the nearest of
    the reminder days already reached (one e-mail, even when the job ran late)."""
    reached = [days for days in settings.ACTIONPLANS_REPORT_REMINDER_DAYS if days >= days_left]
    return min(reached) if reached else None


def report_reminders_queue(*, today: datetime.date) -> int:
    """Queue a reminder to each plan's responsible person when the report on the last
    ended period falls due within the reminder days; return how many were queued."""
    period = Period.of(today).previous  # the one period whose report may be coming due
    days_left = (period.due_on - today).days
    threshold = _threshold(days_left)
    if threshold is None or days_left < 0:
        return 0
    plans = (
        ActionPlan.objects.filter(status__in=IMPLEMENTED, responsible__isnull=False)
        .select_related("responsible", "partner", "instrument")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("pk")))
        .order_by("pk")
    )
    count = 0
    for plan in plans:
        first = plan_first_day(plan)
        reader = plan.responsible
        if first is None or first > period.ends_on:
            continue
        if reader is None or not reader.is_active or not reader.email:
            continue
        _message, created = message_enqueue(
            key=f"report-due:{plan.pk}:{period}:{threshold}:{reader.pk}",
            kind=MessageKind.REPORT_DUE,
            email=report_reminder_email(plan, period, reader),
            partner=plan.partner,
        )
        count += created
    return count


def plan_reminders_queue(*, today: datetime.date | None = None) -> int:
    """Queue the reminders of milestones and reports due now; return how many."""
    today = today or timezone.localdate()
    return milestone_reminders_queue(today=today) + report_reminders_queue(today=today)
