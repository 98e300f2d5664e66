"""The pages everyone meets first, in a real browser and under axe-core."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot, switch_language
from learninglab.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_login_page_is_accessible_and_shows_a_wrong_password(page, staff):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)

    page.get_by_label("E-mail").fill(staff.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert").filter(has_text="not correct")).to_be_visible()
    assert_accessible(page)


def test_logged_in_pages_are_accessible_in_both_languages(page, staff):
    log_in(page, email=staff.email, password=PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert_accessible(page)

    page.get_by_role("link", name="Security").click()
    page.get_by_role("button", name="Set up two-factor authentication").click()
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    assert_accessible(page)

    switch_language(page, "ro")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert_accessible(page)


def test_logging_out_returns_to_the_login_page(page, staff):
    log_in(page, email=staff.email, password=PASSWORD)
    page.locator("header").get_by_role("button", name="Log out").click()

    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("status").inner_text() == "You are logged out."
    assert_accessible(page)


def test_a_wrong_address_says_so_in_the_browser_s_language(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="lt-LT")
    try:
        page = context.new_page()

        response = page.goto("/events/no-such-lab/")

        assert response.status == 404
        assert page.locator("html").get_attribute("lang") == "lt"
        assert page.get_by_role("heading", level=1).inner_text() == "Puslapis nerastas"
        assert_accessible(page)
    finally:
        context.close()


def test_a_croatian_speaker_s_rsvp_page_is_in_croatian_and_accessible(page, other_partner):
    from learninglab.labs.links import rsvp_token
    from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory

    lab = LabFactory(partner=other_partner, theme={"en": "Culture and small firms"})
    LabContactFactory(lab=lab)
    invitation = InvitationFactory(lab=lab, language="hr", stakeholder__language="hr")

    page.goto(reverse("labs:rsvp", args=[invitation.public_id, rsvp_token(invitation)]))

    assert page.locator("html").get_attribute("lang") == "hr"
    expect(page.get_by_role("button", name="Sudjelovat ću")).to_be_visible()
    assert page.locator("#language-select").input_value() == "hr"
    screenshot(page, "rsvp-croatian")
    assert_accessible(page)

    # The switch offers the languages we write in and reloads the page in the one chosen.
    page.locator("#language-select").select_option("it")
    page.get_by_role("button", name="Promijeni").click()
    page.wait_for_url("**?lang=it")
    assert page.locator("html").get_attribute("lang") == "it"
    expect(page.get_by_role("button", name="Parteciperò")).to_be_visible()
    assert_accessible(page)
