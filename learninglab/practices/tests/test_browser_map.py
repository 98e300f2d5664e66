"""The map of good practices in a real browser, under axe-core, on a desktop and a phone:
every point is a link with a name that the keyboard reaches and that leads to its practice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, screenshot, switch_language
from learninglab.factories import PartnerFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def practices(partner, project):
    """The partners' practices: three in Timișoara, one in each other partner city."""

    def published(partner, slug, city, country, lat, lon, title):
        return PracticeFactory(
            partner=partner,
            slug=slug,
            city=city,
            country=country,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            title=title,
            status=PracticeStatus.PUBLISHED,
            published_at=timezone.now(),
        )

    matera = PartnerFactory(
        project=project, slug="matera", city="Matera", country="IT", languages=["it", "en"]
    )
    leeuwarden = PartnerFactory(
        project=project, slug="leeuwarden", city="Leeuwarden", country="NL", languages=["nl"]
    )
    rijeka = PartnerFactory(
        project=project, slug="rijeka", city="Rijeka", country="HR", languages=["hr", "en"]
    )
    kaunas = PartnerFactory(
        project=project, slug="kaunas", city="Kaunas", country="LT", languages=["lt", "en"]
    )
    return [
        published(
            partner,
            "makers",
            "Timișoara",
            "RO",
            "45.754",
            "21.226",
            {"ro": "Atelierul de design deschis", "en": "The open design workshop"},
        ),
        published(
            partner,
            "creative-quarter",
            "Timișoara",
            "RO",
            "45.754",
            "21.226",
            {"ro": "Cartierul creativ", "en": "The creative quarter"},
        ),
        published(
            partner,
            "bega",
            "Timișoara",
            "RO",
            "45.754",
            "21.226",
            {"ro": "Festivalul de pe Bega", "en": "The Bega festival"},
        ),
        published(
            matera,
            "open-design-school",
            "Matera",
            "IT",
            "40.666",
            "16.604",
            {"it": "Open Design School", "en": "Open Design School"},
        ),
        published(
            leeuwarden,
            "launch-game",
            "Leeuwarden",
            "NL",
            "53.201",
            "5.800",
            {"nl": "Launch Game", "en": "Launch Game"},
        ),
        published(
            rijeka,
            "rinovatori",
            "Rijeka",
            "HR",
            "45.327",
            "14.442",
            {"hr": "RInovatoRI", "en": "RInovatoRI"},
        ),
        published(
            kaunas,
            "creative-kaunas",
            "Kaunas",
            "LT",
            "54.898",
            "23.904",
            {"lt": "Kūrybinis Kaunas", "en": "Creative Kaunas"},
        ),
    ]


def test_the_map_s_points_are_named_links_the_keyboard_reaches(page, practices):
    draft = PracticeFactory(slug="a-draft", latitude=Decimal("45.7"), longitude=Decimal("21.2"))
    page.goto("/practices/map/")

    pins = page.locator("svg a.pin")
    expect(pins).to_have_count(len(practices))
    assert page.locator(f'a[href="/practices/{draft.slug}/"]').count() == 0
    expect(page.get_by_role("link", name="The creative quarter (Timișoara)")).to_be_visible()
    screenshot(page, "map-desktop")
    assert_accessible(page)

    # Tab from the heading's paragraph reaches the first point, drawn with a focus ring.
    page.get_by_role("link", name="Open Design School (Matera)").focus()
    focused = page.locator("svg a.pin:focus-visible")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(focused).to_have_count(1)
    ring = focused.locator(".pin-dot").evaluate("e => getComputedStyle(e).stroke")
    assert ring == "rgb(17, 24, 32)"
    screenshot(page, "map-desktop-focus")

    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/open-design-school/")


def test_the_map_on_a_phone_is_readable_and_its_list_leads_to_the_practices(
    browser, live_server, transactional_db, practices
):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/practices/map/")

        svg = page.locator("figure.practice-map svg").bounding_box()
        assert svg["width"] <= PHONE["width"]
        # The page does not scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # A pin is large enough to see and to touch at this width (7 CSS pixels and more).
        dot = page.locator("svg a.pin .pin-dot").first.bounding_box()
        assert dot["width"] >= 14
        screenshot(page, "map-phone")
        assert_accessible(page)

        page.locator(".practice-map-list").get_by_role("link", name="Launch Game").click()
        page.wait_for_url("**/practices/launch-game/")

        page.goto("/practices/map/?lang=ro")
        expect(page.get_by_role("link", name="Festivalul de pe Bega (Timișoara)")).to_be_attached()
        screenshot(page, "map-phone-ro")
        assert_accessible(page)
    finally:
        context.close()


def test_the_map_in_romanian_and_filtered_by_country(page, practices):
    page.goto("/practices/map/?country=RO&lang=ro")

    assert page.locator("html").get_attribute("lang") == "ro"
    expect(page.locator("svg a.pin")).to_have_count(3)
    expect(page.get_by_role("link", name="Cartierul creativ (Timișoara)")).to_be_visible()
    screenshot(page, "map-romania-ro")
    assert_accessible(page)

    page.goto("/practices/map/")
    switch_language(page, "ro")
    expect(page.locator("svg a.pin")).to_have_count(len(practices))
    screenshot(page, "map-desktop-ro")
    assert_accessible(page)
