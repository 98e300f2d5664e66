"""The attendance sheet: everyone expected, sorted as a Romanian reader expects, on every page."""

from __future__ import annotations

import datetime
import re

import icu
import pypdfium2
import pytest

from learninglab.labs.models import CheckIn, Response
from learninglab.reports.attendance import attendance_sheet_pdf
from learninglab.reports.tests.conftest import confirmed_names, invite, pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(full_lab) -> list[str]:
    return pdf_pages(attendance_sheet_pdf(full_lab))


def test_every_confirmed_person_is_listed_with_correct_diacritics_across_pages(pages):
    text = " ".join(pages)

    assert len(pages) >= 3
    for last, first in confirmed_names():
        assert f"{last} {first}" in text
    assert "Ștefănescu Ștefan" in text
    assert "Țepeș Cătălina" in text
    assert "Asociația Culturală Țara Bârsei" in text
    # Cedilla letters would mean a font without the Romanian letters, or a wrong mapping.
    assert not set("şţŞŢ") & set(text)


def test_people_are_numbered_in_order_of_last_then_first_name_in_the_romanian_alphabet(pages):
    text = " ".join(pages)
    romanian = icu.Collator.createInstance(icu.Locale("ro")).getSortKey
    expected = sorted(confirmed_names(), key=lambda name: (romanian(name[0]), romanian(name[1])))

    for number, (last, first) in enumerate(expected, start=1):
        assert f"{number} {last} {first} " in text
    # Ș comes after every S, Ț after every T, as in a Romanian dictionary; not after Z, as
    # their code points would put them.
    positions = [
        text.index(f" {last} Ana ")
        for last in ("Sârbu", "Stan", "Șerban", "Ștefănescu", "Tănase", "Toma", "Țepeș", "Zamfir")
    ]
    assert positions == sorted(positions)


def test_people_who_declined_wait_or_did_not_answer_are_not_listed(pages):
    text = " ".join(pages)

    assert "Declinescu" not in text
    assert "Așteptatu" not in text
    assert "Tăcutu" not in text
    assert "60 de persoane și-au confirmat participarea" in pages[0]


def test_the_lab_header_and_the_page_number_are_on_every_page(pages):
    for number, page in enumerate(pages, start=1):
        assert "ECoC-SME" in page
        assert "Interreg Europe — proiect cofinanțat din Fondul European" in page
        assert "LISTĂ DE PREZENȚĂ" in page
        assert "Municipality of Timișoara" in page
        assert "Cum poate deveni programul CEaC o oportunitate?" in page
        assert re.search(r"Miercuri, 20 noiembrie 2030, 10:00–13:00", page, re.IGNORECASE)
        assert "Spațiul Expozițional al Primăriei, Piața Victoriei nr. 5, Timișoara" in page
        assert "Nr. Nume și prenume Organizație Semnătura" in page
        assert f"Pagina {number} din {len(pages)}" in page


def test_empty_numbered_rows_follow_for_walk_ins(full_lab, pages):
    assert re.search(r"Zamfir Ștefan \D+ 61 62 63 64 65 66 67 68 Întocmit de", pages[-1])

    fewer = pdf_pages(attendance_sheet_pdf(full_lab, blank_rows=2))[-1]
    assert re.search(r"Zamfir Ștefan \D+ 61 62 Întocmit de", fewer)


def test_people_checked_in_are_listed_even_without_a_confirmation(lab, organisations):
    invite(lab, "Ana", "Popescu", Response.ATTENDING)
    came_anyway = invite(lab, "Radu", "Răzgânditu", Response.DECLINED, organisations[0])
    walk_in = invite(lab, "Ionuț", "Șandru", Response.ATTENDING, organisations[1])
    now = datetime.datetime.now(datetime.UTC)
    CheckIn.objects.create(invitation=came_anyway, checked_in_at=now)
    CheckIn.objects.create(invitation=walk_in, checked_in_at=now, is_walk_in=True)

    text = " ".join(pdf_pages(attendance_sheet_pdf(lab)))

    assert "1 Popescu Ana" in text
    assert "2 Răzgânditu Radu" in text
    assert "3 Șandru Ionuț" in text


def test_a_lab_of_another_language_has_its_labels_in_english_and_its_own_texts(matera_lab):
    pages = pdf_pages(attendance_sheet_pdf(matera_lab))

    assert len(pages) == 1
    page = pages[0]
    assert "ATTENDANCE SHEET" in page
    assert "No. Name Organisation Signature" in page
    assert "Interreg Europe — project co-financed by the European Regional Development Fund" in (
        page
    )
    assert "La capitale europea della cultura come opportunità" in page
    assert "1 Bianchi Giulia" in page
    assert "2 Rossi Niccolò" in page
    assert "Page 1 of 1" in page
    assert "LISTĂ" not in page


def test_the_first_page_renders_as_a_printed_a4_page(full_lab):
    document = pypdfium2.PdfDocument(attendance_sheet_pdf(full_lab))
    image = document[0].render(scale=1).to_pil().convert("L")

    width, height = image.size
    assert height / width == pytest.approx(297 / 210, rel=0.01)
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 0.01 * width * height  # text and rules, not a blank page
    assert histogram[255] > 0.5 * width * height  # and mostly white paper
