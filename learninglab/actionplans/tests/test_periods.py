"""Reporting periods: six months each, written 2021-S1, the report due three months after."""

from __future__ import annotations

import datetime

import pytest

from learninglab.actionplans.periods import Period, PeriodError, periods_between, plan_periods
from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory

day = datetime.date


def test_a_period_is_read_and_written_as_year_and_half():
    assert Period.parse("2021-S1") == Period(2021, 1)
    assert str(Period.parse(" 2021-S2 ")) == "2021-S2"


@pytest.mark.parametrize("written", ["2021-S3", "2021-s1", "2021S1", "21-S1", "2021-H1", ""])
def test_anything_else_is_refused_with_the_way_to_write_it(written):
    with pytest.raises(PeriodError, match="write it as 2021-S1 or 2021-S2"):
        Period.parse(written)


@pytest.mark.parametrize(
    ("on", "period"),
    [
        (day(2021, 1, 1), "2021-S1"),
        (day(2021, 6, 30), "2021-S1"),
        (day(2021, 7, 1), "2021-S2"),
        (day(2021, 12, 31), "2021-S2"),
        (day(2022, 1, 1), "2022-S1"),
    ],
)
def test_a_day_falls_in_its_half_year(on, period):
    assert str(Period.of(on)) == period
    assert on in Period.parse(period)


def test_each_period_has_its_bounds_and_its_report_due_three_months_after():
    first, second = Period(2021, 1), Period(2021, 2)

    assert (first.starts_on, first.ends_on, first.due_on) == (
        day(2021, 1, 1),
        day(2021, 6, 30),
        day(2021, 9, 30),
    )
    assert (second.starts_on, second.ends_on, second.due_on) == (
        day(2021, 7, 1),
        day(2021, 12, 31),
        day(2022, 3, 31),
    )
    assert not first.is_overdue(day(2021, 9, 30))
    assert first.is_overdue(day(2021, 10, 1))
    assert second.next == Period(2022, 1)
    assert first < second < second.next


def test_the_periods_between_two_days_include_both_ends():
    assert [str(p) for p in periods_between(day(2021, 6, 30), day(2022, 7, 1))] == [
        "2021-S1",
        "2021-S2",
        "2022-S1",
        "2022-S2",
    ]


@pytest.mark.django_db
def test_a_plans_periods_run_from_its_first_action_to_today():
    plan = ActionPlanFactory(endorsed_on=day(2020, 5, 1))
    ActionFactory(plan=plan, starts_on=day(2021, 9, 1), ends_on=None)
    ActionFactory(plan=plan, starts_on=day(2021, 3, 1), ends_on=None)

    periods = plan_periods(plan, today=day(2022, 2, 1))

    assert [str(p) for p in periods] == ["2021-S1", "2021-S2", "2022-S1"]
    assert plan_periods(plan, today=day(2021, 2, 1)) == []


@pytest.mark.django_db
def test_without_a_start_the_endorsement_opens_the_periods():
    plan = ActionPlanFactory(endorsed_on=day(2021, 8, 15))
    ActionFactory(plan=plan, starts_on=None, ends_on=None)

    assert [str(p) for p in plan_periods(plan, today=day(2021, 12, 31))] == ["2021-S2"]
    plan.endorsed_on = None
    assert plan_periods(plan, today=day(2021, 12, 31)) == []
