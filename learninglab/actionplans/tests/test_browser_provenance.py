"""Where an action came from, in a real browser, under axe-core, on a desktop and a phone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learninglab.actionplans.tests.chains import Chain, build_chain
from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.results.models import Minutes

pytestmark = [
    pytest.mark.browser,
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chain(partner, other_partner, staff) -> Chain:
    return build_chain(partner, other_partner, staff)


def test_staff_see_the_chain_behind_an_action_as_a_picture_and_in_words(page, chain, staff):
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/action-plans/{chain.plan.slug}/actions/{chain.action.pk}/provenance/")

    picture = page.get_by_role("img", name="The labs and the ideas behind this action")
    expect(picture).to_be_visible()
    words = page.locator(".provenance-text")
    assert "Vouchers for SMEs to work with artists" in words.inner_text()
    assert "Open Design School" in words.inner_text()
    assert "Matera" in words.inner_text()
    assert_accessible(page)
    screenshot(page, "action-provenance")

    assert page.locator("svg.provenance-narrow").is_hidden()

    page.set_viewport_size(PHONE)
    assert page.locator("svg.provenance-wide").is_hidden()
    expect(page.locator("svg.provenance-narrow")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "action-provenance-phone")

    page.goto(f"/labs/{chain.lab.slug}/")
    outcomes = page.get_by_role("region", name="What came out of it")
    assert "Action 1: Creative vouchers for SMEs" in outcomes.inner_text()
    assert_accessible(page)
    screenshot(page, "lab-outcomes-phone")


def test_the_public_finds_the_action_from_the_practice_and_from_the_lab(page, chain):
    chain.plan.is_public = True
    chain.plan.save()
    Minutes.objects.create(lab=chain.lab, summary={"en": "We met."}, published_at=timezone.now())

    page.goto(f"/practices/{chain.practices[0].slug}/")
    found = page.get_by_role("region", name="Where it was presented, what it inspired")
    assert "Action 1: Creative vouchers for SMEs" in found.inner_text()
    assert "Timișoara" in found.inner_text()
    assert_accessible(page)
    screenshot(page, "practice-actions")

    page.goto(f"/events/{chain.lab.slug}/results/")
    outcomes = page.get_by_role("region", name="What came out of it")
    assert "Action 1: Creative vouchers for SMEs" in outcomes.inner_text()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "lab-results-outcomes-phone")
