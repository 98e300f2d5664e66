"""What the door learns, and what it may change: a facilitator's view of people and consent."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.core.text import fold
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.links import unsubscribe_url
from learninglab.labs.models import CheckIn, Invitation, Response
from learninglab.labs.services.invitation import invitations_unsubscribe
from learninglab.labs.tests.factories import (
    InvitationFactory,
    LabContactFactory,
    LabFactory,
    tomorrow_at_ten,
)
from learninglab.stakeholders.models import Consent, ConsentMethod, Stakeholder
from learninglab.stakeholders.selectors import invitable

pytestmark = pytest.mark.django_db

ANSWER_LABELS = (
    "Declined",
    "No answer yet",
    "On the waiting list",
    "Suggested a colleague instead",
)


@pytest.fixture
def lab(partner):
    lab = LabFactory(partner=partner, slug="timisoara-lll-2", starts_at=tomorrow_at_ten())
    LabContactFactory(lab=lab)
    return lab


def invite(lab, first_name: str, last_name: str, response: str) -> Invitation:
    invitation = InvitationFactory(
        lab=lab,
        language="en",
        response=response,
        stakeholder__first_name=first_name,
        stakeholder__last_name=last_name,
    )
    person = invitation.stakeholder
    Stakeholder.objects.filter(pk=person.pk).update(
        search_text=fold(f"{first_name} {last_name} {person.email}")
    )
    return invitation


@pytest.fixture
def guests(lab) -> dict[str, Invitation]:
    return {
        "stefan": invite(lab, "Ștefan", "Țepeș", Response.ATTENDING),
        "ioana": invite(lab, "Ioana", "Mureșan", Response.WAITLISTED),
        "dan": invite(lab, "Dan", "Pop", Response.DECLINED),
        "ana": invite(lab, "Ana", "Vlad", Response.PENDING),
    }


def door(lab, name: str = "checkin", *args) -> str:
    return reverse(f"labs:{name}", args=[lab.slug, *args])


def names_listed(response) -> list[str]:
    return re.findall(r'<strong class="name">([^<]+)</strong>', response.content.decode())


# The facilitator's list and search: the people expected today, or checked in


def test_a_facilitator_finds_only_the_people_expected_and_sees_no_answers(facilitator, lab, guests):
    client = client_for(facilitator)

    listed = client.get(door(lab))
    declined = client.get(door(lab), {"q": "pop"})
    unanswered = client.get(door(lab), {"q": "vlad"})
    waiting = client.get(door(lab), {"q": "muresan"})

    assert names_listed(listed) == ["Ștefan Țepeș"]
    assert names_listed(declined) == [] and names_listed(unanswered) == []
    assert names_listed(waiting) == []
    for response in (listed, declined, unanswered, waiting):
        page = response.content.decode()
        for label in ANSWER_LABELS:
            assert label not in page, label


def test_someone_checked_in_stays_on_the_list(facilitator, lab, guests):
    client = client_for(facilitator)
    client.post(door(lab, "checkin_record", guests["stefan"].pk))
    assert names_listed(client.get(door(lab), {"q": "tepes"})) == ["Ștefan Țepeș"]


def test_a_facilitator_cannot_reach_a_declined_invitee_by_its_number(facilitator, lab, guests):
    client = client_for(facilitator)
    dan = guests["dan"]

    tapped = client.post(door(lab, "checkin_record", dan.pk), HTTP_ACCEPT="application/json")
    undone = client.post(door(lab, "checkin_undo", dan.pk), HTTP_ACCEPT="application/json")

    assert tapped.status_code == 404 and undone.status_code == 404
    assert "Declined" not in tapped.content.decode()
    assert not CheckIn.objects.exists()


# A walk-in with the e-mail of someone known


@pytest.fixture
def withdrawn(lab):
    """Ana Popescu of Banat IT, who withdrew her consent to invitations last year."""
    organisation = OrganisationFactory(partner=lab.partner, name="Banat IT")
    person = StakeholderFactory(
        partner=lab.partner,
        first_name="Ana",
        last_name="Popescu",
        email="ana.popescu@example.ro",
        organisation=organisation,
    )
    ConsentFactory(stakeholder=person, purpose="invitations", given=True)
    ConsentFactory(stakeholder=person, purpose="invitations", given=False, method="unsubscribe")
    return person


WALK_IN = {
    "first_name": "Maria",
    "last_name": "Ionescu",
    "organisation_name": "Somewhere Else",
    "email": "Ana.Popescu@example.ro",
    "consent_invitations": "on",
    "consent_photos": "on",
}


def test_a_walk_in_with_a_known_e_mail_is_checked_in_as_that_person_revealing_nothing(
    facilitator, lab, guests, withdrawn
):
    client = client_for(facilitator)
    ledger = list(Consent.objects.filter(stakeholder=withdrawn).values_list("pk", flat=True))
    entries = AuditEntry.objects.filter(action__startswith="stakeholders.").count()

    response = client.post(door(lab, "checkin_walk_in"), WALK_IN, follow=True)

    assert response.status_code == 200
    arrival = CheckIn.objects.get()
    assert arrival.invitation.stakeholder == withdrawn
    page = response.content.decode()
    assert "Maria Ionescu is registered and checked in." in page
    for stored in ("Popescu", "Banat IT"):
        assert stored not in page, stored
    searched = client.get(door(lab), {"q": "popescu"}).content.decode()
    assert "Banat IT" not in searched and "Ana Popescu" not in searched
    # The ledger is exactly as it was: the withdrawal still decides.
    assert list(Consent.objects.filter(stakeholder=withdrawn).values_list("pk", flat=True)) == (
        ledger
    )
    assert not invitable(Stakeholder.objects.filter(pk=withdrawn.pk)).exists()
    assert AuditEntry.objects.filter(action__startswith="stakeholders.").count() == entries
    withdrawn.refresh_from_db()
    assert (withdrawn.first_name, withdrawn.last_name) == ("Ana", "Popescu")


def test_undoing_a_known_walk_ins_check_in_still_reveals_nothing(facilitator, lab, withdrawn):
    client = client_for(facilitator)
    client.post(door(lab, "checkin_walk_in"), WALK_IN)
    invitation = Invitation.objects.get(stakeholder=withdrawn)

    undone = client.post(door(lab, "checkin_undo", invitation.pk), follow=True)
    again = client.post(door(lab, "checkin_record", invitation.pk), follow=True)

    for response in (undone, again):
        page = response.content.decode()
        assert "Popescu" not in page and "Banat IT" not in page
        assert "Maria Ionescu" in page


# Who may reverse a withdrawal: the person, or staff with directory rights


def test_the_person_reverses_their_withdrawal_through_their_own_link(lab, withdrawn):
    invitation = InvitationFactory(lab=lab, stakeholder=withdrawn, language="en")
    invitations_unsubscribe(invitation=invitation)
    url = unsubscribe_url(invitation)

    page = client_for(None).get(url).content.decode()
    assert "Invite me again" in page
    response = client_for(None).post(url, {"resubscribe": "1"})

    assert response.status_code == 200
    newest = Consent.objects.filter(stakeholder=withdrawn, purpose="invitations").first()
    assert newest.given is True
    assert newest.method == ConsentMethod.WEB and newest.recorded_by is None
    assert invitable(Stakeholder.objects.filter(pk=withdrawn.pk)).exists()


def test_staff_with_directory_rights_reverse_a_withdrawal_on_the_record(
    staff, staff_client, facilitator, withdrawn
):
    url = reverse("stakeholders:consent", args=[withdrawn.pk])
    given = {"purpose": "invitations", "given": "1", "method": "phone"}

    refused = client_for(facilitator).post(url, given)
    assert refused.status_code in (403, 404)
    assert not invitable(Stakeholder.objects.filter(pk=withdrawn.pk)).exists()

    staff_client.post(url, given)

    newest = Consent.objects.filter(stakeholder=withdrawn, purpose="invitations").first()
    assert (newest.given, newest.method, newest.recorded_by) == (True, "phone", staff)
    entry = AuditEntry.objects.filter(action="stakeholders.consent.given").latest("pk")
    assert entry.actor == staff
