"""An action plan in a real browser, under axe-core: started, filled in, submitted,
endorsed with its signed PDF, revised and compared with the endorsed version; every page
reads well on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.actionplans.models import ActionPlan
from learninglab.actionplans.tests.factories import PDF_BYTES, ActionFactory
from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.factories import PolicyInstrumentFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def look(page, name: str) -> None:
    """Check the page under axe, and keep it as seen on a desktop and on a phone."""
    assert_accessible(page)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_a_plan_is_written_submitted_endorsed_revised_and_compared(
    page, staff, partner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    PolicyInstrumentFactory(partner=partner, slug="rop-west", name="ROP West 2021-2027")
    log_in(page, email=staff.email, password=PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Action plans").click()
    expect(page.get_by_role("heading", name="No action plan yet")).to_be_visible()
    look(page, "plans-empty")

    page.get_by_role("button", name="New action plan").click()
    look(page, "plan-create")
    page.get_by_label("ROP West 2021-2027").check()
    page.get_by_role("group", name="Title of the plan").get_by_label("English").fill(
        "Timișoara's creative SMEs plan"
    )
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", name="Part I and Part II of the plan")).to_be_visible()

    # Part I and Part II, in Romanian and English
    page.get_by_label("NUTS 2 region").fill("RO42")
    page.get_by_label("Contact person").fill("Andreea Vlădescu")
    page.get_by_label("Contact e-mail").fill("not an address")
    improvement = page.get_by_role("group", name="How the plan improves the policy instrument")
    improvement.get_by_label("Romanian").fill("Apeluri noi pentru IMM-urile creative.")
    improvement.get_by_label("English").fill("New calls for creative SMEs.")
    summary = page.get_by_role("group", name="Summary of the actions")
    summary.get_by_label("English").fill("Vouchers for creative SMEs and a maker space.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The plan was not saved.")
    expect(improvement.get_by_label("English")).to_have_value("New calls for creative SMEs.")
    look(page, "plan-edit-errors")
    page.get_by_label("Contact e-mail").fill("andreea@timisoara.example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your changes were saved.")).to_be_visible()
    expect(page.get_by_text("Part III: at least one action")).to_be_visible()

    # The actions are written on their own pages; here they are made directly.
    plan = ActionPlan.objects.get()
    ActionFactory(plan=plan, position=0)
    ActionFactory(
        plan=plan,
        position=1,
        title={"ro": "Un atelier de creație", "en": "A maker space"},
        is_pilot=True,
    )
    page.reload()
    expect(page.get_by_text("Nothing is missing: it can be submitted.")).to_be_visible()
    look(page, "plan-draft")

    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_text("The plan is submitted as version 1.")).to_be_visible()

    endorse = page.locator("form[aria-labelledby=endorse-heading]")
    endorse.get_by_label("Endorsed on").fill("2022-06-15")
    endorse.get_by_label("Endorsing organisation").fill("ADR Vest")
    endorse.locator("#endorse_signatory").fill("Sorin Maxim")
    endorse.get_by_label("Signatory's position").fill("Director general")
    endorse.get_by_label("Signed document (PDF)").set_input_files(
        files=[{"name": "plan.docx", "mimeType": "application/pdf", "buffer": b"PK\x03\x04"}]
    )
    endorse.get_by_role("button", name="Record the endorsement").click()
    expect(page.get_by_role("alert")).to_contain_text("Signed document (PDF): plan.docx is not")
    expect(page.locator("#endorse_document_error")).to_contain_text("plan.docx is not a PDF")
    expect(endorse.locator("#endorse_signatory")).to_have_value("Sorin Maxim")
    look(page, "plan-submitted-errors")
    endorse.get_by_label("Signed document (PDF)").set_input_files(
        files=[{"name": "signed.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    endorse.get_by_role("button", name="Record the endorsement").click()
    expect(page.get_by_text("The endorsement is recorded as version 2")).to_be_visible()
    expect(page.get_by_role("link", name="Signed plan, version 2 (PDF)")).to_be_visible()
    look(page, "plan-endorsed")

    page.get_by_label("Note (optional)").fill("The maker space moves to 2023.")
    page.get_by_role("button", name="Open a revision").click()
    expect(page.get_by_text("A revision is open")).to_be_visible()
    page.get_by_role("button", name="Edit Part I and Part II").click()
    page.get_by_label("Contact person").fill("Ioana Pop")
    summary = page.get_by_role("group", name="Summary of the actions")
    summary.get_by_label("English").fill("Vouchers for creative SMEs and a maker space in 2023.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Submit the plan").click()
    expect(page.get_by_text("The plan is submitted as version 3.")).to_be_visible()

    page.get_by_role("link", name="Versions and what changed").click()
    expect(page.get_by_role("row", name="3 Submitted")).to_be_visible()
    look(page, "plan-versions")
    page.get_by_label("From version").select_option("2")
    page.get_by_label("To version").select_option("3")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("status")).to_contain_text("From Version 2 to Version 3: 2 changes.")
    contact = page.get_by_role("row", name="Contact person")
    expect(contact.locator("del")).to_have_text("[removed: Andreea Vlădescu]")
    expect(contact.locator("ins")).to_have_text("[added: Ioana Pop]")
    expect(
        page.get_by_role("row", name="Summary of the actions (English)").locator("ins")
    ).to_contain_text("in 2023")
    look(page, "plan-compare")
    page.get_by_label("Show only what changed").check()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("row", name="Country")).to_have_count(0)
    expect(page.get_by_role("row", name="Contact person")).to_be_visible()
    look(page, "plan-compare-changes")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Action plans").click()
    expect(page.get_by_role("cell", name="Submitted")).to_be_visible()
    look(page, "plans")
