"""The first login of an account: password, setting up the app, the backup codes."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible
from learninglab.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_first_login_sets_up_the_app_and_shows_the_backup_codes_once(page, staff):
    page.goto("/accounts/login/?next=/stakeholders/")
    page.get_by_label("E-mail").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    assert_accessible(page)
    page.goto("/stakeholders/")
    assert page.url.split("?")[0].endswith("/accounts/login/")
    page.go_back()

    secret = page.locator("ol code").inner_text()
    page.get_by_label("Code from your authenticator app").fill(
        f"{totp(base64.b32decode(secret)):06d}"
    )
    page.get_by_role("button", name="Turn two-factor authentication on").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator("li.backup-code")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("button", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stakeholders")
