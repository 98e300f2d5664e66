"""A project officer's day with the stakeholder directory, in a real browser under axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from learninglab.browser_testing import assert_accessible, log_in, screenshot, switch_language
from learninglab.conftest import PASSWORD
from learninglab.factories import OrganisationFactory, StakeholderFactory, UserFactory
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.browser

# Row 1 is the header. "Mureşan" and "Asociaţia" are typed with the old cedilla letters.
SPREADSHEET = (
    "First name,Last name,E-mail,Organisation,Organisation type,Role,Invitation consent\n"
    "Ștefan,Țepeș,stefan.tepes@example.ro,Primăria Timișoara,public authority,consilier,da\n"
    "Ioana,Mureşan,ioana.muresan@example.ro,Asociaţia Meşterilor,NGO,președintă,da\n"
    "Radu,,radu@,Atelier 13,SME,,\n"
    "Ana,Popescu,ana.popescu@example.ro,Atelier 13,SME,designer,\n"
)


@pytest.fixture
def officer(partner):
    """A partner's project officer who already has one person and one organisation."""
    organisation = OrganisationFactory(partner=partner, name="Atelier 13", name_folded="atelier 13")
    StakeholderFactory(
        partner=partner,
        first_name="Ana",
        last_name="Popescu",
        email="ana.popescu@example.ro",
        organisation=organisation,
    )
    return UserFactory(email="officer@example.org", full_name="Corina Officer", partner=partner)


def table_rows(page) -> list[str]:
    return [row.inner_text() for row in page.locator("main table tbody tr").all()]


def search(page, words: str) -> None:
    page.get_by_label("Search", exact=True).fill(words)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()


def test_officer_imports_searches_and_reads_in_romanian(page, officer, tmp_path):
    log_in(page, email=officer.email, password=PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stakeholders").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Stakeholders"
    expect(page.get_by_text("1 person")).to_be_visible()
    screenshot(page, "stakeholder-list-before-import")
    assert_accessible(page)

    # Upload: the file chooser a person would use.
    spreadsheet = tmp_path / "participanti.csv"
    spreadsheet.write_text(SPREADSHEET, encoding="utf-8")
    page.get_by_role("button", name="Import a spreadsheet").click()  # a link styled as one
    with page.expect_file_chooser() as chooser:
        page.get_by_label("Spreadsheet").click()
    chooser.value.set_files(spreadsheet)
    page.get_by_role("button", name="Preview the import").click()

    # Preview: a verdict for every row, by its row number in the file.
    page.wait_for_url(re.compile(r"/stakeholders/import/\d+/$"))
    verdicts = {
        row.locator("th").inner_text(): row.locator(".verdict").inner_text()
        for row in page.locator("main table tbody tr").all()
    }
    assert verdicts == {"2": "new", "3": "new", "4": "invalid", "5": "update"}
    assert "Mureșan" in page.locator("tbody tr", has_text="ioana.muresan").inner_text()
    screenshot(page, "stakeholder-import-preview")
    assert_accessible(page)
    assert Stakeholder.objects.filter(partner=officer.partner).count() == 1

    page.get_by_role("button", name="Import 3 people").click()
    page.wait_for_url("**/stakeholders/")
    assert page.get_by_role("status").inner_text() == "Imported: 2 new, 1 updated."
    rows = table_rows(page)
    assert len(rows) == 3
    assert any(row.startswith("Mureșan, Ioana") for row in rows)  # cedilla letters fixed
    assert any(row.startswith("Țepeș, Ștefan") for row in rows)
    assert not any("Radu" in row for row in rows)
    screenshot(page, "stakeholder-list")
    assert_accessible(page)

    # Search finds the same person with the diacritics and without them.
    for words in ("Țepeș", "tepes"):
        search(page, words)
        rows = table_rows(page)
        assert len(rows) == 1, (words, rows)
        assert rows[0].startswith("Țepeș, Ștefan")

    page.get_by_role("link", name="Țepeș, Ștefan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ștefan Țepeș"
    expect(page.get_by_text("Primăria Timișoara")).to_be_visible()
    screenshot(page, "stakeholder-detail")
    assert_accessible(page)

    switch_language(page, "ro")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert page.get_by_role("heading", level=1).inner_text() == "Ștefan Țepeș"
    screenshot(page, "stakeholder-detail-ro")
    assert_accessible(page)
