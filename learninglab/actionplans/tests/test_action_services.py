"""The services of an action, its players, milestones, funding and links keep their rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from learninglab.actionplans.models import Action, ActionIdea, FundingKind, PlanStatus
from learninglab.actionplans.services.action import (
    ActionData,
    action_create,
    action_delete,
    action_from_ideas,
    action_idea_unlink,
    action_ideas_link,
    action_move,
    action_practice_unlink,
    action_practices_link,
)
from learninglab.actionplans.services.funding import funding_add, funding_remove
from learninglab.actionplans.services.milestone import milestone_add, milestone_remove
from learninglab.actionplans.services.player import player_add, player_remove
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PlayerFactory,
    ProgressEntryFactory,
)
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def refused(code: str, call, **kwargs) -> None:
    with pytest.raises(DomainError) as error:
        call(**kwargs)
    assert error.value.code == code


def numbers(plan) -> list[tuple[str, int]]:
    return [(str(a.title.in_("en")), a.position) for a in plan.actions.order_by("position")]


# Deleting and moving actions


def test_deleting_an_action_numbers_the_others_without_a_gap(staff, plan):
    _one, two, _three = (
        action_create(actor=staff, plan=plan, data=ActionData(title={"en": t}))
        for t in ("One", "Two", "Three")
    )
    action_delete(actor=staff, action=two)
    assert numbers(plan) == [("One", 0), ("Three", 1)]
    assert AuditEntry.objects.filter(action="actionplans.action.deleted").count() == 1


def test_an_action_with_progress_is_not_deleted(staff, action):
    ProgressEntryFactory(action=action)
    refused("action_monitored", action_delete, actor=staff, action=action)
    assert Action.objects.filter(pk=action.pk).exists()


def test_actions_move_up_and_down_and_not_beyond_the_ends(staff, plan):
    one, two, three = (
        action_create(actor=staff, plan=plan, data=ActionData(title={"en": t}))
        for t in ("One", "Two", "Three")
    )
    moved = action_move(actor=staff, action=three, up=True)
    assert moved.number == 2
    assert numbers(plan) == [("One", 0), ("Three", 1), ("Two", 2)]
    action_move(actor=staff, action=one, up=True)
    action_move(actor=staff, action=two, up=False)
    assert numbers(plan) == [("One", 0), ("Three", 1), ("Two", 2)]
    action_move(actor=staff, action=one, up=False)
    assert numbers(plan) == [("Three", 0), ("One", 1), ("Two", 2)]


@pytest.mark.parametrize("status", [PlanStatus.SUBMITTED, PlanStatus.ENDORSED])
def test_nothing_of_an_action_changes_while_its_plan_is_locked(staff, status, practice, wall):
    plan = ActionPlanFactory(status=status)
    action = ActionFactory(plan=plan)
    player = PlayerFactory(action=action)
    milestone = MilestoneFactory(action=action)
    source = FundingSourceFactory(action=action)
    link = ActionIdea.objects.create(action=action, text="An idea")
    calls = [
        (action_create, {"plan": plan, "data": ActionData(title={"en": "New"})}),
        (action_delete, {"action": action}),
        (action_move, {"action": action, "up": True}),
        (player_add, {"action": action, "name": "West RDA"}),
        (player_remove, {"player": player}),
        (milestone_add, {"action": action, "title": {"en": "Go"}, "due_on": action.starts_on}),
        (milestone_remove, {"milestone": milestone}),
        (funding_add, {"action": action, "kind": FundingKind.ERDF, "amount_eur": Decimal(1)}),
        (funding_remove, {"source": source}),
        (action_practices_link, {"action": action, "practices": [practice]}),
        (action_ideas_link, {"action": action, "ideas": [wall["vouchers"]]}),
        (action_idea_unlink, {"link": link}),
        (action_from_ideas, {"plan": plan, "ideas": [wall["vouchers"]], "title": {"en": "X"}}),
    ]
    for call, kwargs in calls:
        refused("plan_locked", call, actor=staff, **kwargs)


# Players


def test_a_player_is_an_organisation_of_the_directory_or_a_name(staff, partner, action):
    organisation = OrganisationFactory(partner=partner, name="Banat IT")
    player = player_add(
        actor=staff, action=action, organisation=organisation, role={"en": "Mentors SMEs"}
    )
    named = player_add(actor=staff, action=action, name="  West   Regional Agency ")
    assert (player.display_name, player.role["en"], player.position) == (
        "Banat IT",
        "Mentors SMEs",
        0,
    )
    assert (named.display_name, named.position) == ("West Regional Agency", 1)
    assert AuditEntry.objects.filter(action="actionplans.player.added").count() == 2


def test_a_player_needs_one_name_once_and_from_the_plans_partners(
    staff, partner, other_partner, action
):
    organisation = OrganisationFactory(partner=partner, name="Banat IT")
    elsewhere = OrganisationFactory(partner=other_partner, name="Materahub")
    refused("player_unnamed", player_add, actor=staff, action=action, name="  ")
    refused(
        "player_twice", player_add, actor=staff, action=action, organisation=organisation, name="X"
    )
    refused(
        "organisation_elsewhere", player_add, actor=staff, action=action, organisation=elsewhere
    )
    refused("too_long", player_add, actor=staff, action=action, name="x" * 201)
    refused("too_long", player_add, actor=staff, action=action, name="X", role={"en": "r" * 501})
    player_add(actor=staff, action=action, organisation=organisation)
    refused("player_exists", player_add, actor=staff, action=action, organisation=organisation)
    player_add(actor=staff, action=action, name="West RDA")
    refused("player_exists", player_add, actor=staff, action=action, name="west rda")


def test_an_organisation_of_a_joint_partner_can_be_a_player(staff, other_partner, action):
    action.plan.joint_partners.add(other_partner)
    organisation = OrganisationFactory(partner=other_partner, name="Materahub")
    assert player_add(actor=staff, action=action, organisation=organisation).organisation


# Milestones


def test_a_milestone_has_a_title_and_falls_within_the_timeframe(staff, action):
    refused(
        "title_required", milestone_add, actor=staff, action=action, title={}, due_on=action.ends_on
    )
    refused(
        "too_long",
        milestone_add,
        actor=staff,
        action=action,
        title={"en": "m" * 201},
        due_on=action.ends_on,
    )
    refused(
        "due_outside",
        milestone_add,
        actor=staff,
        action=action,
        title={"en": "Too late"},
        due_on=action.ends_on + datetime.timedelta(days=1),
    )
    milestone = milestone_add(
        actor=staff, action=action, title={"en": "Call published"}, due_on=action.ends_on
    )
    milestone_remove(actor=staff, milestone=milestone)
    assert not action.milestones.exists()


# Funding


def test_funding_has_a_known_kind_and_a_positive_amount(staff, action):
    refused("unknown_kind", funding_add, actor=staff, action=action, kind="gold", amount_eur=1)
    refused(
        "amount_not_positive",
        funding_add,
        actor=staff,
        action=action,
        kind=FundingKind.ERDF,
        amount_eur=Decimal(0),
    )
    refused(
        "too_long",
        funding_add,
        actor=staff,
        action=action,
        kind=FundingKind.ERDF,
        amount_eur=Decimal(1),
        name="n" * 201,
    )
    source = funding_add(
        actor=staff,
        action=action,
        kind=FundingKind.ERDF,
        amount_eur=Decimal("1000.50"),
        name="ROP West 2.1",
    )
    assert (source.kind, source.amount_eur, source.is_structural) == (
        "erdf",
        Decimal("1000.50"),
        True,
    )
    funding_remove(actor=staff, source=source)
    assert not action.funding.exists()


def test_a_source_with_funds_mobilised_stays(staff, action):
    source = FundingSourceFactory(action=action)
    entry = ProgressEntryFactory(action=action)
    entry.funds.create(source=source, amount_eur=Decimal(10))
    refused("funding_mobilised", funding_remove, actor=staff, source=source)


# Links


def test_practices_and_ideas_are_linked_and_unlinked(staff, action, practice, wall):
    (practice_link,) = action_practices_link(actor=staff, action=action, practices=[practice])
    (idea_link,) = action_ideas_link(actor=staff, action=action, ideas=[wall["vouchers"]])
    assert (idea_link.text, idea_link.votes, idea_link.lab) == (
        "Vouchers for design services",
        5,
        wall["lab"],
    )
    action_practice_unlink(actor=staff, link=practice_link)
    action_idea_unlink(actor=staff, link=idea_link)
    assert not action.practice_links.exists() and not action.idea_links.exists()
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"actionplans.action.practice_unlinked", "actionplans.action.idea_unlinked"} <= codes


def test_ideas_of_another_partners_lab_are_refused(staff, other_partner, wall):
    plan = ActionPlanFactory(partner=other_partner, slug="matera-plan")
    action = ActionFactory(plan=plan)
    refused(
        "idea_elsewhere", action_ideas_link, actor=staff, action=action, ideas=[wall["coworking"]]
    )


# From ideas to an action


def test_ideas_become_one_draft_action_linked_and_with_a_background(staff, plan, action, wall):
    made = action_from_ideas(
        actor=staff,
        plan=plan,
        ideas=[wall["coworking"], wall["vouchers"]],
        title={"ro": "Spații și vouchere"},
    )
    assert made.number == 2
    assert made.title == {"ro": "Spații și vouchere"}
    assert sorted(made.idea_links.values_list("text", "votes")) == [
        ("A coworking space in the old factory", 3),
        ("Vouchers for design services", 5),
    ]
    assert "Vouchers for design services" in made.background["en"]
    assert "Vouchers for design services" in made.background["ro"]


def test_a_merged_idea_stands_for_the_idea_kept(staff, plan, wall):
    made = action_from_ideas(actor=staff, plan=plan, ideas=[wall["festival"]], title={"en": "V"})
    assert [link.idea for link in made.idea_links.all()] == [wall["vouchers"]]


def test_ideas_to_action_refuses_without_ideas_hidden_ones_and_others_labs(
    staff, plan, other_partner, wall
):
    refused(
        "ideas_required", action_from_ideas, actor=staff, plan=plan, ideas=[], title={"en": "X"}
    )
    refused(
        "idea_not_shown",
        action_from_ideas,
        actor=staff,
        plan=plan,
        ideas=[wall["hidden"]],
        title={"en": "X"},
    )
    elsewhere = ActionPlanFactory(partner=other_partner, slug="matera-plan")
    refused(
        "idea_elsewhere",
        action_from_ideas,
        actor=staff,
        plan=elsewhere,
        ideas=[wall["vouchers"]],
        title={"en": "X"},
    )
    assert not Action.objects.exists()


def test_every_model_of_the_plans_lists_in_its_default_order():
    """Two paths to a partner in a model's ordering once looked like a loop to Django."""
    from django.apps import apps

    for model in apps.get_app_config("actionplans").get_models():
        assert list(model.objects.all()) == []


def test_a_practice_is_linked_with_what_the_action_takes_from_it(staff, action, practice):
    from learninglab.actionplans.services.action import action_practice_note

    refused(
        "too_long",
        action_practice_note,
        actor=staff,
        action=action,
        practice=practice,
        note="n" * 501,
    )
    link = action_practice_note(
        actor=staff, action=action, practice=practice, note=" the  monthly open day "
    )
    assert link.note == "the monthly open day"
    again = action_practice_note(actor=staff, action=action, practice=practice, note="")
    assert again.pk == link.pk and again.note == "the monthly open day"
    assert AuditEntry.objects.filter(action="actionplans.action.practice_noted").count() == 1
