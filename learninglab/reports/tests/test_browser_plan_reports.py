"""The progress reports' list in a real browser, on a desktop and a phone, under axe-core."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learninglab.actionplans.models import ActionStatus, PlanStatus
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ProgressEntryFactory,
)
from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.factories import PolicyInstrumentFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_staff_see_their_periods_and_download_a_report(page, staff, partner):
    plan = ActionPlanFactory(
        partner=partner,
        slug="timisoara-rop-west",
        status=PlanStatus.ENDORSED,
        instrument=PolicyInstrumentFactory(
            partner=partner, name="Programul Operațional Regional Vest", slug="rop-west"
        ),
    )
    # Under way for a year and a half: three periods, the current one among them.
    started = timezone.localdate() - datetime.timedelta(days=540)
    action = ActionFactory(plan=plan, starts_on=started, ends_on=None)
    ProgressEntryFactory(
        action=action,
        on=started + datetime.timedelta(days=10),
        status=ActionStatus.IN_PROGRESS,
        progress=10,
    )

    log_in(page, email=staff.email, password=PASSWORD)
    page.goto("/action-plans/reports/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Progress reports of the action plans"
    )
    expect(page.get_by_role("heading", level=2)).to_have_text("Timișoara")
    rows = page.locator("table tbody tr")
    assert rows.count() >= 3
    expect(rows.first).to_contain_text("Period under way")
    expect(rows.last).to_contain_text("Progress recorded")
    screenshot(page, "plan-reports")
    assert_accessible(page)

    with page.expect_download() as download:
        rows.last.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename.startswith("progress-report-timisoara-")

    page.set_viewport_size(PHONE)
    page.reload()
    screenshot(page, "plan-reports-phone")
    assert fits_the_screen(page)
    assert_accessible(page)
