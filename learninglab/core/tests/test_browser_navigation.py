"""The site's menu: folded behind a button on a phone, open on a wide screen and without
JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import TIMEOUT_MS, assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_on_a_phone_the_menu_opens_and_closes_with_its_button_and_the_keyboard(page, staff):
    log_in(page, email=staff.email, password=PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/labs/")
    menu = page.get_by_role("navigation", name="Main")
    button = menu.get_by_role("button", name="Menu")

    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    expect(menu.get_by_role("link", name="Stakeholders")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
    assert_accessible(page)
    screenshot(page, "navigation-phone-folded")

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Stakeholders")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "navigation-phone-open")

    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu.get_by_role("link", name="Stakeholders")).to_be_hidden()

    button.click()
    menu.get_by_role("link", name="Stakeholders").click()
    page.wait_for_url("**/stakeholders/")


def test_on_a_wide_screen_the_menu_is_shown_without_a_button(page, staff):
    log_in(page, email=staff.email, password=PASSWORD)
    menu = page.get_by_role("navigation", name="Main")

    expect(menu.get_by_role("link", name="Labs")).to_be_visible()
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()

    page.set_viewport_size(PHONE)  # a window made narrow folds it
    expect(menu.get_by_role("link", name="Labs")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(menu.get_by_role("link", name="Labs")).to_be_visible()


def test_without_javascript_the_menu_stays_open_on_a_phone(
    browser, live_server, transactional_db, staff
):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, email=staff.email, password=PASSWORD)
        page.goto("/labs/")
        menu = page.get_by_role("navigation", name="Main")

        expect(menu.get_by_role("link", name="Stakeholders")).to_be_visible()
        expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    finally:
        context.close()
