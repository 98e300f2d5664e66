"""A Romanian lab with enough confirmed people to fill several pages, and an Italian one."""

from __future__ import annotations

import datetime
import io
import itertools

import pytest
from pypdf import PdfReader

from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.labs.models import Invitation, Lab, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.stakeholders.models import OrganisationType

LAST_NAMES = [
    "Ștefănescu",
    "Țepeș",
    "Popescu",
    "Sârbu",
    "Șerban",
    "Tănase",
    "Stan",
    "Toma",
    "Ionescu",
    "Bălan",
    "Mureșan",
    "Zamfir",
]
FIRST_NAMES = ["Ana", "Ștefan", "Ioana", "Mihai", "Cătălina"]
ORGANISATIONS = [
    ("Asociația Culturală Țara Bârsei", OrganisationType.CULTURAL),
    ("Universitatea de Vest din Timișoara", OrganisationType.UNIVERSITY),
    ("Primăria Municipiului Timișoara", OrganisationType.PUBLIC_AUTHORITY),
    ("Atelierul Meșteșugarilor SRL", OrganisationType.SME),
    ("Camera de Comerț Timiș", OrganisationType.BUSINESS_SUPPORT),
]


def confirmed_names() -> list[tuple[str, str]]:
    """Return the (last, first) names of the 60 people who confirmed."""
    return list(itertools.product(LAST_NAMES, FIRST_NAMES))


@pytest.fixture
def organisations(partner):
    return [
        OrganisationFactory(partner=partner, name=name, name_folded=name.lower(), type=kind)
        for name, kind in ORGANISATIONS
    ]


def invite(lab: Lab, first: str, last: str, response: str, organisation=None) -> Invitation:
    person = StakeholderFactory(
        partner=lab.partner, first_name=first, last_name=last, organisation=organisation
    )
    return InvitationFactory(lab=lab, stakeholder=person, response=response)


@pytest.fixture
def lab(partner) -> Lab:
    starts = datetime.datetime(2030, 11, 20, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Timișoara
    return LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
    )


@pytest.fixture
def full_lab(lab, organisations) -> Lab:
    """Return the lab with 60 people attending (one without organisation) and others not."""
    for n, (last, first) in enumerate(confirmed_names()):
        organisation = None if n == 7 else organisations[n % len(organisations)]
        invite(lab, first, last, Response.ATTENDING, organisation)
    invite(lab, "Radu", "Declinescu", Response.DECLINED, organisations[0])
    invite(lab, "Sorina", "Așteptatu", Response.WAITLISTED, organisations[1])
    invite(lab, "Paul", "Tăcutu", Response.PENDING, organisations[2])
    return lab


@pytest.fixture
def matera_lab(other_partner) -> Lab:
    starts = datetime.datetime(2030, 12, 3, 8, 30, tzinfo=datetime.UTC)  # 9:30 in Matera
    lab = LabFactory(
        partner=other_partner,
        slug="matera-lll-2",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        time_zone="Europe/Rome",
        theme={"it": "La capitale europea della cultura come opportunità", "en": "The ECoC"},
        venue_name="Casa Cava",
        venue_address="Via San Pietro Barisano 47, Matera",
    )
    invite(lab, "Giulia", "Bianchi", Response.ATTENDING)
    invite(lab, "Niccolò", "Rossi", Response.ATTENDING)
    return lab


def pdf_pages(content: bytes) -> list[str]:
    """Return the text of each page of a PDF, runs of white space made single."""
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]
