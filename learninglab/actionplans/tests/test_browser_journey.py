"""The whole way, in a real browser under axe-core: from the ideas of a lab's live wall
to a draft action, then (once the plan is endorsed) its progress, to the public page
where anyone reads the action's status and where it came from."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from learninglab.actionplans.models import Action, ActionStatus
from learninglab.actionplans.services.workflow import EndorsementData, plan_endorse, plan_submit
from learninglab.actionplans.tests.factories import ready_plan, signed_pdf
from learninglab.browser_testing import assert_accessible, log_in
from learninglab.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def public_plan(partner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return ready_plan(partner=partner, slug="timisoara-rop", is_public=True)


def test_from_two_ideas_to_an_action_whose_progress_the_public_reads(
    page, browser, live_server, staff, public_plan, wall
):
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/labs/{wall['lab'].slug}/results/")
    page.get_by_role("link", name="Turn ideas into an action").click()
    question = page.get_by_role("group", name="What would help creative SMEs?")
    question.get_by_label("Vouchers for design services").check()
    question.get_by_label("A coworking space in the old factory").check()
    page.get_by_label("Title of the action").fill("Spaces and vouchers for creative SMEs")
    page.get_by_role("button", name="Create the draft action").click()
    expect(page.get_by_role("status").filter(has_text="drafted from 2 ideas")).to_be_visible()
    action = Action.objects.exclude(idea_links=None).get()
    assert action.plan == public_plan
    page.get_by_role("group", name="What will be done").get_by_label("English").fill(
        "A yearly call for vouchers and a coworking floor."
    )
    page.get_by_label("Start").fill("2025-01-01")
    page.get_by_label("End").fill("2026-12-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Your changes were saved.")).to_be_visible()

    # The plan is submitted and endorsed (its own pages are tested elsewhere).
    plan_submit(actor=staff, plan=public_plan)
    plan_endorse(
        actor=staff,
        plan=public_plan,
        data=EndorsementData(
            on=datetime.date.today(),
            organisation="ADR Vest",
            signatory="Sorin Maxim",
            position="Director general",
            document=signed_pdf(),
        ),
    )

    # The action's page shows where it came from: the lab and its two ideas.
    page.goto(action.get_absolute_url())
    provenance = page.get_by_role("region", name="Where this action came from")
    expect(provenance.get_by_role("img")).to_have_count(1)  # drawn for the screen's width
    expect(provenance).to_contain_text("Vouchers for design services")
    expect(provenance).to_contain_text("A coworking space in the old factory")
    assert_accessible(page)

    page.goto(f"/action-plans/{public_plan.slug}/actions/{action.pk}/progress/")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("Progress (%)").fill("30")
    page.get_by_label("What happened").fill("The first call for vouchers is open.")
    page.get_by_role("button", name="Record the entry").click()
    expect(page.get_by_role("status")).to_contain_text("The progress entry was recorded.")
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 30)

    # Anyone, not signed in, reads the plan's public page.
    visitor = browser.new_page(base_url=live_server.url)
    visitor.goto(f"/plans/{public_plan.slug}/")
    row = visitor.get_by_role("article").filter(has_text="Spaces and vouchers for creative SMEs")
    expect(row).to_contain_text("In progress")
    expect(row).to_contain_text("30%")
    assert_accessible(visitor)
    visitor.close()
