"""The plan's, action's and progress's services keep their promises."""

from __future__ import annotations

import datetime

import pytest

from learninglab.actionplans.models import ActionStatus, PlanStatus
from learninglab.actionplans.services.action import ActionData, action_create, action_update
from learninglab.actionplans.services.plan import PlanData, plan_create, plan_update
from learninglab.actionplans.services.progress import EntryData, progress_record
from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.core.errors import DomainError
from learninglab.factories import PolicyInstrumentFactory

pytestmark = pytest.mark.django_db


def test_a_plan_starts_as_a_draft_in_its_partners_language(partner, staff):
    instrument = PolicyInstrumentFactory(partner=partner, name="ROP West", slug="rop-west")
    plan = plan_create(actor=staff, partner=partner, instrument=instrument, data=PlanData())
    assert plan.status == PlanStatus.DRAFT
    assert plan.language == partner.main_language
    assert plan.slug == f"{partner.slug}-rop-west"
    with pytest.raises(DomainError) as refused:
        plan_create(actor=staff, partner=partner, instrument=instrument, data=PlanData())
    assert refused.value.code == "plan_exists"


def test_an_endorsed_plan_does_not_change(staff):
    plan = ActionPlanFactory(status=PlanStatus.ENDORSED)
    with pytest.raises(DomainError) as refused:
        plan_update(actor=staff, plan=plan, data=PlanData(title={"en": "Other"}))
    assert refused.value.code == "plan_locked"
    action = ActionFactory(plan=plan)
    with pytest.raises(DomainError):
        action_update(actor=staff, action=action, data=ActionData(title={"en": "Other"}))


def test_actions_are_numbered_in_the_order_they_are_added(staff):
    plan = ActionPlanFactory()
    first = action_create(actor=staff, plan=plan, data=ActionData(title={"en": "One"}))
    second = action_create(actor=staff, plan=plan, data=ActionData(title={"en": "Two"}))
    assert (first.number, second.number) == (1, 2)


def test_the_latest_entry_gives_the_action_its_status(staff):
    action = ActionFactory()
    today = datetime.date.today()
    progress_record(
        actor=staff,
        action=action,
        data=EntryData(on=today, text="Call open", status=ActionStatus.IN_PROGRESS, progress=40),
    )
    progress_record(
        actor=staff,
        action=action,
        data=EntryData(
            on=today - datetime.timedelta(days=30),
            text="Terms agreed",
            status=ActionStatus.IN_PROGRESS,
            progress=10,
        ),
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 40)
    with pytest.raises(DomainError) as refused:
        progress_record(
            actor=staff,
            action=action,
            data=EntryData(on=today, text="Stuck", status=ActionStatus.DELAYED, progress=40),
        )
    assert refused.value.code == "reason_required"
