"""Monitoring in a real browser, under axe-core: staff record a change of status, the
plan's follower gets an e-mail in the outbox, the public page shows the new status; and
every page reads well on a desktop and on a phone."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learninglab.actionplans.models import ActionStatus, PlanFollower
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProgressEntryFactory,
)
from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.messaging.models import MessageKind, OutboundMessage

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TODAY = datetime.date.today()


@pytest.fixture
def plan(partner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop", is_public=True)
    vouchers = ActionFactory(
        plan=plan, position=0, title={"en": "Vouchers for creative SMEs"}, weight=2
    )
    hub = ActionFactory(
        plan=plan,
        position=1,
        title={"en": "A creative hub in the old tram depot"},
        status=ActionStatus.IN_PROGRESS,
        progress=60,
    )
    ActionFactory(plan=plan, position=2, title={"en": "A festival fund for makers"})
    MilestoneFactory(
        action=vouchers, title={"en": "Call published"}, due_on=TODAY - datetime.timedelta(days=10)
    )
    MilestoneFactory(
        action=vouchers,
        title={"en": "First vouchers paid"},
        due_on=TODAY + datetime.timedelta(days=40),
    )
    MilestoneFactory(
        action=hub,
        title={"en": "Depot refurbished"},
        due_on=TODAY + datetime.timedelta(days=90),
        done_on=None,
    )
    FundingSourceFactory(action=vouchers, name="ROP West 2.1", amount_eur=Decimal("200000"))
    FundingSourceFactory(
        action=vouchers, kind="regional", name="City budget", amount_eur=Decimal("50000")
    )
    ProgressEntryFactory(
        action=hub, status=ActionStatus.IN_PROGRESS, progress=60, text="Works started."
    )
    PlanFollower.objects.create(
        plan=plan,
        email="ana.pop@example.ro",
        language="en",
        created_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    return plan


def test_a_change_of_status_reaches_the_follower_and_the_public_page(page, staff, plan):
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/action-plans/{plan.slug}/monitoring/")
    expect(page.get_by_role("heading", name="Monitoring", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Vouchers for creative SMEs").click()
    expect(page.get_by_role("heading", name="Progress of action 1")).to_be_visible()
    assert_accessible(page)

    # A delayed action without a reason: the form says so and keeps what was typed.
    page.get_by_label("Status").select_option(label="Delayed")
    page.get_by_label("Progress (%)").fill("15")
    page.get_by_label("What happened").fill("The call waits for the regional budget.")
    page.get_by_role("button", name="Record the entry").click()
    expect(page.get_by_role("alert")).to_contain_text("The entry was not recorded.")
    expect(page.locator("#id_reason_error")).to_have_text("Say why the action is delayed.")
    expect(page.get_by_label("What happened")).to_have_value(
        "The call waits for the regional budget."
    )
    assert_accessible(page)

    page.get_by_label("Reason").fill("The regional budget was adopted three months late.")
    page.get_by_label("Mobilised from ROP West 2.1 (EUR)").fill("20000")
    page.get_by_role("button", name="Record the entry").click()
    expect(page.get_by_role("status")).to_contain_text("The progress entry was recorded.")

    message = OutboundMessage.objects.get(kind=MessageKind.PLAN_UPDATE)
    assert message.recipient == "ana.pop@example.ro"
    assert "is now Delayed" in message.subject

    page.goto(f"/plans/{plan.slug}/")
    first = page.get_by_role("article", name="1. Vouchers for creative SMEs")
    expect(first).to_contain_text("Delayed")
    expect(first).to_contain_text("15%")
    assert "regional budget" not in page.content()  # what happened stays with staff
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_page_reads_well(page, staff, plan, viewport):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    log_in(page, email=staff.email, password=PASSWORD)
    vouchers = plan.actions.get(position=0)

    page.goto(f"/action-plans/{plan.slug}/monitoring/")
    assert_accessible(page)
    screenshot(page, f"monitoring-{viewport}")

    page.goto(f"/action-plans/{plan.slug}/actions/{vouchers.pk}/progress/")
    assert_accessible(page)
    screenshot(page, f"progress-form-{viewport}")

    page.goto(f"/action-plans/{plan.slug}/progress/import/")
    assert_accessible(page)
    sheet = (
        "Action,Title,Status,Progress (%),Reason (when delayed or abandoned),Date,What happened\n"
        f"1,Vouchers,In progress,40,,{TODAY},First vouchers paid.\n"
        f"2,Hub,Finished,140,,{TODAY},Opened.\n"
        f"3,Fund,Delayed,10,,{TODAY},Late.\n"
    )
    page.get_by_label("Filled-in spreadsheet").set_input_files(
        files=[{"name": "progress.csv", "mimeType": "text/csv", "buffer": sheet.encode()}]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview of progress.csv")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Row 3, column “Status”")
    assert_accessible(page)
    screenshot(page, f"import-preview-{viewport}")

    page.goto("/plans/")
    assert_accessible(page)
    screenshot(page, f"public-plans-{viewport}")

    page.goto(f"/plans/{plan.slug}/")
    assert_accessible(page)
    screenshot(page, f"public-plan-{viewport}")
