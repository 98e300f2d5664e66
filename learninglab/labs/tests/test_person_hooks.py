"""When a person is merged or erased, labs re-points or redacts its own rows."""

import datetime

import pytest
from django.utils import timezone

from learninglab.factories import StakeholderFactory
from learninglab.labs.models import Invitation
from learninglab.labs.services.answer import rsvp_substitute
from learninglab.labs.services.checkin import checkin_record
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.services import Email, message_enqueue
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.services.stakeholder import stakeholder_erase, stakeholder_merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(partner):
    keep = StakeholderFactory(partner=partner, first_name="Ana", email="ana@example.ro")
    duplicate = StakeholderFactory(partner=partner, first_name="Ana", email="")
    return keep, duplicate


def test_merging_gives_the_kept_person_the_invitations_and_check_ins(partner, staff, people):
    keep, duplicate = people
    first, second = LabFactory(partner=partner), LabFactory(partner=partner)
    kept = InvitationFactory(lab=first, stakeholder=keep)
    moved = InvitationFactory(lab=second, stakeholder=duplicate, response="attending")
    checkin_record(actor=staff, invitation=moved, confirmed_early=True)

    stakeholder_merge(actor=staff, keep=keep, remove=duplicate)

    assert set(Invitation.objects.filter(stakeholder=keep)) == {kept, moved}
    assert Invitation.objects.get(pk=moved.pk).checkin is not None
    assert not Stakeholder.objects.filter(pk=duplicate.pk).exists()


def test_merging_two_people_invited_to_the_same_lab_keeps_the_newest_answer(partner, staff, people):
    keep, duplicate = people
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    earlier = timezone.now() - datetime.timedelta(days=2)
    older = InvitationFactory(lab=lab, stakeholder=keep, response="attending", responded_at=earlier)
    newer = InvitationFactory(
        lab=lab, stakeholder=duplicate, response="declined", responded_at=timezone.now()
    )

    stakeholder_merge(actor=staff, keep=keep, remove=duplicate)

    (kept,) = Invitation.objects.filter(stakeholder=keep)
    assert kept.pk == newer.pk and kept.response == "declined"
    assert not Invitation.objects.filter(pk=older.pk).exists()
    assert not Stakeholder.objects.filter(pk=duplicate.pk).exists()


def test_erasing_blanks_the_notes_left_with_the_answers(partner, staff, people):
    keep, _duplicate = people
    invitation = InvitationFactory(
        lab=LabFactory(partner=partner),
        stakeholder=keep,
        response="declined",
        response_note="I am in hospital that week.",
    )

    stakeholder_erase(actor=staff, stakeholder=keep)

    invitation.refresh_from_db()
    assert invitation.response_note == ""
    assert invitation.response == "declined"  # the counts still add up


def test_erasing_takes_the_name_out_of_the_invitation_of_a_colleague_sent_instead(partner, staff):
    ottilie = StakeholderFactory(
        partner=partner, first_name="Ottilie", last_name="Wrenfeather", email="o@example.org"
    )
    lab = LabFactory(partner=partner)
    invitation = InvitationFactory(lab=lab, stakeholder=ottilie)
    colleague = rsvp_substitute(
        invitation=invitation, first_name="Radu", last_name="Mihai", email="radu@example.org"
    )
    # The colleague's invitation says who suggested them.
    message, _created = message_enqueue(
        key=f"invitation:{colleague.pk}",
        kind="invitation",
        partner=partner,
        email=Email(
            to="radu@example.org",
            subject="Ottilie Wrenfeather suggests you for a lab",
            text="Dear Radu, Ottilie Wrenfeather (o@example.org) thought of you.",
        ),
    )
    OutboundMessage.objects.filter(pk=message.pk).update(state=MessageState.SENT)
    Invitation.objects.filter(pk=colleague.pk).update(message=message)

    stakeholder_erase(actor=staff, stakeholder=ottilie)

    message.refresh_from_db()
    assert message.recipient == "radu@example.org"  # the colleague's own row
    assert message.subject == "— suggests you for a lab"
    assert bytes(message.raw) == b""


def test_erasing_a_person_who_is_a_labs_contact_takes_their_details_off_it(partner, staff):
    ottilie = StakeholderFactory(
        partner=partner, first_name="Ottilie", last_name="Wrenfeather", email="o@example.org"
    )
    lab = LabFactory(partner=partner)
    theirs = LabContactFactory(lab=lab, name="Ottilie Wrenfeather", email="o@example.org")
    other = LabContactFactory(lab=lab)

    stakeholder_erase(actor=staff, stakeholder=ottilie)

    theirs.refresh_from_db()
    other.refresh_from_db()
    assert (theirs.name, theirs.email, theirs.phone) == ("—", "", "")
    assert (other.name, other.email) == ("Irina Vlad", "irina.vlad@example.org")
