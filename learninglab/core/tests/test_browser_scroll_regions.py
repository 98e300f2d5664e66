"""Wide tables on a phone scroll sideways, and a keyboard can scroll them too: axe-core finds
no unreachable scrolling region (nor anything serious) on the pages with such tables."""

from __future__ import annotations

import re

import pytest

from learninglab.browser_testing import axe_violations, describe_violations, log_in, screenshot
from learninglab.conftest import PASSWORD
from learninglab.factories import StakeholderFactory, UserFactory
from learninglab.labs.services.invitation import invitations_send
from learninglab.labs.tests.factories import InvitationFactory, LabFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SPREADSHEET = (
    "First name,Last name,E-mail,Organisation,Organisation type,Role,Invitation consent\n"
    "Ștefan,Țepeș,stefan.tepes@example.ro,Primăria Timișoara,public authority,consilier,da\n"
    "Radu,,radu@,Atelier 13,SME,,\n"
)


def phone_problems(page) -> list[dict]:
    """Return axe's scrollable-region findings and anything serious or critical."""
    return [
        violation
        for violation in axe_violations(page)
        if violation["id"] == "scrollable-region-focusable"
        or violation["impact"] in ("serious", "critical")
    ]


def test_wide_tables_can_be_scrolled_from_the_keyboard_on_a_phone(page, partner, tmp_path):
    officer = UserFactory(email="officer@example.org", full_name="Corina Officer", partner=partner)
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    for number in range(3):
        InvitationFactory(
            lab=lab,
            stakeholder=StakeholderFactory(
                partner=partner,
                first_name=f"Ioana{number}",
                last_name="Mureșan-Constantinescu",
                email=f"ioana.muresan.constantinescu{number}@example.ro",
            ),
        )
    invitations_send(lab_id=lab.pk)
    page.set_viewport_size(PHONE)
    log_in(page, email=officer.email, password=PASSWORD)

    found = {}
    for name, address in [
        ("stakeholders", "/stakeholders/"),
        ("outbox", "/outbox/"),
        ("answers", f"/labs/{lab.slug}/answers/"),
        ("labs", "/labs/"),
        ("audit", "/audit/"),
    ]:
        page.goto(address)
        screenshot(page, f"phone-table-{name}")
        found[name] = phone_problems(page)

    spreadsheet = tmp_path / "participanti.csv"
    spreadsheet.write_text(SPREADSHEET, encoding="utf-8")
    page.goto("/stakeholders/import/")
    page.get_by_label("Spreadsheet").set_input_files(spreadsheet)
    page.get_by_role("button", name="Preview the import").click()
    page.wait_for_url(re.compile(r"/stakeholders/import/\d+/$"))
    screenshot(page, "phone-table-import-preview")
    found["import preview"] = phone_problems(page)

    report = "\n".join(
        f"{name}:\n{describe_violations(problems)}" for name, problems in found.items() if problems
    )
    assert not report, report
