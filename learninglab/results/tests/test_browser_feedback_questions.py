"""The lab's own survey questions in a real browser, under axe-core: an attendee answers
them on a phone; staff read their sum on the results page, on a desktop and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import TIMEOUT_MS, assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.core.multilingual import Multilingual
from learninglab.labs.models import QuestionKind
from learninglab.labs.services.question import ChoiceData, QuestionData, question_save
from learninglab.results.links import feedback_url
from learninglab.results.models import FeedbackQuestionAnswer

pytestmark = pytest.mark.browser


def test_an_attendee_answers_the_labs_questions_and_staff_read_the_sum(
    page, browser, live_server, settings, staff, past_lab, attendees
):
    settings.RESULTS_FEEDBACK_MIN_RESPONDENTS = 1
    question_save(
        actor=None,
        lab=past_lab,
        purpose="feedback",
        data=QuestionData(
            kind=QuestionKind.ONE_CHOICE,
            text=Multilingual({"en": "Which format suits you?", "ro": "Ce format preferați?"}),
            is_required=True,
            choices=[
                ChoiceData(key="", text=Multilingual({"en": "In person", "ro": "Față în față"})),
                ChoiceData(key="", text=Multilingual({"en": "Online", "ro": "Online"})),
            ],
        ),
    )
    phone = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    phone.set_default_timeout(TIMEOUT_MS)
    attendee = phone.new_page()
    try:
        attendee.goto("/" + feedback_url(attendees["ana"]).split("/", 3)[3])
        format_question = attendee.get_by_role("group", name="Which format suits you?")
        expect(format_question).to_be_visible()
        screenshot(attendee, "feedback-questions-phone")
        assert_accessible(attendee)
        attendee.get_by_role("group", name="How useful was the lab for you?").get_by_label(
            "4"
        ).check()
        attendee.get_by_role("group", name="I learned something").get_by_label(
            "5 — strongly agree"
        ).check()
        format_question.get_by_label("Online").check()
        attendee.get_by_role("button", name="Send my answers").click()
        expect(attendee.get_by_text("You have answered this survey.")).to_be_visible()
    finally:
        phone.close()
    assert FeedbackQuestionAnswer.objects.get().value == "online"

    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/labs/{past_lab.slug}/feedback/")
    summary = page.get_by_role("region", name="The lab's own questions")
    expect(summary.get_by_role("cell", name="Online")).to_be_visible()
    screenshot(page, "feedback-questions-results-desktop")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "feedback-questions-results-phone")
    page.goto(f"/labs/{past_lab.slug}/feedback/preview/?lang=en")
    expect(page.get_by_role("group", name="Which format suits you?")).to_be_visible()
    assert_accessible(page)
