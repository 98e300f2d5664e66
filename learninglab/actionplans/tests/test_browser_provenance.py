"""Where an action came from, in a real browser, under axe-core, on a desktop and a phone."""

from __future__ import annotations

import pytest

from learninglab.actionplans.tests.chains import Chain, build_chain
from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("learninglab.actionplans.tests.urls_with_plan_pages"),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chain(partner, other_partner, staff) -> Chain:
    return build_chain(partner, other_partner, staff)


def test_staff_see_the_chain_behind_an_action_as_a_picture_and_in_words(page, chain, staff):
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/action-plans/{chain.plan.slug}/actions/{chain.action.pk}/provenance/")

    picture = page.get_by_role("img", name="The labs and the ideas behind this action")
    assert picture.is_visible()
    words = page.locator(".provenance-text")
    assert "Vouchers for SMEs to work with artists" in words.inner_text()
    assert "Open Design School" in words.inner_text()
    assert "Matera" in words.inner_text()
    assert_accessible(page)
    screenshot(page, "action-provenance")

    assert page.locator("svg.provenance-narrow").is_hidden()

    page.set_viewport_size(PHONE)
    assert page.locator("svg.provenance-wide").is_hidden()
    assert page.locator("svg.provenance-narrow").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "action-provenance-phone")

    page.goto(f"/labs/{chain.lab.slug}/")
    outcomes = page.get_by_role("region", name="What came out of it")
    assert "Action 1: Creative vouchers for SMEs" in outcomes.inner_text()
    assert_accessible(page)
    screenshot(page, "lab-outcomes-phone")
