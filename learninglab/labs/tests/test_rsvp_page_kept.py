"""The personal page keeps the lab's own parts once drawn, and always shows the lab as it stands.

The lab's facts, agenda, contacts and logos are the same for everyone invited: the page
draws them once per version and language (``labs.selectors.lab_page_version``). Every
change to a row they come from shows on the next load, however it was written.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learninglab.labs.links import rsvp_url
from learninglab.labs.models import AgendaItem, Lab, LabContact
from learninglab.labs.selectors import invitation_by_link, lab_page_version
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.projects.models import LogoKind, Partner, Project
from learninglab.projects.services import logo_remove, logo_replace
from learninglab.projects.tests.test_logos import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lab(partner):
    lab = LabFactory(partner=partner, capacity=1, venue_name="Casa Artelor")
    LabContactFactory(lab=lab, name="Ioana Popescu", phone="+40 256 000 111")
    AgendaItem.objects.create(lab=lab, title="Welcome", speaker="City Hall", position=1)
    return lab


def page(client, invitation) -> str:
    response = client.get(rsvp_url(invitation))
    assert response.status_code == 200
    return response.content.decode()


def version(invitation) -> str:
    token = rsvp_url(invitation).rstrip("/").rsplit("/", 1)[1]
    return lab_page_version(invitation_by_link(invitation.public_id, token).lab)


def test_everyone_invited_shares_the_lab_part_and_answers_do_not_change_it(lab):
    first, second = InvitationFactory(lab=lab), InvitationFactory(lab=lab)
    kept = version(first)
    assert version(second) == kept
    rsvp_record(invitation=first, answer="attend")  # takes the one seat
    rsvp_record(invitation=second, answer="attend")  # waits for one
    lab.refresh_from_db()
    assert lab.seats_taken == 1
    assert version(first) == version(second) == kept


# Each change is written the way that skips ``save()`` where one exists: nothing but the
# rows themselves may tell that the page changed.
CHANGES = {
    "venue": (
        lambda lab: Lab.objects.filter(pk=lab.pk).update(venue_name="Bastionul Theresia"),
        "Bastionul Theresia",
    ),
    "agenda": (
        lambda lab: AgendaItem.objects.filter(lab=lab).update(title="Matchmaking café"),
        "Matchmaking café",
    ),
    "agenda item added": (
        lambda lab: AgendaItem.objects.create(lab=lab, title="Wrap-up", position=2),
        "Wrap-up",
    ),
    "contact": (
        lambda lab: LabContact.objects.filter(lab=lab).update(name="Andrei Ionescu"),
        "Andrei Ionescu",
    ),
    "partner": (
        lambda lab: Partner.objects.filter(pk=lab.partner_id).update(
            institution={"en": "Culture Office Timișoara", "ro": "Biroul Cultural Timișoara"}
        ),
        "Biroul Cultural Timișoara",  # the page is in the person's language, Romanian
    ),
    "project": (
        lambda lab: Project.objects.filter(pk=lab.partner.project_id).update(acronym="ECOC-NEXT"),
        "ECOC-NEXT",
    ),
    "date": (
        lambda lab: Lab.objects.filter(pk=lab.pk).update(
            starts_at=datetime.datetime(2031, 3, 17, 8, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2031, 3, 17, 11, tzinfo=datetime.UTC),
        ),
        "17 martie 2031",  # in the person's language, Romanian
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_the_lab_shows_on_the_next_load(client, lab, change):
    someone, other = InvitationFactory(lab=lab), InvitationFactory(lab=lab)
    before = page(client, someone)
    write, shown = CHANGES[change]
    assert shown not in before
    write(lab)
    assert shown in page(client, other)
    assert shown in page(client, someone)


def test_a_new_or_removed_logo_shows_on_the_next_load(client, lab):
    invitation = InvitationFactory(lab=lab)
    project = lab.partner.project
    assert "/logos/" not in page(client, invitation)
    upload = SimpleUploadedFile("ecoc.png", png(300, 100))
    logo_replace(actor=None, project=project, kind=LogoKind.PROJECT, upload=upload)
    assert "/logos/" in page(client, invitation)
    logo_remove(actor=None, project=project, kind=LogoKind.PROJECT)
    assert "/logos/" not in page(client, invitation)


def test_each_language_has_its_own_lab_part(client, lab):
    Lab.objects.filter(pk=lab.pk).update(
        description={"en": "Culture meets business.", "ro": "Cultura întâlnește afacerile."}
    )
    english = InvitationFactory(lab=lab, language="en", stakeholder__language="en")
    romanian = InvitationFactory(lab=lab, language="ro", stakeholder__language="ro")
    assert "Culture meets business." in page(client, english)
    html = page(client, romanian)
    assert "Cultura întâlnește afacerile." in html
    assert "Culture meets business." not in html
    assert "Persoane de contact" in html


def test_the_previous_labs_results_show_as_they_stand(client, lab):
    previous = LabFactory(
        partner=lab.partner,
        starts_at=lab.starts_at - datetime.timedelta(days=60),
        ends_at=lab.starts_at - datetime.timedelta(days=60, hours=-3),
        results={"en": "Three pilot projects chosen."},
    )
    Lab.objects.filter(pk=lab.pk).update(previous=previous)
    invitation = InvitationFactory(lab=lab, language="en", stakeholder__language="en")
    assert "Three pilot projects chosen." in page(client, invitation)
    Lab.objects.filter(pk=previous.pk).update(results={"en": "Four pilot projects chosen."})
    assert "Four pilot projects chosen." in page(client, invitation)
