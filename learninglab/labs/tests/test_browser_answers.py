"""Staff record an answer given by phone from a lab's answers page, in a real browser
under axe-core, on a desktop and on a phone: the row's link brings that one person's form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.factories import StakeholderFactory, UserFactory
from learninglab.labs.models import Invitation, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_staff_record_a_phoned_answer_in_the_row(page, partner, viewport):
    officer = UserFactory(email="officer@example.org", partner=partner)
    lab = LabFactory(partner=partner)
    radu = InvitationFactory(
        lab=lab,
        stakeholder=StakeholderFactory(partner=partner, first_name="Radu", last_name="Pop"),
    )
    InvitationFactory(
        lab=lab,
        stakeholder=StakeholderFactory(partner=partner, first_name="Ana", last_name="Dinu"),
    )
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, email=officer.email, password=PASSWORD)

    page.goto(f"/labs/{lab.slug}/answers/")
    assert page.locator("main input[type=radio]").count() == 0
    screenshot(page, f"answers-{viewport[0]}")
    assert_accessible(page)

    page.get_by_role("link", name="Record Radu Pop").click()
    form = page.locator(f"#invitation-{radu.pk} form")
    expect(form).to_be_visible()
    expect(page).to_have_url(f"{page.url.split('/labs/')[0]}/labs/{lab.slug}/answers/")
    expect(form.get_by_label("Attends")).to_be_focused()
    screenshot(page, f"answers-form-in-row-{viewport[0]}")
    assert_accessible(page)
    # The wide table scrolls in its own region; the page itself is never wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]

    form.get_by_label("Attends").check()
    form.get_by_label("Phone").check()
    form.get_by_role("button", name="Record the answer").click()
    page.wait_for_load_state()

    expect(page.get_by_text("Recorded for Radu Pop: Attending.")).to_be_visible()
    radu.refresh_from_db()
    assert radu.response == Response.ATTENDING
    assert Invitation.objects.filter(response=Response.ATTENDING).count() == 1

    # Without scripts the link opens the form as a page of its own, filled as it is now.
    page.goto(f"/labs/{lab.slug}/answers/{radu.pk}/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an answer")
    expect(page.get_by_label("Attends")).to_be_checked()
    screenshot(page, f"answer-record-page-{viewport[0]}")
    assert_accessible(page)
