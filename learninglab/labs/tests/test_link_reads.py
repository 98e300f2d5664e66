"""The personal link's hand-written reads bring exactly what the ORM would: every column
of every row, through the same conversions, the related rows cached as ``select_related``
and ``prefetch_related`` cache them, and nothing read twice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Model
from django.http import Http404
from PIL import Image

from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.labs.links import rsvp_token, rsvp_url
from learninglab.labs.models import AgendaItem, Invitation
from learninglab.labs.selectors import invitation_by_link
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.projects.models import LogoKind
from learninglab.projects.services import logo_replace

pytestmark = pytest.mark.django_db


def columns(instance: Model | None) -> dict[str, object] | None:
    """Return every concrete column's value, as the model holds it (None for no row)."""
    if instance is None:
        return None
    # A text in several languages is a dict of its languages: compared as one.
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 30), "#1f4e79").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def invitation(partner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    logo_replace(
        actor=None,
        project=partner.project,
        kind=LogoKind.PROJECT,
        upload=SimpleUploadedFile("ecoc.png", png()),
    )
    first = LabFactory(partner=partner, round_number=1)
    lab = LabFactory(partner=partner, previous=first)
    # Written out of order: the page lists them by position, then time.
    AgendaItem.objects.create(lab=lab, position=2, title={"en": "Group work"})
    AgendaItem.objects.create(
        lab=lab,
        position=1,
        starts_at=datetime.time(10),
        title={"en": "Opening", "ro": "Deschidere"},
    )
    LabContactFactory(lab=lab, position=1, name="Mihai Ionescu")
    LabContactFactory(lab=lab, position=0)
    person = StakeholderFactory(
        partner=partner, organisation=OrganisationFactory(partner=partner, name="Atelier 4")
    )
    return InvitationFactory(lab=lab, stakeholder=person, language="ro", response_note="Vin.")


def orm_page_read(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_related(
            "lab__partner__project", "lab__previous", "stakeholder__organisation"
        )
        .prefetch_related("lab__agenda", "lab__contacts", "lab__partner__project__logos")
        .get(pk=invitation.pk)
    )


def test_the_page_read_brings_what_the_orm_brings(invitation, django_assert_num_queries):
    expected = orm_page_read(invitation)

    with django_assert_num_queries(4):  # the invitation with its rows; agenda, contacts, logos
        read = invitation_by_link(invitation.public_id, rsvp_token(invitation))

    with django_assert_num_queries(0):
        pairs = [
            (read, expected),
            (read.lab, expected.lab),
            (read.lab.partner, expected.lab.partner),
            (read.lab.partner.project, expected.lab.partner.project),
            (read.lab.previous, expected.lab.previous),
            (read.stakeholder, expected.stakeholder),
            (read.stakeholder.organisation, expected.stakeholder.organisation),
        ]
        for got, want in pairs:
            assert type(got) is type(want)
            assert columns(got) == columns(want)
        assert [columns(item) for item in read.lab.agenda.all()] == [
            columns(item) for item in expected.lab.agenda.all()
        ]
        assert [item.title.in_("ro") for item in read.lab.agenda.all()] == [
            "Deschidere",
            "Group work",  # no Romanian title: the English one, as the ORM gives it
        ]
        assert [contact.name for contact in read.lab.contacts.all()] == [
            "Irina Vlad",
            "Mihai Ionescu",
        ]
        assert [columns(logo) for logo in read.lab.partner.project.logos.all()] == [
            columns(logo) for logo in expected.lab.partner.project.logos.all()
        ]
        assert read.lab.agenda.all()[0].lab is read.lab
    assert read.lab.previous.pk != read.lab.pk


def test_rows_a_person_or_lab_does_not_have_are_none_without_a_query(
    partner, django_assert_num_queries
):
    invitation = InvitationFactory(lab=LabFactory(partner=partner), stakeholder__organisation=None)

    read = invitation_by_link(invitation.public_id, rsvp_token(invitation))

    with django_assert_num_queries(0):
        assert read.lab.previous is None
        assert read.stakeholder.organisation is None
        assert list(read.lab.agenda.all()) == []
        assert list(read.lab.contacts.all()) == []


def test_the_answer_read_brings_the_lab_its_partner_and_the_person(
    invitation, django_assert_num_queries
):
    with django_assert_num_queries(1):
        read = invitation_by_link(invitation.public_id, rsvp_token(invitation), for_page=False)
    with django_assert_num_queries(0):
        assert columns(read.lab.partner) == columns(invitation.lab.partner)
        assert columns(read.stakeholder) == columns(invitation.stakeholder)
    # What it leaves out still loads when used.
    with django_assert_num_queries(1):
        assert read.lab.partner.project.pk == invitation.lab.partner.project_id


@pytest.mark.parametrize("public_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_link_to_no_invitation_is_not_found(partner, public_id):
    invitation = InvitationFactory(lab=LabFactory(partner=partner))
    with pytest.raises(Http404):
        invitation_by_link(public_id, rsvp_token(invitation))


def test_a_link_with_another_invitations_token_is_not_found(partner):
    lab = LabFactory(partner=partner)
    mine, theirs = InvitationFactory(lab=lab), InvitationFactory(lab=lab)
    with pytest.raises(Http404):
        invitation_by_link(mine.public_id, rsvp_token(theirs))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_the_link_reads_and_the_answer_are_prepared_once_per_connection(invitation, client):
    def prepared() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements"
            )
            return dict(cursor.fetchall())

    for _ in range(3):
        assert client.get(rsvp_url(invitation)).status_code == 200
    assert client.post(rsvp_url(invitation), {"answer": "attend"}).status_code == 302
    statements = prepared()
    # The page's reads were planned once and run three times; the answer's statement is
    # there; the ORM's own statements are not prepared.
    page_read = next(sql for sql in statements if '"t5"' in sql)  # the page's seven rows
    assert statements[page_read] >= 3
    assert any(sql.lstrip().startswith("WITH lab AS") for sql in statements)
    ours = ('SELECT "t0".', 'SELECT "c".', "WITH lab AS")
    assert all(sql.lstrip().startswith(ours) for sql in statements)
