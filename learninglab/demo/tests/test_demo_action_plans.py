"""The demo's action plans tell the story the issue asked for, through the services."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learninglab.actionplans.models import ActionPlan, ActionStatus, PlanStatus
from learninglab.actionplans.periods import Period
from learninglab.demo.services import demo_load
from learninglab.labs.models import Lab

pytestmark = pytest.mark.django_db


@pytest.fixture
def timisoara_plan(settings, tmp_path) -> ActionPlan:
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()
    return ActionPlan.objects.get(partner__slug="timisoara")


def test_timisoaras_plan_has_four_actions_from_round_1_and_partners_practices(timisoara_plan):
    plan = timisoara_plan
    assert plan.instrument.name.startswith("Regional Operational Programme, West")
    assert plan.actions.count() == 4
    labs = {link.lab.slug for action in plan.actions.all() for link in action.idea_links.all()}
    assert labs == {"timisoara-lll-1"}
    cities = {
        link.practice.partner.city
        for action in plan.actions.all()
        for link in action.practice_links.all()
    }
    assert cities == {"Matera", "Leeuwarden"}
    assert all(action.background for action in plan.actions.all())
    assert plan.actions.filter(is_pilot=True).count() == 1


def test_timisoaras_plan_was_endorsed_and_is_being_revised(timisoara_plan):
    plan = timisoara_plan
    versions = list(plan.versions.order_by("number"))
    assert [v.status for v in versions] == [PlanStatus.SUBMITTED, PlanStatus.ENDORSED]
    assert versions[1].signed_document.read(5) == b"%PDF-"
    assert plan.status == PlanStatus.REVISED
    assert plan.endorsed_on == versions[1].created_at.date()
    # The revision moved the delayed action's end: the endorsed version still has the old.
    delayed = plan.actions.get(status=ActionStatus.DELAYED)
    endorsed = next(a for a in versions[1].content["actions"] if a["key"] == delayed.pk)
    assert endorsed["ends_on"] != delayed.ends_on.isoformat()


def test_progress_was_recorded_over_two_reporting_periods_all_in_the_past(timisoara_plan):
    entries = [e for a in timisoara_plan.actions.all() for e in a.entries.all()]
    periods = {Period.of(entry.on) for entry in entries}
    assert len(periods) == 2
    assert max(entry.on for entry in entries) <= timezone.localdate()
    round_1 = Lab.objects.get(slug="timisoara-lll-1").local_starts_at.date()
    assert min(entry.on for entry in entries) > round_1 + datetime.timedelta(days=30)
    statuses = {a.status for a in timisoara_plan.actions.all()}
    assert statuses == {
        ActionStatus.IN_PROGRESS,
        ActionStatus.DELAYED,
        ActionStatus.COMPLETED,
        ActionStatus.NOT_STARTED,
    }


def test_kaunas_has_a_short_draft(timisoara_plan):
    kaunas = ActionPlan.objects.get(partner__slug="kaunas")
    assert kaunas.status == PlanStatus.DRAFT
    assert kaunas.actions.count() == 1


def test_loading_again_adds_no_plan(timisoara_plan):
    assert demo_load()["action plan"] == 0
    assert ActionPlan.objects.count() == 2
