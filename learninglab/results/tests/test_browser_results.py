"""The journeys of results in a real browser, under axe-core: staff record and publish the
results of a lab; an attendee answers the survey from the e-mail's link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in
from learninglab.conftest import PASSWORD
from learninglab.results.links import feedback_url
from learninglab.results.models import FeedbackAnswer, Minutes
from learninglab.results.tests.conftest import jpeg_bytes

pytestmark = pytest.mark.browser


def test_staff_write_the_minutes_add_photos_and_publish(page, staff, past_lab, attendees):
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(past_lab.get_absolute_url())
    page.get_by_role("link", name="Results and minutes").click()
    assert_accessible(page)

    page.get_by_role("button", name="Write the minutes").click()
    page.get_by_role("group", name="Summary").get_by_label("English").fill(
        "We mapped the creative SMEs of the city."
    )
    page.get_by_role("group", name="Decisions").get_by_label("English").fill(
        "A second session in November."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="The minutes were saved.")).to_be_visible()

    page.get_by_role("button", name="Files and photos").click()
    assert page.locator("#photo-consenting").inner_text().count("Popescu") == 2
    assert_accessible(page)
    page.locator("#photos_photos").set_input_files(
        files=[{"name": "group.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_role("button", name="Add the photos").click()
    expect(page.get_by_text("Confirm that the photos show only people").first).to_be_visible()
    page.locator("#photos_photos").set_input_files(
        files=[{"name": "group.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_label("I confirm that these photos show only people").check()
    page.get_by_role("button", name="Add the photos").click()
    expect(page.get_by_role("status").filter(has_text="1 photo was added.")).to_be_visible()

    page.get_by_role("link", name="Results", exact=True).click()
    page.get_by_role("button", name="Publish the results").click()
    assert Minutes.objects.get(lab=past_lab).is_published
    page.get_by_role("link", name="Public results page").click()
    expect(page.get_by_text("3 people attended, from 3 organisations.")).to_be_visible()
    page.get_by_role("img", name="Photo 1 of the lab").wait_for(state="visible")
    assert_accessible(page)


def test_an_attendee_answers_the_survey_without_an_account(page, past_lab, attendees):
    page.goto("/" + feedback_url(attendees["ana"]).split("/", 3)[3])
    assert_accessible(page)

    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("group", name="How useful was the lab for you?").get_by_label("4").check()
    page.get_by_role("group", name="I learned something").get_by_label("5 — strongly agree").check()
    page.get_by_label("What will you apply in your work?").fill("Open calls with the museum")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_text("You have answered this survey.")).to_be_visible()
    assert_accessible(page)
    assert FeedbackAnswer.objects.get().learned_usable == 5
