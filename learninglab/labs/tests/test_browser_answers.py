"""Staff record an answer given by phone from a lab's answers page, in a real browser
under axe-core: on a desktop the row's link brings that one person's form into the row, on
a phone it opens the form as a page of its own."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.factories import StakeholderFactory, UserFactory
from learninglab.labs.models import Invitation, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory

pytestmark = pytest.mark.browser


def _radu_and_ana_invited(partner):
    """Return an officer of the partner, their lab, and Radu's invitation (Ana's is beside it)."""
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
    return officer, lab, radu


def _record_radu_attending_by_phone(page, form, radu):
    form.get_by_label("Attends").check()
    form.get_by_label("Phone").check()
    form.get_by_role("button", name="Record the answer").click()
    page.wait_for_load_state()

    expect(page.get_by_text("Recorded for Radu Pop: Attending.")).to_be_visible()
    radu.refresh_from_db()
    assert radu.response == Response.ATTENDING
    assert Invitation.objects.filter(response=Response.ATTENDING).count() == 1


def test_staff_record_a_phoned_answer_in_the_row(page, partner):
    officer, lab, radu = _radu_and_ana_invited(partner)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, email=officer.email, password=PASSWORD)

    page.goto(f"/labs/{lab.slug}/answers/")
    assert page.locator("main input[type=radio]").count() == 0
    screenshot(page, "answers-1280")
    assert_accessible(page)

    page.get_by_role("link", name="Record Radu Pop").click()
    form = page.locator(f"#invitation-{radu.pk} form")
    expect(form).to_be_visible()
    expect(page).to_have_url(f"{page.url.split('/labs/')[0]}/labs/{lab.slug}/answers/")
    expect(form.get_by_label("Attends")).to_be_focused()
    screenshot(page, "answers-form-in-row-1280")
    assert_accessible(page)

    _record_radu_attending_by_phone(page, form, radu)

    # Without scripts the link opens the form as a page of its own, filled as it is now.
    page.goto(f"/labs/{lab.slug}/answers/{radu.pk}/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an answer")
    expect(page.get_by_label("Attends")).to_be_checked()
    screenshot(page, "answer-record-page-1280")
    assert_accessible(page)


def test_on_a_phone_the_row_link_opens_the_answer_form_as_a_page(page, partner):
    officer, lab, radu = _radu_and_ana_invited(partner)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, email=officer.email, password=PASSWORD)

    page.goto(f"/labs/{lab.slug}/answers/")
    screenshot(page, "answers-390")
    assert_accessible(page)
    # The wide table scrolls in its own region; the page itself is never wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Record Radu Pop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an answer")
    expect(page).to_have_url(re.compile(rf"/answers/{radu.pk}/record/"))
    expect(page.get_by_text("Radu Pop")).to_be_visible()
    screenshot(page, "answer-record-page-390")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    _record_radu_attending_by_phone(page, page.locator("main form"), radu)
    expect(page).to_have_url(re.compile(rf"/labs/{lab.slug}/answers/"))
