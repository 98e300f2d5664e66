"""Sending a colleague instead: who may be written to, how often, what they read, how long kept."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.links import rsvp_token, unsubscribe_url
from learninglab.labs.models import Invitation, Response
from learninglab.labs.services.invitation import invitations_send
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging import delivery
from learninglab.messaging.models import OutboundMessage
from learninglab.messaging.testing import smtp_server
from learninglab.stakeholders.models import Consent, Stakeholder
from learninglab.stakeholders.services.stakeholder import (
    stakeholder_erase,
    stakeholders_purge_inactive,
)

pytestmark = pytest.mark.django_db

THANKS = "Thank you: your colleague gets a personal invitation."


@pytest.fixture
def lab(partner):
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    LabContactFactory(lab=lab)
    return lab


def invited(lab, first_name: str = "Ana", last_name: str = "Popescu") -> Invitation:
    invitation = InvitationFactory(
        lab=lab,
        language="en",
        stakeholder__first_name=first_name,
        stakeholder__last_name=last_name,
        stakeholder__language="en",
    )
    ConsentFactory(stakeholder=invitation.stakeholder, purpose="invitations", given=True)
    return invitation


def nominate(invitation, email: str, *, ip: str = "198.51.100.7", first_name: str = "Radu"):
    url = reverse("labs:rsvp_colleague", args=[invitation.public_id, rsvp_token(invitation)])
    data = {"first_name": first_name, "last_name": "Coleg", "email": email}
    return client_for(None).post(url, data, follow=True, REMOTE_ADDR=ip)


def said(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def invitations_to(email: str) -> int:
    return Invitation.objects.filter(stakeholder__email=email).count()


# Who may not be written to


def _withdrew(partner, email):
    person = StakeholderFactory(partner=partner, email=email)
    ConsentFactory(stakeholder=person, purpose="invitations", given=True)
    ConsentFactory(stakeholder=person, purpose="invitations", given=False, method="form")


def _unsubscribed(partner, email):
    person = StakeholderFactory(partner=partner, email=email)
    ConsentFactory(stakeholder=person, purpose="invitations", given=False, method="unsubscribe")


def _erased(partner, email):
    person = StakeholderFactory(partner=partner, email=email)
    stakeholder_erase(actor=None, stakeholder=person)


@pytest.mark.parametrize("refusal", [_withdrew, _unsubscribed, _erased])
def test_a_colleague_who_refused_our_mail_is_not_invited_and_the_nominator_is_not_told(
    lab, refusal, django_capture_on_commit_callbacks
):
    refusal(lab.partner, "radu@example.ro")
    people = Stakeholder.objects.count()
    nominator = invited(lab)

    with django_capture_on_commit_callbacks(execute=True):
        response = nominate(nominator, "Radu@Example.ro")
    invitations_send(lab_id=lab.pk)

    assert said(response) == THANKS  # the very words of a colleague invited
    assert invitations_to("radu@example.ro") == 0
    assert not OutboundMessage.objects.filter(recipient__iexact="radu@example.ro").exists()
    assert Stakeholder.objects.count() == people + 1  # the nominator, no one added


def test_one_colleague_per_invitation(lab, django_capture_on_commit_callbacks):
    nominator = invited(lab)
    with django_capture_on_commit_callbacks(execute=True):
        nominate(nominator, "radu@example.ro")

    second = nominate(nominator, "mihai@example.ro", first_name="Mihai")

    assert said(second) == "You already sent a colleague."
    assert invitations_to("mihai@example.ro") == 0
    assert not Stakeholder.objects.filter(email="mihai@example.ro").exists()
    assert Invitation.objects.filter(substitute_for=nominator).count() == 1


def test_nominations_are_limited_per_invitation(lab):
    nominator = invited(lab)
    own = nominator.stakeholder.email  # refused: their own address, so they may try again
    for _attempt in range(5):
        assert "own e-mail" in said(nominate(nominator, own))

    limited = nominate(nominator, "radu@example.ro")

    assert "Too many attempts" in said(limited)
    assert invitations_to("radu@example.ro") == 0


def test_nominations_are_limited_per_client_address(lab):
    for n in range(20):
        nominate(invited(lab, f"Ana{n}"), f"colleague{n}@example.ro", ip="203.0.113.9")

    limited = nominate(invited(lab, "Ioana"), "radu@example.ro", ip="203.0.113.9")
    elsewhere = nominate(invited(lab, "Mihai"), "dan@example.ro", ip="203.0.113.10")

    assert "Too many attempts" in said(limited)
    assert invitations_to("radu@example.ro") == 0
    assert said(elsewhere) == THANKS


# What the colleague reads, through a real SMTP server


def test_the_colleague_s_e_mail_names_who_suggested_them_and_stops_all_mail_in_one_click(
    lab, settings, django_capture_on_commit_callbacks
):
    nominator = invited(lab, "Ana", "Popescu")
    with django_capture_on_commit_callbacks(execute=True):
        nominate(nominator, "radu@example.ro")
    colleague = Invitation.objects.get(stakeholder__email="radu@example.ro")

    with smtp_server(settings) as server:
        delivery.deliver_due()
        (received,) = [r for r in server.received if "radu@example.ro" in r.rcpt_tos]
    message = received.message
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    stop = unsubscribe_url(colleague)
    for part in (text, html):
        assert "Ana Popescu suggested you" in part
        assert stop in part
        assert "agreed to be invited" not in part  # they never did
    assert str(message["List-Unsubscribe"]).strip() == f"<{stop}>"

    client = client_for(None)
    assert client.get(stop).status_code == 200  # a mail scanner opening it changes nothing
    assert not Consent.objects.filter(stakeholder=colleague.stakeholder).exists()
    client.post(stop)
    assert Consent.objects.get(stakeholder=colleague.stakeholder).given is False

    # Nobody can put them back on the list: a later nomination is refused, as above.
    with django_capture_on_commit_callbacks(execute=True):
        again = nominate(invited(lab, "Mihai"), "radu@example.ro", ip="192.0.2.1")
    assert said(again) == THANKS
    assert invitations_to("radu@example.ro") == 1


# How long a colleague who never answers is kept


def test_the_purge_erases_a_colleague_who_never_answered_once_the_retention_is_over(
    lab, settings, django_capture_on_commit_callbacks
):
    settings.COLLEAGUE_RETENTION_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        nominate(invited(lab, "Ana"), "radu@example.ro")
        nominate(invited(lab, "Ioana"), "mihai@example.ro", first_name="Mihai")
    answered = Invitation.objects.get(stakeholder__email="mihai@example.ro")
    Invitation.objects.filter(pk=answered.pk).update(
        response=Response.DECLINED, responded_at=timezone.now()
    )
    radu = Stakeholder.objects.get(email="radu@example.ro")

    within = lab.ends_at + datetime.timedelta(days=29)
    beyond = lab.ends_at + datetime.timedelta(days=31)

    assert stakeholders_purge_inactive(months=36, now=within) == 0
    assert stakeholders_purge_inactive(months=36, now=beyond) == 1
    radu.refresh_from_db()
    assert radu.is_erased and radu.email == "" and radu.first_name != "Radu"
    assert not Stakeholder.objects.get(pk=answered.stakeholder_id).is_erased
    assert not Stakeholder.objects.filter(first_name="Ana").filter(erased_at__isnull=False)
