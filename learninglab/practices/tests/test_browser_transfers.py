"""The transfer log and the practices of a lab's agenda in a real browser, under axe-core,
on a desktop and on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot, switch_language
from learninglab.conftest import PASSWORD
from learninglab.labs.models import AgendaItem
from learninglab.labs.tests.factories import LabFactory
from learninglab.practices.models import PracticeStatus, PracticeTransfer
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def practice(partner):
    return PracticeFactory(
        partner=partner,
        slug="open-workshop",
        title={"ro": "Atelierul deschis", "en": "The open workshop"},
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )


def test_another_partner_records_what_it_learnt_and_everyone_reads_it(page, practice, other_staff):
    log_in(page, email=other_staff.email, password=PASSWORD)
    page.goto(f"/practices/{practice.slug}/transfers/")
    assert_accessible(page)
    screenshot(page, "transfer-form")

    page.get_by_label("Adapting").check()
    page.get_by_label("Date").fill("2021-06-01")
    page.get_by_label("Note").fill("Our makers are adapting the calls.")
    page.get_by_role("button", name="Record").click()

    expect(
        page.get_by_role("status").filter(has_text="The transfer log was updated.")
    ).to_be_visible()
    (entry,) = PracticeTransfer.objects.all()
    assert (entry.stage, entry.on) == ("adapting", datetime.date(2021, 6, 1))

    page.goto("/practices/transfers/matera/")
    learnt = page.get_by_role("region", name="What Matera learnt from the other partners")
    expect(learnt.get_by_role("heading", name="The open workshop")).to_be_visible()
    assert "Adapting, 1 June 2021" in learnt.inner_text()
    assert "Our makers are adapting the calls." in learnt.inner_text()
    assert_accessible(page)
    screenshot(page, "partner-transfers")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    screenshot(page, "partner-transfers-phone")

    switch_language(page, "ro")
    assert_accessible(page)


def test_a_lab_presents_a_practice_chosen_in_its_agenda(page, partner, practice, staff):
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    AgendaItem.objects.create(lab=lab, title={"ro": "Bune practici", "en": "Good practices"})
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"/labs/{lab.slug}/edit/")

    item = page.get_by_role("group", name="Agenda item 1")
    item.get_by_role("group", name="Good practices presented").get_by_label(
        "The open workshop — Timișoara"
    ).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Your changes were saved.")).to_be_visible()

    page.goto(f"/events/{lab.slug}/")
    link = page.get_by_role("link", name="The open workshop")
    assert link.get_attribute("href") == f"/practices/{practice.slug}/"
    assert_accessible(page)
    screenshot(page, "lab-public-practices")
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    screenshot(page, "lab-public-practices-phone")
