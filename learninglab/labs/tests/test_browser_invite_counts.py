"""The invite page in a real browser: "What the button sends" follows the ticked boxes,
and the outbox then holds exactly that."""

from __future__ import annotations

import pytest

from learninglab.browser_testing import assert_accessible, log_in
from learninglab.conftest import PASSWORD
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.models import Invitation
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.invitation import invitations_create
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging.models import OutboundMessage
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.browser


def test_the_counts_follow_the_ticks_and_the_outbox_follows_the_counts(page, staff, partner):
    lab = LabFactory(partner=partner)
    LabContactFactory(lab=lab)
    for name in ("Ana", "Bogdan", "Dan"):
        person = StakeholderFactory(
            partner=partner, first_name=name, last_name="Test", email=f"{name.lower()}@example.ro"
        )
        ConsentFactory(stakeholder=person, given=True)
    # Dan was invited, and answered by phone before his e-mail went.
    invitations_create(actor=staff, lab=lab, people=Stakeholder.objects.filter(first_name="Dan"))
    dan = Invitation.objects.get(lab=lab)
    rsvp_record(invitation=dan, answer="attend", via="phone", actor=staff, notify=False)

    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"{lab.get_absolute_url()}invite/")
    assert_accessible(page)

    def counts() -> dict[str, str]:
        cells = page.locator("[data-count]")
        return {cell.get_attribute("data-count"): cell.inner_text() for cell in cells.all()}

    assert counts() == {"invite": "2", "remind": "0", "total": "2"}
    page.get_by_label("Test, Ana").uncheck()
    page.get_by_label("Test, Dan").check()
    assert counts() == {"invite": "1", "remind": "1", "total": "2"}

    page.get_by_role("button", name="Send: invite the ticked people").click()
    page.wait_for_url(f"**{lab.get_absolute_url()}")

    sent = sorted(OutboundMessage.objects.values_list("recipient", "kind"))
    assert sent == [("bogdan@example.ro", "invitation"), ("dan@example.ro", "confirmation")]
