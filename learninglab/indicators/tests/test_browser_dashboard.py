"""The dashboard in a real browser, under axe-core: the coordinator opens it from the
navigation, narrows it to a partner and a half year, and follows a figure to its rows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_coordinator_reads_and_narrows_the_indicators(page, world, coordinator, viewport):
    if viewport == "phone":
        page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, email=coordinator.email, password=PASSWORD)
    if viewport == "phone":
        page.goto("/indicators/")
    else:
        page.goto("/")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Indicators").click()
    expect(page.get_by_role("heading", name="Programme indicators")).to_be_visible()
    expect(page.get_by_role("img", name="Actions by status")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"indicators-dashboard-{viewport}")

    page.get_by_label("Partner", exact=True).select_option("timisoara")
    page.get_by_label("Reporting period", exact=True).select_option("2021-S1")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="The figures of Timișoara")).to_be_visible()
    card = page.locator("ul.indicator-cards li").filter(has_text="Policy-learning events held")
    expect(card.locator(".indicator-figure")).to_have_text("2")
    assert_accessible(page)
    screenshot(page, f"indicators-timisoara-2021-S1-{viewport}")

    page.get_by_role("link", name="Participants", exact=False).first.click()
    expect(page.get_by_role("heading", name="Participants")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Ana")
    assert "partner=timisoara" in page.url and "period=2021-S1" in page.url
    assert_accessible(page)
    screenshot(page, f"indicators-rows-people-{viewport}")
