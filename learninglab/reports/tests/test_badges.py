"""Name badges: one per person on the attendance sheet, ten to a page."""

from __future__ import annotations

import re

import pytest

from learninglab.reports.badges import badges_pdf
from learninglab.reports.tests.conftest import confirmed_names, pdf_pages

pytestmark = pytest.mark.django_db


def test_everyone_expected_gets_exactly_one_badge(full_lab):
    pages = pdf_pages(badges_pdf(full_lab))
    text = " ".join(pages)

    assert len(pages) == 6  # 60 people, ten badges to a page
    for last, first in confirmed_names():
        # "Ana Bălan" must not be counted inside "Ioana Bălan".
        assert len(re.findall(rf"(?<!\w){first} {last}(?!\w)", text)) == 1
    assert "Declinescu" not in text
    for page in pages:
        assert page.count("ECoC-SME · Atelierul Local de Învățare, sesiunea 2") == 10


def test_a_badge_shows_the_organisation_and_the_lab_in_its_language(matera_lab):
    pages = pdf_pages(badges_pdf(matera_lab))

    assert len(pages) == 1
    assert "Giulia Bianchi" in pages[0]
    assert "Niccolò Rossi" in pages[0]
    # In Italian, and whole: the line gets smaller rather than cut short.
    assert "ECoC-SME · Laboratorio locale di apprendimento, 2ª edizione" in pages[0]
    assert "Matera, 03 dicembre 2030" in pages[0]  # Italian date format


def test_a_lab_without_anyone_expected_gives_one_empty_sheet(lab):
    assert len(pdf_pages(badges_pdf(lab))) == 1
