"""Reminders of milestones and progress reports: to the right person, in their language,
over SMTP, once."""

from __future__ import annotations

import datetime

import pytest

from learninglab.actionplans.jobs import plan_reminders_queue
from learninglab.actionplans.models import Action, ActionStatus, PlanStatus
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
)
from learninglab.core import jobs
from learninglab.core.roles import Role
from learninglab.factories import UserFactory
from learninglab.messaging import delivery
from learninglab.messaging.models import MessageKind, OutboundMessage
from learninglab.messaging.testing import smtp_server

pytestmark = pytest.mark.django_db

day = datetime.date
# No report falls due around this day: 2021-S1's was due on 30 September.
TODAY = day(2021, 11, 10)


@pytest.fixture
def smtp(settings):
    settings.ACTIONPLANS_MILESTONE_REMINDER_DAYS = 14
    settings.ACTIONPLANS_REPORT_REMINDER_DAYS = [30, 7]
    settings.SITE_URL = "https://lab.example.org"
    with smtp_server(settings) as server:
        yield server


@pytest.fixture(autouse=True)
def action_pages(monkeypatch):
    """Give actions the address of their staff page."""
    monkeypatch.setattr(
        Action,
        "get_absolute_url",
        lambda action: f"/action-plans/{action.plan.slug}/actions/{action.pk}/",
    )


@pytest.fixture
def people(partner):
    return {
        "ioana": UserFactory(
            email="ioana@timisoara.example.org",
            full_name="Ioana Mureșan",
            role=Role.PARTNER_STAFF,
            partner=partner,
            language="ro",
        ),
        "paul": UserFactory(
            email="paul@timisoara.example.org",
            full_name="Paul Dumitru",
            role=Role.PARTNER_STAFF,
            partner=partner,
            language="en",
        ),
    }


@pytest.fixture
def plan(partner, people):
    plan = ActionPlanFactory(
        partner=partner,
        slug="timisoara-rop-west",
        status=PlanStatus.ENDORSED,
        responsible=people["paul"],
        endorsed_on=day(2021, 2, 1),
    )
    return plan


def sent(smtp):
    """Deliver what is queued; return the messages the server received, by recipient.

    (A long subject that is not plain ASCII arrives folded: the tests read it stripped.)
    """
    delivery.deliver_due()
    return {r.rcpt_tos[0]: r.message for r in smtp.received}


def test_the_reminders_are_a_registered_job():
    assert "action_plan_reminders" in {job.name for job in jobs.registered()}


def test_a_milestone_coming_is_reminded_to_the_actions_responsible_in_their_language(
    smtp, plan, people
):
    action = ActionFactory(
        plan=plan, title={"ro": "Vouchere pentru IMM-uri creative"}, responsible=people["ioana"]
    )
    MilestoneFactory(action=action, title={"ro": "Apel publicat"}, due_on=day(2021, 11, 24))

    assert plan_reminders_queue(today=TODAY) == 1

    [message] = sent(smtp).values()
    assert message["To"] == "ioana@timisoara.example.org"
    assert message["Content-Language"] == "ro"
    assert str(message["Subject"]).strip().endswith("Apel publicat")
    body = message.get_content()
    assert "24 noiembrie 2021" in body  # the date as a Romanian reader writes it
    assert "Vouchere pentru IMM-uri creative" in body
    assert f"https://lab.example.org/action-plans/timisoara-rop-west/actions/{action.pk}/" in body


def test_without_one_for_the_action_the_plans_responsible_is_reminded(smtp, plan, people):
    action = ActionFactory(plan=plan, title={"en": "Creative house"}, responsible=None)
    MilestoneFactory(action=action, title={"en": "Building found"}, due_on=day(2021, 11, 11))

    plan_reminders_queue(today=TODAY)

    [message] = sent(smtp).values()
    assert message["To"] == "paul@timisoara.example.org"
    assert str(message["Subject"]).strip() == "Milestone due on 11 November 2021: Building found"
    assert message.get_content().startswith("Dear Paul,")


def test_only_milestones_due_within_the_days_not_reached_of_plans_under_way(
    smtp, plan, people, partner
):
    action = ActionFactory(plan=plan, responsible=people["ioana"])
    MilestoneFactory(action=action, due_on=day(2021, 11, 25))  # in 15 days: not yet
    MilestoneFactory(action=action, due_on=day(2021, 11, 9))  # past
    MilestoneFactory(action=action, due_on=day(2021, 11, 20), done_on=day(2021, 11, 1))
    finished = ActionFactory(plan=plan, status=ActionStatus.COMPLETED, progress=100)
    MilestoneFactory(action=finished, due_on=day(2021, 11, 20))
    draft = ActionPlanFactory(partner=partner, responsible=people["paul"])
    MilestoneFactory(action=ActionFactory(plan=draft), due_on=day(2021, 11, 20))
    nobody = ActionPlanFactory(partner=partner, status=PlanStatus.ENDORSED, responsible=None)
    MilestoneFactory(action=ActionFactory(plan=nobody), due_on=day(2021, 11, 20))

    assert plan_reminders_queue(today=TODAY) == 0
    assert sent(smtp) == {}


def test_running_the_job_again_sends_nothing_new(smtp, plan, people):
    action = ActionFactory(plan=plan, responsible=people["ioana"])
    milestone = MilestoneFactory(action=action, due_on=day(2021, 11, 20))
    plan_reminders_queue(today=TODAY)
    assert len(sent(smtp)) == 1

    assert plan_reminders_queue(today=TODAY) == 0
    assert plan_reminders_queue(today=TODAY + datetime.timedelta(days=3)) == 0
    delivery.deliver_due()
    assert len(smtp.received) == 1
    # Moved to another day, the milestone is reminded again, once.
    milestone.due_on = day(2021, 11, 22)
    milestone.save()
    assert plan_reminders_queue(today=TODAY) == 1
    assert plan_reminders_queue(today=TODAY) == 0


def test_a_report_coming_due_is_reminded_30_and_7_days_before(smtp, plan, people):
    ActionFactory(plan=plan, starts_on=day(2021, 3, 1))
    kinds = OutboundMessage.objects.filter(kind=MessageKind.REPORT_DUE)

    # 2021-S1's report is due on 30 September 2021.
    assert plan_reminders_queue(today=day(2021, 8, 30)) == 0  # 31 days before
    assert plan_reminders_queue(today=day(2021, 8, 31)) == 1  # 30 days before
    assert plan_reminders_queue(today=day(2021, 9, 15)) == 0  # still the 30 days' reminder
    assert plan_reminders_queue(today=day(2021, 9, 23)) == 1  # 7 days before
    assert plan_reminders_queue(today=day(2021, 9, 30)) == 0
    assert plan_reminders_queue(today=day(2021, 10, 1)) == 0  # overdue: the list says so
    assert kinds.count() == 2

    delivery.deliver_due()
    messages = [received.message for received in smtp.received]
    assert [m["To"] for m in messages] == ["paul@timisoara.example.org"] * 2
    assert str(messages[0]["Subject"]).strip() == (
        "Progress report 2021-S1 due on 30 September 2021: Timișoara"
    )
    body = messages[0].get_content()
    assert "for the period 2021-S1 (1 January 2021 – 30 June 2021)" in body
    assert "https://lab.example.org/action-plans/reports/" in body


def test_a_job_that_ran_late_sends_one_report_reminder_not_two(smtp, plan):
    ActionFactory(plan=plan, starts_on=day(2021, 3, 1))

    assert plan_reminders_queue(today=day(2022, 3, 28)) == 1  # S2's, 3 days before
    assert plan_reminders_queue(today=day(2022, 3, 29)) == 0


def test_a_plan_started_after_the_period_is_not_reminded_of_its_report(smtp, plan):
    plan.endorsed_on = None
    plan.save()
    ActionFactory(plan=plan, starts_on=day(2021, 7, 15))

    assert plan_reminders_queue(today=day(2021, 9, 23)) == 0
