"""The figures against the world counted by hand (see ``conftest.World``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learninglab.actionplans.periods import Period
from learninglab.indicators.selectors import dashboard

pytestmark = pytest.mark.django_db


def figures(user, project, period=None):
    board = dashboard(user, project=project, period=period)
    by_name = {tally.name: tally for tally in board.partners}
    return by_name, board.total


def test_events_participants_organisations_and_attendance_over_all_time(
    world, coordinator, project
):
    partners, total = figures(coordinator, project)
    tm, mt = partners["Timișoara"], partners["Matera"]

    assert tm.values["events_held"] == 3  # L1, L2, L4; L3 was not held
    assert tm.breakdowns["events_by_kind"] == {"local_lab": 2, "workshop": 1}
    assert tm.values["participants"] == 4  # p1 (twice), p2, p5, p6
    assert tm.values["participations"] == 5
    assert tm.values["participations_across"] == 2  # the workshop
    assert tm.values["organisations"] == 2  # A and D; p5 has none
    assert tm.breakdowns["organisations_by_helix"] == {"industry": 1, "civil_society": 1}
    assert tm.values["sme_share"] == 50
    # L1: 3 said yes (the walk-in left out), 2 came; L2: 2 and 2; L4 had no check-in.
    assert (tm.values["accepted"], tm.values["came"]) == (5, 4)
    assert tm.values["attendance_rate"] == 80

    assert mt.values["events_held"] == 1
    assert mt.values["participants"] == 1
    assert mt.values["sme_share"] == 0
    assert mt.values["attendance_rate"] == 50

    assert total.values["events_held"] == 4
    assert total.breakdowns["events_by_kind"] == {
        "local_lab": 2,
        "workshop": 1,
        "study_visit": 1,
    }
    assert total.values["participants"] == 5
    assert total.values["participations"] == 6
    assert total.values["organisations"] == 3
    assert total.values["organisations_across"] == 3
    assert total.values["sme_share"] == 33
    assert total.values["attendance_rate"] == 71  # 5 of 7


def test_practices_ideas_and_capacity(world, coordinator, project):
    partners, total = figures(coordinator, project)
    tm, mt = partners["Timișoara"], partners["Matera"]

    assert (tm.values["practices_identified"], tm.values["practices_validated"]) == (2, 1)
    assert (mt.values["practices_identified"], mt.values["practices_validated"]) == (1, 0)
    assert (total.values["practices_identified"], total.values["practices_validated"]) == (3, 1)

    # Shown and not merged: two at L1, one at L3 (not held, still collected), one at M1.
    assert tm.values["ideas"] == 3
    assert mt.values["ideas"] == 1
    assert total.values["ideas"] == 4

    assert tm.values["capacity_people"] == 2
    assert tm.values["capacity_share"] == 67
    # Matera's single answer waits for a second one: not counted, not shown.
    assert mt.values["capacity_people"] == 0
    assert mt.values["capacity_share"] is None
    assert mt.values["capacity_waiting"] == 1
    assert (total.values["capacity_people"], total.values["capacity_respondents"]) == (2, 3)


def test_plans_instruments_actions_and_funds(world, coordinator, project):
    partners, total = figures(coordinator, project)
    tm, mt = partners["Timișoara"], partners["Matera"]

    # P1 (endorsed) and the joint P3 count for Timișoara; the draft P2 does not.
    assert tm.values["plans_developed"] == 2
    assert tm.values["plans_endorsed"] == 1
    assert tm.values["instruments_addressed"] == 2
    assert tm.values["instruments_improved"] == 1
    assert mt.values["plans_developed"] == 1
    assert mt.values["instruments_improved"] == 0
    assert total.values["plans_developed"] == 2  # the joint plan once
    assert total.values["instruments_improved"] == 1

    assert tm.breakdowns["actions_by_status"] == {
        "completed": 1,
        "in_progress": 1,
        "delayed": 1,
        "abandoned": 1,
        "not_started": 2,
    }
    assert tm.values["actions"] == 6
    assert mt.breakdowns["actions_by_status"] == {"in_progress": 1}
    assert total.values["actions"] == 7

    assert tm.values["funds_planned"] == Decimal(260_000)
    assert tm.values["funds_planned_structural"] == Decimal(200_000)
    assert tm.values["funds_mobilised"] == Decimal(105_000)
    assert tm.values["funds_mobilised_structural"] == Decimal(100_000)
    assert tm.breakdowns["funds_mobilised_by_source"] == {
        "erdf": Decimal(100_000),
        "national": Decimal(5_000),
    }
    assert total.values["funds_planned"] == Decimal(290_000)
    assert total.values["funds_planned_structural"] == Decimal(230_000)
    assert total.values["funds_mobilised"] == Decimal(108_000)


def test_the_first_half_of_2021(world, coordinator, project):
    partners, total = figures(coordinator, project, Period(2021, 1))
    tm, mt = partners["Timișoara"], partners["Matera"]

    assert tm.values["events_held"] == 2  # L1 and L4
    assert tm.values["participants"] == 3  # p1, p2, p5
    assert tm.values["organisations"] == 1
    assert tm.values["sme_share"] == 100
    assert tm.values["attendance_rate"] == 67  # 2 of 3 at L1
    assert tm.values["ideas"] == 3
    assert (tm.values["practices_identified"], tm.values["practices_validated"]) == (1, 1)
    assert tm.values["capacity_people"] == 2
    assert tm.values["funds_mobilised"] == Decimal(20_000)
    # Planned funds have no date: the period does not narrow them.
    assert tm.values["funds_planned"] == Decimal(260_000)
    assert tm.values["plans_developed"] == 0
    # At the end of June 2021 only a1 had an entry: in progress.
    assert tm.breakdowns["actions_by_status"] == {"in_progress": 1, "not_started": 5}
    assert mt.values["events_held"] == 0
    assert total.values["events_held"] == 2


def test_a_lab_belongs_to_the_period_of_its_own_time_zone(world, coordinator, project):
    """L2 starts on 30 June at 22:30 UTC: already 1 July in Timișoara."""
    partners, _total = figures(coordinator, project, Period(2021, 2))
    tm = partners["Timișoara"]

    assert tm.breakdowns["events_by_kind"] == {"workshop": 1}
    assert tm.values["participants"] == 2
    assert tm.values["attendance_rate"] == 100


def test_the_second_half_of_2021_for_plans_actions_and_funds(world, coordinator, project):
    partners, total = figures(coordinator, project, Period(2021, 2))
    tm, mt = partners["Timișoara"], partners["Matera"]

    assert tm.values["plans_developed"] == 1  # P1, first handed in on 1 October
    assert tm.values["plans_endorsed"] == 1
    assert tm.values["instruments_improved"] == 1  # a1 completed on 1 December
    assert tm.breakdowns["actions_by_status"] == {
        "completed": 1,
        "in_progress": 1,
        "delayed": 1,
        "not_started": 3,
    }
    assert mt.breakdowns["actions_by_status"] == {"not_started": 1}
    assert tm.values["funds_mobilised"] == Decimal(85_000)
    assert tm.values["funds_mobilised_structural"] == Decimal(80_000)
    assert (tm.values["practices_identified"], mt.values["practices_identified"]) == (1, 1)
    assert total.values["events_held"] == 2  # L2 and M1


def test_the_first_half_of_2022(world, coordinator, project):
    partners, total = figures(coordinator, project, Period(2022, 1))
    tm, mt = partners["Timișoara"], partners["Matera"]

    # The joint plan P3 was first handed in in January 2022.
    assert (tm.values["plans_developed"], mt.values["plans_developed"]) == (1, 1)
    assert total.values["plans_developed"] == 1
    assert tm.values["plans_endorsed"] == 0
    # P1 stays endorsed, but nothing of it was reported under way in this half year.
    assert tm.values["instruments_improved"] == 0
    assert total.values["events_held"] == 0
    assert total.values["attendance_rate"] is None


def test_partner_staff_see_their_own_partner_and_the_projects_total(world, staff, project):
    board = dashboard(staff, project=project)

    assert [tally.name for tally in board.partners] == ["Timișoara"]
    # The project's totals still count every partner.
    assert board.total.values["events_held"] == 4
    assert board.total.values["practices_identified"] == 3
    assert board.total.values["capacity_people"] == 2
