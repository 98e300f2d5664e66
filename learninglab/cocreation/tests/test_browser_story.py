"""The seed's story, played once from end to end in Romanian, as a new project officer and a
guest would, under axe-core on every page.

The officer invites a guest and reads the mail in the outbox; the guest answers with one tap
on her phone, takes the calendar file and shows the check-in QR code at the door, where the
officer scans it with the camera of another device; then she posts an idea from her phone
and it appears on the projector.

The words the test looks for are read from the Romanian catalogue, so the test follows the
catalogue's wording; the catalogue's completeness is checked on its own.
"""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from learninglab.browser_testing import (
    TIMEOUT_MS,
    assert_accessible,
    browser_with_camera,
    camera_showing,
    screenshot,
)
from learninglab.cocreation.models import Idea, PromptStatus
from learninglab.cocreation.tests.factories import LiveSessionFactory, PromptFactory
from learninglab.conftest import PASSWORD, backup_code_for
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.models import CheckIn, Invitation, Response
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging.delivery import deliver_due

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LIVE_MS = 4_000  # the projector shows a new idea within this time
QUESTION = "Ce ar ajuta firmele mici în anul Capitalei Culturale?"
IDEA = "Un ghid al festivalului pentru IMM-uri"


def ro(message: str, context: str | None = None) -> str:
    """Return ``message`` as the Romanian pages write it."""
    with translation.override("ro"):
        return pgettext(context, message) if context else gettext(message)


@pytest.fixture
def lab_today(partner):
    """Timișoara's second lab, today, with a question ready for the live wall."""
    now = timezone.now().replace(microsecond=0)
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=4),
        rsvp_deadline=now + datetime.timedelta(minutes=30),
        capacity=25,
    )
    LabContactFactory(lab=lab)
    session = LiveSessionFactory(lab=lab, is_open=False)
    PromptFactory(session=session, status=PromptStatus.DRAFT, text={"ro": QUESTION})
    return lab


@pytest.fixture
def ioana(partner):
    person = StakeholderFactory(
        partner=partner,
        first_name="Ioana",
        last_name="Mureșan",
        email="ioana.muresan@example.ro",
        organisation=OrganisationFactory(partner=partner, name="Atelier 13"),
        language="ro",
    )
    ConsentFactory(stakeholder=person)
    return person


def visit(page, name: str) -> None:
    """Check the page as the story reaches it: in Romanian, accessible, photographed."""
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ro", page.url
    assert_accessible(page)
    screenshot(page, f"story-{name}")


def visit_on_a_phone_too(page, name: str) -> None:
    """Check the page at the desktop's width, then at a phone's, where wide tables scroll."""
    visit(page, name)
    page.set_viewport_size(PHONE)
    visit(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def romanian_context(browser, live_server, *, viewport, phone: bool = False):
    """Open a new context of ``browser``, a Romanian-speaking one."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="ro-RO",
        extra_http_headers={"Accept-Language": "ro-RO,ro;q=0.9"},
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def new_page(browser, live_server, *, viewport, phone: bool = False):
    return romanian_context(browser, live_server, viewport=viewport, phone=phone).new_page()


def log_in_in_romanian(page, user) -> None:
    code = backup_code_for(user)  # one of the codes printed when two-factor was set up
    page.goto("/accounts/login/")
    visit(page, "login")
    page.get_by_label(ro("E-mail")).fill(user.email)
    page.get_by_label(ro("Password")).fill(PASSWORD)
    page.get_by_role("button", name=ro("Log in")).click()
    page.wait_for_load_state()
    page.get_by_label(ro("Code from your authenticator app")).fill(code)
    page.get_by_role("button", name=ro("Continue")).click()
    page.wait_for_load_state()


def heading(lab) -> str:
    """Return the lab's name as the Romanian pages write it ("Atelier…, sesiunea 2")."""
    with translation.override("ro"):
        return str(lab.heading)


def open_lab(page, lab) -> None:
    main_menu = page.get_by_role("navigation", name=ro("Main", "stakeholder"))
    main_menu.get_by_role("link", name=ro("Labs")).click()
    page.get_by_role("link", name=heading(lab)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading(lab))


def test_the_seeds_story_in_romanian(
    browser, live_server, transactional_db, settings, staff, lab_today, ioana, tmp_path
):
    settings.SITE_URL = live_server.url
    settings.EMAIL_HOST = ""  # mail stays in the outbox, where the officer reads it
    lab = lab_today
    officer = new_page(browser, live_server, viewport=DESKTOP)
    guest = new_page(browser, live_server, viewport=PHONE, phone=True)
    door_browser = None
    try:
        # The officer invites Ioana from the lab's page.
        log_in_in_romanian(officer, staff)
        open_lab(officer, lab)
        visit(officer, "lab")
        officer.get_by_role("link", name=ro("Preview the invitation")).click()
        visit_on_a_phone_too(officer, "invitation-preview")
        officer.go_back()
        officer.get_by_role("link", name=ro("Invite people")).click()
        visit(officer, "invite")
        expect(officer.get_by_label("Mureșan, Ioana")).to_be_checked()
        officer.get_by_role(
            "button", name=ro("Send: invite the ticked people, remind the ticked answers")
        ).click()
        officer.wait_for_url(f"**{lab.get_absolute_url()}")
        visit(officer, "lab-invited")
        invitation = Invitation.objects.get(lab=lab, stakeholder=ioana)
        assert deliver_due() == 1  # the worker sends it

        # The officer opens the mail in the outbox, as Ioana will read it.
        main_menu = officer.get_by_role("navigation", name=ro("Main", "stakeholder"))
        main_menu.get_by_role("link", name=ro("Outbox")).click()
        visit(officer, "outbox")
        officer.locator("main tbody tr", has_text=ioana.email).get_by_role("link").click()
        visit_on_a_phone_too(officer, "outbox-message")
        text = officer.locator(".mail-text").inner_text()
        assert "Ioana" in text
        link = officer.locator(".mail-text a[href*='/rsvp/']").get_attribute("href")

        # Ioana, on her phone, answers with one tap.
        guest.goto(link)
        visit(guest, "rsvp")
        with guest.expect_navigation():
            guest.get_by_role("button", name=ro("I will attend", "stakeholder")).tap()
        visit(guest, "rsvp-attending")
        assert Invitation.objects.get(pk=invitation.pk).response == Response.ATTENDING

        # She adds the lab to her calendar: one event, at the lab's time, published.
        calendar_link = guest.locator("section.answer a[href$='/lab.ics']")
        expect(calendar_link).to_be_visible()
        download = guest.request.get(calendar_link.get_attribute("href"))
        assert download.status == 200
        calendar = icalendar.Calendar.from_ical(download.body())
        assert calendar["METHOD"] == "PUBLISH"
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("DTSTART") == lab.starts_at
        assert heading(lab) in str(event["SUMMARY"])

        # At the door, the officer's camera reads the QR code on Ioana's phone.
        qr = guest.get_by_role("img", name=ro("QR code to show at the door", "stakeholder"))
        expect(qr).to_be_visible()
        video = camera_showing(qr.screenshot(), tmp_path / "qr.y4m")
        door_browser = browser_with_camera(browser, video)
        door = romanian_context(door_browser, live_server, viewport=PHONE, phone=True)
        door.grant_permissions(["camera"])
        door_page = door.new_page()
        log_in_in_romanian(door_page, staff)
        door_page.goto(lab.get_absolute_url())
        door_page.get_by_role("link", name=ro("Check-in")).click()
        visit(door_page, "checkin")
        door_page.get_by_role("button", name=ro("Scan a QR code")).click()
        expect(door_page.locator("#checkin-result")).to_contain_text("Ioana Mureșan")
        assert CheckIn.objects.get().invitation == invitation
        expect(door_page.locator("#headcount")).to_contain_text("1")
        visit(door_page, "checkin-scanned")

        # The officer opens the live wall in one step and puts the projector on the screen.
        officer.goto(lab.get_absolute_url())
        officer.get_by_role("link", name=ro("Live wall")).click()
        officer.get_by_role("button", name=ro("Open"), exact=True).click()
        visit(officer, "live-facilitator")
        officer.goto(f"/labs/{lab.slug}/live/projector/")
        officer.set_viewport_size({"width": 1920, "height": 1080})
        expect(officer.get_by_role("heading", level=1)).to_have_text(QUESTION)
        visit(officer, "projector-waiting")
        join_address = officer.locator(".join-url").inner_text().strip()

        # Ioana joins from her phone with the address on the screen and posts an idea.
        guest.goto(join_address if "://" in join_address else f"http://{join_address}")
        visit(guest, "join")
        guest.locator("main button[type=submit]").click()
        guest.wait_for_url("**/live/**")
        expect(guest.get_by_text(QUESTION).first).to_be_visible()
        visit(guest, "wall-phone")
        guest.locator("textarea[name=text]").fill(IDEA)
        guest.locator("#idea-form button[type=submit]").click()
        expect(guest.locator("#live-wall li", has_text=IDEA)).to_be_visible()
        assert Idea.objects.get().text == IDEA

        # The projector shows it without being reloaded.
        expect(officer.locator(".wall-idea", has_text=IDEA)).to_be_visible(timeout=LIVE_MS)
        visit(officer, "projector-idea")
        visit(guest, "wall-phone-posted")

        # Afterwards the officer finds the idea among the lab's results, and the day's
        # steps in the audit log.
        officer.set_viewport_size(DESKTOP)
        officer.goto(lab.get_absolute_url())
        officer.get_by_role("link", name=ro("Results and minutes")).click()
        expect(officer.locator("main")).to_contain_text(IDEA)
        visit_on_a_phone_too(officer, "results")
        main_menu.get_by_role("link", name=ro("Audit log")).click()
        expect(officer.locator("main tbody tr").first).to_be_visible()
        visit_on_a_phone_too(officer, "audit-log")
    finally:
        officer.context.close()
        guest.context.close()
        if door_browser is not None:
            door_browser.close()
