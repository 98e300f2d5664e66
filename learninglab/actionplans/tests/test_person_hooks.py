"""When a person is erased, the action plans forget them: contact, player, follower."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learninglab.actionplans.models import ActionPlayer, PlanFollower, PlanVersion
from learninglab.actionplans.tests.factories import ActionPlanFactory, PlayerFactory
from learninglab.actionplans.versions import plan_snapshot
from learninglab.factories import StakeholderFactory
from learninglab.stakeholders.selectors import stakeholder_personal_data
from learninglab.stakeholders.services.stakeholder import stakeholder_erase

pytestmark = pytest.mark.django_db


@pytest.fixture
def ottilie(partner):
    return StakeholderFactory(
        partner=partner,
        first_name="Ottilie",
        last_name="Wrenfeather",
        email="ottilie@example.org",
        phone="+40731999123",
    )


@pytest.fixture
def plan(partner, ottilie):
    plan = ActionPlanFactory(
        partner=partner,
        contact_name="Ottilie Wrenfeather",
        contact_email="ottilie@example.org",
        contact_phone="+40731999123",
    )
    PlayerFactory(action__plan=plan, name="Wrenfeather Ottilie")
    PlayerFactory(action__plan=plan, name="West Regional Development Agency")
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        status="submitted",
        content=plan_snapshot(plan),
        created_at=timezone.now(),
    )
    PlanFollower.objects.create(
        plan=plan, email="ottilie@example.org", language="en", created_at=timezone.now()
    )
    return plan


def test_the_export_names_the_plans_the_person_is_in(ottilie, plan):
    part = stakeholder_personal_data(ottilie)["action_plans"]

    assert [p["plan"] for p in part["contact_of"]] == [plan.slug]
    assert [p["name"] for p in part["player_in"]] == ["Wrenfeather Ottilie"]
    assert [f["email"] for f in part["following"]] == ["ottilie@example.org"]


def test_erasure_takes_the_person_out_of_the_plan_and_its_versions(ottilie, plan, staff):
    stakeholder_erase(actor=staff, stakeholder=ottilie)

    plan.refresh_from_db()
    assert (plan.contact_name, plan.contact_email, plan.contact_phone) == ("", "", "")
    names = sorted(ActionPlayer.objects.filter(action__plan=plan).values_list("name", flat=True))
    assert names == ["West Regional Development Agency", "—"]
    assert not PlanFollower.objects.filter(plan=plan).exists()
    version = str(PlanVersion.objects.get(plan=plan).content)
    for personal in ("Ottilie", "Wrenfeather", "ottilie@example.org", "731999123"):
        assert personal not in version
    assert "West Regional Development Agency" in version
