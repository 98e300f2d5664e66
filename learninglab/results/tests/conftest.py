"""Fixtures of the results tests: a lab that took place, its attendees, files in a temp folder."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.models import Lab, LabStatus, Response
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.stakeholders.models import OrganisationType

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded files in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_upload(name: str = "slides.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def photo_upload(name: str = "group.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


@pytest.fixture
def past_lab(partner) -> Lab:
    """Lab 1 of the series: held three days ago in Timișoara."""
    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-1",
        round_number=1,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        status=LabStatus.HELD,
        theme={"ro": "Prima sesiune", "en": "First session"},
    )
    LabContactFactory(lab=lab)
    return lab


@pytest.fixture
def attendees(past_lab):
    """Five people invited to lab 1: three came (two businesses and a university), one
    declined, one never answered. Ana and Mihai consented to photos, Ioana refused."""
    partner = past_lab.partner
    sme = OrganisationFactory(partner=partner, name="Atelier Bega", type=OrganisationType.SME)
    sme2 = OrganisationFactory(partner=partner, name="Cafe Arta", type=OrganisationType.SME)
    uni = OrganisationFactory(partner=partner, name="UVT", type=OrganisationType.UNIVERSITY)
    people = {
        "ana": StakeholderFactory(partner=partner, first_name="Ana", organisation=sme),
        "mihai": StakeholderFactory(partner=partner, first_name="Mihai", organisation=sme2),
        "ioana": StakeholderFactory(partner=partner, first_name="Ioana", organisation=uni),
        "dan": StakeholderFactory(partner=partner, first_name="Dan", organisation=uni),
        "elena": StakeholderFactory(partner=partner, first_name="Elena", organisation=sme),
    }
    for person in people.values():
        ConsentFactory(stakeholder=person, purpose="invitations", given=True)
    ConsentFactory(stakeholder=people["ana"], purpose="photos", given=True)
    ConsentFactory(stakeholder=people["mihai"], purpose="photos", given=True)
    ConsentFactory(stakeholder=people["ioana"], purpose="photos", given=False)
    answers = {
        "ana": Response.ATTENDING,
        "mihai": Response.ATTENDING,
        "ioana": Response.ATTENDING,
        "dan": Response.DECLINED,
        "elena": Response.PENDING,
    }
    return {
        name: InvitationFactory(
            lab=past_lab, stakeholder=people[name], response=answers[name], language="en"
        )
        for name in people
    }
