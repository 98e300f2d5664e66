"""A version keeps the plan as it was, and two versions compare field by field, action
by action, word by word."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learninglab.actionplans.models import ActionIdea, ActionPractice, PlanVersion
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PlayerFactory,
)
from learninglab.actionplans.versions import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    Segment,
    plan_snapshot,
    versions_compare,
    words_compare,
)
from learninglab.factories import PartnerFactory
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(partner):
    plan = ActionPlanFactory(partner=partner, summary={"en": "Vouchers and a maker space."})
    plan.joint_partners.add(PartnerFactory(project=partner.project, slug="kaunas", city="Kaunas"))
    return plan


def test_the_snapshot_keeps_every_part_and_what_each_action_came_from(plan):
    action = ActionFactory(plan=plan, position=0, is_pilot=True)
    PlayerFactory(action=action, name="ADR Vest", role={"en": "Runs the call"})
    MilestoneFactory(action=action, title={"en": "Call open"}, due_on=datetime.date(2021, 6, 30))
    FundingSourceFactory(action=action, name="ROP 2.1", amount_eur=Decimal("200000"))
    practice = PracticeFactory(title={"en": "Creative vouchers of Matera"})
    ActionPractice.objects.create(action=action, practice=practice)
    ActionIdea.objects.create(action=action, text="Vouchers for designers", votes=7)

    content = plan_snapshot(plan)

    assert content["schema"] == 1
    assert content["plan"]["organisation"] == {
        "ro": "Municipiul Timișoara",
        "en": "Municipality of Timișoara",
    }
    assert content["plan"]["nuts2"] == "RO42"
    assert content["plan"]["joint_partners"][0]["city"] == "Kaunas"
    assert content["plan"]["instrument_kind"] == "growth_jobs"
    (copied,) = content["actions"]
    assert copied["key"] == action.pk and copied["number"] == 1
    assert copied["is_pilot"] is True
    assert (copied["starts_on"], copied["costs_eur"]) == ("2021-01-01", "250000.00")
    assert copied["players"] == [{"name": "ADR Vest", "role": {"en": "Runs the call"}}]
    assert copied["milestones"] == [{"title": {"en": "Call open"}, "due_on": "2021-06-30"}]
    assert copied["funding"] == [{"kind": "erdf", "name": "ROP 2.1", "amount_eur": "200000.00"}]
    assert copied["practices"] == [{"en": "Creative vouchers of Matera"}]
    assert copied["ideas"] == ["Vouchers for designers"]


def test_a_version_still_says_what_was_endorsed_after_the_plan_changed(plan):
    action = ActionFactory(plan=plan)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        status="endorsed",
        content=plan_snapshot(plan),
        created_at=plan.created_at,
    )
    action.title = {"en": "Something else"}
    action.save()
    plan.nuts2 = "RO11"
    plan.save()

    version.refresh_from_db()
    assert version.content["actions"][0]["title"]["en"] == "Vouchers for creative SMEs"
    assert version.content["plan"]["nuts2"] == "RO42"
    assert list(plan.versions.all()) == [version]  # the versions list in their order


def test_changed_words_are_marked_not_the_whole_sentence():
    before, after = words_compare(
        "A yearly call for vouchers of up to EUR 10,000.",
        "A yearly call for vouchers of up to EUR 15,000, twice.",
    )

    assert before == [
        Segment("same", "A yearly call for vouchers of up to EUR"),
        Segment("removed", " 10"),
        Segment("same", ",000."),
    ]
    assert after == [
        Segment("same", "A yearly call for vouchers of up to EUR"),
        Segment("added", " 15"),
        Segment("same", ",000"),
        Segment("added", ", twice"),
        Segment("same", "."),
    ]


@given(st.text(max_size=200), st.text(max_size=200))
def test_the_marked_runs_give_back_both_texts_whatever_they_are(before, after):
    """What is marked is all that differs: nothing is lost or repeated, whatever the text."""
    left, right = words_compare(before, after)

    assert "".join(s.text for s in left) == before
    assert "".join(s.text for s in right) == after
    assert {s.kind for s in left} <= {"same", "removed"}
    assert {s.kind for s in right} <= {"same", "added"}
    same = "".join(s.text for s in left if s.kind == "same")
    assert same == "".join(s.text for s in right if s.kind == "same")


def test_the_same_text_has_no_change():
    before, after = words_compare("Vouchers", "Vouchers")

    assert before == after == [Segment("same", "Vouchers")]
    assert words_compare("", "") == ([], [])


def test_actions_are_matched_added_removed_and_changed(plan):
    kept = ActionFactory(plan=plan, position=0, title={"en": "Vouchers"})
    gone = ActionFactory(plan=plan, position=1, title={"en": "A study visit"})
    same = ActionFactory(plan=plan, position=2, title={"en": "A maker space"})
    before = plan_snapshot(plan)
    kept.title = {"en": "Vouchers for designers"}
    kept.costs_eur = Decimal("300000")
    kept.save()
    gone.delete()
    same.position = 1
    same.save()
    ActionFactory(plan=plan, position=2, title={"en": "A festival of makers"})
    plan.contact_name = "Ioana Pop"
    plan.save()

    comparison = versions_compare(before, plan_snapshot(plan), languages=["ro", "en"])

    changes = [(a.change, a.number_before, a.number_after, a.title) for a in comparison.actions]
    assert changes == [
        (CHANGED, 1, 1, "Vouchers for designers"),
        (REMOVED, 2, None, "A study visit"),
        (UNCHANGED, 3, 2, "A maker space"),
        (ADDED, None, 3, "A festival of makers"),
    ]
    changed = {f.label: (f.before, f.after) for f in comparison.actions[0].changed_fields}
    assert changed["Title (English)"] == (
        [Segment("same", "Vouchers")],
        [Segment("same", "Vouchers"), Segment("added", " for designers")],
    )
    assert changed["Costs"] == (
        [Segment("removed", "250"), Segment("same", ",000.00 EUR")],
        [Segment("added", "300"), Segment("same", ",000.00 EUR")],
    )
    contact = next(f for f in comparison.general if f.label == "Contact person")
    assert contact.changed
    assert comparison.changes == 1 + 3  # the contact, and three actions


def test_texts_compare_in_the_plans_language_first(plan):
    before = plan_snapshot(plan)
    plan.improvement = {"ro": "Apeluri noi", "en": "New calls"}
    plan.save()

    comparison = versions_compare(before, plan_snapshot(plan), languages=["ro", "en"])

    labels = [f.label for f in comparison.context if f.label.startswith("How")]
    assert labels == [
        "How the plan improves the instrument (Romanian)",
        "How the plan improves the instrument (English)",
    ]
    romanian = next(f for f in comparison.context if f.label.endswith("(Romanian)"))
    assert (romanian.language, romanian.before, romanian.after) == (
        "ro",
        [],
        [Segment("added", "Apeluri noi")],
    )


def test_joint_partners_compare_with_their_names_in_the_plans_language(partner):
    plan = ActionPlanFactory(partner=partner)
    kaunas = PartnerFactory(
        project=partner.project,
        slug="kaunas",
        city="Kaunas",
        institution={"lt": "Vytauto Didžiojo universitetas", "en": "Vytautas Magnus University"},
    )
    before = plan_snapshot(plan)
    plan.joint_partners.add(kaunas)
    after = plan_snapshot(plan)

    in_lithuanian = versions_compare(before, after, languages=["lt", "en"]).general
    in_romanian = versions_compare(before, after, languages=["ro", "en"]).general

    (joint,) = [f for f in in_lithuanian if f.label == "Partners writing it jointly"]
    assert "".join(s.text for s in joint.after) == "Kaunas — Vytauto Didžiojo universitetas"
    (joint,) = [f for f in in_romanian if f.label == "Partners writing it jointly"]
    assert "".join(s.text for s in joint.after) == "Kaunas — Vytautas Magnus University"


def test_a_version_copied_with_the_joint_partners_as_lines_still_compares(plan):
    before = plan_snapshot(plan)
    older = {**before, "plan": {**before["plan"], "joint_partners": ["Kaunas — Kaunas"]}}

    comparison = versions_compare(older, before, languages=["ro", "en"])

    (joint,) = [f for f in comparison.general if f.label == "Partners writing it jointly"]
    assert "".join(s.text for s in joint.before) == "Kaunas — Kaunas"


def test_dates_read_as_people_write_them():
    comparison = versions_compare(
        {"endorsement": {"on": "2022-06-15"}},
        {"endorsement": {"on": "2023-06-15"}},
        languages=["ro", "en"],
    )

    endorsed_on = comparison.endorsement[0]
    assert endorsed_on.label == "Endorsed on"
    assert endorsed_on.before == [Segment("same", "15 June"), Segment("removed", " 2022")]
    assert endorsed_on.after == [Segment("same", "15 June"), Segment("added", " 2023")]
