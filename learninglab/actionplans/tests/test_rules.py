"""Who may see and change a plan: its partner's staff, the staff of the partners that
write it jointly, and the coordinator; nobody else, not even by guessing its address."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from learninglab.actionplans.models import Action, ActionPlan, PlanStatus
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    ready_plan,
)
from learninglab.conftest import client_for
from learninglab.core.permissions import has_perm, scope
from learninglab.core.roles import Role
from learninglab.factories import PartnerFactory, PolicyInstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db

PLAN_PERMISSIONS = [
    "actionplans.view",
    "actionplans.edit",
    "actionplans.submit",
    "actionplans.endorse",
    "actionplans.monitor",
]
ACTION_PERMISSIONS = [
    "actionplans.action.view",
    "actionplans.action.edit",
    "actionplans.action.monitor",
]


@pytest.fixture
def kaunas(project):
    return PartnerFactory(project=project, slug="kaunas", city="Kaunas", country="LT")


@pytest.fixture
def kaunas_staff(kaunas):
    return UserFactory(email="kaunas@example.lt", role=Role.PARTNER_STAFF, partner=kaunas)


@pytest.fixture
def joint_plan(partner, kaunas):
    """Timișoara's plan, which Kaunas writes jointly with it."""
    plan = ActionPlanFactory(partner=partner)
    plan.joint_partners.add(kaunas)
    return plan


@pytest.fixture
def users(request):
    """Every kind of user, by name."""
    names = ["staff", "kaunas_staff", "other_staff", "coordinator", "facilitator"]
    found = {name: request.getfixturevalue(name) for name in names}
    found["anonymous"] = AnonymousUser()
    return found


# Who may use the plan's and its actions' permissions on Timișoara's joint plan.
MAY = {
    "staff": True,  # the plan's own partner
    "kaunas_staff": True,  # a joint partner
    "coordinator": True,
    "other_staff": False,  # Matera takes no part in it
    "facilitator": False,
    "anonymous": False,
}


@pytest.mark.parametrize("who", MAY)
def test_the_plan_is_for_its_partners_and_the_coordinator(users, joint_plan, who):
    user = users[who]
    action = ActionFactory(plan=joint_plan)

    assert {p: has_perm(user, p, joint_plan) for p in PLAN_PERMISSIONS} == dict.fromkeys(
        PLAN_PERMISSIONS, MAY[who]
    )
    assert {p: has_perm(user, p, action) for p in ACTION_PERMISSIONS} == dict.fromkeys(
        ACTION_PERMISSIONS, MAY[who]
    )
    assert list(scope(user, "actionplans.view", ActionPlan.objects.all())) == (
        [joint_plan] if MAY[who] else []
    )
    assert list(scope(user, "actionplans.action.view", Action.objects.all())) == (
        [action] if MAY[who] else []
    )


def test_a_joint_partner_sees_the_plan_once_beside_its_own(kaunas_staff, kaunas, joint_plan):
    own = ActionPlanFactory(
        partner=kaunas, instrument=PolicyInstrumentFactory(partner=kaunas, slug="lt-ops")
    )
    joint_plan.joint_partners.add(PartnerFactory(project=kaunas.project, slug="leeuwarden"))

    seen = scope(kaunas_staff, "actionplans.view", ActionPlan.objects.order_by("pk"))

    assert list(seen) == [joint_plan, own]


def test_a_prefetched_list_of_joint_partners_is_asked_no_query(
    kaunas_staff, joint_plan, django_assert_num_queries
):
    plan = ActionPlan.objects.prefetch_related("joint_partners").get(pk=joint_plan.pk)

    with django_assert_num_queries(0):
        assert has_perm(kaunas_staff, "actionplans.edit", plan)


def test_a_milestone_rule_may_reach_the_plan_further_away(kaunas_staff, other_staff, joint_plan):
    from learninglab.actionplans.rules import PlanRule
    from learninglab.core.permissions import PARTNER, STAFF

    rule = PlanRule(everywhere=STAFF, own_partner=PARTNER, plan_path="action__plan")
    milestone = MilestoneFactory(action=ActionFactory(plan=joint_plan))

    assert rule.allows(kaunas_staff, milestone)
    assert not rule.allows(other_staff, milestone)


# Pages


@pytest.mark.parametrize(
    ("who", "status"),
    [("kaunas_staff", 200), ("staff", 200), ("coordinator", 200), ("other_staff", 404)],
)
def test_the_plan_pages_open_to_joint_partners_and_hide_from_others(users, joint_plan, who, status):
    client = client_for(users[who])

    for name in ("actionplans:plan", "actionplans:plan_edit", "actionplans:versions"):
        assert client.get(reverse(name, args=[joint_plan.slug])).status_code == status, name


def test_a_joint_partner_edits_and_submits_the_plan(kaunas_staff, partner):
    plan = ready_plan(partner=partner)
    plan.joint_partners.add(kaunas_staff.partner)
    client = client_for(kaunas_staff)

    response = client.post(
        reverse("actionplans:plan_edit", args=[plan.slug]),
        {
            "country": "RO",
            "nuts2": "RO42",
            "contact_name": "Andreea Vlădescu",
            "organisation_ro": "Municipiul Timișoara",
            "improvement_en": "New calls, with Kaunas",
            "summary_en": "Vouchers",
            "joint_partners": [kaunas_staff.partner.pk],
            "instrument_name": plan.instrument.name,
            "instrument_kind": plan.instrument.kind,
        },
    )
    assert response.status_code == 302
    client.post(reverse("actionplans:plan_submit", args=[plan.slug]))

    plan.refresh_from_db()
    assert plan.improvement.get("en") == "New calls, with Kaunas"
    assert plan.status == PlanStatus.SUBMITTED


def test_a_partner_that_leaves_the_plan_no_longer_sees_it(kaunas_staff, joint_plan):
    joint_plan.joint_partners.clear()

    response = client_for(kaunas_staff).get(joint_plan.get_absolute_url())

    assert response.status_code == 404


def test_the_facilitator_and_visitors_are_kept_out(facilitator, joint_plan):
    assert client_for(facilitator).get(reverse("actionplans:plans")).status_code == 403
    response = client_for(None).get(reverse("actionplans:plans"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
