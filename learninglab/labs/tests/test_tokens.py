"""Personal links: a broken, forged or outdated link shows a friendly page, never an error;
opening a link changes nothing; the one-click unsubscribe works once, without a form."""

from __future__ import annotations

import datetime
import urllib.parse
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learninglab.core.models import AuditEntry
from learninglab.factories import ConsentFactory
from learninglab.labs.links import rsvp_token, rsvp_url, unsubscribe_token, unsubscribe_url
from learninglab.labs.models import Invitation, Response
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory
from learninglab.stakeholders.models import Consent, ConsentMethod
from learninglab.stakeholders.selectors import with_consents

pytestmark = pytest.mark.django_db

BROKEN = "This link does not work"
EXPIRED = "This link has expired"


@pytest.fixture
def invitation(partner) -> Invitation:
    invitation = InvitationFactory(lab__partner=partner, language="en")
    LabContactFactory(lab=invitation.lab)
    ConsentFactory(stakeholder=invitation.stakeholder, given=True)
    return invitation


@pytest.fixture
def other(invitation) -> Invitation:
    return InvitationFactory(lab=invitation.lab, language="en")


def rsvp_path(public_id: object, token: str) -> str:
    return f"/rsvp/{public_id}/{token}/"


def unsubscribe_path(public_id: object, token: str) -> str:
    return f"/unsubscribe/{public_id}/{token}/"


def test_the_personal_links_open_their_pages(invitation):
    client = Client()
    rsvp = client.get(rsvp_url(invitation))
    assert rsvp.status_code == 200
    assert invitation.stakeholder.full_name in rsvp.content.decode()
    unsubscribe = client.get(unsubscribe_url(invitation))
    assert unsubscribe.status_code == 200
    assert "Stop invitations" in unsubscribe.content.decode()


def broken_links(invitation: Invitation, other: Invitation) -> dict[str, str]:
    token = rsvp_token(invitation)
    public_id = str(invitation.public_id)
    flipped = ("0" if token[0] != "0" else "1") + token[1:]
    return {
        "tampered token": rsvp_path(public_id, flipped),
        "truncated token": rsvp_path(public_id, token[:20]),
        "token of another invitation": rsvp_path(public_id, rsvp_token(other)),
        "token moved to another invitation": rsvp_path(other.public_id, token),
        "unsubscribe token as the RSVP token": rsvp_path(public_id, unsubscribe_token(invitation)),
        "unknown invitation": rsvp_path(uuid.uuid4(), token),
        "malformed id": rsvp_path("not-a-uuid", token),
        "id cut short": rsvp_path(public_id[:13], token),
        "link cut after the id": f"/rsvp/{public_id}/",
        "link cut inside the id": f"/rsvp/{public_id[:8]}",
        "link cut inside the token": f"/rsvp/{public_id}/{token[:9]}",
        "unsubscribe, tampered": unsubscribe_path(public_id, flipped),
        "unsubscribe, RSVP token": unsubscribe_path(public_id, token),
        "unsubscribe, malformed id": unsubscribe_path("12345", token),
        "unsubscribe, cut inside the id": f"/unsubscribe/{public_id[:20]}",
    }


def test_a_broken_link_shows_the_friendly_page(invitation, other):
    client = Client()
    for case, path in broken_links(invitation, other).items():
        response = client.get(path, follow=True)
        assert response.status_code == 404, case
        assert "labs/link_invalid.html" in [t.name for t in response.templates], case
        assert BROKEN in response.content.decode(), case


def test_a_broken_link_changes_nothing_when_posted(invitation, other):
    client = Client()
    for case, path in broken_links(invitation, other).items():
        if path.endswith("/"):
            response = client.post(path, {"answer": "attend"})
            assert response.status_code == 404, case
    invitation.refresh_from_db()
    assert invitation.response == Response.PENDING
    assert not Consent.objects.filter(given=False).exists()


def test_the_link_expires_when_the_lab_is_over(invitation):
    lab = invitation.lab
    lab.starts_at = timezone.now() - datetime.timedelta(days=1)
    lab.ends_at = lab.starts_at + datetime.timedelta(hours=3)
    lab.rsvp_deadline = lab.starts_at - datetime.timedelta(days=2)
    lab.save()

    response = Client().get(rsvp_url(invitation))

    assert response.status_code == 404
    assert "labs/link_invalid.html" in [t.name for t in response.templates]
    assert EXPIRED in response.content.decode()


def test_opening_the_rsvp_link_changes_nothing(invitation):
    audit_before = AuditEntry.objects.count()
    client = Client()

    for _visit in range(3):
        assert client.get(rsvp_url(invitation)).status_code == 200
    client.head(rsvp_url(invitation))

    invitation.refresh_from_db()
    assert invitation.response == Response.PENDING
    assert invitation.responded_at is None
    assert invitation.answer_count == 0
    assert AuditEntry.objects.count() == audit_before


def consent_to_invitations(invitation) -> bool | None:
    person = with_consents(
        type(invitation.stakeholder).objects.filter(pk=invitation.stakeholder_id)
    )
    return person.get().consent_invitations


def test_the_unsubscribe_link_only_asks_when_opened(invitation):
    response = Client().get(unsubscribe_url(invitation))

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert consent_to_invitations(invitation) is True


def test_one_click_unsubscribe_withdraws_the_consent_exactly_once(invitation):
    # RFC 8058: the mail program posts this body, with no cookie and no CSRF token.
    client = Client(enforce_csrf_checks=True)
    url = unsubscribe_url(invitation)

    first = client.post(url, {"List-Unsubscribe": "One-Click"})
    second = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert first.status_code == 200
    assert second.status_code == 200
    assert "You will receive no more invitations" in first.content.decode()
    assert consent_to_invitations(invitation) is False
    withdrawals = Consent.objects.filter(
        stakeholder=invitation.stakeholder, purpose="invitations", given=False
    )
    assert withdrawals.count() == 1
    assert withdrawals.get().method == ConsentMethod.UNSUBSCRIBE


# Anything at all in the link's place: a friendly page or the real one, never an error.

segment = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789abcdef-", max_size=40),
    st.uuids().map(str),
    st.sampled_from(["", ".", "..", "%", "%00", "\x00", " ", "../..", "?x=1", "#", "🙂"]),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(["rsvp", "unsubscribe"]),
    first=st.one_of(segment, st.just("REAL_ID")),
    second=st.one_of(segment, st.just("REAL_TOKEN")),
    slash=st.booleans(),
    method=st.sampled_from(["get", "post"]),
)
def test_any_link_gives_a_page_or_a_friendly_404(invitation, prefix, first, second, slash, method):
    real = {"REAL_ID": str(invitation.public_id)}
    real["REAL_TOKEN"] = (
        rsvp_token(invitation) if prefix == "rsvp" else unsubscribe_token(invitation)
    )
    parts = [urllib.parse.quote(real.get(p, p), safe="") for p in (first, second)]
    path = f"/{prefix}/{parts[0]}/{parts[1]}" + ("/" if slash else "")

    response = getattr(Client(), method)(path, follow=True)

    assert response.status_code in (200, 404), path
    if response.status_code == 200:
        assert (first, second) == ("REAL_ID", "REAL_TOKEN")


def test_the_links_are_the_ones_the_url_map_builds(invitation):
    assert rsvp_url(invitation).endswith(
        reverse("labs:rsvp", args=[invitation.public_id, rsvp_token(invitation)])
    )
    assert f"/rsvp/{invitation.public_id}/" in rsvp_url(invitation)
