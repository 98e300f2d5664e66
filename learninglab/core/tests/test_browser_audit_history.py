"""A project officer reads the audit log and a person's history on a phone: sentences, local
times with their zone, and nothing axe-core finds serious."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.factories import ConsentFactory, StakeholderFactory, UserFactory
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.invitation import invitations_create
from learninglab.labs.tests.factories import LabFactory
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_update

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_audit_log_and_a_persons_history_read_as_sentences_on_a_phone(page, partner):
    officer = UserFactory(email="officer@example.org", full_name="Corina Officer", partner=partner)
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    ioana = StakeholderFactory(partner=partner, first_name="Ioana", last_name="Ionescu")
    ConsentFactory(stakeholder=ioana)
    invitations_create(actor=officer, lab=lab, people=Stakeholder.objects.all())
    rsvp_record(
        invitation=lab.invitations.get(), answer="attend", via="phone", actor=officer, notify=False
    )
    stakeholder_update(
        actor=officer,
        stakeholder=ioana,
        data=StakeholderData(first_name="Ioana", last_name="Ionescu", position="director"),
    )
    page.set_viewport_size(PHONE)
    log_in(page, email=officer.email, password=PASSWORD)

    page.goto("/audit/")
    log = page.get_by_role("table")
    expect(log).to_contain_text("Invited 1 person to “timisoara-lll-2”")
    expect(log).to_contain_text("Recorded Ioana Ionescu’s answer for “timisoara-lll-2”: Attending")
    expect(log.locator("time").first).to_have_text(re.compile(r"\d\d:\d\d EES?T$"))
    expect(log).not_to_contain_text("labs.")
    screenshot(page, "phone-audit-log")
    assert_accessible(page)

    page.goto(f"/stakeholders/{ioana.pk}/")
    history = page.locator("ol.audit-history")
    expect(history).to_contain_text("Changed the details of Ioana Ionescu")
    expect(history).to_contain_text("Role in the organisation: — → director")
    screenshot(page, "phone-person-history")
    assert_accessible(page)
