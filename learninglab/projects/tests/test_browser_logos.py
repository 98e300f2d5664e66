"""The coordinator gives the project its logos in a real browser, under axe-core, on a
desktop and a phone; a stakeholder then sees them on their personal page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.labs.links import rsvp_url
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.projects.tests.test_logos import CLEAN_SVG, UNSAFE_SVGS, png

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_coordinator_uploads_the_logos_and_stakeholders_see_them(
    page, live_server, settings, coordinator, partner, viewport
):
    settings.SITE_URL = live_server.url
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, email=coordinator.email, password=PASSWORD)
    page.goto("/project/")
    assert_accessible(page)

    page.get_by_role("article", name="Project logo").get_by_label("Project logo").set_input_files(
        files=[{"name": "ecoc.png", "mimeType": "image/png", "buffer": png(300, 100, "teal")}]
    )
    page.get_by_role("article", name="Project logo").get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status").filter(has_text="The logo was saved.")).to_be_visible()
    expect(page.get_by_role("img", name="Logo of ECoC-SME")).to_be_visible()

    page.get_by_role("article", name="Programme logo").get_by_label(
        "Programme logo"
    ).set_input_files(
        files=[{"name": "evil.svg", "mimeType": "image/svg+xml", "buffer": UNSAFE_SVGS["onload"]}]
    )
    programme = page.get_by_role("article", name="Programme logo")
    programme.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("evil.svg was refused")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("article", name="Programme logo").get_by_label(
        "Programme logo"
    ).set_input_files(
        files=[{"name": "programme.svg", "mimeType": "image/svg+xml", "buffer": CLEAN_SVG}]
    )
    programme.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("img", name="Logo of Interreg Europe")).to_be_visible()
    screenshot(page, f"project-logos-{page.viewport_size['width']}")

    invitation = InvitationFactory(lab=LabFactory(partner=partner))
    page.goto(rsvp_url(invitation) + "?lang=en")
    for name in ("Logo of ECoC-SME", "Logo of Interreg Europe", "Flag of the European Union"):
        image = page.get_by_role("img", name=name)
        expect(image).to_be_visible()
        # Loaded and drawn, not a broken picture.
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_text("Co-funded by the European Union")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"rsvp-logos-{page.viewport_size['width']}")
