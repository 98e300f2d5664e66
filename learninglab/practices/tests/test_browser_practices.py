"""Good practices in a real browser, under axe-core: the counters follow the typing, a
practice is written, illustrated, submitted, approved and validated, and every page reads
well on a desktop and on a phone, in English and in Romanian."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from learninglab.browser_testing import TIMEOUT_MS, assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD, client_for
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.practices.limits import limit
from learninglab.practices.models import GoodPractice, PracticeStatus, TransferStage
from learninglab.practices.services.transfer import transfer_record
from learninglab.practices.tests.factories import (
    PracticeFactory,
    document_of,
    image_of,
    png_bytes,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PICTURE = {"en": "Makers at a workbench", "ro": "Meșteșugari la un banc de lucru"}


def test_the_counters_follow_the_typing_and_a_practice_goes_to_review(
    page, staff, coordinator, partner
):
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto("/practices/new/")
    assert_accessible(page)

    summary = page.get_by_role("group", name="Summary").get_by_label("English")
    summary.fill("Makers and SMEs")
    counter = page.locator("#id_summary_en_counter")
    expect(counter).to_have_text(f"15 of {limit('summary')} characters")
    assert "id_summary_en_counter" in (summary.get_attribute("aria-describedby") or "")
    # Screen readers hear the count once the typing pauses, in the polite live region.
    expect(page.locator("#counter-announcer[aria-live=polite]")).to_have_text(
        f"15 of {limit('summary')} characters"
    )

    title = page.get_by_role("group", name="Title").get_by_label("English")
    title.fill("x" * limit("title"))
    title.press("End")
    title.press_sequentially("more")  # the browser stops at the limit
    expect(title).to_have_value("x" * limit("title"))
    expect(page.locator("#id_title_en_counter")).to_have_text(
        f"{limit('title')} of {limit('title')} characters: the limit is reached."
    )

    # A mistake: the form says so and keeps what was typed.
    title.fill("The open design workshop")
    page.get_by_role("group", name="Title").get_by_label("Romanian").fill(
        "Atelierul de design deschis"
    )
    page.get_by_label("Start").fill("2019-03-01")
    page.get_by_label("End", exact=True).fill("2018-03-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The practice was not saved.")
    expect(page.get_by_role("alert").get_by_role("link", name="End")).to_be_visible()
    expect(page.locator("#id_ended_on_error")).to_have_text("The end cannot be before the start.")
    expect(summary).to_have_value("Makers and SMEs")
    expect(counter).to_have_text(f"15 of {limit('summary')} characters")
    assert_accessible(page)
    screenshot(page, "practice-form-errors")

    page.get_by_label("End", exact=True).fill("")
    for name, text in [
        ("The problem it addresses", "Local SMEs did not take part in culture."),
        ("What was done", "Monthly open workshops in a library."),
        ("Evidence of success", "40 SMEs took part; 12 new products."),
        ("Potential for learning or transfer", "Any city with a makerspace."),
    ]:
        page.get_by_role("group", name=name).get_by_label("English").fill(text)
    page.get_by_role("group", name="Topics").get_by_label("SME competitiveness").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The practice is saved as a draft.")
    expect(page.get_by_text("Nothing is missing: it can be submitted for review.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "practice-manage-draft")

    page.locator("#image_file").set_input_files(
        files=[{"name": "workshop.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    pictures = page.get_by_role("group", name="What the picture shows")
    pictures.get_by_label("Romanian").fill("Meșteșugari la lucru")
    pictures.get_by_label("English").fill("Makers at work")
    page.get_by_role("button", name="Add the picture").click()
    expect(page.get_by_role("img", name="Makers at work")).to_be_visible()

    page.get_by_label("Comment for the coordinator").fill("Our first practice.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("The practice is submitted")
    practice = GoodPractice.objects.get()
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.events.get(kind="submitted").comment == "Our first practice."


def test_the_coordinator_approves_and_validates_and_the_public_reads_it(page, coordinator, partner):
    practice = PracticeFactory(partner=partner, status=PracticeStatus.SUBMITTED)
    log_in(page, email=coordinator.email, password=PASSWORD)
    page.goto(f"/practices/{practice.slug}/manage/")
    assert_accessible(page)

    page.get_by_role("button", name="Return with comments").click()
    expect(page.get_by_text("Write a comment: the partner needs to know why")).to_be_visible()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_role("status")).to_contain_text("approved and published")

    opinion = page.get_by_role("group", name="The experts' opinion")
    opinion.get_by_label("English").fill("Well measured and easy to transfer.")
    opinion.get_by_label("Romanian").fill("Bine măsurată și ușor de transferat.")
    page.get_by_role("button", name="Record the experts' validation").click()
    expect(page.get_by_role("status")).to_contain_text("validation is recorded")
    assert_accessible(page)

    page.get_by_role("link", name="Public page").click()
    expect(page.get_by_text("Validated by the programme's experts on")).to_be_visible()
    expect(page.get_by_text("Well measured and easy to transfer.")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def illustrated(partner, other_partner, staff, other_staff) -> GoodPractice:
    """A published, validated practice with every part of its record filled."""
    person = StakeholderFactory(
        partner=partner,
        first_name="Ioana",
        last_name="Marin",
        organisation=OrganisationFactory(partner=partner, name="Banat IT"),
    )
    ConsentFactory(stakeholder=person, purpose="public_listing", given=True)
    practice = PracticeFactory(
        partner=partner,
        created_by=staff,
        slug="open-design-workshop",
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
        expert_validated_at=timezone.now(),
        expert_opinion={
            "en": "Well measured and easy to transfer to any city with a makerspace.",
            "ro": "Bine măsurată și ușor de transferat în orice oraș cu un makerspace.",
        },
        institution={"ro": "Asociația Makers Timișoara", "en": "Makers Timișoara Association"},
        summary={
            "ro": "Meșteșugarii, designerii și IMM-urile creează împreună obiecte pentru "
            "programul cultural al orașului, într-un atelier deschis tuturor.",
            "en": "Makers, designers and SMEs create objects for the city's cultural "
            "programme together, in a workshop open to everyone.",
        },
        problem={"en": "Local SMEs did not take part in the cultural programme."},
        stakeholders={"en": "Makers, designers, SMEs, the library, students."},
        resources={"en": "A room in the library, tools, two coordinators."},
        budget_eur=120000,
        people_involved=6,
        ended_on=datetime.date(2022, 12, 31),
        progress="completed",
        difficulties={"en": "Finding evening hours that suit SMEs."},
        links=[{"url": "https://example.org/open-design", "label": "The workshop's website"}],
        keywords="makerspace, design, SMEs",
        contact=person,
    )
    image_of(practice, ro="Meșteșugari la un banc de lucru", en="Makers at a workbench")
    document_of(practice, title="Final report 2022")
    transfer_record(
        actor=other_staff,
        practice=practice,
        partner=other_partner,
        stage=TransferStage.STUDIED,
        on=datetime.date(2024, 6, 1),
        note="A study visit to the workshop with four Matera SMEs.",
    )
    return practice


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "ro"])
def test_the_practice_pages_read_well_on_a_desktop_and_a_phone(
    browser, live_server, illustrated, coordinator, viewport, language
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ro-RO" if language == "ro" else "en-GB",
        extra_http_headers={"Accept-Language": language},
        viewport=PHONE if viewport == "phone" else {"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"/practices/{illustrated.slug}/")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
        assert (
            page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
        ), "the public page is wider than the screen"
        picture = page.get_by_role("img", name=PICTURE[language])
        picture.scroll_into_view_if_needed()
        expect(picture).to_have_js_property("complete", True)
        assert picture.evaluate("image => image.naturalWidth") > 0
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"practice-public-{viewport}-{language}")

        session = client_for(coordinator).cookies[django_settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )
        for path, name in [
            (f"/practices/{illustrated.slug}/manage/", "manage"),
            (f"/practices/{illustrated.slug}/edit/", "form"),
        ]:
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == language
            page.locator("small.counter").first.wait_for()
            if name == "form":
                keywords = page.locator("#id_keywords")
                keywords.fill("design, SMEs")
                of = {"en": "12 of", "ro": "12 din"}[language]
                expect(page.locator("#id_keywords_counter")).to_contain_text(
                    f"{of} {limit('keywords')}"
                )
            assert_accessible(page)
            assert (
                page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
            ), f"the {name} page is wider than the screen"
            screenshot(page, f"practice-{name}-{viewport}-{language}")
    finally:
        context.close()
