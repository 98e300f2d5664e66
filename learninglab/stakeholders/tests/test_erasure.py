"""What erasing a person redacts in the other apps, and what staff are asked to review."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.cocreation.models import Participant
from learninglab.cocreation.tests.factories import IdeaFactory, ParticipantFactory
from learninglab.core.models import AuditEntry
from learninglab.factories import StakeholderFactory
from learninglab.labs.models import Invitation
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.messaging.services import Email, message_enqueue
from learninglab.results.models import FeedbackAnswer
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.services.stakeholder import (
    StakeholderData,
    stakeholder_erase,
    stakeholder_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ottilie(partner):
    return StakeholderFactory(
        partner=partner,
        first_name="Ottilie",
        last_name="Wrenfeather",
        email="ottilie@example.org",
        phone="+40731999123",
    )


@pytest.fixture
def lab(partner):
    return LabFactory(partner=partner, slug="timisoara-lll-4")


def test_the_audit_entries_about_an_invitation_lose_the_name_and_keep_the_answer(
    ottilie, lab, staff
):
    invitation = InvitationFactory(lab=lab, stakeholder=ottilie)
    rsvp_record(invitation=invitation, answer="decline", note="Away that week.")
    entry = AuditEntry.objects.get(action="labs.rsvp.recorded", object_id=str(invitation.pk))
    assert "Wrenfeather" in entry.object_repr

    stakeholder_erase(actor=staff, stakeholder=ottilie)

    entry.refresh_from_db()
    assert "Ottilie" not in entry.object_repr
    assert entry.object_repr == "— → timisoara-lll-4"
    assert entry.changes["after"]["response"] == "declined"
    assert Invitation.objects.get(pk=invitation.pk).response_note == ""


def test_e_mails_to_an_address_the_person_had_before_are_redacted(ottilie, partner, staff):
    old, _created = message_enqueue(
        key="test:old-address",
        kind="invitation",
        partner=partner,
        email=Email(
            to="ottilie@example.org", subject="Invitation for Ottilie", text="Dear Ottilie"
        ),
    )
    OutboundMessage.objects.filter(pk=old.pk).update(state=MessageState.SENT)
    data = StakeholderData(
        first_name="Ottilie", last_name="Wrenfeather", email="ottilie@new.example.org"
    )
    stakeholder_update(actor=staff, stakeholder=ottilie, data=data)

    stakeholder_erase(actor=staff, stakeholder=ottilie)

    old.refresh_from_db()
    assert (old.recipient, old.subject, bytes(old.raw)) == ("", "—", b"")


def test_the_same_address_in_another_partners_group_keeps_its_e_mails(
    ottilie, other_partner, staff
):
    theirs, _created = message_enqueue(
        key="test:other-partner",
        kind="invitation",
        partner=other_partner,
        email=Email(to="ottilie@example.org", subject="Invito", text="Cara Ottilie"),
    )

    stakeholder_erase(actor=staff, stakeholder=ottilie)

    theirs.refresh_from_db()
    assert theirs.recipient == "ottilie@example.org"


def test_only_the_live_wall_names_of_the_person_are_blanked(ottilie, lab, staff):
    InvitationFactory(lab=lab, stakeholder=ottilie)
    hers = IdeaFactory(
        prompt__session__lab=lab, participant__display_name="wrenfeather ottilie"
    ).participant
    someone = ParticipantFactory(session=hers.session, display_name="Ottilie B.")
    elsewhere = ParticipantFactory(
        session__lab=LabFactory(partner=lab.partner), display_name="Ottilie Wrenfeather"
    )

    stakeholder_erase(actor=staff, stakeholder=ottilie)

    names = dict(Participant.objects.values_list("pk", "display_name"))
    assert names[hers.pk] == ""
    assert hers.ideas.count() == 1  # the idea stays, nameless
    assert names[someone.pk] == "Ottilie B."
    assert names[elsewhere.pk] == "Ottilie Wrenfeather"  # she was not invited there


def test_the_erase_page_lists_other_peoples_texts_that_name_the_person(
    ottilie, lab, partner, staff_client
):
    colleague = StakeholderFactory(
        partner=partner, last_name="Brancusi", notes="Works with Ottilie WRENFEATHER on murals."
    )
    InvitationFactory(lab=lab, response_note="I will bring Ms Wrenfeather along.")
    FeedbackAnswer.objects.create(
        lab=lab, usefulness=4, learned_usable=4, comment="Thanks to Wrenfeather for the tour."
    )
    IdeaFactory(prompt__session__lab=lab, text="Ask Ottilie Wrenfeather to lead the depot")
    StakeholderFactory(partner=partner, last_name="Enescu", notes="Met at the fair.")

    page = staff_client.get(reverse("stakeholders:erase", args=[ottilie.pk])).content.decode()

    assert "Mentions to review" in page
    assert f"Notes on {colleague.full_name}" in page
    assert "Works with Ottilie WRENFEATHER on murals." in page
    assert "Note with an answer to timisoara-lll-4" in page
    assert "Feedback on timisoara-lll-4" in page
    assert "Idea on the live wall of timisoara-lll-4" in page
    assert "Met at the fair." not in page

    staff_client.post(reverse("stakeholders:erase", args=[ottilie.pk]), {"confirm": "ERASE"})

    colleague.refresh_from_db()
    assert colleague.notes == "Works with Ottilie WRENFEATHER on murals."  # reviewed by staff
    assert Stakeholder.objects.get(pk=ottilie.pk).is_erased


def test_the_erase_page_says_when_nobody_else_names_the_person(ottilie, staff_client):
    page = staff_client.get(reverse("stakeholders:erase", args=[ottilie.pk])).content.decode()

    assert "No note, answer, feedback or idea of other people names this person." in page
