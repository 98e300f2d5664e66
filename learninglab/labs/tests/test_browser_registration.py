"""Registering for an open lab on a phone, in Romanian and English, under axe: the form,
the e-mail's link, the confirmation; and staff opening a lab to registration."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot, switch_language
from learninglab.conftest import PASSWORD
from learninglab.labs.models import Invitation, Lab, RegistrationMode, Response
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging.models import MessageKind, OutboundMessage
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def lab(partner, settings):
    settings.EMAIL_HOST = ""
    settings.REGISTRATION_FORM_MIN_SECONDS = 0  # a test types faster than a person
    lab = LabFactory(partner=partner, slug="open-lab", registration=RegistrationMode.OPEN)
    LabContactFactory(lab=lab)
    return lab


def confirmation_path(email: str) -> str:
    message = OutboundMessage.objects.get(kind=MessageKind.REGISTRATION, recipient=email)
    text = bytes(message.raw).decode("utf-8", "replace")
    (path,) = set(re.findall(r"https?://[^/\s]+(/register/[0-9a-f-]+/[0-9a-f]+/)", text))
    return path


def test_a_visitor_registers_on_a_phone_and_confirms_through_the_e_mail(page, lab):
    page.set_viewport_size(PHONE)
    page.goto(lab.get_public_url())
    switch_language(page, "ro")
    form = page.get_by_role("region", name="Înscrieți-vă")
    expect(form).to_be_visible()
    assert_accessible(page)
    screenshot(page, "registration-form-phone-ro")

    switch_language(page, "en")
    form = page.get_by_role("region", name="Register")
    form.get_by_label(re.compile("^First name")).fill("Ana")
    form.get_by_label(re.compile("^Last name")).fill("Pop")
    form.get_by_label(re.compile("^E-mail address")).fill("ana.pop@example.ro")
    form.get_by_label("Organisation", exact=True).fill("Atelier Pop")
    form.get_by_label("Type of organisation").select_option("sme")
    form.get_by_label(re.compile("^Language for our e-mails")).select_option("ro")
    form.get_by_label(re.compile("invite me to its next labs")).check()
    form.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert_accessible(page)
    screenshot(page, "registration-sent-phone")
    assert not Invitation.objects.exists()

    page.goto(confirmation_path("ana.pop@example.ro"))
    expect(page.get_by_role("button", name="Confirm înscrierea")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "registration-confirm-phone-ro")
    page.get_by_role("button", name="Confirm înscrierea").click()

    expect(page.get_by_role("status")).to_contain_text("sunteți înscris")
    assert_accessible(page)
    screenshot(page, "registration-confirmed-phone-ro")
    ana = Stakeholder.objects.get(email="ana.pop@example.ro")
    assert Invitation.objects.get(lab=lab, stakeholder=ana).response == Response.ATTENDING


def test_a_refused_registration_says_why_and_keeps_what_was_typed(page, lab):
    page.set_viewport_size(PHONE)
    page.goto(lab.get_public_url())
    form = page.get_by_role("region", name="Register")
    form.get_by_label(re.compile("^First name")).fill("Ana")
    form.get_by_label(re.compile("^E-mail address")).fill("not an address")
    form.get_by_role("button", name="Register").click()

    form = page.get_by_role("region", name="Register")
    expect(form.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(form.get_by_label(re.compile("^First name"))).to_have_value("Ana")
    assert_accessible(page)
    screenshot(page, "registration-errors-phone")


def test_staff_open_a_lab_to_registration_with_approval(page, staff, partner):
    lab = LabFactory(partner=partner, slug="to-open")
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"{lab.get_absolute_url()}edit/")
    page.get_by_label("Open, with staff approval of each registration").check()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Save")).click()

    expect(page.get_by_role("link", name="Registrations")).to_be_visible()
    assert Lab.objects.get(pk=lab.pk).registration == RegistrationMode.APPROVAL
    page.get_by_role("link", name="Registrations").click()
    expect(page.get_by_text("No registration awaits a decision.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "registrations-staff")
