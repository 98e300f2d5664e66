"""A person's data export holds everything held about them, and they can get it themselves."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.links import rsvp_token, unsubscribe_token
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.messaging.testing import smtp_server
from learninglab.stakeholders.services.stakeholder import stakeholder_erase
from learninglab.stakeholders.tests import story

pytestmark = pytest.mark.django_db


@pytest.fixture
def lived(partner, staff, settings):
    with smtp_server(settings) as server:
        return story.live(partner, staff, server)


def rsvp_data_url(invitation, token=None):
    token = token if token is not None else rsvp_token(invitation)
    return reverse("labs:rsvp_data", args=[invitation.public_id, token])


def unsubscribe_data_url(invitation, token=None):
    token = token if token is not None else unsubscribe_token(invitation)
    return reverse("labs:unsubscribe_data", args=[invitation.public_id, token])


def assert_iso(value):
    assert datetime.datetime.fromisoformat(value).tzinfo is not None


def test_the_export_holds_every_part_of_the_story(lived, staff_client):
    response = staff_client.get(reverse("stakeholders:data_export", args=[lived.person.pk]))
    data = json.loads(response.content)

    assert data["schema_version"] == 1
    assert (data["first_name"], data["last_name"]) == (story.FIRST_NAME, story.LAST_NAME)
    assert (data["email"], data["phone"]) == (story.EMAIL, story.PHONE)
    assert data["organisation"]["name"] == "Atelier Bega"
    assert data["tags"] == ["Round 1"]
    assert [(c["purpose"], c["given"], c["method"]) for c in data["consents"]] == [
        ("invitations", True, "import")
    ]
    [invitation] = data["invitations"]
    assert invitation["lab"] == "timisoara-lll-3"
    assert (invitation["answer"], invitation["note"]) == ("attending", story.NOTE)
    assert invitation["check_in"]["walk_in"] is False
    assert_iso(invitation["check_in"]["checked_in_at"])
    assert_iso(invitation["answered_at"])
    kinds = sorted(e["kind"] for e in data["emails"])
    assert kinds == ["confirmation", "feedback", "invitation"]
    assert all(
        e["state"] == "sent" and e["subject"] and e["to"] == story.EMAIL for e in data["emails"]
    )
    assert [f["lab"] for f in data["feedback"]] == ["timisoara-lll-3"]
    [wall] = data["live_wall"]
    assert wall["shown_name"] == f"{story.FIRST_NAME} {story.LAST_NAME}"
    assert [i["text"] for i in wall["ideas"]] == [story.IDEA]
    assert [v["idea"] for v in wall["votes"]] == [story.IDEA]
    assert len(data["practices_as_contact"]) == 1
    plans = data["action_plans"]
    assert [p["role"] for p in plans["player_in"]] == ["Maker in residence"]
    assert [f["email"] for f in plans["following"]] == [story.EMAIL]
    assert plans["contact_of"] == []
    assert_iso(data["exported_at"])


def test_the_person_downloads_the_same_export_from_their_unsubscribe_link(lived, staff_client):
    staff = json.loads(
        staff_client.get(reverse("stakeholders:data_export", args=[lived.person.pk])).content
    )

    response = Client().get(unsubscribe_data_url(lived.invitation))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'filename="my-data.json"' in response["Content-Disposition"]
    own = json.loads(response.content)
    staff.pop("exported_at"), own.pop("exported_at")
    assert own == staff


def test_an_rsvp_link_of_a_lab_that_is_over_gets_not_found(lived):
    response = Client().get(rsvp_data_url(lived.invitation))

    assert response.status_code == 404
    assert story.EMAIL.encode() not in response.content


@pytest.fixture
def invited(partner):
    lab = LabFactory(partner=partner)
    ana = StakeholderFactory(partner=partner, first_name="Ana", email="ana@example.ro")
    dan = StakeholderFactory(partner=partner, first_name="Dan", email="dan@example.ro")
    for person in (ana, dan):
        ConsentFactory(stakeholder=person, purpose="invitations", given=True)
    return InvitationFactory(lab=lab, stakeholder=ana), InvitationFactory(lab=lab, stakeholder=dan)


def test_the_rsvp_and_unsubscribe_pages_offer_the_download(invited):
    ana, _dan = invited
    client = Client()
    rsvp = client.get(reverse("labs:rsvp", args=[ana.public_id, rsvp_token(ana)]))
    leave = client.get(reverse("labs:unsubscribe", args=[ana.public_id, unsubscribe_token(ana)]))

    assert rsvp_data_url(ana) in rsvp.content.decode()
    assert unsubscribe_data_url(ana) in leave.content.decode()


def test_the_download_holds_only_the_persons_own_data(invited):
    ana, _dan = invited

    data = json.loads(Client().get(rsvp_data_url(ana)).content)

    assert data["email"] == "ana@example.ro"
    assert "dan@example.ro" not in json.dumps(data)
    assert [i["lab"] for i in data["invitations"]] == [ana.lab.slug]


def test_downloading_changes_nothing(invited):
    ana, _dan = invited
    before = (ana.response, ana.stakeholder.last_activity_at)

    Client().get(rsvp_data_url(ana))

    ana.refresh_from_db()
    ana.stakeholder.refresh_from_db()
    assert (ana.response, ana.stakeholder.last_activity_at) == before


@pytest.mark.parametrize("url", [rsvp_data_url, unsubscribe_data_url])
def test_a_wrong_token_gets_not_found(invited, url):
    ana, dan = invited

    forged = Client().get(url(ana, token="0" * 32))
    others = Client().get(url(ana, token=rsvp_token(dan)))

    assert (forged.status_code, others.status_code) == (404, 404)
    assert b"ana@example.ro" not in forged.content + others.content


def test_the_unsubscribe_token_does_not_open_the_rsvp_download(invited):
    ana, _dan = invited

    assert Client().get(rsvp_data_url(ana, token=unsubscribe_token(ana))).status_code == 404


def test_the_download_is_limited_per_person_and_hour(invited, settings):
    settings.PERSONAL_DATA_DOWNLOADS_PER_HOUR = 2
    ana, dan = invited
    client = Client()

    statuses = [client.get(rsvp_data_url(ana)).status_code for _ in range(2)]
    # Through the other link too: the limit is the person's, not the link's.
    refused = client.get(unsubscribe_data_url(ana))

    assert statuses == [200, 200]
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "pot fi descărcate de cel mult 2 ori pe oră" in page  # in Ana's language
    assert "ana@example.ro" not in page
    assert client.get(rsvp_data_url(dan)).status_code == 200


def test_an_erased_persons_links_give_no_download(invited, staff):
    ana, _dan = invited
    stakeholder_erase(actor=staff, stakeholder=ana.stakeholder)

    assert Client().get(rsvp_data_url(ana)).status_code == 404
