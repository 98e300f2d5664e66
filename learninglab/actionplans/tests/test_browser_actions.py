"""From a lab's live-wall results to a draft action, in a real browser under axe-core, on
a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.actionplans.models import Action
from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.factories import OrganisationFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def look(page, name: str) -> None:
    """Check the page under axe on a desktop and a phone, and keep both screenshots."""
    assert_accessible(page)
    screenshot(page, name)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_staff_turn_two_ideas_into_an_action_and_edit_its_background(
    page, staff, partner, plan, wall, practice
):
    OrganisationFactory(partner=partner, name="Banat IT")
    OrganisationFactory(partner=partner, name="Politehnica University")
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/labs/{wall['lab'].slug}/results/")
    page.get_by_role("link", name="Turn ideas into an action").click()

    question = page.get_by_role("group", name="What would help creative SMEs?")
    expect(question.get_by_text("merged: Design vouchers for small firms")).to_be_visible()
    look(page, "ideas-to-action")
    question.get_by_label("Vouchers for design services").check()
    question.get_by_label("A coworking space in the old factory").check()
    title = page.get_by_label("Title of the action")
    expect(title).to_have_value("A coworking space in the old factory")
    title.fill("Spaces and vouchers for creative SMEs")
    page.get_by_role("button", name="Create the draft action").click()

    expect(page.get_by_role("status").filter(has_text="drafted from 2 ideas")).to_be_visible()
    action = Action.objects.get()
    background = page.get_by_role("group", name="Background").get_by_label("English", exact=True)
    expect(background).to_have_value(
        "The ideas of the stakeholders on the live wall:\n"
        "At Local Learning Lab, round 2, “How can the ECoC programme become an opportunity?”:\n"
        "- “Vouchers for design services” (5 votes)\n"
        "- “A coworking space in the old factory” (3 votes)"
    )
    look(page, "action-edit")
    background.fill("Our stakeholders asked for design vouchers and a shared space.")
    page.get_by_role("group", name="What will be done").get_by_label("English").fill(
        "A yearly call for vouchers and a coworking floor."
    )
    page.get_by_label("Start").fill("2025-01-01")
    page.get_by_label("End").fill("2026-12-31")
    page.get_by_label("Costs (EUR)").fill("300 000")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status").filter(has_text="Your changes were saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Spaces and vouchers for creative SMEs"
    )
    action.refresh_from_db()
    assert action.background["en"] == (
        "Our stakeholders asked for design vouchers and a shared space."
    )

    # A player from the directory, found by typing part of its name, and funding.
    page.get_by_text("Add a player").click()
    page.get_by_label("Find in the directory").fill("polit")
    page.get_by_label("Organisation from the directory").select_option(
        label="Politehnica University"
    )
    page.get_by_role("group", name="Role in the action").get_by_label("English").fill(
        "Hosts the coworking floor"
    )
    page.get_by_role("button", name="Add the player").click()
    expect(page.get_by_role("status")).to_have_text(
        "Politehnica University is added to the players."
    )
    page.get_by_text("Add a funding source").click()
    page.get_by_role("combobox", name="Type").select_option(
        label="European Regional Development Fund (ERDF)"
    )
    page.get_by_label("Amount (EUR)").fill("250000")
    page.get_by_role("button", name="Add the funding source").click()
    expect(page.locator("#funding-warning")).to_contain_text("EUR 250,000.00")

    # A practice behind it, found by its words, and the background drafted again.
    look(page, "action")
    page.get_by_role("button", name="Link good practices and ideas").click()
    page.get_by_label("Find published good practices").fill("studios")
    page.get_by_role("button", name="Search").click()
    look(page, "action-links")
    page.get_by_label("What the action takes from it").fill("Open days for SMEs")
    page.get_by_role("button", name="Link “Open studios”").click()
    expect(page.get_by_role("status")).to_have_text("“Open studios” is linked to the action.")
    page.goto(f"/action-plans/{action.plan.slug}/actions/{action.pk}/edit/")
    page.get_by_role("button", name="Draft the background from the links").click()
    expect(page.get_by_role("heading", name="The draft, beside what you wrote")).to_be_visible()
    expect(page.get_by_label("Draft in English")).to_contain_text(
        "What this action takes from it: Open days for SMEs."
    )
    expect(background).to_have_value(
        "Our stakeholders asked for design vouchers and a shared space."
    )
    look(page, "action-edit-draft-beside")
