"""The lab form in a real browser, under axe-core: each text is a group of inputs, one per
language, each input named by its language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, switch_language
from learninglab.conftest import PASSWORD
from learninglab.labs.models import AgendaItem
from learninglab.labs.tests.factories import LabContactFactory, LabFactory

pytestmark = pytest.mark.browser


def test_staff_change_a_labs_texts_language_by_language(page, staff, partner):
    lab = LabFactory(partner=partner, theme={"ro": "Tema", "en": "Theme"})
    LabContactFactory(lab=lab)
    AgendaItem.objects.create(lab=lab, title={"ro": "Bun venit", "en": "Welcome"})
    log_in(page, email=staff.email, password=PASSWORD)
    page.goto(f"{lab.get_absolute_url()}edit/")
    assert_accessible(page)

    theme = page.get_by_role("group", name="Theme")
    assert theme.get_by_label("English").input_value() == "Theme"
    theme.get_by_label("Romanian").fill("Tema nouă")
    page.get_by_role("group", name="Agenda item 1").get_by_label("English").fill("Hello")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Your changes were saved.")).to_be_visible()

    lab.refresh_from_db()
    assert lab.theme == {"ro": "Tema nouă", "en": "Theme"}
    assert lab.agenda.get().title == {"ro": "Bun venit", "en": "Hello"}

    switch_language(page, "ro")
    page.goto(f"{lab.get_absolute_url()}edit/")
    assert page.get_by_role("group", name="Tema").get_by_label("Română").input_value() == (
        "Tema nouă"
    )
    assert_accessible(page)
