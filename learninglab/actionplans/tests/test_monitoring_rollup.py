"""A plan's progress, its actions by status, its funds and milestones, as counted by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learninglab.actionplans.models import ActionStatus, FundingKind, FundsMobilised
from learninglab.actionplans.monitoring import plan_monitoring, progress_of, public_plans
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProgressEntryFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def test_without_weights_the_plans_progress_is_the_mean_of_its_actions():
    plan = ActionPlanFactory()
    for progress in (100, 40, 0, 25):
        ActionFactory(plan=plan, progress=progress)

    rollup = plan_monitoring(plan)

    # (100 + 40 + 0 + 25) / 4 = 41.25
    assert rollup.progress == 41
    assert rollup.weighted is False


def test_with_weights_an_action_without_one_counts_one():
    plan = ActionPlanFactory()
    ActionFactory(plan=plan, progress=100, weight=3)
    ActionFactory(plan=plan, progress=50, weight=None)  # counts 1
    ActionFactory(plan=plan, progress=0, weight=4)

    rollup = plan_monitoring(plan)

    # (3 × 100 + 1 × 50 + 4 × 0) / (3 + 1 + 4) = 350 / 8 = 43.75
    assert rollup.progress == 44
    assert rollup.weighted is True


def test_a_plan_without_actions_has_no_progress_rather_than_zero():
    assert plan_monitoring(ActionPlanFactory()).progress is None
    assert progress_of([]) is None


def test_actions_are_counted_by_status():
    plan = ActionPlanFactory()
    for status in ("completed", "completed", "delayed", "in_progress"):
        ActionFactory(plan=plan, status=status, progress=100 if status == "completed" else 10)

    counts = {item.status: item.count for item in plan_monitoring(plan).statuses}

    assert counts == {
        ActionStatus.NOT_STARTED: 0,
        ActionStatus.IN_PROGRESS: 1,
        ActionStatus.COMPLETED: 2,
        ActionStatus.DELAYED: 1,
        ActionStatus.ABANDONED: 0,
    }


def test_funds_planned_and_mobilised_by_source_with_the_structural_funds_apart():
    plan = ActionPlanFactory()
    first, second = ActionFactory(plan=plan), ActionFactory(plan=plan)
    erdf = FundingSourceFactory(action=first, kind=FundingKind.ERDF, amount_eur=Decimal("200000"))
    esf = FundingSourceFactory(action=second, kind=FundingKind.ESF, amount_eur=Decimal("50000"))
    city = FundingSourceFactory(
        action=first, kind=FundingKind.REGIONAL, amount_eur=Decimal("40000")
    )
    entry = ProgressEntryFactory(action=first)
    later = ProgressEntryFactory(action=first, on=datetime.date(2021, 9, 1))
    FundsMobilised.objects.create(entry=entry, source=erdf, amount_eur=Decimal("30000"))
    FundsMobilised.objects.create(entry=later, source=erdf, amount_eur=Decimal("20000"))
    FundsMobilised.objects.create(entry=later, source=city, amount_eur=Decimal("10000"))
    FundsMobilised.objects.create(
        entry=ProgressEntryFactory(action=second), source=esf, amount_eur=Decimal("5000")
    )

    funds = plan_monitoring(plan).funds

    rows = {row.kind: (row.planned, row.mobilised) for row in funds.rows}
    assert rows == {
        "erdf": (Decimal("200000"), Decimal("50000")),
        "esf": (Decimal("50000"), Decimal("5000")),
        "regional": (Decimal("40000"), Decimal("10000")),
    }
    assert (funds.structural.planned, funds.structural.mobilised) == (250000, 55000)
    assert (funds.other.planned, funds.other.mobilised) == (40000, 10000)
    assert (funds.total.planned, funds.total.mobilised) == (290000, 65000)
    assert funds.total.share == 22  # 65,000 of 290,000 = 22.4 %


def test_next_and_overdue_milestones_leave_out_the_reached_ones():
    plan = ActionPlanFactory()
    action = ActionFactory(plan=plan)
    late = MilestoneFactory(action=action, due_on=TODAY - 10 * DAY, title={"en": "Late"})
    MilestoneFactory(action=action, due_on=TODAY - 20 * DAY, done_on=TODAY - 21 * DAY)
    soon = MilestoneFactory(action=action, due_on=TODAY + 5 * DAY, title={"en": "Soon"})
    later = MilestoneFactory(
        action=ActionFactory(plan=plan), due_on=TODAY + 50 * DAY, title={"en": "Later"}
    )
    MilestoneFactory(action=action, due_on=TODAY + 40 * DAY, done_on=TODAY)

    rollup = plan_monitoring(plan)

    assert [due.milestone for due in rollup.overdue_milestones] == [late]
    assert [due.milestone for due in rollup.next_milestones] == [soon, later]
    assert rollup.actions[0].overdue == [late]
    assert rollup.actions[0].reached == 2


def test_last_updated_is_when_the_latest_entry_was_recorded():
    plan = ActionPlanFactory()
    action = ActionFactory(plan=plan)
    assert plan_monitoring(plan).last_updated is None
    recorded = timezone.now() - datetime.timedelta(days=2)
    ProgressEntryFactory(action=action, created_at=recorded - datetime.timedelta(days=30))
    ProgressEntryFactory(action=ActionFactory(plan=plan), created_at=recorded)

    assert plan_monitoring(plan).last_updated == recorded


def _queries(plan) -> int:
    with CaptureQueriesContext(connection) as captured:
        plan_monitoring(plan)
    return len(captured)


def test_the_roll_up_takes_as_many_queries_for_forty_actions_as_for_two():
    plan = ActionPlanFactory()

    def add_actions(count: int) -> None:
        for _n in range(count):
            action = ActionFactory(plan=plan)
            MilestoneFactory(action=action)
            source = FundingSourceFactory(action=action)
            entry = ProgressEntryFactory(action=action)
            FundsMobilised.objects.create(entry=entry, source=source, amount_eur=1)

    add_actions(2)
    few = _queries(plan)
    add_actions(38)

    assert _queries(plan) == few


def test_only_public_plans_are_listed_with_their_progress():
    public = ActionPlanFactory(is_public=True)
    ActionFactory(plan=public, progress=30)
    ActionFactory(plan=public, progress=60)
    ActionPlanFactory(is_public=False)

    rows = public_plans()

    assert [(row.plan, row.progress, row.actions) for row in rows] == [(public, 45, 2)]


def test_the_monitoring_page_takes_as_many_queries_for_many_actions_as_for_few(
    staff_client, partner, django_assert_num_queries
):
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop")

    def add_action() -> None:
        action = ActionFactory(plan=plan)
        MilestoneFactory(action=action)
        source = FundingSourceFactory(action=action)
        entry = ProgressEntryFactory(action=action)
        FundsMobilised.objects.create(entry=entry, source=source, amount_eur=1)

    add_action()
    address = f"/action-plans/{plan.slug}/monitoring/"
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(address).status_code == 200

    for _n in range(12):
        add_action()

    with django_assert_num_queries(len(few)):
        staff_client.get(address)
