"""A partner's name is shown in the reader's language: "Municipiul Timișoara" to a Romanian
reader, "Municipality of Timișoara" to an English one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.labs.emails import invitation_email
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.reports.attendance import attendance_sheet_pdf
from learninglab.reports.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db

NAMES = {"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"}


@pytest.fixture
def lab(partner):
    partner.institution = NAMES
    partner.save()
    return LabFactory(partner=partner, slug="timisoara-lll-2")


@pytest.mark.parametrize("language", ["ro", "en"])
def test_the_invitation_names_the_partner_in_the_persons_language(lab, language):
    email = invitation_email(InvitationFactory(lab=lab, language=language))

    assert NAMES[language] in email.html
    assert NAMES[language] in email.text  # the footer
    other = NAMES["en" if language == "ro" else "ro"]
    assert other not in email.html


def test_the_public_page_in_romanian_names_the_partner_in_romanian(client, lab):
    html = client.get(reverse("labs:public", args=[lab.slug]) + "?lang=ro").content.decode()

    assert "Municipiul Timișoara · " in html


def test_the_romanian_attendance_sheet_names_the_partner_in_romanian(lab):
    assert "Municipiul Timișoara" in pdf_pages(attendance_sheet_pdf(lab))[0]
