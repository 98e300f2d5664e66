"""The API's documentation in a browser, and the tokens on the security page."""

import pytest
from playwright.sync_api import expect

from learninglab.accounts.models import ApiToken
from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_the_docs_show_every_endpoint_without_breaking_the_sites_policy(page, live_server):
    refused, outside = [], []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.on(
        "request",
        lambda r: None if r.url.startswith((live_server.url, "data:")) else outside.append(r.url),
    )

    page.goto("/api/v1/docs/")

    expect(page.get_by_text("Learning Lab API").first).to_be_visible()
    for path in ("/api/v1/labs/", "/api/v1/stakeholders/", "/api/v1/plans/{slug}/"):
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    assert not refused, refused
    assert not outside, outside
    screenshot(page, "api-docs")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/labs/").first).to_be_visible()
    screenshot(page, "api-docs-phone")


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_staff_make_a_token_see_it_once_and_revoke_it(page, staff, viewport):
    page.set_viewport_size(viewport)
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto("/accounts/security/")

    page.get_by_label("Name").fill("CRM sync")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Make a token").click()

    expect(page.get_by_text("Copy your new token now")).to_be_visible()
    key = page.locator("code.api-key").inner_text()
    assert key.startswith("ll_")
    expect(page.get_by_role("row", name="CRM sync")).to_contain_text("Read and write")
    assert_accessible(page)
    screenshot(page, f"api-tokens-{'phone' if viewport['width'] < 500 else 'desktop'}")

    page.get_by_role("button", name="Revoke CRM sync").click()

    expect(page.get_by_text("The API token “CRM sync” is revoked.")).to_be_visible()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert ApiToken.objects.get().is_revoked
    assert_accessible(page)
