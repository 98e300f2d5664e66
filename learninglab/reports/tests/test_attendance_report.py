"""The attendance report: who came, counted by organisation type and helix category."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from learninglab.labs.models import CheckIn, Invitation, Lab, Response
from learninglab.reports.report import attendance_report_pdf, attendance_report_xlsx
from learninglab.reports.tests.conftest import invite, pdf_pages

pytestmark = pytest.mark.django_db

ARRIVED = datetime.datetime(2030, 11, 20, 7, 50, tzinfo=datetime.UTC)  # 09:50 in Timișoara


def workbook(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.fixture
def checked_in_lab(full_lab, organisations) -> Lab:
    """Return the full lab where 10 of the 60 came, with 2 walk-ins and 1 who had declined."""
    for invitation in Invitation.objects.filter(lab=full_lab, response=Response.ATTENDING).order_by(
        "pk"
    )[:10]:
        CheckIn.objects.create(invitation=invitation, checked_in_at=ARRIVED)
    for first, last, organisation in (("Ionuț", "Șandru", 1), ("Elena", "Vlad", 3)):
        walk_in = invite(full_lab, first, last, Response.ATTENDING, organisations[organisation])
        CheckIn.objects.create(invitation=walk_in, checked_in_at=ARRIVED, is_walk_in=True)
    declined = Invitation.objects.get(lab=full_lab, stakeholder__last_name="Declinescu")
    CheckIn.objects.create(invitation=declined, checked_in_at=ARRIVED)
    return full_lab


def test_without_check_in_the_report_counts_who_confirmed(full_lab):
    text = " ".join(pdf_pages(attendance_report_pdf(full_lab)))

    assert "RAPORT DE PARTICIPARE" in text
    assert "Invitați 63 Au confirmat 60 Prezenți 60 Dintre care fără invitație 0" in text
    assert "Nimeni nu a fost înregistrat la intrare" in text
    # By helix: 11 public authorities, 12 SMEs + 12 chambers, 12 universities, 12 cultural
    # bodies, and the one person without an organisation.
    assert "Autorități publice 11 18 %" in text
    assert "Mediul de afaceri 24 40 %" in text
    assert "Instituții de cunoaștere 12 20 %" in text
    assert "Societate civilă 12 20 %" in text
    assert "Altele 1 2 %" in text
    assert "IMM 12" in text
    assert "Autoritate publică 11" in text
    assert "ONG 0" in text
    assert "Fără organizație 1" in text
    assert "Asociația Culturală Țara Bârsei Organizație culturală sau creativă 12" in text
    assert "Declinescu" not in text


def test_with_check_in_the_report_counts_who_came_and_the_walk_ins(checked_in_lab):
    pages = pdf_pages(attendance_report_pdf(checked_in_lab))
    text = " ".join(pages)

    assert "Invitați 63 Au confirmat 60 Prezenți 13 Dintre care fără invitație 2" in text
    assert "Calculat pe baza înregistrărilor la intrare." in text
    assert "Declinescu Radu" in text
    assert "Șandru Ionuț Universitatea de Vest din Timișoara da 09:50" in text
    assert "Vlad Elena Atelierul Meșteșugarilor SRL da 09:50" in text
    for number, page in enumerate(pages, start=1):
        assert "RAPORT DE PARTICIPARE" in page
        assert f"Pagina {number} din {len(pages)}" in page


def test_the_workbook_holds_the_summary_counts_and_people(checked_in_lab):
    sheets = workbook(attendance_report_xlsx(checked_in_lab))

    assert list(sheets) == [
        "Rezumat",
        "Pe categorii ale elicei",
        "Pe tipuri de organizații",
        "Organizații",
        "Participanți",
    ]
    summary = dict(sheets["Rezumat"][1:6])
    assert summary == {
        "Invitați": 63,
        "Au confirmat": 60,
        "Prezenți": 13,
        "Dintre care fără invitație": 2,
        "Organizații": 5,
    }
    helix = {row[0]: row[1:] for row in sheets["Pe categorii ale elicei"][1:]}
    assert sum(count for count, _share in helix.values()) == 13
    assert set(helix) == {
        "Autorități publice",
        "Mediul de afaceri",
        "Instituții de cunoaștere",
        "Societate civilă",
        "Altele",
    }
    types = dict(sheets["Pe tipuri de organizații"][1:])
    assert sum(types.values()) == 13
    people = sheets["Participanți"]
    assert people[0] == (
        "Nr.",
        "Nume de familie",
        "Prenume",
        "Organizație",
        "Tipul organizației",
        "Categoria din elice",
        "Fără invitație",
        "Ora sosirii",
    )
    assert len(people) == 1 + 13
    walk_in = next(row for row in people if row[1] == "Șandru")
    assert walk_in[2:] == (
        "Ionuț",
        "Universitatea de Vest din Timișoara",
        "Universitate sau institut de cercetare",
        "Instituții de cunoaștere",
        "da",
        "09:50",
    )


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(lab):
    invite(lab, "=HYPERLINK(1)", "Popescu", Response.ATTENDING)

    people = workbook(attendance_report_xlsx(lab))["Participanți"]

    assert people[1][2] == "'=HYPERLINK(1)"


def test_the_report_of_another_language_falls_back_to_english(matera_lab):
    text = " ".join(pdf_pages(attendance_report_pdf(matera_lab)))

    assert "ATTENDANCE REPORT" in text
    assert "Invited 2 Confirmed 2 Came 2" in text
    assert "Martedì, 3 dicembre 2030, 09:30–13:30" in text  # Italian dates come with Django
    assert "Page 1 of " in text
