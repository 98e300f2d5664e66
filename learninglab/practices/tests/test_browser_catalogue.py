"""Finding a good practice in a real browser, on a desktop and on a phone, under axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import (
    TIMEOUT_MS,
    assert_accessible,
    log_in,
    screenshot,
    switch_language,
)
from learninglab.conftest import PASSWORD
from learninglab.practices.tests.search_corpus import corpus_create

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def results(page) -> list[str]:
    return [link.inner_text() for link in page.locator("ol.practice-results h3 a").all()]


def search(page, words: str) -> None:
    page.locator("input[name=q][type=search]").fill(words)
    with page.expect_navigation():
        page.locator(".practice-search-words button[type=submit]").click()


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_visitor_searches_filters_and_opens_a_practice(page, project):
    corpus_create(project)
    page.goto("/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Good practices")
    expect(page.get_by_role("heading", level=2)).to_have_text("7 good practices")
    screenshot(page, "practice-catalogue")
    assert_accessible(page)

    # Typed without the Croatian letters, found with them.
    search(page, "gradana")
    assert results(page) == ["RInovatoRI – innovation programmes for entrepreneurs and citizens"]
    search(page, "Građana")
    assert len(results(page)) == 1

    # The filters, folded away at first, usable without a script.
    search(page, "")
    filters = page.locator("details.search-filters")
    expect(filters.locator("select[name=country]")).to_be_hidden()
    filters.locator("summary").click()
    filters.locator("select[name=country]").select_option("NL")
    page.locator("select[name=sort]").select_option("title")
    with page.expect_navigation():
        filters.locator("button[type=submit]").click()
    assert results(page) == [
        "Blokhuispoort: from prison to creative hub",
        "Launch Game: enterprise as a game",
    ]
    expect(page.locator("details.search-filters")).to_have_attribute("open", "")
    screenshot(page, "practice-catalogue-filtered")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Launch Game: enterprise as a game").click()
    assert page.url.endswith("/practices/launch-game/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Launch Game: enterprise as a game")

    # The language chosen in the header stays through a search.
    page.goto("/practices/")
    page.locator("form.language select").select_option("ro")
    with page.expect_navigation():
        page.locator("form.language button").click()
    search(page, "scoala")
    assert "lang=ro" in page.url
    assert page.locator("html").get_attribute("lang") == "ro"
    assert results(page) == ["Școala de meșteșuguri urbane din Fabric"]
    page.goto("/practices/?lang=ro")
    screenshot(page, "practice-catalogue-ro")
    assert_accessible(page)


def test_catalogue_on_a_phone_in_romanian(browser, live_server, transactional_db, project):
    corpus_create(project)
    context = browser.new_context(
        base_url=live_server.url,
        locale="ro-RO",
        extra_http_headers={"Accept-Language": "ro-RO,ro;q=0.9"},
        viewport=PHONE,
    )
    context.set_default_timeout(TIMEOUT_MS)
    phone = context.new_page()
    try:
        phone.goto("/practices/")
        assert phone.locator("html").get_attribute("lang") == "ro"
        assert fits_the_screen(phone)
        screenshot(phone, "practice-catalogue-ro-phone")
        assert_accessible(phone)

        search(phone, "scoala")
        assert results(phone) == ["Școala de meșteșuguri urbane din Fabric"]
        search(phone, "mestesug tesutul")
        assert results(phone) == ["Școala de meșteșuguri urbane din Fabric"]

        search(phone, "")
        phone.locator("details.search-filters summary").click()
        assert fits_the_screen(phone)
        screenshot(phone, "practice-catalogue-ro-phone-filters")
        assert_accessible(phone)
    finally:
        context.close()


def test_catalogue_on_a_phone_in_english(browser, live_server, transactional_db, project):
    corpus_create(project)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    phone = context.new_page()
    try:
        phone.goto("/practices/?q=capital+of+culture")
        assert len(results(phone)) == 3
        assert fits_the_screen(phone)
        screenshot(phone, "practice-catalogue-phone")
        assert_accessible(phone)
    finally:
        context.close()


def test_coordinator_lists_every_practice_in_english_and_romanian(page, project, coordinator):
    corpus_create(project)
    log_in(page, email=coordinator.email, password=PASSWORD)
    page.goto("/practices/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage good practices")
    expect(page.locator("main table tbody tr")).to_have_count(9)
    screenshot(page, "practice-staff-list")
    assert_accessible(page)

    page.get_by_label("Review status").select_option("submitted")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("link", name="The market of craft knowledge").click()
    assert page.url.endswith("/practices/craft-knowledge-market/manage/")

    page.goto("/practices/manage/")
    switch_language(page, "ro")
    assert page.locator("html").get_attribute("lang") == "ro"
    screenshot(page, "practice-staff-list-ro")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    page.reload()
    screenshot(page, "practice-staff-list-ro-phone")
    assert_accessible(page)
