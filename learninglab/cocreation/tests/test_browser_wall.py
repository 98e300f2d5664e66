"""The live wall in real browsers under axe-core: a facilitator and a participant's phone.

The facilitator opens the session and its question, then puts the projector view on the
screen. A participant, in a browser of their own, joins with the code, posts an idea and
votes for it; the projector shows both within two seconds, without being reloaded.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import TIMEOUT_MS, assert_accessible, log_in, screenshot
from learninglab.cocreation.models import IdeaStatus, LiveSession, PromptStatus
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    PromptFactory,
    ThemeFactory,
)
from learninglab.conftest import PASSWORD
from learninglab.labs.tests.factories import LabFactory

pytestmark = pytest.mark.browser

LIVE_MS = 2_000  # the projector shows a change within this time
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"


@pytest.fixture
def session(partner):
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    session = LiveSessionFactory(lab=lab, join_code="K7QH2M", is_open=False)
    PromptFactory(
        session=session,
        status=PromptStatus.DRAFT,
        text={
            "ro": "Ce ar ajuta firmele mici în anul Capitalei Culturale?",
            "en": "What would help small firms in the Capital of Culture year?",
        },
    )
    return session


def test_an_idea_and_its_vote_reach_the_projector_without_reloading(
    page, browser, live_server, facilitator, session
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # The facilitator opens the session and the question.
    log_in(page, email=facilitator.email, password=PASSWORD)
    page.goto(f"/labs/{session.lab.slug}/")
    page.get_by_role("link", name="Live wall").click()
    page.get_by_role("button", name="Open", exact=True).click()  # opens the session too
    expect(page.get_by_role("status")).to_contain_text("The question is open")
    assert_accessible(page)
    screenshot(page, "live-facilitator")

    # The projector.
    page.goto(f"/labs/{session.lab.slug}/live/projector/")
    expect(page.get_by_role("heading", level=1)).to_have_text(  # the lab's language
        "Ce ar ajuta firmele mici în anul Capitalei Culturale?"
    )
    expect(page.locator(".projector-join .qr[role=img]")).to_be_visible()
    expect(page.locator(".join-code")).to_have_text("K7QH2M")
    page.evaluate("window.notReloaded = true")
    assert_accessible(page)

    # A participant's phone, in Romanian.
    phone_context = browser.new_context(
        base_url=live_server.url,
        locale="ro-RO",
        extra_http_headers={"Accept-Language": "ro-RO,ro;q=0.9"},
        viewport={"width": 390, "height": 844},
    )
    phone_context.set_default_timeout(TIMEOUT_MS)
    phone = phone_context.new_page()
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        phone.goto("/join/")
        assert phone.locator("html").get_attribute("lang") == "ro"
        assert_accessible(phone)
        phone.locator("input[name=code]").fill("k7q h2m")
        phone.locator("main button[type=submit]").click()
        phone.wait_for_url("**/join/K7QH2M/")
        assert_accessible(phone)
        phone.locator("input[name=display_name]").fill("Ana")
        phone.locator("main button[type=submit]").click()
        phone.wait_for_url("**/live/K7QH2M/")
        expect(phone.get_by_role("heading", level=2).first).to_have_text(
            "Ce ar ajuta firmele mici în anul Capitalei Culturale?"
        )
        assert_accessible(phone)

        phone.locator("textarea[name=text]").fill("Un ghid al festivalului pentru IMM-uri")
        phone.locator("#idea-form button[type=submit]").click()
        idea = phone.locator("#live-wall li", has_text="Un ghid al festivalului")
        expect(idea).to_be_visible()
        expect(phone.locator(".live-no-ideas")).to_be_hidden()
        expect(phone.locator("textarea[name=text]")).to_have_value("")

        # The projector shows the idea, with no vote yet, without a reload.
        card = page.locator(".wall-idea", has_text="Un ghid al festivalului pentru IMM-uri")
        expect(card).to_be_visible(timeout=LIVE_MS)
        expect(card.locator(".wall-votes strong")).to_have_text("0")

        idea.locator("button").first.click()
        expect(phone.locator(".votes-left")).to_contain_text("2")
        expect(card.locator(".wall-votes strong")).to_have_text("1", timeout=LIVE_MS)
        assert page.evaluate("window.notReloaded") is True
        assert_accessible(phone)
        screenshot(phone, "live-phone")

        # Markup typed by a participant stays text, on the phone and on the projector.
        phone.locator("textarea[name=text]").fill(PAYLOAD)
        phone.locator("#idea-form button[type=submit]").click()
        expect(page.locator(".wall-idea-text", has_text=PAYLOAD)).to_be_visible(timeout=LIVE_MS)
        expect(phone.locator(".live-idea-text", has_text=PAYLOAD)).to_be_visible()
        assert page.locator(".wall-idea img").count() == 0
        assert phone.locator("#live-wall img").count() == 0
        assert dialogs == []
        screenshot(page, "live-projector")
    finally:
        phone_context.close()


def test_the_facilitator_sees_a_waiting_idea_arrive_and_shows_it(
    page, browser, live_server, staff, partner
):
    lab = LabFactory(partner=partner, slug="timisoara-lll-3")
    session = LiveSessionFactory(lab=lab, join_code="M4RK7S", is_moderated=True)
    prompt = PromptFactory(session=session, text={"en": "Which skills do firms lack?"})
    theme = ThemeFactory(prompt=prompt, name="Digital")
    IdeaFactory(prompt=prompt, theme=theme, text="Online shops")
    IdeaFactory(prompt=prompt, text="Web shops")
    IdeaFactory(prompt=prompt, text="Spam", status=IdeaStatus.HIDDEN)

    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/labs/{lab.slug}/live/")
    expect(page.locator("#moderation-queue")).to_contain_text("No idea waits for approval.")
    assert_accessible(page)

    phone_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    phone_context.set_default_timeout(TIMEOUT_MS)
    phone = phone_context.new_page()
    try:
        phone.goto("/join/M4RK7S/")
        phone.locator("main button[type=submit]").click()
        phone.locator("textarea[name=text]").fill("Bookkeeping courses")
        phone.locator("#idea-form button[type=submit]").click()
        expect(phone.locator("#live-pending")).to_contain_text("Bookkeeping courses")
    finally:
        phone_context.close()

    # The queue asks again every two seconds: the idea appears without a reload.
    waiting = page.locator("#moderation-queue li", has_text="Bookkeeping courses")
    expect(waiting).to_be_visible(timeout=4_000)
    waiting.get_by_role("button", name="Show").click()
    expect(page.get_by_role("status")).to_contain_text("The idea is on the wall.")
    expect(page.locator("#results")).to_contain_text("Bookkeeping courses")
    assert_accessible(page)


# -- the lab day: the room, the facilitator, the phone ---------------------------------------

LONG_THEME = " ".join(["Cum poate deveni anul Capitalei Europene a Culturii o oportunitate"] * 12)


def _phone(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def _open(session) -> None:
    """Open the session and its question, as the facilitator's one step does."""
    LiveSession.objects.filter(pk=session.pk).update(is_open=True)
    session.prompts.update(status=PromptStatus.OPEN)


def _post_from_a_phone(phone, code: str, text: str) -> None:
    phone.goto(f"/join/{code}/")
    phone.locator("main button[type=submit]").click()
    phone.locator("textarea[name=text]").fill(text)
    phone.locator("#idea-form button[type=submit]").click()
    expect(phone.locator("#live-wall li", has_text=text)).to_be_visible()


def test_the_projector_is_read_from_the_back_of_the_room(
    browser, live_server, transactional_db, facilitator, session
):
    _open(session)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1920, "height": 1080}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    phone_context = _phone(browser, live_server)
    try:
        log_in(page, email=facilitator.email, password=PASSWORD)  # English interface
        page.goto(f"/labs/{session.lab.slug}/live/projector/")
        assert page.locator("html").get_attribute("lang") == "ro"
        expect(page.locator(".projector-join")).to_contain_text("Alăturați-vă de pe telefon")

        # No idea yet: the room has to join.
        qr = page.locator(".projector-join .qr").bounding_box()
        assert qr["height"] >= 1080 / 3, qr
        url_size = page.locator(".join-url").evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert url_size >= 48, url_size
        assert_accessible(page)
        screenshot(page, "live-projector-room-empty")

        # The first idea: the QR code steps aside, still scannable, the address still shown.
        _post_from_a_phone(phone_context.new_page(), "K7QH2M", "Un ghid al festivalului")
        expect(page.locator(".wall-idea", has_text="Un ghid al festivalului")).to_be_visible(
            timeout=LIVE_MS
        )
        page.wait_for_function(
            "document.querySelector('.projector-join .qr').getBoundingClientRect().height < 360"
        )
        qr = page.locator(".projector-join .qr").bounding_box()
        assert 200 <= qr["height"] < 1080 / 3, qr
        expect(page.locator(".join-url")).to_be_in_viewport()
        screenshot(page, "live-projector-room-ideas")

        page.goto(f"/labs/{session.lab.slug}/live/projector/?lang=en")
        assert page.locator("html").get_attribute("lang") == "en"
        expect(page.locator(".projector-join")).to_contain_text("Join from your phone:")
    finally:
        phone_context.close()
        context.close()


def test_the_facilitators_page_shows_new_ideas_by_itself(
    page, browser, live_server, facilitator, session
):
    _open(session)
    log_in(page, email=facilitator.email, password=PASSWORD)
    page.goto(f"/labs/{session.lab.slug}/live/")
    expect(page.locator("#results")).to_contain_text("No ideas yet.")
    page.evaluate("window.notReloaded = true")

    phone_context = _phone(browser, live_server)
    try:
        _post_from_a_phone(phone_context.new_page(), "K7QH2M", "Piață de noapte")
    finally:
        phone_context.close()

    expect(page.locator("#results")).to_contain_text("Piață de noapte", timeout=4_000)
    expect(page.locator("#results")).to_contain_text("1 idea shown")
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)
    screenshot(page, "live-facilitator-auto")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "live-facilitator-auto-phone")


def test_the_facilitators_counts_and_merge_form_follow_without_losing_what_is_typed(
    page, browser, live_server, facilitator, session
):
    _open(session)
    prompt = session.prompts.get()
    theme = ThemeFactory(prompt=prompt, name="Money")
    IdeaFactory(prompt=prompt, text="Microgrants", theme=theme)
    log_in(page, email=facilitator.email, password=PASSWORD)
    page.goto(f"/labs/{session.lab.slug}/live/")
    page.evaluate("window.notReloaded = true")
    counts = page.locator("#prompt-list tbody tr td:nth-child(3)")
    expect(counts).to_have_text("1")
    expect(page.locator("#merge")).to_have_count(0)  # one idea: nothing to merge yet

    # The facilitator starts renaming the theme as ideas come in.
    renaming = page.get_by_label("New name of the topic")
    renaming.fill("Money and grants")

    phone_context = _phone(browser, live_server)
    try:
        phone = phone_context.new_page()
        _post_from_a_phone(phone, "K7QH2M", "Piață de noapte")
    finally:
        phone_context.close()

    expect(counts).to_have_text("2", timeout=4_000)
    expect(page.locator("#merge-idea option", has_text="Piață de noapte")).to_have_count(1)
    # The part being worked in waits: the name typed stays.
    page.wait_for_timeout(2_500)
    expect(renaming).to_have_value("Money and grants")
    expect(page.locator("#results")).not_to_contain_text("Piață de noapte")

    # Sent, or left as it was, the part catches up.
    renaming.fill("Money")
    page.locator("h1").click()
    expect(page.locator("#results")).to_contain_text("Piață de noapte", timeout=4_000)
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)
    screenshot(page, "live-facilitator-parts")


def test_the_question_and_the_idea_box_are_on_a_phones_first_screen(
    browser, live_server, transactional_db, session
):
    lab = session.lab
    lab.theme = {"ro": LONG_THEME, "en": LONG_THEME}
    lab.save()
    _open(session)
    phone_context = _phone(browser, live_server, locale="ro-RO")
    phone = phone_context.new_page()
    try:
        phone.goto("/join/K7QH2M/")
        phone.locator("main button[type=submit]").click()
        phone.wait_for_url("**/live/K7QH2M/")
        expect(phone.locator("#prompt-heading")).to_be_in_viewport(ratio=1)
        expect(phone.locator("textarea[name=text]")).to_be_in_viewport(ratio=1)
        expect(phone.locator("#idea-form button[type=submit]")).to_be_in_viewport()
        expect(phone.locator("main")).to_contain_text(LONG_THEME)  # still there, below
        assert_accessible(phone)
        screenshot(phone, "live-participant-phone")
    finally:
        phone_context.close()
