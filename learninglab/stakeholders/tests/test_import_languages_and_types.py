"""Importing the lists of every partner's office: languages we have no translation for, and
the words each office uses for the organisation's type."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learninglab.factories import PartnerFactory
from learninglab.labs.emails import invitation_email
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.stakeholders.importing import (
    ImportOptions,
    import_batch_create,
    import_commit,
    import_preview,
)
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.tests.workbooks import text_row, write_workbook


def workbook(*rows: list[str]) -> bytes:
    """Return an .xlsx file whose first sheet holds ``rows``, the first being the header."""
    buffer = io.BytesIO()
    write_workbook(buffer, (text_row(n, *row) for n, row in enumerate(rows, start=1)))
    return buffer.getvalue()


def preview(partner, content: bytes):
    return import_preview(
        partner=partner, content=content, filename="lista.xlsx", options=ImportOptions()
    )


def office(project, language: str, country: str):
    return PartnerFactory(project=project, slug=f"office-{language}", languages=[language, "en"])


SPEAKERS = workbook(
    ["Nume", "Prenume", "E-mail", "Limba"],
    ["Kovács", "Ilona", "ilona.kovacs@example.ro", "magyar"],
    ["Schneider", "Hans", "hans.schneider@example.ro", "Deutsch"],
    ["Jovanović", "Milica", "milica@example.ro", "srpski"],
    ["Nagy", "Péter", "peter.nagy@example.ro", "hu"],
    ["Popa", "Ana", "ana.popa@example.ro", "română"],
)


def test_people_of_languages_we_have_no_translation_for_are_imported_with_their_language(
    staff, partner
):
    batch, report = import_batch_create(
        actor=staff, partner=partner, content=SPEAKERS, filename="lista.xlsx",
        options=ImportOptions(),
    )  # fmt: skip

    assert [row.verdict for row in report.rows] == ["new"] * 5
    assert [row.notes for row in report.rows] == [
        ["Hungarian: we have no translation; they will be written to in Romanian."],
        ["German: we have no translation; they will be written to in Romanian."],
        ["Serbian: we have no translation; they will be written to in Romanian."],
        ["Hungarian: we have no translation; they will be written to in Romanian."],
        [],
    ]
    import_commit(actor=staff, batch=batch)
    languages = dict(Stakeholder.objects.values_list("last_name", "language"))
    assert languages == {
        "Kovács": "hu", "Schneider": "de", "Jovanović": "sr", "Nagy": "hu", "Popa": "ro",
    }  # fmt: skip


def test_they_are_written_to_in_the_partner_s_language(staff, partner):
    batch, _report = import_batch_create(
        actor=staff, partner=partner, content=SPEAKERS, filename="lista.xlsx",
        options=ImportOptions(),
    )  # fmt: skip
    import_commit(actor=staff, batch=batch)
    ilona = Stakeholder.objects.get(last_name="Kovács")
    lab = LabFactory(partner=partner)

    email = invitation_email(InvitationFactory(lab=lab, stakeholder=ilona, language="hu"))

    assert email.headers["Content-Language"] == "ro"
    assert "Vă invităm" in email.subject or "Atelier" in email.subject


def test_where_we_have_no_translation_of_the_partner_s_language_they_get_english(
    staff, lead_partner
):
    report = preview(lead_partner, SPEAKERS)

    assert report.rows[0].notes == [
        "Hungarian: we have no translation; they will be written to in English."
    ]


def test_a_language_nobody_knows_is_noted_not_refused(partner):
    content = workbook(
        ["Nume", "Prenume", "E-mail", "Limba"], ["Tlhingan", "Worf", "worf@example.ro", "Klingon"]
    )

    (row,) = preview(partner, content).rows

    assert row.verdict == "new"
    assert row.notes == [
        "“Klingon” is not a language we know, so it is not imported; they will be written "
        "to in Romanian."
    ]


# (language of the office, its header, its words) → our types, as the offices write them.
OFFICES = [
    ("ro", "Tip organizație", ["IMM", "S.R.L.", "ONG", "Universitatea", "Primărie",
                               "Cameră de comerț"]),
    ("ro", "Tipul organizației", ["imm", "srl", "ong", "universitate", "primaria",
                                  "camera de comert"]),
    ("ro", "Sector", ["IMM", "SRL", "ONG", "UNIVERSITATE", "Primărie", "Cameră de Comerț"]),
    ("it", "Tipo di organizzazione", ["PMI", "S.r.l.", "ONG", "Università", "Comune",
                                      "Camera di commercio"]),
    ("it", "Settore", ["pmi", "SRL", "Associazione", "universita", "Comune",
                       "Camera di Commercio"]),
    ("nl", "Type organisatie", ["MKB", "B.V.", "NGO", "Universiteit", "Gemeente", "KvK"]),
    ("nl", "Sector", ["mkb", "BV", "Stichting", "universiteit", "gemeente",
                      "Kamer van Koophandel"]),
    ("hr", "Vrsta organizacije", ["MSP", "d.o.o.", "NVO", "Sveučilište", "Grad", "HGK"]),
    ("hr", "Sektor", ["msp", "DOO", "Udruga", "sveuciliste", "Općina", "Gospodarska komora"]),
    ("lt", "Organizacijos tipas", ["MVĮ", "UAB", "NVO", "Universitetas", "Savivaldybė",
                                   "Prekybos rūmai"]),
    ("lt", "Sektorius", ["mvi", "uab", "nvo", "universitetas", "savivaldybe",
                         "prekybos rumai"]),
]  # fmt: skip
TYPES = ["sme", "sme", "ngo", "university", "public_authority", "business_support"]


@pytest.mark.parametrize(("language", "header", "words"), OFFICES)
def test_each_office_s_header_and_words_for_the_organisation_type_are_read(
    project, language, header, words
):
    partner = office(project, language, country=language.upper())
    rows = [
        [f"Nume{n}", "Ana", f"ana{n}@example.org", f"Organizația {n}", word]
        for n, word in enumerate(words)
    ]
    content = workbook(["Last name", "First name", "E-mail", "Organisation", header], *rows)

    report = preview(partner, content)

    assert report.columns["organisation_type"] == header
    assert [row.reasons for row in report.rows] == [[]] * len(words)
    assert [row.person.organisation_type for row in report.rows] == TYPES


def test_the_preview_page_names_the_language_written_in_and_the_types_read(staff_client, partner):
    content = workbook(
        ["Nume", "Prenume", "E-mail", "Firma", "Tip organizație", "Limba"],
        ["Kovács", "Ilona", "ilona@example.ro", "Kovács Design SRL", "IMM", "magyar"],
        ["Bălan", "Ion", "ion@example.ro", "Asociația Banat", "ONG", "ro"],
        ["Beșliu", "Ana", "ana@example.ro", "Alfa SRL", "IMM", "ro"],
    )
    upload = SimpleUploadedFile("lista.xlsx", content)

    response = staff_client.post(reverse("stakeholders:import"), {"file": upload}, follow=True)

    html = response.content.decode()
    assert "Hungarian: we have no translation; they will be written to in Romanian." in html
    assert "Hungarian (1 row): kept, and they will be written to in Romanian." in html
    assert "“IMM” → SME (2 rows), “ONG” → NGO (1 row)" in html
    assert "Import 3 people" in html
