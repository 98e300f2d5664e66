"""Building a lab's questions and answering them, in a real browser under axe-core, on a
desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import TIMEOUT_MS, assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.labs.links import rsvp_url
from learninglab.labs.models import Invitation, Question, QuestionAnswer, Response
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory

pytestmark = pytest.mark.browser

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def test_staff_build_questions_and_a_person_answers_them(
    page, browser, live_server, settings, staff, partner
):
    settings.SITE_URL = live_server.url
    lab = LabFactory(partner=partner, slug="timisoara-lll-4", capacity=20)
    LabContactFactory(lab=lab)
    log_in(page, email=staff.email, password=PASSWORD)

    page.goto(f"/labs/{lab.slug}/questions/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questions of")
    assert_accessible(page)
    # A ready-made question in one click, with its texts in every language.
    registration = page.locator("section").filter(
        has=page.get_by_role("heading", name="Registration questions")
    )
    registration.get_by_role("button", name="Add: Photo consent").click()
    expect(page.get_by_role("status").filter(has_text="The question was added")).to_be_visible()

    # A question of one's own, with two choices.
    page.goto(f"/labs/{lab.slug}/questions/new/registration/")
    assert_accessible(page)
    question = page.get_by_role("group", name="Question", exact=True)
    question.get_by_label("Romanian").fill("Ce meniu preferați?")
    question.get_by_label("English").fill("Which menu do you prefer?")
    page.get_by_label("Kind of answer").select_option("one_choice")
    page.get_by_role("group", name="Choice 1").get_by_label("English").fill("Vegetarian")
    page.get_by_role("group", name="Choice 1").get_by_label("Romanian").fill("Vegetarian")
    page.get_by_role("group", name="Choice 2").get_by_label("English").fill("With meat")
    page.get_by_role("group", name="Choice 2").get_by_label("Romanian").fill("Cu carne")
    screenshot(page, "questions-form-desktop")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The question was saved.")).to_be_visible()
    expect(page.get_by_text("Which menu do you prefer?", exact=True)).to_be_visible()
    screenshot(page, "questions-list-desktop")
    assert_accessible(page)
    assert Question.objects.filter(lab=lab).count() == 2

    for screen, viewport in SCREENS.items():
        invitation = InvitationFactory(lab=lab, language="en", stakeholder__language="en")
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            viewport=viewport,
            is_mobile=screen == "phone",
            has_touch=screen == "phone",
        )
        context.set_default_timeout(TIMEOUT_MS)
        guest = context.new_page()
        try:
            if screen == "phone":
                staff_phone = context.new_page()
                log_in(staff_phone, email=staff.email, password=PASSWORD)
                staff_phone.goto(f"/labs/{lab.slug}/questions/")
                expect(
                    staff_phone.get_by_text("Which menu do you prefer?", exact=True)
                ).to_be_visible()
                screenshot(staff_phone, "questions-list-phone")
                staff_phone.close()
            guest.goto(rsvp_url(invitation))
            # Answering stays one tap: the questions come after it.
            expect(guest.get_by_text("Which menu do you prefer?")).to_have_count(0)
            with guest.expect_navigation():
                guest.get_by_role("button", name="I will attend").click()
            questions = guest.get_by_role("region", name="A few questions from the organisers")
            expect(questions).to_be_visible()
            screenshot(guest, f"questions-rsvp-{screen}")
            assert_accessible(guest)

            # The photo consent is required: sending without it is explained.
            questions.get_by_label("Vegetarian").check()
            questions.get_by_role("button", name="Send my answers").click()
            expect(guest.get_by_role("alert")).to_contain_text("Your answers were not recorded")
            assert_accessible(guest)
            questions = guest.get_by_role("region", name="A few questions from the organisers")
            expect(questions.get_by_label("Vegetarian")).to_be_checked()  # nothing lost
            questions.get_by_role("group", name="Do you agree to appear in photos").get_by_label(
                "Yes"
            ).check()
            questions.get_by_role("button", name="Send my answers").click()
            expect(
                guest.get_by_role("status").filter(has_text="your answers are recorded")
            ).to_be_visible()
            screenshot(guest, f"questions-rsvp-{screen}-answered")
            assert Invitation.objects.get(pk=invitation.pk).response == Response.ATTENDING
            answers = QuestionAnswer.objects.filter(invitation=invitation)
            assert sorted(map(repr, answers.values_list("value", flat=True))) == [
                "'vegetarian'",
                "True",
            ]
        finally:
            context.close()
