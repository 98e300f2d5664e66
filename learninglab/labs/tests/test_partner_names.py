"""A partner's name is shown in the reader's language: "Municipiul Timișoara" to a Romanian
reader, "Municipality of Timișoara" to an English one; a reader of a language the lab is not
written in gets English, the project's common language, before the partner's own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.labs.emails import invitation_email
from learninglab.labs.links import rsvp_url
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.reports.attendance import attendance_sheet_pdf
from learninglab.reports.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db

NAMES = {"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"}


@pytest.fixture
def lab(partner):
    partner.institution = NAMES
    partner.save()
    return LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        theme={"ro": "Capitala Culturii și IMM-urile", "en": "The Capital of Culture and SMEs"},
        description={"ro": "Vă așteptăm cu drag.", "en": "We look forward to seeing you."},
    )


@pytest.mark.parametrize("language", ["ro", "en"])
def test_the_invitation_names_the_partner_in_the_persons_language(lab, language):
    email = invitation_email(InvitationFactory(lab=lab, language=language))

    assert NAMES[language] in email.html
    assert NAMES[language] in email.text  # the footer
    other = NAMES["en" if language == "ro" else "ro"]
    assert other not in email.html


def test_the_public_page_in_romanian_names_the_partner_in_romanian(client, lab):
    html = client.get(reverse("labs:public", args=[lab.slug]) + "?lang=ro").content.decode()

    assert "<span>Municipiul Timișoara</span> · " in html


def test_the_romanian_attendance_sheet_names_the_partner_in_romanian(lab):
    assert "Municipiul Timișoara" in pdf_pages(attendance_sheet_pdf(lab))[0]


def test_the_romanian_invitation_page_names_the_partner_in_romanian(client, lab):
    invitation = InvitationFactory(lab=lab, language="ro")

    html = client.get(rsvp_url(invitation)).content.decode()

    assert '<html lang="ro"' in html
    assert "<span>Municipiul Timișoara</span> · " in html
    assert "Municipality of Timișoara" not in html


@pytest.mark.parametrize("language", ["it", "hr", "nl", "lt"])
def test_a_public_page_in_a_language_the_lab_lacks_is_in_english_not_romanian(
    client, lab, language
):
    html = client.get(reverse("labs:public", args=[lab.slug]) + f"?lang={language}")
    html = html.content.decode()

    assert f'<html lang="{language}"' in html
    # In English, and marked so (a screen reader reads it with English sounds).
    assert '<p class="lead" lang="en">The Capital of Culture and SMEs</p>' in html
    assert '<div class="lab-description" lang="en"><p>We look forward to seeing you.' in html
    assert '<span lang="en">Municipality of Timișoara</span> · ' in html
    for romanian in ("Capitala Culturii", "Vă așteptăm", "Municipiul Timișoara"):
        assert romanian not in html


def test_a_text_the_lab_has_only_in_romanian_is_still_shown_in_romanian(client, lab):
    lab.description = {"ro": "Vă așteptăm cu drag."}
    lab.save()

    html = client.get(reverse("labs:public", args=[lab.slug]) + "?lang=it").content.decode()

    assert '<div class="lab-description" lang="ro"><p>Vă așteptăm cu drag.' in html
