"""The main pages run under the site's Content-Security-Policy without one violation, in a
real browser, and what their scripts and htmx do still works.

Every violation the browser reports (the ``securitypolicyviolation`` event, and the
console's "Refused to ..." errors) fails the test, with the page and what was refused.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.browser_testing import TIMEOUT_MS, log_in
from learninglab.cocreation.models import PromptStatus
from learninglab.cocreation.services.idea import idea_submit
from learninglab.cocreation.tests.factories import (
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
)
from learninglab.conftest import PASSWORD
from learninglab.labs.models import Response
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.browser

# Collects what the browser refuses, from before the page's own scripts run.
WATCH = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__refused.push(event.violatedDirective + " refused " + (event.blockedURI || "inline")
    + " at " + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


class PolicyWatch:
    """What one browser context reported as refused by the Content-Security-Policy."""

    def __init__(self) -> None:
        self.refused: list[str] = []

    def attach(self, page: Any) -> Any:
        page.add_init_script(WATCH)
        page.on("console", self._console)
        return page

    def _console(self, message: Any) -> None:
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused" in text):
            self.refused.append(text)

    def check(self, page: Any) -> None:
        """Fail if ``page`` (as it is now) or any page before reported a violation."""
        refused = self.refused + page.evaluate("window.__refused || []")
        assert not refused, f"{page.url}:\n" + "\n".join(refused)


@pytest.fixture
def world(partner):
    lab = LabFactory(partner=partner, slug="timisoara-lll-csp", starts_at=timezone.now())
    LabContactFactory(lab=lab)
    InvitationFactory(lab=lab, response=Response.ATTENDING, stakeholder__first_name="Dana")
    session = LiveSessionFactory(lab=lab, join_code="C5PW4K", is_open=True)
    prompt = PromptFactory(
        session=session, status=PromptStatus.OPEN, text={"en": "What would help small firms?"}
    )
    plan = ActionPlanFactory(partner=partner)
    action = ActionFactory(plan=plan)
    PracticeFactory(
        partner=partner,
        slug="open-design",
        city="Timișoara",
        country="RO",
        latitude=Decimal("45.754"),
        longitude=Decimal("21.226"),
        title={"en": "The open design workshop"},
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    return {"lab": lab, "session": session, "prompt": prompt, "action": action}


def test_the_staff_pages_run_under_the_policy(page, staff, world):
    watch = PolicyWatch()
    watch.attach(page)
    lab = world["lab"]

    log_in(page, email=staff.email, password=PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    watch.check(page)

    for address in (
        f"/labs/{lab.slug}/",
        f"/labs/{lab.slug}/live/",
        f"/labs/{lab.slug}/live/projector/",
        world["action"].get_absolute_url(),
        "/practices/map/",
    ):
        page.goto(address)
        page.wait_for_load_state("networkidle")
        watch.check(page)

    # The map's script placed the pins for the width the map is drawn at.
    expect(page.locator("figure.practice-map")).to_have_class("practice-map scaled")
    assert page.locator("svg a.pin").first.evaluate("e => e.style.getPropertyValue('--dx')")

    # The check-in page: its search (htmx) and its script (the headcount).
    page.goto(f"/labs/{lab.slug}/checkin/")
    page.get_by_role("searchbox").fill("Dana")
    expect(page.locator("main")).to_contain_text("Dana")
    page.wait_for_load_state("networkidle")
    watch.check(page)


def test_the_live_wall_on_a_phone_runs_under_the_policy(browser, live_server, world):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(TIMEOUT_MS)
    watch = PolicyWatch()
    try:
        phone = watch.attach(context.new_page())
        phone.goto("/join/C5PW4K/")
        phone.locator("main button[type=submit]").click()
        phone.wait_for_url("**/live/C5PW4K/")
        expect(phone.locator("#idea-form")).to_be_visible()
        watch.check(phone)

        # Someone else posts an idea: the phone offers to show it (it asks every 5 s) ...
        idea_submit(
            participant=ParticipantFactory(session=world["session"]),
            prompt=world["prompt"],
            text="A festival guide for small firms",
        )
        show = phone.get_by_role("button", name="Show 1 new idea")
        expect(show).to_be_visible(timeout=12_000)
        show.click()

        # ... and shows it once asked, the button gone (htmx, without eval).
        expect(phone.locator("#live-wall")).to_contain_text("A festival guide for small firms")
        expect(show).to_have_count(0)
        watch.check(phone)
    finally:
        context.close()
