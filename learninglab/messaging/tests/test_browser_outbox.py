"""The HTML version of a confirmation in a real browser: its QR code loads in the frame."""

from __future__ import annotations

import pytest

from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.messaging.tests.test_inline_images import confirmation

pytestmark = pytest.mark.browser


def test_the_qr_code_of_a_confirmation_shows_in_the_html_version(page, staff, partner):
    message = confirmation(partner)
    log_in(page, email=staff.email, password=PASSWORD)

    page.goto(f"/outbox/{message.pk}/")
    qr_code = page.frame_locator("iframe").get_by_role("img", name="QR code")
    qr_code.wait_for()

    # Loaded and decoded, in the sandbox and under the frame's policy: not a broken image.
    assert qr_code.evaluate("image => image.complete && image.naturalWidth") == 40
    screenshot(page, "outbox-confirmation")
    assert_accessible(page)
