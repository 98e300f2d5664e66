"""E-mails about action plans, each written in its reader's language and queued in the
outbox under a key, so that none goes twice: to the people who follow a public plan (the
confirmation they asked for, then one per change of an action's status), and to the staff
responsible (a milestone coming, a progress report falling due)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext, pgettext

from learninglab.accounts.models import User
from learninglab.actionplans.links import follow_confirm_url, public_plan_url, unsubscribe_url
from learninglab.actionplans.models import (
    ActionPlan,
    ActionStatus,
    Milestone,
    PlanFollower,
    ProgressEntry,
)
from learninglab.actionplans.periods import Period
from learninglab.core import languages
from learninglab.messaging.emails import list_email
from learninglab.messaging.models import MessageKind
from learninglab.messaging.services import Email, message_enqueue, messages_enqueue_each


def plan_name(plan: ActionPlan) -> str:
    """Return the plan's title in the active language, else its partner and instrument."""
    title = plan.title.in_(translation.get_language() or "en")
    return str(title) or f"{plan.partner.city} — {plan.instrument}"


def follow_confirmation_email(follower: PlanFollower) -> Email:
    """Return the e-mail that asks ``follower`` to confirm (double opt-in)."""
    plan = follower.plan
    with translation.override(languages.for_person(follower.language)):
        body = pgettext(
            "stakeholder",
            "Someone, probably you, asked to receive an e-mail when an action of the plan "
            "“%(plan)s” changes status.\n\nTo confirm, open this link and press the button:\n"
            "%(url)s\n\nIf it was not you, do nothing: without a confirmation you will receive "
            "nothing more, and your address is deleted within a few days.",
        ) % {"plan": plan_name(plan), "url": follow_confirm_url(follower)}
        return Email(
            to=follower.email,
            subject=pgettext("stakeholder", "Confirm that you follow “%(plan)s”")
            % {"plan": plan_name(plan)},
            text=body,
            headers={"Content-Language": follower.language},
        )


def follow_confirmation_enqueue(follower: PlanFollower) -> bool:
    """Queue the confirmation for this request of ``follower``; return whether it was queued."""
    _message, created = message_enqueue(
        # One e-mail per request: the key holds when it was asked.
        key=f"plan_follow:{follower.pk}:{follower.created_at.isoformat()}",
        kind=MessageKind.PLAN_FOLLOW,
        email=follow_confirmation_email(follower),
        partner=follower.plan.partner,
    )
    return created


def status_change_email(entry: ProgressEntry, follower: PlanFollower) -> Email:
    """Return the e-mail telling ``follower`` that the entry's action changed status."""
    action = entry.action
    plan = action.plan
    language = languages.for_person(follower.language)
    with translation.override(language):
        values = {
            "plan": plan_name(plan),
            "number": action.number,
            "action": action.title.in_(language),
            "status": ActionStatus(entry.status).label,
            "progress": entry.progress,
        }
        subject = pgettext("stakeholder", "%(plan)s: action %(number)s is now %(status)s") % values
        body = (
            pgettext(
                "stakeholder",
                "Action %(number)s of the plan “%(plan)s”, “%(action)s”, is now: %(status)s "
                "(%(progress)s%% done).",
            )
            % values
        )
        body += "\n\n" + pgettext("stakeholder", "See the plan's progress: %(url)s") % {
            "url": public_plan_url(plan)
        }
        return list_email(
            to=follower.email,
            subject=subject,
            body=body,
            template="actionplans/email/status_change.html",
            context={"plan_url": public_plan_url(plan)},
            language=language,
            reason=pgettext(
                "stakeholder", "You receive this because you follow the plan “%(plan)s”."
            )
            % {"plan": values["plan"]},
            unsubscribe_url=unsubscribe_url(follower),
            stop=pgettext("stakeholder", "Stop following this plan"),
        )


def status_change_notify(entry_pk: int) -> int:
    """Queue an e-mail about the entry's new status to every confirmed follower of its
    plan, if the plan is public; return how many were queued now.

    Called once the entry is committed; running it again queues nothing twice.
    """
    entry = ProgressEntry.objects.select_related(
        "action__plan__partner", "action__plan__instrument"
    ).get(pk=entry_pk)
    plan = entry.action.plan
    if not plan.is_public:
        return 0
    followers = list(plan.followers.filter(confirmed_at__isnull=False).order_by("pk"))
    for follower in followers:
        follower.plan = plan  # the e-mails read it; one plan for all
    return messages_enqueue_each(
        followers,
        key=lambda follower: f"plan_update:{entry.pk}:{follower.pk}",
        kind=MessageKind.PLAN_UPDATE,
        compose=lambda follower: status_change_email(entry, follower),
        partner=plan.partner,
    )


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
