"""A good practice as the programme's form: Word and PDF, the download and the command."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from docx import Document
from pypdf import PdfReader

from learninglab.conftest import client_for
from learninglab.core.multilingual import language_name
from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.practices.models import PracticeStatus, Progress
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.reports.practice import practice_docx, practice_pdf
from learninglab.reports.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db

# The form's sections, in its order.
SECTIONS = [
    "General information",
    "Location",
    "Summary",
    "Detailed description",
    "Resources needed",
    "Timescale",
    "Evidence of success",
    "Difficulties encountered and lessons learnt",
    "Potential for learning or transfer",
    "Further information",
    "Contact person",
]


@pytest.fixture
def practice(partner):
    person = StakeholderFactory(
        partner=partner,
        first_name="Ioana",
        last_name="Mureșan",
        email="ioana.muresan@example.org",
        organisation=OrganisationFactory(partner=partner, name="Agenția de Antreprenoriat"),
    )
    return PracticeFactory(
        partner=partner,
        slug="creative-vouchers",
        title={"ro": "Vouchere creative", "en": "Creative vouchers"},
        institution={"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"},
        summary={"ro": "Vouchere pentru IMM-uri.", "en": "Vouchers for SMEs."},
        problem={"ro": "Firmele nu colaborează.", "en": "Firms do not work together."},
        # Written in English only: the Romanian document shows it as such.
        activities={"en": "Vouchers of up to 2,000 euros.\nMatchmaking evenings."},
        evidence={"en": "48 vouchers used.", "ro": "48 de vouchere folosite."},
        budget_eur=Decimal("100000"),
        people_involved=2,
        started_on=datetime.date(2022, 3, 1),
        ended_on=datetime.date(2023, 12, 31),
        progress=Progress.COMPLETED,
        links=[{"url": "https://vouchers.example.org", "label": "The call"}],
        keywords="vouchers, matchmaking",
        contact=person,
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
        expert_validated_at=timezone.now(),
        expert_opinion={"en": "Simple and effective."},
    )


def docx_headings(content: bytes) -> tuple[list[str], str]:
    document = Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    return headings, "\n".join(p.text for p in document.paragraphs)


def test_the_word_document_has_the_forms_sections_in_order(practice):
    content = practice_docx(practice)

    headings, text = docx_headings(content)
    assert headings == [*SECTIONS, "Validation by the programme's experts"]
    document = Document(io.BytesIO(content))
    assert document.paragraphs[1].text == "Creative vouchers"  # the title
    assert document.core_properties.title == "Good practice: Creative vouchers"
    assert document.core_properties.language == "en"
    facts = {
        row.cells[0].text: row.cells[1].text for table in document.tables for row in table.rows
    }
    assert facts["Main institution"] == "Municipality of Timișoara"
    assert facts["Identified within the project"].startswith("Yes, in ")
    assert facts["Budget (EUR)"] == "100,000"
    assert facts["End"] == "31 December 2023"
    assert facts["Status of the practice"] == "Completed"
    assert facts["The call"] == "https://vouchers.example.org"
    assert facts["Name"] == "Ioana Mureșan"
    assert facts["E-mail"] == "ioana.muresan@example.org"
    assert "Matchmaking evenings." in text
    assert "Simple and effective." in text


def test_in_the_partners_language_a_text_written_only_in_english_says_so(practice):
    _headings, text = docx_headings(practice_docx(practice, language="ro"))

    assert "Firmele nu colaborează." in text
    with translation.override("ro"):
        subheading = gettext("What was done")
        note = gettext("Not written in %(wanted)s: shown in %(shown)s.") % {
            "wanted": language_name("ro"),
            "shown": language_name("en"),
        }
    # The fallback comes marked as one.
    assert f"{subheading}\n{note}\nVouchers of up to 2,000 euros." in text


def test_the_pdf_has_the_forms_sections_in_order(practice):
    content = practice_pdf(practice)

    text = " ".join(pdf_pages(content))
    positions = [text.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert "Creative vouchers" in text
    assert "Ioana Mureșan" in text
    assert "Page 1 of" in text
    assert PdfReader(io.BytesIO(content)).metadata.title == "Good practice: Creative vouchers"


def test_a_draft_is_exported_with_what_it_lacks_left_empty(partner):
    draft = PracticeFactory(partner=partner, slug="draft", title={"en": "Draft"})

    text = " ".join(pdf_pages(practice_pdf(draft)))

    assert "Status Draft" in text
    assert "Validation by the programme's experts" not in text
    assert "Budget (EUR) —" in text


# The download


def form_url(practice, fmt="pdf", **query) -> str:
    url = reverse("reports:practice_form", args=[practice.slug, fmt])
    return url + ("?language=" + query["language"] if query else "")


def test_staff_download_the_word_document_in_their_language(staff_client, practice):
    response = staff_client.get(form_url(practice, "docx", language="ro"))

    assert response["Content-Disposition"] == (
        'attachment; filename="good-practice-creative-vouchers-ro.docx"'
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "Vouchere creative" in docx_headings(response.content)[1]


def test_another_partners_staff_get_a_published_practice_but_not_a_draft(
    other_staff, practice, partner
):
    draft = PracticeFactory(partner=partner, slug="draft")
    client = client_for(other_staff)

    assert client.get(form_url(practice)).status_code == 200
    assert client.get(form_url(draft)).status_code == 404


def test_an_unknown_format_or_language_is_not_found_and_a_facilitator_refused(
    staff_client, facilitator, practice
):
    assert staff_client.get(form_url(practice, "odt")).status_code == 404
    assert staff_client.get(form_url(practice, language="it")).status_code == 404
    assert client_for(facilitator).get(form_url(practice)).status_code == 403


# The command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_practice", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_command_writes_the_form(practice, tmp_path, fmt):
    target = tmp_path / f"practice.{fmt}"

    out = run("creative-vouchers", "--format", fmt, "-o", str(target))

    assert out == f"Wrote the good practice creative-vouchers (en) to {target}.\n"
    assert target.read_bytes().startswith(b"PK" if fmt == "docx" else b"%PDF-")


def test_the_command_says_what_is_wrong(practice, tmp_path):
    target = str(tmp_path / "x.pdf")

    with pytest.raises(CommandError, match="No good practice 'nope'"):
        run("nope", "--format", "pdf", "-o", target)
    with pytest.raises(CommandError, match=r"No 'it' version of creative-vouchers: .* en, ro"):
        run("creative-vouchers", "--format", "pdf", "--language", "it", "-o", target)
    with pytest.raises(CommandError, match="invalid choice: 'odt'"):
        run("creative-vouchers", "--format", "odt", "-o", target)
    with pytest.raises(CommandError, match="Cannot write"):
        run("creative-vouchers", "--format", "pdf", "-o", str(tmp_path / "no" / "x.pdf"))


def render_links(practice, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "reports/practice_documents.html", {"practice": practice}, request=request
    )


def test_staff_get_a_word_and_a_pdf_link_per_language_and_visitors_nothing(practice, staff):
    links = render_links(practice, staff)

    url = reverse("reports:practice_form", args=[practice.slug, "docx"])
    assert f'href="{url}?language=ro"' in links
    assert f'href="{url}?language=en"' in links
    assert links.count("download>") == 4
    assert render_links(practice, AnonymousUser()).strip() == ""
