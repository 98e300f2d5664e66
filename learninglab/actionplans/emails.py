"""Remind the people responsible for action plans: of a milestone coming, of a progress
report falling due. Each e-mail is written in its reader's language and queued in the
outbox under a key, so that each reminder goes once."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from learninglab.accounts.models import User
from learninglab.actionplans.models import ActionPlan, Milestone
from learninglab.actionplans.periods import Period
from learninglab.messaging.services import Email


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def milestone_reminder_email(milestone: Milestone, reader: User) -> Email:
    """Return the reminder that ``milestone`` is due soon, for ``reader``, in their language."""
    action = milestone.action
    plan = action.plan
    with translation.override(reader.language):
        values = {
            "name": reader.get_short_name(),
            "milestone": milestone.title.in_(reader.language),
            "action": action.title.in_(reader.language),
            "plan": plan.title.in_(reader.language) or plan.instrument.name,
            "due": _day(milestone.due_on),
            "url": _absolute(action.get_absolute_url()),
        }
        subject = gettext("Milestone due on %(due)s: %(milestone)s") % values
        body = (
            gettext(
                "Dear %(name)s,\n\nThe milestone “%(milestone)s” of the action “%(action)s” "
                "(%(plan)s) is due on %(due)s and is not marked as reached yet.\n\n"
                "Record its progress, or mark it reached, on the action's page:\n%(url)s"
            )
            % values
        )
        return Email(
            to=reader.email,
            subject=subject,
            text=body,
            headers={"Content-Language": reader.language},
        )


def report_reminder_email(plan: ActionPlan, period: Period, reader: User) -> Email:
    """Return the reminder that the progress report of ``plan``'s partner for ``period`` is
    due soon, for ``reader``, in their language."""
    with translation.override(reader.language):
        values = {
            "name": reader.get_short_name(),
            "period": str(period),
            "partner": plan.partner.city,
            "plan": plan.title.in_(reader.language) or plan.instrument.name,
            "start": _day(period.starts_on),
            "end": _day(period.ends_on),
            "due": _day(period.due_on),
            "url": _absolute(reverse("reports:plan_reports")),
        }
        subject = gettext("Progress report %(period)s due on %(due)s: %(partner)s") % values
        body = (
            gettext(
                "Dear %(name)s,\n\nThe progress report of %(partner)s for the period "
                "%(period)s (%(start)s – %(end)s) is due on %(due)s. It covers the plan "
                "“%(plan)s”.\n\nRecord the progress of its actions in that period, then "
                "download the report:\n%(url)s"
            )
            % values
        )
        return Email(
            to=reader.email,
            subject=subject,
            text=body,
            headers={"Content-Language": reader.language},
        )
