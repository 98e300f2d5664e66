"""A partner's staff member adds a webhook, tries it and resends an event, in a real
browser, on a desktop and on a phone; every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.webhooks.delivery import deliver_due
from learninglab.webhooks.models import Subscription
from learninglab.webhooks.tests.receiver import receiver

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_staff_add_a_webhook_send_a_test_event_and_resend_it(page, staff, partner, device):
    if device == "phone":
        page.set_viewport_size(PHONE)
    log_in(page, email=staff.email, password=PASSWORD)
    with receiver() as hook:
        page.goto("/webhooks/")
        expect(page.get_by_role("heading", name="Webhooks", level=1)).to_be_visible()
        assert_accessible(page)

        page.get_by_role("button", name="Add a webhook").click()
        page.wait_for_url("**/webhooks/new/")
        page.get_by_label("Address").fill("http://10.0.0.7/hooks")
        page.get_by_role("button", name="Add the webhook").click()
        expect(page.get_by_text("Choose at least one event.")).to_be_visible()
        screenshot(page, f"webhooks-form-errors-{device}")
        assert_accessible(page)

        page.get_by_label("Address").fill(hook.url)
        page.get_by_label("Description").fill("Timișoara's CRM")
        page.get_by_label("An answer to an invitation was recorded").check()
        page.get_by_label("Someone was checked in at a lab").check()
        page.get_by_role("button", name="Add the webhook").click()
        secret = page.locator("#webhook-secret")
        expect(secret).to_have_text(Subscription.objects.get().secret)
        screenshot(page, f"webhooks-secret-{device}")
        assert_accessible(page)

        page.get_by_role("button", name="Send a test event").click()
        expect(page.get_by_text("A test event is queued")).to_be_visible()
        deliver_due()
        page.reload()
        expect(page.get_by_role("cell", name="Delivered")).to_be_visible()
        expect(page.locator("#webhook-secret")).to_have_count(0)  # shown once

        page.get_by_role("button", name="Resend").first.click()
        expect(page.get_by_text("The event is queued to be sent again.")).to_be_visible()
        deliver_due()
        page.reload()
        expect(page.get_by_role("cell", name="Delivered")).to_have_count(2)
        screenshot(page, f"webhooks-detail-{device}")
        assert_accessible(page)

        page.get_by_role("button", name="Change the webhook").click()
        page.wait_for_url("**/edit/")
        screenshot(page, f"webhooks-edit-{device}")
        assert_accessible(page)

        page.goto("/webhooks/")
        expect(page.get_by_role("link", name=hook.url)).to_be_visible()
        screenshot(page, f"webhooks-list-{device}")

    assert len(hook.requests) == 2
