"""Writing to a lab's people in a real browser: choose the group, write in each language,
preview, send; on a desktop and on a phone, in English and Romanian, under axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot, switch_language
from learninglab.conftest import PASSWORD
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.models import LabMessage
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.models import MessageKind, OutboundMessage

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def lab(partner, settings):
    settings.EMAIL_HOST = ""
    lab = LabFactory(partner=partner, slug="tim-lll-2")
    LabContactFactory(lab=lab)
    guests = [("Ioana", "Mureșan", "ro", "attending"), ("David", "Clarke", "en", "attending")]
    guests += [("Radu", "Ionescu", "ro", "declined"), ("Elena", "Popa", "ro", "pending")]
    for first, last, language, response in guests:
        person = StakeholderFactory(
            partner=partner,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@example.ro",
            language=language,
        )
        ConsentFactory(stakeholder=person)
        InvitationFactory(lab=lab, stakeholder=person, language=language, response=response)
    return lab


def write_and_preview(page) -> None:
    page.get_by_label("Attending — 2 people").check()
    page.get_by_label("Romanian").first.fill("Sala s-a schimbat: {lab}")
    page.get_by_label("English").first.fill("New room: {lab}")
    texts = page.get_by_role("group", name="Text")
    texts.get_by_label("Romanian").fill("Stimate {name},\n\nNe vedem în sala 2 pe {date}.")
    texts.get_by_label("English").fill("Dear {name},\n\nSee you in room 2 on {date}.")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="2 recipients")).to_be_visible()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_staff_write_to_the_attending_people_and_each_reads_it_in_their_language(
    page, staff, lab, device
):
    if device == "phone":
        page.set_viewport_size(PHONE)
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(lab.get_absolute_url())
    page.get_by_role("link", name="Write to participants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write to the lab's people")
    assert_accessible(page)
    screenshot(page, f"lab-message-write-{device}")

    write_and_preview(page)
    romanian = page.get_by_role("region", name="In Romanian")
    expect(romanian).to_contain_text("1 person reads it in Romanian")
    expect(romanian).to_contain_text("Stimate Ioana Mureșan")
    expect(page.get_by_role("region", name="In English")).to_contain_text("Dear David Clarke")
    assert_accessible(page)
    screenshot(page, f"lab-message-preview-{device}")
    assert not LabMessage.objects.exists()

    page.get_by_role("button", name="Send to 2 people").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Your message is on its way to 2 people"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("New room: {lab}")
    assert_accessible(page)
    screenshot(page, f"lab-message-sent-{device}")
    sent = OutboundMessage.objects.filter(kind=MessageKind.LAB_MESSAGE)
    assert sorted(sent.values_list("recipient", flat=True)) == [
        "david@example.ro",
        "ioana@example.ro",
    ]

    switch_language(page, "ro")
    expect(page.get_by_role("heading", name="Destinatari")).to_be_visible()
    assert_accessible(page)
    page.goto(lab.get_absolute_url())
    messages = page.get_by_role("region", name="Mesaje către participanți")
    expect(messages).to_contain_text("Cei care participă")
    assert_accessible(page)
    screenshot(page, f"lab-message-on-lab-page-ro-{device}")
    switch_language(page, "en")


def test_a_forgotten_language_is_asked_for_and_nothing_typed_is_lost(page, staff, lab):
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"{lab.get_absolute_url()}messages/new/")
    page.get_by_label("Romanian").first.fill("Sala nouă")
    page.get_by_role("group", name="Text").get_by_label("Romanian").fill("Stimate {nmae}")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_text("Romanian: unknown placeholders {nmae}")).to_be_visible()
    expect(page.get_by_text("Write it in English too").first).to_be_visible()
    expect(page.get_by_label("Romanian").first).to_have_value("Sala nouă")
    assert_accessible(page)
    screenshot(page, "lab-message-errors")
